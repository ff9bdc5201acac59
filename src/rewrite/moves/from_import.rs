//! `from M import ...` statements under a move: the module re-pointed, or
//! the moving names renamed in place, split out and merged into an import
//! of their new module; how each is then spelled and what its uses become.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::super::EditKind;
use super::super::layer::{Ctx, Layer};
use super::Downstream;
use crate::python::semantic::is_at_or_under;
use crate::python::{BindingKind, Import, ImportKind};

/// An entry of the statement whose symbol moves.
struct Moving {
    k: usize,
    module: String,
    spelled: String,
    rename: Option<String>,
    /// Why the entry is aliased, for its hunk.
    note: Option<String>,
}

/// `from M import ...` statements: module moves, and entries that move.
pub(super) fn from_import(
    cx: &Ctx,
    layer: &mut Layer,
    ii: usize,
    old: &str,
    moved: &dyn Fn(&str) -> String,
    reexported: &HashSet<String>,
    downstream: &Downstream,
) {
    let import = &cx.sem.imports[ii];
    let (Some(module), Some(module_range)) = (&import.module, &import.module_range) else {
        return;
    };
    if is_at_or_under(module, old) {
        let new_module = moved(module);
        let why = import.entries.iter().find_map(|e| {
            let symbol = format!("{new_module}.{}", e.name);
            match reexported.contains(&e.bound) {
                true => Some((e, reexport_reason(&e.bound))),
                false => passed_on(cx, ii, &e.bound, &symbol, downstream)
                    .or_else(|| {
                        let old_symbol = e.symbol.as_deref()?;
                        escaped_patch(cx, ii, old_symbol, &symbol)
                    })
                    .map(|why| (e, why)),
            }
        });
        match why {
            None => {
                layer.push(module_range.clone(), new_module, EditKind::Import);
            }
            Some((e, why)) => layer.skipped.push((e.range.clone(), why)),
        }
        return;
    }
    let moving = moving_entries(cx, layer, ii, old, moved, reexported, downstream);
    let mut group: Vec<usize> = Vec::new();
    // Renamed within its own module: the entry changes in place (or goes,
    // when the statement already imports the new name).
    let (same, moving): (Vec<Moving>, Vec<Moving>) =
        moving.into_iter().partition(|m| m.module == *module);
    same_module(cx, layer, ii, &same, &mut group);
    follow_renames(cx, layer, ii, &same, &mut group);
    drop_type_checking_twins(cx, layer, ii, &same, &mut group);
    if moving.is_empty() {
        for w in group.windows(2) {
            layer.link(w[0], w[1]);
        }
        return;
    }
    let mut targets: BTreeMap<&str, Vec<&Moving>> = BTreeMap::new();
    for m in &moving {
        targets.entry(m.module.as_str()).or_default().push(m);
    }
    // Only an import in the same block: never into another `try:` or `if`.
    let block = cx.import_block(ii);
    let existing = |target: &str| {
        let ks: Vec<usize> = targets
            .get(target)
            .into_iter()
            .flatten()
            .map(|m| m.k)
            .collect();
        existing_import(cx, import, &block, target).filter(|&oi| binds_in_time(cx, ii, oi, &ks))
    };
    if refuse_late_twin(cx, layer, ii, &block, &targets) {
        return;
    }
    let all_move = moving.len() == import.entries.len() && !import.star;

    if all_move && targets.len() == 1 && existing(&moving[0].module).is_none() {
        rewrite_in_place(cx, layer, import, module_range, &moving, &mut group);
    } else {
        // Split the moving names out (or drop the statement when all go and
        // merge elsewhere), then add them to their new modules.
        let (removals, kept) = match all_move {
            true => {
                // The comments the moving names take along stay out.
                let goes_along = |m: &Moving| match existing(&m.module) {
                    Some(oi) => {
                        let other = &cx.sem.imports[oi];
                        cx.one_entry_a_line(other)
                            && !(other.entries.iter()).any(|e| cx.src[e.range.clone()] == m.spelled)
                    }
                    None => !cx.shares_line(import),
                };
                let carried: Vec<Range<usize>> = (moving.iter())
                    .filter(|m| goes_along(m))
                    .filter_map(|m| cx.entry_comment(import, m.k))
                    .collect();
                let (r, kept) = cx.statement_removal(&import.range, &carried);
                (vec![r], kept)
            }
            false => {
                let removed: Vec<usize> = moving.iter().map(|m| m.k).collect();
                (cx.entry_removals(ii, &removed), String::new())
            }
        };
        for (i, r) in removals.iter().enumerate() {
            let text = if i == 0 { kept.clone() } else { String::new() };
            group.push(layer.push(r.clone(), text, EditKind::RemoveImport));
        }
        for (target, ms) in &targets {
            let add = Adding {
                target,
                ms,
                existing: existing(target),
                removals: &removals,
            };
            add_to_target(cx, layer, import, add, &mut group);
        }
    }
    // Case 7: references bound to a renamed import follow it.
    follow_renames(cx, layer, ii, &moving, &mut group);
    drop_type_checking_twins(cx, layer, ii, &moving, &mut group);
    for w in group.windows(2) {
        layer.link(w[0], w[1]);
    }
}

