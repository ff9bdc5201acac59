//! Import cycles that an import canon adds or re-points would create: one
//! that runs while this module loads (at module level, or in a class body)
//! and loads a module that loads this one back at module level, as
//! [`StarNames::loads_at_import`] finds. A move's `from` import, a
//! rewrite's added import and the self-check of every layer ask the same
//! question here; each says in its own note what it refused.

use crate::python::{ScopeId, ScopeKind, Semantic, StarNames};

/// The modules through which an import of `new` in `scope` of `sem` would
/// load this module back while it is still loading (`[new's module, …,
/// this]`), when it would and no import of `old` that it replaces does so
/// already (the cycle is not new). `None` when the import would run only
/// when a function is called, or canon finds no such path.
pub fn new_cycle(
    sem: &Semantic,
    defs: &dyn StarNames,
    scope: ScopeId,
    new: &str,
    old: &[&str],
) -> Option<Vec<String>> {
    let here = sem.module.as_str();
    if here.is_empty() || !runs_at_import(sem, scope) {
        return None;
    }
    // `from a.b import c` loads `a.b.c` when it is a module, else `a.b`.
    let reach = |symbol: &str| {
        let parent = symbol.rsplit_once('.').map(|(m, _)| m);
        [Some(symbol), parent]
            .into_iter()
            .flatten()
            .filter(|m| *m != here)
            .find_map(|m| defs.loads_at_import(m, here))
    };
    let path = reach(new)?;
    match old.iter().any(|o| reach(o).is_some()) {
        true => None,
        false => Some(path),
    }
}

/// Whether code in `scope` runs while its module loads: no function or
/// lambda encloses it.
pub fn runs_at_import(sem: &Semantic, scope: ScopeId) -> bool {
    let mut s = Some(scope);
    while let Some(id) = s {
        let sc = &sem.scopes[id];
        if matches!(sc.kind, ScopeKind::Function { .. } | ScopeKind::Lambda) {
            return false;
        }
        s = sc.parent;
    }
    true
}

/// What the cycle `path` does, for a note: `an import of x here would
/// load …`.
pub fn describe(sem: &Semantic, path: &[String]) -> String {
    let here = sem.module.as_str();
    let first = path.first().map_or(here, String::as_str);
    format!(
        "would load `{first}` while `{here}` is still loading, and that loads `{here}` back at module level ({}): an import cycle",
        path.join(" → ")
    )
}
