//! The binding-level self-check: a layer of edits is kept only if canon can
//! show that the new text means what the old text meant, with the rule's
//! old → new mapping applied.
//!
//! Both texts are resolved with the same resolver ([`Semantic`]). Every
//! maximal reference (a name, or an attribute chain from a name) of the old
//! text is paired with one of the new text: by position outside the edits,
//! as a multiset inside each cluster of edits, and piece by piece inside a
//! rewrite's fix (its `{symbol}`s must denote their symbol, its `$holes`
//! must mean what the matched text meant, any other name must be a
//! builtin). Then: no import that was used is left unused, none is
//! duplicated, no module-level name that `__all__`, a dotted-path string or
//! another project file names disappears, every fix still groups as one
//! expression where it lands (precedence), and every `await` added sits in
//! an `async def` proper. A linked group of edits that fails is dropped and
//! reported with the reason; what is left is proposed. No I/O here.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use tree_sitter::{Node, Parser, Tree};

use super::layer::{FixPieces, Layer};
use crate::python::modules::Modules;
use crate::python::semantic::is_at_or_under;
use crate::python::{self, BindingKind, ImportKind, ScopeKind, Semantic, string_content};

/// How a rule changes what references mean.
#[derive(Debug, Clone, Copy)]
pub enum Mapping<'a> {
    /// A move: every symbol at or under `old` now lives under `new`.
    Move { old: &'a str, new: &'a str },
    /// A rewrite: only its fixes change meaning, and they say how.
    Rewrite,
}

impl Mapping<'_> {
    fn apply(&self, symbol: &str) -> String {
        match self {
            Mapping::Move { old, new } if is_at_or_under(symbol, old) => {
                format!("{new}{}", &symbol[old.len()..])
            }
            _ => symbol.to_string(),
        }
    }
}

/// Who else refers to a module's names: another project file importing
/// `name` from `module`, or naming `module.name` in a dotted-path string.
pub trait Referrers: Sync {
    /// Some other file refers to `module.name`; the answer names it.
    fn refers(&self, module: &str, name: &str, except: &str) -> Option<String>;
}

/// The scan's index: the files that import a name, spell it as a chain or
/// as a dotted-path string.
impl Referrers for crate::scan::Referrals {
    fn refers(&self, module: &str, name: &str, except: &str) -> Option<String> {
        self.referrer(&format!("{module}.{name}"), except)
            .map(|path| format!("`{path}` refers to it"))
    }
}

/// Nobody outside the file refers to anything (tests, single files).
pub struct NoReferrers;

impl Referrers for NoReferrers {
    fn refers(&self, _: &str, _: &str, _: &str) -> Option<String> {
        None
    }
}

/// What a reference means: the symbols it may denote, a local binding (by
/// its position in the old text) and the attributes taken from it, or
/// nothing bound (a builtin, or a missing name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Meaning {
    Symbols(Vec<String>),
    Local { at: Vec<usize>, path: String },
    Unbound(String),
}

impl Meaning {
    fn describe(&self) -> String {
        match self {
            Meaning::Symbols(s) if s.len() == 1 => format!("`{}`", s[0]),
            Meaning::Symbols(s) => format!("one of `{}`", s.join("`, `")),
            Meaning::Local { .. } => "a local name".to_string(),
            Meaning::Unbound(n) => format!("nothing (`{n}` is unbound)"),
        }
    }

    /// The meaning of this reference with `.rest` taken from it.
    fn extend(&self, rest: &str) -> Meaning {
        match self {
            Meaning::Symbols(s) => {
                Meaning::Symbols(s.iter().map(|x| format!("{x}{rest}")).collect())
            }
            Meaning::Local { at, path } => Meaning::Local {
                at: at.clone(),
                path: format!("{path}{rest}"),
            },
            Meaning::Unbound(n) => Meaning::Unbound(format!("{n}{rest}")),
        }
    }
}

/// A maximal reference: its range, its dotted text and its meaning.
#[derive(Debug, Clone)]
struct Chain {
    range: Range<usize>,
    text: String,
    meaning: Meaning,
    /// Before the rule's mapping (old text only): a reference no edit
    /// touched may keep meaning the old symbol, which still exists (a group
    /// not proposed leaves its uses as they were).
    original: Meaning,
    /// For a chain through a plain `import a.b`: whether some `import`
    /// statement of the file loads the module it spells (`a.b.x` needs
    /// `import a.b`; the head package alone does not load `a.b`).
    loaded: bool,
    /// Its head is a local of its function bound only after it.
    later: bool,
}