/// Every name of the statement moves to one module no import of the block
/// has: rewrite it in place, `from NEW import a, b as c`, layout kept.
fn rewrite_in_place(
    cx: &Ctx,
    layer: &mut Layer,
    import: &Import,
    module_range: &Range<usize>,
    moving: &[Moving],
    group: &mut Vec<usize>,
) {
    group.push(layer.push(
        module_range.clone(),
        moving[0].module.clone(),
        EditKind::Import,
    ));
    for m in moving {
        let entry = &import.entries[m.k];
        if cx.src[entry.range.clone()] != m.spelled {
            let e = layer.push(entry.range.clone(), m.spelled.clone(), EditKind::Import);
            if let Some(n) = &m.note {
                layer.note(e, n.clone());
            }
            group.push(e);
        }
    }
}

/// The entries of import `ii` whose symbol moves, with how each is spelled
/// after the move; an entry that cannot move is reported in `layer.skipped`.
fn moving_entries(
    cx: &Ctx,
    layer: &mut Layer,
    ii: usize,
    old: &str,
    moved: &dyn Fn(&str) -> String,
    reexported: &HashSet<String>,
    downstream: &Downstream,
) -> Vec<Moving> {
    let import = &cx.sem.imports[ii];
    let mut moving = Vec::new();
    for (k, entry) in import.entries.iter().enumerate() {
        let Some(symbol) = &entry.symbol else {
            continue;
        };
        if !is_at_or_under(symbol, old) {
            continue;
        }
        if reexported.contains(&entry.bound) {
            layer
                .skipped
                .push((entry.range.clone(), reexport_reason(&entry.bound)));
            continue;
        }
        let new_symbol = moved(symbol);
        if let Some(why) = passed_on(cx, ii, &entry.bound, &new_symbol, downstream)
            .or_else(|| import_cycle(cx, ii, symbol, &new_symbol))
            .or_else(|| escaped_patch(cx, ii, symbol, &new_symbol))
        {
            layer.skipped.push((entry.range.clone(), why));
            continue;
        }
        let Some((new_module, new_name)) = new_symbol.rsplit_once('.') else {
            layer.skipped.push((
                entry.range.clone(),
                format!("`{new_symbol}` is a top-level module"),
            ));
            continue;
        };
        // The new module importing the old name is the transition shim
        // itself (`from old import X as Y` in `new`): it would import itself.
        if new_module == cx.sem.module {
            layer.skipped.push((
                entry.range.clone(),
                format!("this is `{new_module}` itself, the new home: it would import from itself"),
            ));
            continue;
        }
        let (spelled, rename, note) = match &entry.alias {
            Some(alias) if alias == new_name => (new_name.to_string(), None, None),
            Some(alias) => (format!("{new_name} as {alias}"), None, None),
            None if new_name == entry.name => (new_name.to_string(), None, None),
            None => local_name(cx, ii, k, &new_symbol),
        };
        moving.push(Moving {
            k,
            module: new_module.to_string(),
            spelled,
            rename,
            note,
        });
    }
    moving
}

