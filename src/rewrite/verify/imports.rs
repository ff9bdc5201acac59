//! Imports after the edits: none that was used left unused, none
//! duplicated, none from a module that is not one (or from itself), none
//! new that makes an import cycle, no module-level name that something
//! names disappears, and no submodule that another file reaches through
//! its package (relying on this file to load it) stops being loaded.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::chains::chain_parts;
use super::{Applied, Check, Referrers, touches};
use crate::python::semantic::is_at_or_under;
use crate::python::{BindingKind, Import, ImportKind, ScopeKind, Semantic, string_content};

impl Check<'_, '_> {
    pub(super) fn imports(&self, new: &Semantic, applied: &Applied, out: &mut Vec<String>) {
        // An import a fix wrote must name a module (`from datetime.timezone
        // import utc` parses and fails at import time).
        for import in &new.imports {
            if !applied.new.iter().any(|n| written(&import.range, n)) {
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
        let is_module = |m: &str| self.is_module(m);
        let now = ImportUse::of(
            new,
            (self.referrers, &is_module),
            &|s| s.to_string(),
            &|p| applied.back(p),
        );
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
    /// Submodules the file's imports load and would no longer load, that
    /// another file reaches as attributes of their package without
    /// importing them itself: `import pkg; pkg.sub.f()` works because an
    /// import here loads `pkg.sub` (`from .sub import x` in
    /// `pkg/__init__.py`, or `import pkg.sub` in a module that runs
    /// first). That file's chain stays as it is (re-pointed, it would rely
    /// on a module no import loads just the same), so the submodule must
    /// stay loaded; unless the rule moves the package itself, and the
    /// chain with it: then its new home must be.
    pub(super) fn package_submodules(&self, new: &Semantic, out: &mut Vec<String>) {
        let here = &self.old.module;
        let loaded = new.loaded_paths();
        for path in modules_loaded(self.old, &|m| self.is_module(m)) {
            let Some((package, sub)) = path.rsplit_once('.') else {
                continue;
            };
            let needed = match self.mapping.apply(package) == package {
                true => path.clone(),
                false => self.mapping.apply(&path),
            };
            if loaded.contains(needed.as_str()) {
                continue;
            }
            let key = crate::python::modules::through_package(sub);
            let Some(who) = self.referrers.refers(package, &key, here) else {
                continue;
            };
            out.push(match package == here && self.old.package == *here {
                true => format!(
                    "`{package}` would no longer import its submodule `{path}`, but {who} as an attribute of the package, which no import of its own loads"
                ),
                false => format!(
                    "this file would no longer import `{path}`, but {who} as an attribute of `{package}`, which no import of its own loads: it relies on one elsewhere, as this one, having loaded it; for a human to keep an import of `{path}` in one of the two"
                ),
            });
        }
    }

    /// Whether dotted name `m` is surely a module (see [`super::is_module`]).
    fn is_module(&self, m: &str) -> bool {
        super::is_module(self.modules, self.project, m)
    }

    /// Imports the edits wrote that run while the module loads and load a
    /// module that loads this one back (see [`crate::rewrite::cycles`]):
    /// `import app.services` for `import app.legacy`, where `app.services`
    /// does `from app.models import DEFAULT_URL` in `app/models.py`. Not
    /// when what it replaces, or an import the file had, loads that module
    /// already at import time: the cycle is not new.
    pub(super) fn import_cycles(&self, new: &Semantic, applied: &Applied, out: &mut Vec<String>) {
        use crate::rewrite::cycles::{describe, new_cycle, runs_at_import};
        let at_import =
            |sem: &Semantic, i: &Import| !i.type_checking && runs_at_import(sem, i.scope);
        // Whether the old text loaded `module` at import time already.
        let had = |module: &str| {
            (self.old.imports.iter())
                .filter(|i| at_import(self.old, i))
                .any(|i| imported(i).iter().any(|s| loads(i, s, module)))
        };
        for import in new.imports.iter().filter(|i| at_import(new, i)) {
            let Some(e) = applied.new.iter().position(|n| written(&import.range, n)) else {
                continue;
            };
            let o = &applied.old[e];
            let old: Vec<String> = (self.old.imports.iter())
                .filter(|i| i.range.start < o.end && o.start < i.range.end)
                .flat_map(imported)
                .collect();
            let old: Vec<&str> = old.iter().map(String::as_str).collect();
            for target in imported(import) {
                let path = new_cycle(new, self.stars, import.scope, &target, &old);
                if let Some(path) = path.filter(|p| !p.first().is_some_and(|m| had(m))) {
                    out.push(format!(
                        "`{}` {}, which the code did not have; for a human to import it inside the functions that use it",
                        crate::python::excerpt(&new.source[import.range.clone()]),
                        describe(new, &path)
                    ));
                    break;
                }
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

/// What `import` imports, each a module or a name in one: `a.b` of
/// `import a.b`, `m.x` of `from m import x`, `m` of `from m import *`.
fn imported(import: &Import) -> Vec<String> {
    match (import.kind, &import.module) {
        (ImportKind::Import, _) => import.entries.iter().map(|e| e.name.clone()).collect(),
        (ImportKind::From, Some(m)) if import.entries.is_empty() => vec![m.clone()],
        (ImportKind::From, Some(m)) => (import.entries.iter())
            .map(|e| format!("{m}.{}", e.name))
            .collect(),
        (ImportKind::From, None) => Vec::new(),
    }
}

/// Whether `import`, importing `what` (see [`imported`]), loads `module`:
/// `import a.b.c` loads `a`, `a.b` and `a.b.c`; `from a.b import c`
/// loads `a`, `a.b`, and `a.b.c` if it is a module.
fn loads(import: &Import, what: &str, module: &str) -> bool {
    match (import.kind, &import.module) {
        (ImportKind::Import, _) => is_at_or_under(what, module),
        (ImportKind::From, Some(m)) => is_at_or_under(m, module) || what == module,
        (ImportKind::From, None) => false,
    }
}

/// Whether an import at `import` was written by the edit now at `n`.
fn written(import: &std::ops::Range<usize>, n: &std::ops::Range<usize>) -> bool {
    touches(import, n) || (n.start <= import.start && import.end <= n.end && !n.is_empty())
}

/// The modules below the top level that the imports of `sem` load at
/// runtime (see [`entry_loads`]), sorted, each once.
fn modules_loaded(sem: &Semantic, is_module: &dyn Fn(&str) -> bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for i in sem.imports.iter().filter(|i| !i.type_checking) {
        for k in 0..i.entries.len().max(1) {
            out.extend(entry_loads(i, k, is_module));
        }
    }
    out
}

/// The modules below the top level that entry `k` of `import` loads, as
/// Python loads them: `import a.b.c` loads `a.b` and `a.b.c`; `from a.b
/// import c` loads `a.b`, and `a.b.c` if it is a module (`from . import
/// sub` in a package's `__init__`), which `is_module` must know: most
/// such names are a function or a class. A `from` import without entries
/// (`*`) loads its module.
fn entry_loads(import: &Import, k: usize, is_module: &dyn Fn(&str) -> bool) -> Vec<String> {
    let name = import.entries.get(k).map(|e| e.name.as_str());
    let paths: Vec<String> = match (import.kind, &import.module) {
        (ImportKind::Import, _) => name.map(String::from).into_iter().collect(),
        (ImportKind::From, Some(m)) => std::iter::once(m.clone())
            .chain(name.map(|n| format!("{m}.{n}")))
            .filter(|p| p == m || is_module(p))
            .collect(),
        (ImportKind::From, None) => Vec::new(),
    };
    let mut out = Vec::new();
    for p in paths {
        let mut at = p.find('.');
        while let Some(dot) = at {
            let next = p[dot + 1..].find('.').map(|d| dot + 1 + d);
            out.push(p[..next.unwrap_or(p.len())].to_string());
            at = next;
        }
    }
    out
}

/// Whether entry `k` of `import` loads a submodule that another file
/// reaches as an attribute of its package, no import of its own loading it
/// (see [`Check::package_submodules`]): the import is in use even where
/// this file never names it.
fn loads_for_another(
    sem: &Semantic,
    import: &Import,
    k: usize,
    (referrers, is_module): (&dyn Referrers, IsModule),
) -> bool {
    !import.type_checking
        && entry_loads(import, k, is_module).iter().any(|path| {
            path.rsplit_once('.').is_some_and(|(package, sub)| {
                let key = crate::python::modules::through_package(sub);
                referrers.refers(package, &key, &sem.module).is_some()
            })
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
        (referrers, is_module): (&dyn Referrers, IsModule),
        map: &dyn Fn(&str) -> String,
        back: &dyn Fn(usize) -> usize,
    ) -> ImportUse {
        let used = used_entries(sem);
        let exported: HashSet<&str> = sem
            .dunder_all
            .iter()
            .filter_map(|n| string_content(*n).map(|c| &sem.source[c]))
            .collect();
        // Where each import entry's binding sits: found once (a name many
        // imports bind, `app` of `import app.a`, `import app.b`…, has a
        // binding each, and a search per entry was quadratic).
        let mut blocks: HashMap<(usize, usize), usize> = HashMap::new();
        for sc in &sem.scopes {
            for b in sc.bindings.values().flatten() {
                if let BindingKind::Import { import, entry, .. } = b.kind {
                    blocks.entry((import, entry)).or_insert(b.block.start);
                }
            }
        }
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
                let block = blocks.get(&(ii, k)).map_or(0, |&b| back(b));
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
                                .is_some()))
                    || loads_for_another(sem, import, k, (referrers, is_module));
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

/// Whether a dotted name is surely a module (see [`super::is_module`]).
type IsModule<'m> = &'m dyn Fn(&str) -> bool;

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
    // A doctest's examples run with the module's names, as they stand.
    let examples = sem.doctest_code();
    if !examples.is_empty() {
        for (ii, i) in sem.imports.iter().enumerate().filter(|(_, i)| i.scope == 0) {
            for (k, e) in i.entries.iter().enumerate() {
                let head = e.bound.split('.').next().unwrap_or(&e.bound);
                if crate::python::contains_word(examples, head) {
                    used.insert((ii, k));
                }
            }
        }
    }
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