/// The head identifier of a chain and the attribute names after it.
fn chain_parts<'t>(sem: &Semantic<'t>, node: Node<'t>) -> Option<(Node<'t>, Vec<&'t str>)> {
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
fn chains(
    sem: &Semantic,
    modules: &Modules,
    map: &dyn Fn(&str) -> String,
    back: &dyn Fn(usize) -> usize,
) -> Vec<Chain> {
    let mut out = Vec::new();
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
        let original = meaning_of(sem, symbols, at, &path, back);
        let loaded = match &original {
            Meaning::Symbols(symbols) if !parts.is_empty() => symbols
                .iter()
                .all(|sym| loaded_by.loads(modules, sym, head_text)),
            _ => true,
        };
        let mut c = chain(node.byte_range(), text, original, map, loaded);
        c.later = sem.bound_later(head_text, r.scope, head.start_byte());
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
        let original = meaning_of(sem, symbols, (head, a.range.start, a.scope), path, back);
        out.push(chain(a.range.clone(), a.text.clone(), original, map, true));
    }
    out
}

/// What a file's imports load, for [`Loaded::loads`].
struct Loaded<'t> {
    /// Names bound by a plain `import a.b` (no alias).
    plain: HashSet<&'t str>,
    /// Every module an import statement loads.
    modules: Vec<&'t str>,
}

impl<'t> Loaded<'t> {
    fn of(sem: &'t Semantic) -> Self {
        let mut plain = HashSet::new();
        let mut modules = Vec::new();
        for i in &sem.imports {
            match i.kind {
                ImportKind::Import => {
                    for e in &i.entries {
                        modules.push(e.name.as_str());
                        if e.alias.is_none() {
                            plain.insert(e.bound.as_str());
                        }
                    }
                }
                ImportKind::From => modules.extend(i.module.as_deref()),
            }
        }
        Loaded { plain, modules }
    }

    /// Whether the module a chain `symbol` (headed by `head`) spells is
    /// loaded by an import of the file: `import a.b` for `a.b.x`, or the
    /// chain does not go through a plain `import` at all.
    fn loads(&self, modules: &Modules, symbol: &str, head: &str) -> bool {
        if !self.plain.contains(head) {
            return true;
        }
        let Some(module) = modules.submodule_needed(head, symbol) else {
            return true;
        };
        self.modules.iter().any(|m| is_at_or_under(m, &module))
    }
}

/// A reference's meaning: the `symbols` it resolves to through imports,
/// else the local bindings of its head `name` at `pos`, else unbound.
fn meaning_of(
    sem: &Semantic,
    mut symbols: Vec<String>,
    (name, pos, scope): (&str, usize, usize),
    path: &str,
    back: &dyn Fn(usize) -> usize,
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
    Meaning::Local {
        at,
        path: path.to_string(),
    }
}

/// A chain with its meaning mapped old → new.
fn chain(
    range: Range<usize>,
    text: String,
    original: Meaning,
    map: &dyn Fn(&str) -> String,
    loaded: bool,
) -> Chain {
    let meaning = match &original {
        Meaning::Symbols(s) => {
            let mut s: Vec<String> = s.iter().map(|x| map(x)).collect();
            s.sort();
            s.dedup();
            Meaning::Symbols(s)
        }
        other => other.clone(),
    };
    Chain {
        range,
        text,
        meaning,
        original,
        loaded,
        later: false,
    }
}

/// The edits of one candidate set, sorted, with their ranges in both texts.
struct Applied<'l> {
    old: Vec<Range<usize>>,
    new: Vec<Range<usize>>,
    fix: Vec<Option<&'l FixPieces>>,
}