/// Why module-level name `bound`, bound by import `ii`, stays as it is
/// although its import provides what moved to `symbol`: other files import
/// `bound` from this module, and a later rewrite changes the calls of
/// `symbol`. Re-pointed, the name would hand those files `symbol`, whose
/// calls there the rewrite never sees (a file's names resolve through its
/// own imports, not through what another module re-exports): `make(ctx)`
/// would reach `Manager(*, user_context)` unchanged. A move of the name's
/// own path (`pkg.make`) moves those files, and this import follows once
/// none refers to it: a file that does may be one that re-exports the name
/// again and stays itself (`pkg/__init__.py` under `pkg/a.py`).
fn passed_on(
    cx: &Ctx,
    ii: usize,
    bound: &str,
    symbol: &str,
    downstream: &Downstream,
) -> Option<String> {
    if cx.sem.imports[ii].scope != 0 {
        return None;
    }
    let path = format!("{}.{bound}", cx.sem.module);
    let rule = downstream.rewrite_of(symbol)?;
    let module = &cx.sem.module;
    if let Some(who) = cx.referrers.patches(module, bound, module) {
        return Some(format!(
            "`{bound}` stays as it is: {who}, maybe with a stand-in for the old calls, and rule `{rule}` rewrites the calls of `{symbol}`: re-pointed, this module's calls would change and reach the stand-in in their new form; for a human to change the patch and the calls together"
        ));
    }
    let who = cx.referrer(bound)?;
    Some(format!(
        "`{bound}` stays as it is: {who}, and rule `{rule}` rewrites the calls of `{symbol}`, which it cannot follow there through this module; re-pointed, those calls would reach `{symbol}` unchanged. A move of `{path}`, before rule `{rule}`, moves the files that import it from here; once none does, this import follows"
    ))
}

/// Why import `ii` of `old` stays: re-pointed to `new`, it would load
/// `new`'s module while this one is still loading, and that module loads
/// this one back at module level (`newpkg.tools` does `from app import
/// SETTINGS`): an import cycle the old path did not have (its shim imported
/// `new` only when called).
fn import_cycle(cx: &Ctx, ii: usize, old: &str, new: &str) -> Option<String> {
    use crate::rewrite::cycles::{describe, new_cycle};
    let path = new_cycle(cx.sem, cx.defs, cx.sem.imports[ii].scope, new, &[old])?;
    Some(format!(
        "moved, this module-level import {}, which the old path did not have (its code imports `{new}` only when called); for a human to import it inside the functions that use it",
        describe(cx.sem, &path)
    ))
}

/// Why import `ii` of `old` stays: a file patches `new` itself
/// (`patch("new.mod.f")`), which the old code may reach only when called,
/// through the old path's shim (`def f(x): return new.mod.f(x)`): the
/// patch intercepts it. Re-pointed, this import, where the module loads,
/// would take `new` by name before any test patches it, and the calls
/// would no longer go through the patch. A function-local import takes
/// it when the function runs (under the patch); a patch of a name under
/// `new` (`new.mod.C.f`) changes the object it names either way; an old
/// path that is itself `new` imported by name (a re-export) was never
/// intercepted.
fn escaped_patch(cx: &Ctx, ii: usize, old: &str, new: &str) -> Option<String> {
    let import = &cx.sem.imports[ii];
    if import.type_checking || !cx.sem.runs_at_load(import.scope) || old == new {
        return None;
    }
    let (_, who) = (cx.referrers.pins(new, None, None).into_iter()).find(|(s, _)| s == new)?;
    if cx.defs.reexports(old, new) {
        return None;
    }
    let module = new.rsplit_once('.').map_or(new, |(m, _)| m);
    Some(format!(
        "{who}, which the old code reached at call time through `{old}`; imported by name here, where the module loads, the call would no longer be intercepted; for a human to call it through its module (`import {module}`, `{new}(…)`) or to move the patch and the calls together"
    ))
}

