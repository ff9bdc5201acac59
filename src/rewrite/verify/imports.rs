//! Imports after the edits: none that was used left unused, none
//! duplicated, none from a module that is not one (or from itself), and no
//! module-level name that something names disappears.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::chains::chain_parts;
use super::{Applied, Check, Referrers, touches};
use crate::python::semantic::is_at_or_under;
use crate::python::{BindingKind, ImportKind, ScopeKind, Semantic, string_content};

impl Check<'_, '_> {
    pub(super) fn imports(&self, new: &Semantic, applied: &Applied, out: &mut Vec<String>) {
        // An import a fix wrote must name a module (`from datetime.timezone
        // import utc` parses and fails at import time).
        for import in &new.imports {
            let written = applied.new.iter().any(|n| {
                touches(&import.range, n)
                    || (n.start <= import.range.start && import.range.end <= n.end && !n.is_empty())
            });
            if !written {
                continue;
            }
            if import.kind == ImportKind::Import {
                // `import a.b.C` (plain or aliased) must name a module too.
                for entry in &import.entries {
                    if self.modules.is_module(&entry.name) == Some(false) {
                        out.push(format!(
                            "`{}` is not a module, so `import {}` fails at import time",
                            entry.name, entry.name
                        ));
                    }
                }
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
    pub(super) fn module_names(&self, new: &Semantic, out: &mut Vec<String>) {
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
                self.old
                    .namespace_lookup(name, 0)
                    .or_else(|| self.referrers.refers(module, name, module))
            };
            if let Some(why) = why {
                out.push(format!(
                    "module-level name `{name}` would disappear from `{module}`, but {why}"
                ));
            }
        }
    }
}

impl Check<'_, '_> {
    /// In a package's `__init__`: submodules its imports load and would no
    /// longer load, that another file reaches as attributes of the
    /// package without importing them itself (`import pkg; pkg.sub.f()`
    /// works because `from .sub import x` here loads `pkg.sub`).
    pub(super) fn package_submodules(&self, new: &Semantic, out: &mut Vec<String>) {
        let package = &self.old.module;
        if package.is_empty() || self.old.package != *package {
            return;
        }
        for sub in submodules_loaded(self.old) {
            let path = format!("{package}.{sub}");
            if new.loads(&path) || self.mapping.apply(&path) != path {
                continue;
            }
            let key = crate::python::modules::through_package(&sub);
            if let Some(who) = self.referrers.refers(package, &key, package) {
                out.push(format!(
                    "`{package}` would no longer import its submodule `{path}`, but {who} as an attribute of the package, which no import of its own loads"
                ));
            }
        }
    }

    /// Keys of `sys.modules` the file reads (`sys.modules["old.mod"]`),
    /// that the edits leave as they are, whose module an import of the file
    /// loaded and no import loads any more: the lookup would fail, or find
    /// a stub no longer in use. A key the rule itself moves has its own
    /// edit (a path string, see [`crate::python::is_sys_modules_key`]).
    pub(super) fn sys_modules_keys(
        &self,
        new: &Semantic,
        applied: &Applied,
        out: &mut Vec<String>,
    ) {
        for (_, range, key) in crate::python::sys_modules_keys(self.old) {
            if self.mapping.apply(&key) != key
                || applied
                    .old
                    .iter()
                    .any(|e| touches(e, &range) || touches(&range, e))
            {
                continue;
            }
            if self.old.loads(&key) && !new.loads(&key) {
                out.push(format!(
                    "this file reads `sys.modules[\"{key}\"]`, which its import of `{key}` fills, and that import would go"
                ));
            }
        }
    }
}

/// The names of the package's own submodules (`sub` of `pkg.sub`) that
/// the imports of its `__init__` `sem` load at runtime, as they load
/// them: `from .sub import x`, `from .sub.deep import x`, `from . import
/// sub` (if it is a module), `import pkg.sub`.
fn submodules_loaded(sem: &Semantic) -> BTreeSet<String> {
    let prefix = format!("{}.", sem.module);
    let mut out = BTreeSet::new();
    for i in sem.imports.iter().filter(|i| !i.type_checking) {
        let paths: Vec<String> = match (i.kind, &i.module) {
            (ImportKind::Import, _) => i.entries.iter().map(|e| e.name.clone()).collect(),
            (ImportKind::From, Some(m)) => std::iter::once(m.clone())
                .chain(i.entries.iter().map(|e| format!("{m}.{}", e.name)))
                .collect(),
            (ImportKind::From, None) => continue,
        };
        for p in paths {
            if let Some(rest) = p.strip_prefix(&prefix) {
                out.insert(rest.split('.').next().unwrap_or(rest).to_string());
            }
        }
    }
    out
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
pub(super) struct ImportUse {
    unused: BTreeMap<(usize, String), usize>,
    /// The same, by the symbol before the mapping (an unused import the
    /// layer leaves alone still imports the old symbol).
    unused_original: BTreeMap<(usize, String), usize>,
    count: BTreeMap<(usize, usize, String, String), usize>,
}

impl ImportUse {
    pub(super) fn of(
        sem: &Semantic,
        referrers: &dyn Referrers,
        map: &dyn Fn(&str) -> String,
        back: &dyn Fn(usize) -> usize,
    ) -> ImportUse {
        let used = used_entries(sem);
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
                // An import in a class body is a class attribute: used
                // through `self.x` / `K.x`, which no name reference shows.
                let is_used = used.contains(&(ii, k))
                    || scope.kind == ScopeKind::Class
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

/// The (import, entry) pairs some reference of the file uses.
fn used_entries(sem: &Semantic) -> HashSet<(usize, usize)> {
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
    // A string annotation's names are uses too (a type checker's, and
    // `typing.get_type_hints`'s).
    for a in &sem.annotation_refs {
        let (name, _) = a.head();
        for b in sem.lookup_all(name, a.scope, a.range.start) {
            if let BindingKind::Import { import, entry, .. } = b.kind {
                used.insert((import, entry));
            }
        }
    }
    plain_uses(sem, &mut used);
    // `sys.modules["a.b"]` finds the module `import a.b` loaded.
    for (_, _, key) in crate::python::sys_modules_keys(sem) {
        for (ii, i) in sem.imports.iter().enumerate() {
            for (k, e) in i.entries.iter().enumerate() {
                let loaded = match (i.kind, &i.module) {
                    (ImportKind::Import, _) => e.name.clone(),
                    (ImportKind::From, Some(m)) => format!("{m}.{}", e.name),
                    (ImportKind::From, None) => continue,
                };
                if is_at_or_under(&loaded, &key) {
                    used.insert((ii, k));
                }
            }
        }
    }
    used
}

/// `import a.b` and `import a.c` share the name `a`: each is used by
/// the chains that spell its module: add those uses to `used`.
fn plain_uses(sem: &Semantic, used: &mut HashSet<(usize, usize)>) {
    // Plain imports by (scope, name):
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
    if plain.is_empty() {
        return;
    }
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
    // The same for the chains a string annotation spells.
    for a in &sem.annotation_refs {
        let (name, _) = a.head();
        let rest = &a.text[name.len()..];
        for b in sem.lookup_all(name, a.scope, a.range.start) {
            let BindingKind::Import { import, symbol, .. } = &b.kind else {
                continue;
            };
            let spelled = format!("{symbol}{rest}");
            let scope = sem.imports[*import].scope;
            for &(ii, k) in plain.get(&(scope, name)).into_iter().flatten() {
                if is_at_or_under(&spelled, &sem.imports[ii].entries[k].name) {
                    used.insert((ii, k));
                }
            }
        }
    }
}