impl Applied<'_> {
    // The edits are sorted and do not overlap, so ends are sorted too, and
    // `new[i].end - old[i].end` is the shift of everything after edit `i`:
    // each mapping is a binary search, not a walk over every edit.

    /// Old-text position outside every edit → new-text position.
    fn forward(&self, pos: usize) -> usize {
        let i = self.old.partition_point(|o| o.end <= pos);
        match i.checked_sub(1) {
            Some(j) => pos + self.new[j].end - self.old[j].end,
            None => pos,
        }
    }

    /// New-text position → old-text position, `usize::MAX` inside a replacement.
    fn back(&self, pos: usize) -> usize {
        let i = self.new.partition_point(|n| n.end <= pos);
        if self
            .new
            .get(i)
            .is_some_and(|n| n.start <= pos && pos < n.end)
        {
            return usize::MAX;
        }
        match i.checked_sub(1) {
            Some(j) => pos + self.old[j].end - self.new[j].end,
            None => pos,
        }
    }

    /// Old-text binding position → itself, or `usize::MAX` inside an edit.
    fn inside_old(&self, pos: usize) -> usize {
        let i = self.old.partition_point(|o| o.end <= pos);
        if self
            .old
            .get(i)
            .is_some_and(|o| o.start <= pos && pos < o.end)
        {
            usize::MAX
        } else {
            pos
        }
    }
}

/// The first of sorted, non-overlapping `ranges` that a reference at `r`
/// touches or starts with.
fn owner(ranges: &[Range<usize>], r: &Range<usize>) -> Option<usize> {
    let from = ranges.partition_point(|e| e.end <= r.start);
    ranges[from..]
        .iter()
        .take_while(|e| e.start < r.end)
        .position(|e| touches(r, e) || (!e.is_empty() && e.start == r.start))
        .map(|i| from + i)
}

/// Whether a range touches an edit range (an insertion only strictly inside).
fn touches(r: &Range<usize>, e: &Range<usize>) -> bool {
    if e.is_empty() {
        r.start < e.start && e.start < r.end
    } else {
        r.start < e.end && e.start < r.end
    }
}

/// The self-check of one rule's layer on `before` (its model `old`).
pub struct Check<'a, 't> {
    old: &'a Semantic<'t>,
    mapping: Mapping<'a>,
    referrers: &'a dyn Referrers,
    modules: &'a Modules,
    /// The old text's maximal references, meanings mapped old → new.
    chains: Vec<Chain>,
    old_imports: ImportUse,
}

impl<'a, 't> Check<'a, 't> {
    pub fn new(old: &'a Semantic<'t>, mapping: Mapping<'a>, facts: &'a super::Facts<'a>) -> Self {
        let map = |s: &str| mapping.apply(s);
        let chains = chains(old, facts.modules, &map, &|p| p);
        let old_imports = ImportUse::of(old, facts.referrers, &map, &|p| p);
        Check {
            old,
            mapping,
            referrers: facts.referrers,
            modules: facts.modules,
            chains,
            old_imports,
        }
    }

    /// What is wrong with the layer's edits that `keep` selects, if anything.
    /// `parsed` is the new text's parse when the caller has it.
    pub fn problems(
        &self,
        layer: &Layer,
        keep: &dyn Fn(usize) -> bool,
        parser: &mut Parser,
        parsed: Option<&(String, Tree)>,
    ) -> Vec<String> {
        let src = self.old.source;
        let mut idx: Vec<usize> = (0..layer.edits.len()).filter(|&i| keep(i)).collect();
        idx.sort_by_key(|&i| (layer.edits[i].range.start, layer.edits[i].range.end));
        if idx.is_empty() {
            return Vec::new();
        }
        let mut text = String::with_capacity(src.len() + 64);
        let mut applied = Applied {
            old: Vec::new(),
            new: Vec::new(),
            fix: Vec::new(),
        };
        let mut at = 0;
        for &i in &idx {
            let e = &layer.edits[i];
            text.push_str(&src[at..e.range.start]);
            let start = text.len();
            text.push_str(&e.replacement);
            applied.old.push(e.range.clone());
            applied.new.push(start..text.len());
            applied.fix.push(e.fix.as_ref());
            at = e.range.end;
        }
        text.push_str(&src[at..]);
        let own;
        let tree = match parsed {
            Some((t, tree)) if *t == text => tree,
            _ => {
                own = python::parse(parser, &text);
                &own
            }
        };
        let is_init = self.old.package == self.old.module;
        let new = Semantic::build(tree, &text, &self.old.module, is_init);
        // The fix's own shape first: those reasons say most about a site.
        let mut out = Vec::new();
        structure(tree, &text, &applied, &mut out);
        awaits(tree, &new, &applied, &mut out);
        self.references(&new, &applied, &mut out);
        self.imports(&new, &applied, &mut out);
        self.module_names(&new, &mut out);
        out.dedup();
        out
    }