/// Entries renamed within their own module: each changes in place, or goes
/// when another entry of the statement already spells the new name.
fn same_module(cx: &Ctx, layer: &mut Layer, ii: usize, same: &[Moving], group: &mut Vec<usize>) {
    let import = &cx.sem.imports[ii];
    let keeps_other_entries = same.len() < import.entries.len();
    for m in same {
        let entry = &import.entries[m.k];
        let spelled_elsewhere = import
            .entries
            .iter()
            .enumerate()
            .any(|(j, e)| j != m.k && cx.src[e.range.clone()] == m.spelled);
        if spelled_elsewhere && keeps_other_entries {
            for r in cx.entry_removals(ii, &[m.k]) {
                group.push(layer.push(r, "", EditKind::RemoveImport));
            }
        } else if cx.src[entry.range.clone()] != m.spelled {
            let e = layer.push(entry.range.clone(), m.spelled.clone(), EditKind::Import);
            if let Some(n) = &m.note {
                layer.note(e, n.clone());
            }
            group.push(e);
        }
    }
}

/// References bound to an entry whose local name changes follow it.
fn follow_renames(
    cx: &Ctx,
    layer: &mut Layer,
    ii: usize,
    entries: &[Moving],
    group: &mut Vec<usize>,
) {
    for m in entries {
        let Some(new_name) = &m.rename else { continue };
        for r in cx.rename_sites(ii, m.k) {
            group.push(layer.push(r, new_name.clone(), EditKind::Reference));
        }
    }
}

/// An import under `if TYPE_CHECKING:` in the scope of import `ii` that
/// binds a moving entry's new name to its new symbol (`from new.mod import
/// create` for type hints only) becomes a redefinition of the runtime
/// import the move writes (pyflakes F811): it goes, the runtime import
/// serving the type checker as well. It ran at runtime never, so nothing
/// it did is lost; a block it empties keeps a `pass`.
fn drop_type_checking_twins(
    cx: &Ctx,
    layer: &mut Layer,
    ii: usize,
    entries: &[Moving],
    group: &mut Vec<usize>,
) {
    let (scope, hints_only) = (cx.sem.imports[ii].scope, cx.sem.imports[ii].type_checking);
    if hints_only {
        return;
    }
    let mut twins: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for m in entries {
        let (name, local) = match m.spelled.split_once(" as ") {
            Some((n, a)) => (n, a),
            None => (m.spelled.as_str(), m.spelled.as_str()),
        };
        for (oi, other) in cx.sem.imports.iter().enumerate() {
            if oi == ii
                || !other.type_checking
                || other.scope != scope
                || other.kind != ImportKind::From
                || other.module.as_deref() != Some(m.module.as_str())
            {
                continue;
            }
            for (k, e) in other.entries.iter().enumerate() {
                if e.name == name && e.bound == local {
                    twins.entry(oi).or_default().push(k);
                }
            }
        }
    }
    for (oi, mut ks) in twins {
        ks.sort_unstable();
        ks.dedup();
        let other = &cx.sem.imports[oi];
        let ranges = match ks.len() == other.entries.len() {
            true => vec![cx.statement_lines(&other.range)],
            false => cx.entry_removals(oi, &ks),
        };
        for r in ranges {
            if !layer.overlaps(&r) {
                group.push(layer.push(r, "", EditKind::RemoveImport));
            }
        }
    }
}

/// Another `from target import ...` in the same scope and block as `import`.
fn existing_import(
    cx: &Ctx,
    import: &Import,
    block: &Option<Range<usize>>,
    target: &str,
) -> Option<usize> {
    cx.imports_from(target).iter().copied().find(|&oi| {
        let other = &cx.sem.imports[oi];
        other.scope == import.scope && other.range != import.range && cx.import_block(oi) == *block
    })
}

