//! What each maximal reference of a text means: the symbols it may denote,
//! the local binding it reads, or nothing; and whether an import loads the
//! module a chain spells.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use tree_sitter::Node;

use crate::python::modules::Modules;
use crate::python::semantic::is_at_or_under;
use crate::python::{ImportKind, ScopeKind, Semantic};

/// What a reference means: the symbols it may denote, a local binding (by
/// its position in the old text) and the attributes taken from it, or
/// nothing bound (a builtin, or a missing name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Meaning {
    Symbols(Vec<String>),
    Local {
        /// Shared between the references that see the same bindings: a
        /// module global rebound in each of 20,000 functions is seen
        /// whole by each of their loads (20,000 copies of 20,000
        /// positions took 9 GB).
        at: Arc<[usize]>,
        path: String,
        scope: Holder,
    },
    Unbound(String),
}

/// Which scope holds a local binding, in words for notes ("a local of
/// `outer`", "a name of class `Config`"): two locals of different scopes
/// must not read alike. No part of what the reference means (the binding
/// positions are): every two compare equal.
#[derive(Debug, Clone)]
pub(super) struct Holder(pub(super) String);

impl PartialEq for Holder {
    fn eq(&self, _: &Holder) -> bool {
        true
    }
}

impl Eq for Holder {}

impl PartialOrd for Holder {
    fn partial_cmp(&self, other: &Holder) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Holder {
    fn cmp(&self, _: &Holder) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

impl Holder {
    /// The scope `holder` of `sem` in words.
    fn of(sem: &Semantic, holder: Option<usize>) -> Holder {
        let Some(sc) = holder.and_then(|h| sem.scopes.get(h)) else {
            return Holder("a local name".to_string());
        };
        let name = sc.name.as_deref();
        Holder(match (&sc.kind, name) {
            (ScopeKind::Module, _) => "a name of the module".to_string(),
            (ScopeKind::Class, Some(n)) => format!("a name of class `{n}`"),
            (ScopeKind::Function { .. }, Some(n)) => format!("a local of `{n}`"),
            (ScopeKind::Lambda, _) => "a parameter of a lambda".to_string(),
            (ScopeKind::Comprehension, _) => "a variable of a comprehension".to_string(),
            (ScopeKind::TypeParams, _) => "a type parameter".to_string(),
            _ => "a local name".to_string(),
        })
    }
}

impl Meaning {
    pub(super) fn describe(&self) -> String {
        match self {
            Meaning::Symbols(s) if s.len() == 1 => format!("`{}`", s[0]),
            Meaning::Symbols(s) => format!("one of `{}`", s.join("`, `")),
            Meaning::Local { scope, .. } => scope.0.clone(),
            Meaning::Unbound(n) => format!("nothing (`{n}` is unbound)"),
        }
    }

    /// The meaning of this reference with `.rest` taken from it.
    pub(super) fn extend(&self, rest: &str) -> Meaning {
        match self {
            Meaning::Symbols(s) => {
                Meaning::Symbols(s.iter().map(|x| format!("{x}{rest}")).collect())
            }
            Meaning::Local { at, path, scope } => Meaning::Local {
                at: at.clone(),
                path: format!("{path}{rest}"),
                scope: scope.clone(),
            },
            Meaning::Unbound(n) => Meaning::Unbound(format!("{n}{rest}")),
        }
    }
}

/// A maximal reference: its range, its dotted text and its meaning.
#[derive(Debug, Clone)]
pub(super) struct Chain {
    pub(super) range: Range<usize>,
    pub(super) text: String,
    pub(super) meaning: Meaning,
    /// Before the rule's mapping (old text only), when the mapping changed
    /// it (else it is `meaning`: see [`Chain::original`]). Boxed and
    /// absent when equal, as it mostly is: a file has a chain per
    /// reference, and a text's chains are held while the next is checked.
    pub(super) changed_from: Option<Box<Meaning>>,
    /// For a chain through an `import` (`import a` or `import a as m`):
    /// the module it spells that no `import` statement of the file loads
    /// (`a.b.x` needs `import a.b`; the package alone does not load `a.b`,
    /// unless its own `__init__` does). See [`relies_anew`].
    pub(super) unloaded: Option<String>,
    /// Its head is a local of its function bound only after it.
    pub(super) later: bool,
    /// No one binding of its head runs on every path to it
    /// ([`Semantic::bound_unsurely`]); `later` implies it.
    pub(super) unsure: bool,
}

impl Chain {
    /// Before the rule's mapping (old text only): a reference no edit
    /// touched may keep meaning the old symbol, which still exists (a group
    /// not proposed leaves its uses as they were).
    pub(super) fn original(&self) -> &Meaning {
        self.changed_from.as_deref().unwrap_or(&self.meaning)
    }
}

/// The head identifier of a chain and the attribute names after it.
pub(super) fn chain_parts<'t>(
    sem: &Semantic<'t>,
    node: Node<'t>,
) -> Option<(Node<'t>, Vec<&'t str>)> {
    if node.kind() == "dotted_name" {
        // A `case` pattern's dotted value: identifiers, the first one heads.
        let mut cursor = node.walk();
        let ids: Vec<Node<'t>> = node
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "identifier")
            .collect();
        let head = *ids.first()?;
        return Some((head, ids[1..].iter().map(|i| sem.text(*i)).collect()));
    }
    let mut parts = Vec::new();
    let mut n = node;
    loop {
        match n.kind() {
            "identifier" => break,
            "attribute" => {
                parts.push(sem.text(n.child_by_field_name("attribute")?));
                n = n.child_by_field_name("object")?;
            }
            _ => return None,
        }
    }
    parts.reverse();
    Some((n, parts))
}