    fn references(&self, new: &Semantic, applied: &Applied, out: &mut Vec<String>) {
        let back = |p: usize| applied.back(p);
        let new_chains = chains(new, self.modules, &|s| s.to_string(), &back);
        let old_lines = python::LineIndex::new(self.old.source);
        let line = |pos: usize| old_lines.position(pos).line;
        // Old chains: untouched (by new position), in a cluster, or consumed by a fix.
        // Local bindings inside an edit cannot be paired by position.
        let old_chains: Vec<Chain> = self
            .chains
            .iter()
            .map(|c| match &c.meaning {
                Meaning::Local { at, path } => {
                    let mut at: Vec<usize> = at.iter().map(|&p| applied.inside_old(p)).collect();
                    at.sort_unstable();
                    at.dedup();
                    let meaning = Meaning::Local {
                        at,
                        path: path.clone(),
                    };
                    // (`loaded` is kept from the old chain)
                    Chain {
                        original: meaning.clone(),
                        meaning,
                        ..c.clone()
                    }
                }
                _ => c.clone(),
            })
            .collect();
        let mut untouched: BTreeMap<usize, &Chain> = BTreeMap::new();
        let mut clusters: BTreeMap<usize, (Vec<&Chain>, Vec<&Chain>)> = BTreeMap::new();
        for c in &old_chains {
            match owner(&applied.old, &c.range).map(|i| (i, applied.fix[i].is_some())) {
                None => {
                    untouched.insert(applied.forward(c.range.start), c);
                }
                Some((_, true)) => {} // consumed by a fix: checked piece by piece below
                Some((i, false)) => clusters.entry(i).or_default().0.push(c),
            }
        }
        for c in &new_chains {
            match owner(&applied.new, &c.range) {
                None => match untouched.remove(&c.range.start) {
                    Some(o) if o.text == c.text => {
                        if !o.later && c.later {
                            out.push(format!(
                                "line {}: `{}` would be used before it is bound",
                                line(o.range.start),
                                c.text
                            ));
                        }
                        if o.loaded && !c.loaded {
                            out.push(format!(
                                "line {}: `{}` would rely on a module no import loads",
                                line(o.range.start),
                                c.text
                            ));
                        }
                        if o.meaning != c.meaning && o.original != c.meaning {
                            out.push(format!(
                                "line {}: `{}` meant {} and would mean {}",
                                line(o.range.start),
                                o.text,
                                o.meaning.describe(),
                                c.meaning.describe()
                            ));
                        }
                    }
                    _ => out.push(format!("`{}` would become a reference it was not", c.text)),
                },
                Some(i) if applied.fix[i].is_some() => {
                    self.fix_piece(new, c, i, &old_chains, applied, out);
                }
                Some(i) => clusters.entry(i).or_default().1.push(c),
            }
        }
        for o in untouched.values() {
            out.push(format!(
                "line {}: `{}` would no longer be the same reference",
                line(o.range.start),
                o.text
            ));
        }
        for (old, new) in clusters.values_mut() {
            old.sort_by(|a, b| a.meaning.cmp(&b.meaning));
            new.sort_by(|a, b| a.meaning.cmp(&b.meaning));
            let same = old.len() == new.len()
                && old
                    .iter()
                    .zip(new.iter())
                    .all(|(a, b)| a.meaning == b.meaning);
            if same {
                if let Some(c) = new.iter().find(|c| c.later)
                    && old.iter().filter(|c| c.later).count()
                        < new.iter().filter(|c| c.later).count()
                {
                    out.push(format!("`{}` would be used before it is bound", c.text));
                }
                let lost = old.iter().filter(|c| c.loaded).count()
                    > new.iter().filter(|c| c.loaded).count();
                if let Some(c) = new.iter().find(|c| !c.loaded).filter(|_| lost) {
                    out.push(format!(
                        "`{}` would rely on a module no import loads",
                        c.text
                    ));
                }
                continue;
            }
            let wrong = old
                .iter()
                .find(|a| !new.iter().any(|b| b.meaning == a.meaning));
            match wrong {
                Some(a) => {
                    let now = new
                        .iter()
                        .find(|b| b.text == a.text || b.range.start == a.range.start);
                    out.push(format!(
                        "line {}: `{}` must mean {}, but the fix gives {}",
                        line(a.range.start),
                        a.text,
                        a.meaning.describe(),
                        now.map_or("no such reference".to_string(), |b| format!(
                            "`{}`, meaning {}",
                            b.text,
                            b.meaning.describe()
                        ))
                    ));
                }
                None => out.push(format!(
                    "the fix changes how many references there are ({} before, {} after)",
                    old.len(),
                    new.len()
                )),
            }
        }
    }