/// Whether import `oi`, merged into, binds the names of import `ii`'s
/// entries `ks` before their uses: it comes first, or every use follows
/// it. Merged into a later import, a use before it (`x = make()` above
/// `from new.mod import create`) would find the name unbound.
fn binds_in_time(cx: &Ctx, ii: usize, oi: usize, ks: &[usize]) -> bool {
    let end = cx.sem.imports[oi].range.end;
    cx.sem.imports[oi].range.start < cx.sem.imports[ii].range.start
        || ks.iter().all(|&k| {
            cx.uses_of(ii, k).iter().all(|u| u.node.start_byte() >= end)
                && cx.annotation_uses_of(ii, k).iter().all(|r| r.start >= end)
        })
}

/// A later import of the block that already imports a moving name as it
/// would be spelled (`from new.mod import create` below `x = make()`): the
/// name cannot merge into it (the uses before it would find the name
/// unbound) nor be imported here too (twice, where a rebinding between
/// them would matter). Each such entry is refused, saying why; returns
/// whether any was.
fn refuse_late_twin(
    cx: &Ctx,
    layer: &mut Layer,
    ii: usize,
    block: &Option<Range<usize>>,
    targets: &BTreeMap<&str, Vec<&Moving>>,
) -> bool {
    let import = &cx.sem.imports[ii];
    let mut refused = false;
    for (target, ms) in targets {
        let Some(oi) = existing_import(cx, import, block, target) else {
            continue;
        };
        let other = &cx.sem.imports[oi];
        for m in ms {
            let twin = other
                .entries
                .iter()
                .any(|e| cx.src[e.range.clone()] == m.spelled);
            if !twin || binds_in_time(cx, ii, oi, &[m.k]) {
                continue;
            }
            let line = cx.src[..other.range.start].matches('\n').count() + 1;
            let entry = &import.entries[m.k];
            layer.skipped.push((
                entry.range.clone(),
                format!(
                    "the file imports `{}` from `{target}` again later (line {line}), after uses of `{}` here: merged into that import, they would run before it binds the name, and imported here as well it would be imported twice; for a human to move the later import up or drop it",
                    m.spelled, entry.bound
                ),
            ));
            refused = true;
        }
    }
    refused
}

/// Add the names `ms` moving to `target`: into `existing`, the statement
/// that already imports from it, or as a new statement after `import`.
fn add_to_target(
    cx: &Ctx,
    layer: &mut Layer,
    import: &Import,
    add: Adding,
    group: &mut Vec<usize>,
) {
    let Adding {
        target,
        ms,
        existing,
        removals,
    } = add;
    let notes: Vec<String> = ms.iter().filter_map(|m| m.note.clone()).collect();
    let before = group.len();
    match existing {
        Some(oi) => {
            let other = &cx.sem.imports[oi];
            let have: Vec<&str> = other
                .entries
                .iter()
                .map(|e| &cx.src[e.range.clone()])
                .collect();
            let names: Vec<(String, Option<&str>)> = ms
                .iter()
                .filter(|m| !have.contains(&m.spelled.as_str()))
                .map(|m| (m.spelled.clone(), carried(cx, import, m, removals)))
                .collect();
            if !names.is_empty() {
                let (at, text) = cx.append_entries(other, &names);
                group.push(layer.insert_once(at, text, EditKind::AddImport));
            }
        }
        None => {
            let line = new_import(cx, import, target, ms, removals);
            group.push(cx.add_after(layer, import, &line));
        }
    }
    if let Some(&e) = group.get(before)
        && !notes.is_empty()
    {
        layer.note(e, notes.join("; "));
    }
}