/// Every maximal reference of a text, in source order. `back` maps a
/// binding position of this text to the old text's coordinates
/// (`usize::MAX` when it lies inside an edit).
pub(super) fn chains(
    sem: &Semantic,
    modules: &Modules,
    map: &dyn Fn(&str) -> String,
    back: &dyn Fn(usize) -> usize,
) -> Vec<Chain> {
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    let loaded_by = Loaded::of(sem);
    // A reference that is the object of another is not maximal. (Asking
    // each node for its parent walks the tree from the root every time.)
    let objects: HashSet<usize> = sem
        .references
        .iter()
        .filter_map(|r| match r.node.kind() {
            "attribute" => r.node.child_by_field_name("object"),
            "dotted_name" => r.node.named_child(0),
            _ => None,
        })
        .map(|o| o.id())
        .collect();
    for r in &sem.references {
        let node = r.node;
        if objects.contains(&node.id()) {
            continue;
        }
        let Some((head, parts)) = chain_parts(sem, node) else {
            continue;
        };
        let head_text = sem.text(head);
        let mut text = head_text.to_string();
        let mut path = String::new();
        for p in &parts {
            path.push('.');
            path.push_str(p);
        }
        text.push_str(&path);
        let symbols = if sem.may_resolve(node) {
            sem.resolve_all(node, r.scope)
                .into_iter()
                .map(|c| c.symbol)
                .collect()
        } else {
            Vec::new()
        };
        let at = (head_text, head.start_byte(), r.scope);
        let original = meaning_of(sem, symbols, at, &path, back, &mut seen);
        let unloaded = match &original {
            Meaning::Symbols(symbols) if !parts.is_empty() => symbols
                .iter()
                .find_map(|sym| loaded_by.unloaded(modules, sym, head_text)),
            _ => None,
        };
        let mut c = chain(node.byte_range(), text, original, map, unloaded);
        c.later = sem.bound_later(head_text, r.scope, head.start_byte());
        c.unsure = sem.bound_unsurely(head_text, r.scope, head.start_byte());
        out.push(c);
    }
    // Names in string annotations are references too (a type checker's).
    for a in &sem.annotation_refs {
        let (head, _) = a.head();
        let path = &a.text[head.len()..];
        let symbols = sem
            .resolve_name_all(head, a.scope, a.range.start)
            .into_iter()
            .map(|c| format!("{}{path}", c.symbol))
            .collect();
        let original = meaning_of(
            sem,
            symbols,
            (head, a.range.start, a.scope),
            path,
            back,
            &mut seen,
        );
        out.push(chain(a.range.clone(), a.text.clone(), original, map, None));
    }
    // Held while the next text is checked: not the room doubling left.
    out.shrink_to_fit();
    out
}

/// What a file's imports load, for [`Loaded::unloaded`].
struct Loaded<'t> {
    /// Per name an `import` binds, the modules it may denote: `a` for a
    /// plain `import a.b`, `a.b` for `import a.b as m`.
    bound: HashMap<&'t str, Vec<&'t str>>,
    /// Every module an import statement loads.
    modules: Vec<&'t str>,
}

impl<'t> Loaded<'t> {
    fn of(sem: &'t Semantic) -> Self {
        let mut bound: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut modules = Vec::new();
        for i in &sem.imports {
            match i.kind {
                ImportKind::Import => {
                    for e in &i.entries {
                        modules.push(e.name.as_str());
                        let denotes = match e.alias {
                            None => e.bound.as_str(),
                            Some(_) => e.name.as_str(),
                        };
                        bound.entry(e.bound.as_str()).or_default().push(denotes);
                    }
                }
                ImportKind::From => modules.extend(i.module.as_deref()),
            }
        }
        Loaded { bound, modules }
    }