    /// A reference inside a rewrite's fix: a symbol piece, a copied hole, or
    /// a name of the template (which must be a builtin).
    fn fix_piece(
        &self,
        new: &Semantic,
        c: &Chain,
        i: usize,
        old_chains: &[Chain],
        applied: &Applied,
        out: &mut Vec<String>,
    ) {
        let Some(fix) = applied.fix[i] else { return };
        let base = applied.new[i].start;
        let rel = c.range.start - base;
        if let Some((r, symbol)) = fix.symbols.iter().find(|(r, _)| r.start == rel) {
            let emitted = c.text.get(..r.len()).unwrap_or("");
            let rest = &c.text[emitted.len()..];
            let want = Meaning::Symbols(vec![format!("{symbol}{rest}")]);
            if c.meaning != want {
                out.push(format!(
                    "the fix's `{{{symbol}}}` is written `{}`, which here means {}",
                    c.text,
                    c.meaning.describe()
                ));
            } else if c.later {
                out.push(format!(
                    "the fix's `{}` would be used before its import runs",
                    c.text
                ));
            } else if only_type_checking(new, c) {
                out.push(format!(
                    "the fix's `{}` is imported only under `if TYPE_CHECKING:`, so it is unbound at runtime",
                    c.text
                ));
            }
            return;
        }
        if let Some((h, from)) = fix
            .holes
            .iter()
            .find(|(h, _)| h.start <= rel && rel < h.end)
        {
            let old_start = from.start + (rel - h.start);
            let inside = c.range.end - base <= h.end;
            let want = old_chains.iter().find(|o| {
                o.range.start == old_start
                    && if inside {
                        o.range.len() == c.range.len()
                    } else {
                        o.range.end == from.end
                    }
            });
            let want = match want {
                Some(o) if inside => o.meaning.clone(),
                Some(o) => match c.text.strip_prefix(o.text.as_str()) {
                    Some(rest) => o.meaning.extend(rest),
                    None => o.meaning.clone(),
                },
                None => {
                    out.push(format!(
                        "`{}` in the fix is not a reference the matched code had",
                        c.text
                    ));
                    return;
                }
            };
            if c.meaning != want {
                out.push(format!(
                    "`{}` copied into the fix would mean {} instead of {}",
                    c.text,
                    c.meaning.describe(),
                    want.describe()
                ));
            }
            return;
        }
        if !matches!(c.meaning, Meaning::Unbound(_)) {
            out.push(format!(
                "the fix's own name `{}` would mean {} here, not the builtin",
                c.text,
                c.meaning.describe()
            ));
        }
    }

    fn imports(&self, new: &Semantic, applied: &Applied, out: &mut Vec<String>) {
        // An import a fix wrote must name a module (`from datetime.timezone
        // import utc` parses and fails at import time).
        for import in &new.imports {
            let written = applied.new.iter().any(|n| {
                touches(&import.range, n)
                    || (n.start <= import.range.start && import.range.end <= n.end && !n.is_empty())
            });
            if !written || import.kind != ImportKind::From {
                continue;
            }
            if import.module.as_deref() == Some(self.old.module.as_str()) && import.level == 0 {
                out.push(format!(
                    "the module would import from itself (`from {} import …`)",
                    self.old.module
                ));
            }
            if let Some(m) = &import.module
                && self.modules.is_module(m) == Some(false)
            {
                out.push(format!(
                    "`{m}` is not a module, so `from {m} import …` fails at import time"
                ));
            }
        }
        let now = ImportUse::of(new, self.referrers, &|s| s.to_string(), &|p| {
            applied.back(p)
        });
        // Scope keys of the old text are in old coordinates; map the new
        // ones back (a scope's own `def` is never inside an edit).
        for (key, &n) in &now.unused {
            let was = |m: &BTreeMap<(usize, String), usize>| m.get(key).copied().unwrap_or(0);
            let was = was(&self.old_imports.unused).max(was(&self.old_imports.unused_original));
            if n > was {
                out.push(format!(
                    "`{}` would be imported and not used{}",
                    key.1,
                    scope_words(self.old, key.0)
                ));
            }
        }
        for (key, &n) in &now.count {
            let was = self.old_imports.count.get(key).copied().unwrap_or(0);
            if n > 1 && n > was {
                out.push(format!(
                    "`{}` would be imported twice{}",
                    key.2,
                    scope_words(self.old, key.0)
                ));
            }
        }
    }