/// The comment said of moving name `m` that the removals take, if any.
fn carried<'s>(
    cx: &Ctx<'_, 's>,
    import: &Import,
    m: &Moving,
    removals: &[Range<usize>],
) -> Option<&'s str> {
    let c = cx.entry_comment(import, m.k)?;
    let taken = removals
        .iter()
        .any(|r| r.start <= c.start && c.end <= r.end);
    taken.then(|| &cx.src[c])
}

/// The moving names of one import going to one new module.
struct Adding<'a> {
    target: &'a str,
    ms: &'a [&'a Moving],
    /// An import of the block the names join instead of a new one.
    existing: Option<usize>,
    /// What the old import loses.
    removals: &'a [Range<usize>],
}

/// `from TARGET import a, b` for names `ms` of `import`. A comment said
/// of a moving name on its own line (`helper,  # shared helper`) that
/// the removal takes goes with the name, to the end of the new line.
fn new_import(
    cx: &Ctx,
    import: &Import,
    target: &str,
    ms: &[&Moving],
    removals: &[Range<usize>],
) -> String {
    let names: Vec<&str> = ms.iter().map(|m| m.spelled.as_str()).collect();
    let line = format!("from {target} import {}", names.join(", "));
    if cx.shares_line(import) {
        return line;
    }
    (ms.iter())
        .filter_map(|m| carried(cx, import, m, removals))
        .fold(line, |l, c| l + "  " + c)
}

/// How entry `k` of import `ii` (no alias) spells its moved `symbol`, the
/// local name its uses then need, and why, when it is not the new name:
/// - the new name, when it renames cleanly (see [`renames_cleanly`]) and no
///   other file imports the old name from here;
/// - where the new name is taken, an alias that reads as what it is
///   (`Manager as manager_Manager`), uses renamed to it;
/// - otherwise the old name, kept as an alias.
fn local_name(
    cx: &Ctx,
    ii: usize,
    k: usize,
    symbol: &str,
) -> (String, Option<String>, Option<String>) {
    let import = &cx.sem.imports[ii];
    let old = &import.entries[k].name;
    let (module, new_name) = symbol.rsplit_once('.').unwrap_or(("", symbol));
    let scope = import.scope;
    let referrer = if scope == 0 { cx.referrer(old) } else { None };
    // `locals()["helper"]` in the function that imports it.
    let looked_up = match scope {
        0 => None,
        _ => cx.sem.namespace_lookup(old, scope),
    };
    let free = cx.name_free(new_name, symbol, scope);
    let in_class = cx.sem.scopes[scope].kind == crate::python::ScopeKind::Class;
    // A use in `f"{helper()=}"` prints the name: renamed, it would print another.
    let printed = super::super::may_self_document(cx.src)
        && cx
            .uses_of(ii, k)
            .iter()
            .any(|u| super::super::prints_own_text(u.node));
    // pytest looks a conftest's module-level names up by the parameter
    // names of the tests below it (`def test_db(db_session)`): a fixture
    // shared by importing it there is used by name, from other files.
    let fixture = scope == 0 && cx.sem.module.rsplit('.').next() == Some("conftest");
    // `globals().get("assist")`: bound anew, the name would be found.
    let new_looked_up = match free {
        true => cx.sem.namespace_lookup(new_name, scope),
        false => None,
    };
    if free
        && !fixture
        && referrer.is_none()
        && looked_up.is_none()
        && new_looked_up.is_none()
        && !in_class
        && !printed
        && renames_cleanly(cx, ii, k, new_name, symbol)
    {
        return (new_name.to_string(), Some(new_name.to_string()), None);
    }
    let keep = |why: String| (format!("{new_name} as {old}"), None, Some(why));
    if cx.sem.scopes[scope].kind == crate::python::ScopeKind::Class {
        let class = cx.sem.scopes[scope].name.as_deref().unwrap_or("the class");
        return keep(format!(
            "imported as `{old}`: an import in a class body is the attribute `{class}.{old}`"
        ));
    }
    if let Some(who) = referrer {
        return keep(format!(
            "imported as `{old}`: this module's `{old}` must stay, {who}"
        ));
    }
    if fixture {
        return keep(format!(
            "imported as `{old}`: a `conftest.py`'s module-level names are pytest fixtures, which tests request by name (`def test_x({old})`)"
        ));
    }
    if let Some(why) = looked_up {
        return keep(format!("imported as `{old}`: {why}"));
    }
    if let Some(why) = new_looked_up {
        return keep(format!(
            "imported as `{old}`: bound here, `{new_name}` would change what the file finds by that name, as {why}"
        ));
    }
    if printed {
        return keep(format!(
            "imported as `{old}`: an f-string field that prints its own text (`{{{old}…=}}`) uses it, and would print another name"
        ));
    }
    if !free {
        let last = module.rsplit('.').next().unwrap_or(module);
        let alias = format!("{last}_{new_name}");
        if cx.name_free(&alias, symbol, scope) && renames_cleanly(cx, ii, k, &alias, symbol) {
            return (
                format!("{new_name} as {alias}"),
                Some(alias.clone()),
                Some(format!(
                    "imported as `{alias}`: `{new_name}` already means something else here"
                )),
            );
        }
        return keep(format!(
            "imported as `{old}`: `{new_name}` already means something else here"
        ));
    }
    if let Some(star) = (scope == 0)
        .then(|| cx.sem.stars_binding(old).next())
        .flatten()
    {
        return keep(format!(
            "imported as `{old}`: `from {} import *` may bind `{old}` too, so its uses cannot all be renamed",
            star.module
        ));
    }
    keep(format!(
        "imported as `{old}`: another binding of `{old}` reaches its uses (an `if`/`try` arm, a `global` or `nonlocal`, or an inner `{new_name}`), so they cannot all be renamed"
    ))
}