    /// The module a chain `symbol` (headed by `head`) spells that no import
    /// of the file loads: `a.b.x` through `import a` or `import a as m`
    /// needs `import a.b`. None when the chain does not go through an
    /// `import` at all.
    fn unloaded(&self, modules: &Modules, symbol: &str, head: &str) -> Option<String> {
        let provided = self
            .bound
            .get(head)?
            .iter()
            .filter(|m| is_at_or_under(symbol, m))
            .max_by_key(|m| m.len())?;
        let module = modules.submodule_needed(provided, symbol)?;
        (!self.modules.iter().any(|m| is_at_or_under(m, &module))).then_some(module)
    }
}

/// Whether the new chain `c` relies on a module no import loads where the
/// old `o` did not rely on the same thing: `o`'s module was imported, or
/// its package's own `__init__` loaded it (`import old as O; O.m.f`
/// relied on `old/__init__.py` importing `m`, which says nothing of
/// `new`). A package the rules move (`carries(old, new)`) takes what it
/// loads along (`import old.m as O; O.K.x` after `old.m` → `new.m`).
pub(super) fn relies_anew(o: &Chain, c: &Chain, carries: &dyn Fn(&str, &str) -> bool) -> bool {
    let Some(n) = &c.unloaded else { return false };
    let Some(o) = &o.unloaded else { return true };
    let parent = |m: &str| m.rsplit_once('.').map_or("", |(p, _)| p).to_string();
    let (po, pn) = (parent(o), parent(n));
    po != pn && !carries(&po, &pn)
}

/// A reference's meaning: the `symbols` it resolves to through imports,
/// else the local bindings of its head `name` at `pos`, else unbound.
fn meaning_of(
    sem: &Semantic,
    mut symbols: Vec<String>,
    (name, pos, scope): (&str, usize, usize),
    path: &str,
    back: &dyn Fn(usize) -> usize,
    seen: &mut HashMap<Vec<usize>, Arc<[usize]>>,
) -> Meaning {
    if !symbols.is_empty() {
        symbols.sort();
        symbols.dedup();
        return Meaning::Symbols(symbols);
    }
    let bindings = sem.lookup_all(name, scope, pos);
    if bindings.is_empty() {
        return Meaning::Unbound(format!("{name}{path}"));
    }
    let mut at: Vec<usize> = bindings.iter().map(|b| back(b.pos)).collect();
    at.sort_unstable();
    at.dedup();
    let at = match seen.get(&at) {
        Some(shared) => shared.clone(),
        None => {
            let shared: Arc<[usize]> = at.clone().into();
            seen.insert(at, shared.clone());
            shared
        }
    };
    Meaning::Local {
        at,
        path: path.to_string(),
        scope: Holder::of(sem, sem.holder(name, scope, pos)),
    }
}

/// A chain with its meaning mapped old → new.
fn chain(
    range: Range<usize>,
    text: String,
    original: Meaning,
    map: &dyn Fn(&str) -> String,
    unloaded: Option<String>,
) -> Chain {
    let (meaning, changed_from) = match &original {
        Meaning::Symbols(s) => {
            let mut s: Vec<String> = s.iter().map(|x| map(x)).collect();
            s.sort();
            s.dedup();
            let meaning = Meaning::Symbols(s);
            match meaning == original {
                true => (original, None),
                false => (meaning, Some(Box::new(original))),
            }
        }
        _ => (original, None),
    };
    Chain {
        range,
        text,
        meaning,
        changed_from,
        unloaded,
        later: false,
        unsure: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_that_see_the_same_bindings_share_one_list_of_them() {
        // Each function's `x` may see every binding of the global (any of
        // them may have run before the call): one list for all, not one
        // copy per load (quadratic memory: 9 GB for 20,000 functions).
        let funcs: String = (0..300)
            .map(|i| format!("def f{i}():\n    global x\n    x = x + {i}\n\n\n"))
            .collect();
        let code = format!("x = 0\n\n\n{funcs}");
        let mut parser = crate::python::parser();
        let tree = crate::python::parse(&mut parser, &code);
        let sem = Semantic::build(&tree, &code, "m", false);
        let chains = chains(&sem, &Modules::default(), &|s| s.to_string(), &|p| p);
        let lists: Vec<&Arc<[usize]>> = (chains.iter())
            .filter_map(|c| match &c.meaning {
                Meaning::Local { at, .. } if at.len() > 1 => Some(at),
                _ => None,
            })
            .collect();
        assert!(
            lists.len() >= 300,
            "{} loads see many bindings",
            lists.len()
        );
        assert!(lists.iter().all(|l| l.len() == 301), "every binding of x");
        assert!(
            lists.iter().all(|l| Arc::ptr_eq(l, lists[0])),
            "one shared list"
        );
    }
}
