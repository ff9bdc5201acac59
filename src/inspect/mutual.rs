//! A move whose `new` module imports its `old` module while it loads.
//! Once the users import `new`, deleting `old` breaks `new`. And when
//! `old` imports `new` too (a shim that re-exports it), the two import
//! each other: users that loaded `old` first now load `new` first, the
//! cycle runs the other way round, and a name one takes from the other
//! may not be bound yet (ImportError from a partially initialised module).
//! This reads imports only; it says nothing of what the move rewrites.

use super::{Index, Models};
use crate::python::semantic::is_at_or_under;
use crate::python::{Import, ImportKind};

/// What to warn of when the module of `new` loads `old` while it loads
/// (at module level or in a class body, not under `if TYPE_CHECKING:`):
/// `old` itself, so that deleting it breaks `new`; or the module of `old`,
/// which loads `new` back. `None` when neither, when they are one module,
/// or when `new` is inside `old` (a package's submodule loads it anyway).
/// A symbol's module may stay when the symbol goes: that `new` loads it
/// is worth saying only for the cycle.
pub fn imports_old(models: &Models, old: &str, new: &str) -> Option<String> {
    let index = models.index;
    let (old_mod, old_path) = module_of(index, old)?;
    let (new_mod, new_path) = module_of(index, new)?;
    if is_at_or_under(new_mod, old_mod) {
        return None;
    }
    let uses = first_load(models, new_path, old);
    let back = first_load(models, new_path, old_mod);
    let forth = back.and(first_load(models, old_path, new_mod));
    let cycle = |forth: usize| {
        format!(
            "{old_mod} imports {new_mod} ({old_path}:{forth}): the two import each other; users moved to {new_mod} load it first, so the cycle runs the other way round and a name one takes from the other may not be bound yet (ImportError from a partially initialized module)"
        )
    };
    match (uses, back, forth) {
        (Some(line), _, forth) => {
            let more = forth.map_or(String::new(), |f| format!("; and {}", cycle(f)));
            Some(format!(
                "{new_mod} imports {old} ({new_path}:{line}): once uses move there, removing {old} breaks {new_mod}{more}"
            ))
        }
        (None, Some(back), Some(forth)) => Some(format!(
            "{new_mod} imports {old_mod} ({new_path}:{back}) and {}",
            cycle(forth)
        )),
        _ => None,
    }
}

/// The project module `dotted` is or is in (the longest prefix of it that
/// is one), with its file.
fn module_of<'i>(index: &'i Index, dotted: &str) -> Option<(&'i str, &'i str)> {
    let mut at = dotted;
    loop {
        if let Some((name, files)) = index.modules.get_key_value(at) {
            return Some((name.as_str(), files.first()?.path.as_str()));
        }
        at = at.rsplit_once('.')?.0;
    }
}

/// The line of the first import of the file at `path` that loads
/// `target` (a module or something in it) while the file loads.
fn first_load(models: &Models, path: &str, target: &str) -> Option<usize> {
    let model = models.model(path)?;
    let sem = &model.sem;
    let import = (sem.imports.iter())
        .filter(|i| !i.type_checking && sem.runs_at_load(i.scope))
        .find(|i| imports(i, target))?;
    Some(model.lines.position(import.range.start).line)
}

/// Whether `import` imports `target` or something in it: `import a.b`
/// imports `a.b`; `from a.b import c` imports `a.b` and `a.b.c`.
fn imports(import: &Import, target: &str) -> bool {
    let under = |m: &str| is_at_or_under(m, target);
    match import.kind {
        ImportKind::Import => import.entries.iter().any(|e| under(&e.name)),
        ImportKind::From => {
            import.module.as_deref().is_some_and(under)
                || (import.entries.iter()).any(|e| e.symbol.as_deref().is_some_and(under))
        }
    }
}