    /// Module-level names that would disappear while something names them.
    fn module_names(&self, new: &Semantic, out: &mut Vec<String>) {
        let had: HashSet<&String> = self.old.scopes[0].bindings.keys().collect();
        let has: HashSet<&String> = new.scopes[0].bindings.keys().collect();
        let module = &self.old.module;
        for name in had.difference(&has) {
            let in_all =
                self.old.dunder_all.iter().any(|n| {
                    string_content(*n).is_some_and(|c| &self.old.source[c] == name.as_str())
                });
            let path = format!("{module}.{name}");
            let in_string = self.old.strings.iter().any(|s| {
                crate::python::string_value(self.old.source, s.node)
                    .is_some_and(|(_, v)| is_at_or_under(&v, &path))
            });
            let mapped = self.mapping.apply(&path);
            let why = if in_all {
                Some("`__all__` lists it".to_string())
            } else if in_string {
                Some("a dotted-path string in this file names it".to_string())
            } else if mapped != path {
                None // the rule itself moves this very name
            } else {
                self.referrers.refers(module, name, module)
            };
            if let Some(why) = why {
                out.push(format!(
                    "module-level name `{name}` would disappear from `{module}`, but {why}"
                ));
            }
        }
    }
}

/// Whether every binding that reaches the head of chain `c` is an import
/// under `if TYPE_CHECKING:` (none exists at runtime).
fn only_type_checking(sem: &Semantic, c: &Chain) -> bool {
    let head = c.text.split('.').next().unwrap_or(&c.text);
    let pos = c.range.start;
    let bindings = sem.lookup_all(head, sem.scope_at(pos), pos);
    !bindings.is_empty()
        && bindings.iter().all(|b| {
            matches!(b.kind, BindingKind::Import { import, .. } if sem.imports[import].type_checking)
        })
}

/// " in `f`" for a scope key of [`ImportUse`] (old-text coordinates).
fn scope_words(old: &Semantic, key: usize) -> String {
    let scope = old
        .scopes
        .iter()
        .find(|s| key != 0 && s.range.start + 1 == key && s.kind != ScopeKind::Module);
    match scope.and_then(|s| s.name.as_deref()) {
        Some(name) => format!(" in `{name}`"),
        None => String::new(),
    }
}

/// Per (scope start, symbol imported): import entries no reference uses (a
/// module-level one that `__all__` or another file names counts as used), and per
/// (scope start, bound name, symbol): how many entries bind it.
#[derive(Debug, Default)]
struct ImportUse {
    unused: BTreeMap<(usize, String), usize>,
    /// The same, by the symbol before the mapping (an unused import the
    /// layer leaves alone still imports the old symbol).
    unused_original: BTreeMap<(usize, String), usize>,
    count: BTreeMap<(usize, usize, String, String), usize>,
}