/// Whether renaming the uses of import `ii`'s entry `k` to `new_name` keeps
/// every binding of the name together: the entry is the name's only
/// binding in its scope (no other arm of an `if`/`try`, no `global`
/// rebinding elsewhere), every use is reached by it alone, and no use sits
/// where a binding of `new_name` to anything but `symbol` would capture it.
pub(super) fn renames_cleanly(cx: &Ctx, ii: usize, k: usize, new_name: &str, symbol: &str) -> bool {
    let import = &cx.sem.imports[ii];
    let bound = &import.entries[k].bound;
    let sem = cx.sem;
    let only = sem.scopes[import.scope]
        .bindings
        .get(bound)
        .is_some_and(|bs| bs.len() == 1);
    let rebound_globally = import.scope == 0
        && sem
            .scopes
            .iter()
            .skip(1)
            .any(|s| s.globals.iter().any(|g| g == bound));
    // `nonlocal helper` in a function (or class body) inside the one that
    // imports it names the variable: renamed, it would name none.
    let within = &sem.scopes[import.scope].range;
    let rebound_nonlocally = import.scope != 0
        && (sem.scopes.iter()).any(|s| {
            within.start <= s.range.start
                && s.range.end <= within.end
                && s.nonlocals.iter().any(|n| n == bound)
        });
    // `from m import *` at module level may bind it too, wherever it is.
    let star = import.scope == 0 && sem.star_may_bind(bound);
    if !only || rebound_globally || rebound_nonlocally || star {
        return false;
    }
    cx.uses_of(ii, k).iter().all(|u| {
        let pos = u.node.start_byte();
        sem.lookup_all(bound, u.scope, pos).len() == 1
            && sem.lookup_all(new_name, u.scope, pos).iter().all(|b| {
                // Only an import of the very symbol may already hold the name.
                matches!(&b.kind, BindingKind::Import { symbol: s, .. } if s == symbol)
            })
    })
}

/// Why an import whose name `__all__` re-exports is left as it is.
pub(super) fn reexport_reason(name: &str) -> String {
    format!(
        "`{name}` is re-exported in `__all__`: the import stays while the re-export needs it (take `{name}` out of `__all__` once nothing imports it from here)"
    )
}