impl ImportUse {
    fn of(
        sem: &Semantic,
        referrers: &dyn Referrers,
        map: &dyn Fn(&str) -> String,
        back: &dyn Fn(usize) -> usize,
    ) -> ImportUse {
        let mut used: HashSet<(usize, usize)> = HashSet::new();
        for r in &sem.references {
            if r.node.kind() != "identifier" {
                continue;
            }
            let name = sem.text(r.node);
            for b in sem.lookup_all(name, r.scope, r.node.start_byte()) {
                if let BindingKind::Import { import, entry, .. } = b.kind {
                    used.insert((import, entry));
                }
            }
        }
        // `import a.b` and `import a.c` share the name `a`: each is used by
        // the chains that spell its module. Plain imports by (scope, name):
        let mut plain: HashMap<(usize, &str), Vec<(usize, usize)>> = HashMap::new();
        for (ii, i) in sem.imports.iter().enumerate() {
            if i.kind != ImportKind::Import {
                continue;
            }
            for (k, e) in i.entries.iter().enumerate() {
                if e.alias.is_none() {
                    plain
                        .entry((i.scope, e.bound.as_str()))
                        .or_default()
                        .push((ii, k));
                }
            }
        }
        if !plain.is_empty() {
            for r in &sem.references {
                if r.node.kind() != "attribute" || !sem.may_resolve(r.node) {
                    continue;
                }
                let Some((head, _)) = chain_parts(sem, r.node) else {
                    continue;
                };
                let name = sem.text(head);
                let Some(spelled) = sem.resolve_all(r.node, r.scope).into_iter().next() else {
                    continue;
                };
                for b in sem.lookup_all(name, r.scope, head.start_byte()) {
                    let BindingKind::Import { import, .. } = b.kind else {
                        continue;
                    };
                    let scope = sem.imports[import].scope;
                    for &(ii, k) in plain.get(&(scope, name)).into_iter().flatten() {
                        if is_at_or_under(&spelled.symbol, &sem.imports[ii].entries[k].name) {
                            used.insert((ii, k));
                        }
                    }
                }
            }
        }
        let exported: HashSet<&str> = sem
            .dunder_all
            .iter()
            .filter_map(|n| string_content(*n).map(|c| &sem.source[c]))
            .collect();
        let mut out = ImportUse::default();
        for (ii, import) in sem.imports.iter().enumerate() {
            let scope = &sem.scopes[import.scope];
            // The module is 0; other scopes are one past their start.
            let start = if import.scope == 0 {
                0
            } else {
                back(scope.range.start).saturating_add(1)
            };
            for (k, entry) in import.entries.iter().enumerate() {
                let symbol = match import.kind {
                    ImportKind::Import => entry.name.clone(),
                    ImportKind::From => entry.symbol.clone().unwrap_or_default(),
                };
                // By what it imports (old → new applied): a rename keeps the count.
                let key = (start, map(&symbol));
                // Twice in one block (old → new applied: a file that imported
                // the old name twice may import the new one twice); a `try`
                // arm and its `except` fallback may agree.
                let block = sem.scopes[import.scope]
                    .bindings
                    .get(&entry.bound)
                    .and_then(|bs| {
                        bs.iter().find(|b| {
                            matches!(b.kind, BindingKind::Import { import: i, entry: e, .. } if i == ii && e == k)
                        })
                    })
                    .map_or(0, |b| back(b.block.start));
                *out.count
                    .entry((start, block, entry.bound.clone(), map(&symbol)))
                    .or_default() += 1;
                let is_used = used.contains(&(ii, k))
                    || (import.scope == 0
                        && (exported.contains(entry.bound.as_str())
                            || referrers
                                .refers(&sem.module, &entry.bound, &sem.module)
                                .is_some()));
                if !is_used {
                    *out.unused.entry(key).or_default() += 1;
                    *out.unused_original
                        .entry((start, symbol.clone()))
                        .or_default() += 1;
                }
            }
        }
        out
    }
}

/// Every fix, and every hole in it, must stay one expression where it lands.
fn structure(tree: &Tree, text: &str, applied: &Applied, out: &mut Vec<String>) {
    let root = tree.root_node();
    let whole = |r: &Range<usize>| {
        let r = trim(text, r);
        if r.is_empty() {
            return true;
        }
        root.descendant_for_byte_range(r.start, r.end)
            .is_some_and(|n| n.start_byte() == r.start && n.end_byte() == r.end)
    };
    for (i, fix) in applied.fix.iter().enumerate() {
        let Some(fix) = fix else { continue };
        let n = &applied.new[i];
        if let Some(quote) = fstring_quote(root, text, n)
            && text[n.clone()].contains(quote)
        {
            out.push(format!(
                "the fix `{}` uses the quote `{quote}` of the f-string it lands in, which ends it before Python 3.12",
                python::excerpt(&text[n.clone()])
            ));
            continue;
        }
        if !whole(n) {
            out.push(format!(
                "the fix `{}` would not group as one expression where it lands (it needs parentheses)",
                python::excerpt(&text[n.clone()])
            ));
            continue;
        }
        for (h, _) in &fix.holes {
            let r = n.start + h.start..n.start + h.end;
            if !text[r.clone()].contains(',') && !whole(&r) {
                out.push(format!(
                    "`{}` would not group as one expression inside the fix (it needs parentheses)",
                    python::excerpt(&text[r])
                ));
            }
        }
    }
}

/// The quote of the f-string whose `{…}` field holds `r`, if any.
fn fstring_quote(root: Node, text: &str, r: &Range<usize>) -> Option<char> {
    let mut node = root.descendant_for_byte_range(r.start, r.end)?;
    while node.kind() != "interpolation" {
        node = node.parent()?;
    }
    let string = node.parent()?;
    let start = string.child(0).filter(|c| c.kind() == "string_start")?;
    text[start.byte_range()].chars().last()
}

fn trim(text: &str, r: &Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// An `await` inside a replacement must sit directly in an `async def`.
fn awaits(tree: &Tree, new: &Semantic, applied: &Applied, out: &mut Vec<String>) {
    for n in &applied.new {
        if n.is_empty() || !new.source[n.clone()].contains("await") {
            continue;
        }
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.end_byte() <= n.start || node.start_byte() >= n.end {
                continue;
            }
            if node.kind() == "await" && node.start_byte() >= n.start {
                let context = new.async_context(new.scope_at(node.start_byte()));
                if !context.allows_await() {
                    out.push(format!(
                        "the fix adds `await`, which is not allowed {}",
                        context.describe()
                    ));
                }
            }
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
    }
}

/// Keep the layer's linked groups that pass the check, greedily in order;
/// drop and report the others. Returns the new text and its parse when
/// every edit was kept (and `parsed` had it).
pub fn enforce(
    layer: &mut Layer,
    check: &Check,
    parser: &mut Parser,
    parsed: Option<(String, Tree)>,
) -> Option<(String, Tree)> {
    if layer.edits.is_empty() {
        return parsed;
    }
    if check
        .problems(layer, &|_| true, parser, parsed.as_ref())
        .is_empty()
    {
        return parsed;
    }
    let n = layer.edits.len();
    let mut keep = vec![false; n];
    let mut refused: Vec<(Range<usize>, String)> = Vec::new();
    for g in super::groups(layer) {
        for &i in &g {
            keep[i] = true;
        }
        if check.problems(layer, &|i| keep[i], parser, None).is_empty() {
            continue;
        }
        for &i in &g {
            keep[i] = false;
        }
        // Piece by piece: each use or fix with what it needs (an import
        // added for several fixes, say), so that one bad site does not
        // sink the others; removals last, once what they need is in.
        let mut seeds = g.clone();
        seeds.sort_by_key(|&i| layer.edits[i].kind == super::EditKind::RemoveImport);
        let mut tried: HashSet<Vec<usize>> = HashSet::new();
        let (reported, mut first_failure) = (refused.len(), None);
        for seed in seeds {
            if keep[seed] {
                continue;
            }
            let closure = needs(layer, seed);
            if !tried.insert(closure.clone()) {
                continue;
            }
            let mut candidate = keep.clone();
            for &j in &closure {
                candidate[j] = true;
            }
            let problems = check.problems(layer, &|i| candidate[i], parser, None);
            let Some(why) = problems.into_iter().next() else {
                keep = candidate;
                continue;
            };
            // Reported at the use or fix it concerns; an import alone only
            // if nothing else of the group says why.
            let e = &layer.edits[seed];
            if !e.range.is_empty() && !is_import_kind(e.kind) {
                refused.push((e.range.clone(), why));
            } else if first_failure.is_none() {
                first_failure = Some((e.range.clone(), why));
            }
        }
        if refused.len() == reported
            && !g.iter().any(|&i| keep[i])
            && let Some(f) = first_failure
        {
            refused.push(f);
        }
    }
    let order: Vec<usize> = (0..layer.edits.len()).collect();
    let reported = layer.skipped.len();
    let mut out = super::rebuild(std::mem::take(layer), &order, &keep, "");
    out.skipped.truncate(reported);
    out.skipped.extend(refused);
    *layer = out;
    None
}

/// Edit `i` and everything it needs, transitively (sorted).
fn needs(layer: &Layer, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut at = 0;
    while at < out.len() {
        let x = out[at];
        for &(a, b) in &layer.requires {
            if a == x && !out.contains(&b) {
                out.push(b);
            }
        }
        at += 1;
    }
    out.sort_unstable();
    out
}

fn is_import_kind(kind: super::EditKind) -> bool {
    use super::EditKind::*;
    matches!(kind, Import | AddImport | RemoveImport)
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
