//! Fixes for `move` rules (SPEC §3 cases 1–11).
//!
//! Imports are rewritten in place (scope and indentation kept); a name split
//! out of a multi-name import keeps the rest of the statement as it was; the
//! new name merges into an existing import of its module in the same scope;
//! references bound to a renamed import are renamed (never a local that
//! shadows it); chains through an old module are re-spelled; dotted-path
//! strings are separate edits. Definitions, `__all__` re-exports and
//! mentions get no fix.

use std::collections::{BTreeMap, HashSet};

use tree_sitter::Node;

use super::EditKind;
use super::layer::{Ctx, Layer, bound_symbol, import_statement};
use crate::python::semantic::is_at_or_under;
use crate::python::{BindingKind, ImportKind, is_path_string, string_content, string_value};

/// `all_strings`: the rule says every string equal to the old path is an
/// import path (not data).
pub fn move_layer(cx: &Ctx, old: &str, new: &str, all_strings: bool) -> Layer {
    let mut layer = Layer::default();
    let moved = |sym: &str| format!("{new}{}", &sym[old.len()..]);
    let reexported: HashSet<String> = cx
        .sem
        .dunder_all
        .iter()
        .filter_map(|n| string_content(*n).map(|c| cx.src[c].to_string()))
        .collect();

    // Edits per import entry that rewrite the import providing a moved
    // module, so chains through it can link to them: (import, entry) -> edit.
    let mut rewritten: BTreeMap<(usize, usize), usize> = BTreeMap::new();

    // Module bindings whose local name stays (`import mock` became
    // `from unittest import mock`): their uses need no edit.
    let mut kept: HashSet<(usize, usize)> = HashSet::new();
    let inside = is_at_or_under(&cx.sem.module, old);
    for (ii, import) in cx.sem.imports.iter().enumerate() {
        if inside && import.level > 0 {
            continue; // relative imports move with the package
        }
        match import.kind {
            ImportKind::From => from_import(cx, &mut layer, ii, old, &moved, &reexported),
            ImportKind::Import => {
                for (k, entry) in import.entries.iter().enumerate() {
                    if keep_local_name(cx, &mut layer, ii, k, old, new) {
                        kept.insert((ii, k));
                        continue;
                    }
                    // `import OLD[.sub] [as m]` of a moved module: re-point it,
                    // unless `import a.b`'s head `a` serves other uses too
                    // (`a.helper()`): then `import NEW` joins it (see `chains`).
                    let head_only = entry.alias.is_none() && entry.bound != entry.name;
                    if is_at_or_under(&entry.name, old)
                        && !reexported.contains(&entry.bound)
                        && (!head_only || head_uses_all_move(cx, ii, k, old))
                    {
                        let e = layer.push(
                            entry.name_range.clone(),
                            moved(&entry.name),
                            EditKind::Import,
                        );
                        rewritten.insert((ii, k), e);
                    }
                }
            }
        }
    }
    chains(cx, &mut layer, old, &moved, &mut rewritten, &kept);
    strings(cx, &mut layer, old, &moved, all_strings);
    layer
}

/// `import OLD` of a one-word module whose new home ends in the same name
/// (`mock` → `unittest.mock`) becomes `from unittest import mock`: the
/// local name every use refers to stays, so no use changes.
fn keep_local_name(cx: &Ctx, layer: &mut Layer, ii: usize, k: usize, old: &str, new: &str) -> bool {
    let import = &cx.sem.imports[ii];
    let entry = &import.entries[k];
    let Some((package, last)) = new.rsplit_once('.') else {
        return false;
    };
    if entry.alias.is_some() || entry.name != old || old.contains('.') || last != old {
        return false;
    }
    let line = format!("from {package} import {last}");
    if import.entries.len() == 1 {
        layer.push(import.range.clone(), line, EditKind::Import);
        return true;
    }
    // `import os, mock`: the entry leaves, its own statement follows.
    let mut group: Vec<usize> = cx
        .entry_removals(ii, &[k])
        .into_iter()
        .map(|r| layer.push(r, "", EditKind::RemoveImport))
        .collect();
    group.push(cx.add_after(layer, import, &line));
    for w in group.windows(2) {
        layer.link(w[0], w[1]);
    }
    true
}

/// `from M import ...` statements: module moves, and entries that move.
fn from_import(
    cx: &Ctx,
    layer: &mut Layer,
    ii: usize,
    old: &str,
    moved: &dyn Fn(&str) -> String,
    reexported: &HashSet<String>,
) {
    let import = &cx.sem.imports[ii];
    let (Some(module), Some(module_range)) = (&import.module, &import.module_range) else {
        return;
    };
    if is_at_or_under(module, old) {
        if !import.entries.iter().any(|e| reexported.contains(&e.bound)) {
            layer.push(module_range.clone(), moved(module), EditKind::Import);
        }
        return;
    }
    struct Moving {
        k: usize,
        module: String,
        spelled: String,
        rename: Option<String>,
        /// Why the entry is aliased, for its hunk.
        note: Option<String>,
    }
    let mut moving = Vec::new();
    for (k, entry) in import.entries.iter().enumerate() {
        let Some(symbol) = &entry.symbol else {
            continue;
        };
        if !is_at_or_under(symbol, old) || reexported.contains(&entry.bound) {
            continue;
        }
        let new_symbol = moved(symbol);
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
    let mut group: Vec<usize> = Vec::new();
    // Renamed within its own module: the entry changes in place (or goes,
    // when the statement already imports the new name).
    let (same, moving): (Vec<Moving>, Vec<Moving>) =
        moving.into_iter().partition(|m| m.module == *module);
    let keeps_other_entries = same.len() < import.entries.len();
    for m in &same {
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
    for m in &same {
        let Some(new_name) = &m.rename else { continue };
        for r in cx.rename_sites(ii, m.k) {
            group.push(layer.push(r, new_name.clone(), EditKind::Reference));
        }
    }
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
        cx.sem.imports.iter().enumerate().position(|(oi, other)| {
            other.kind == ImportKind::From
                && other.scope == import.scope
                && !other.star
                && other.module.as_deref() == Some(target)
                && other.range != import.range
                && cx.import_block(oi) == block
        })
    };
    let all_move = moving.len() == import.entries.len() && !import.star;

    if all_move && targets.len() == 1 && existing(&moving[0].module).is_none() {
        // Rewrite in place: `from NEW import a, b as c`, layout kept.
        group.push(layer.push(
            module_range.clone(),
            moving[0].module.clone(),
            EditKind::Import,
        ));
        for m in &moving {
            let entry = &import.entries[m.k];
            if cx.src[entry.range.clone()] != m.spelled {
                let e = layer.push(entry.range.clone(), m.spelled.clone(), EditKind::Import);
                if let Some(n) = &m.note {
                    layer.note(e, n.clone());
                }
                group.push(e);
            }
        }
    } else {
        // Split the moving names out (or drop the statement when all go and
        // merge elsewhere), then add them to their new modules.
        if all_move {
            group.push(layer.push(
                cx.statement_lines(&import.range),
                "",
                EditKind::RemoveImport,
            ));
        } else {
            let removed: Vec<usize> = moving.iter().map(|m| m.k).collect();
            for r in cx.entry_removals(ii, &removed) {
                group.push(layer.push(r, "", EditKind::RemoveImport));
            }
        }
        for (target, ms) in &targets {
            let notes: Vec<String> = ms.iter().filter_map(|m| m.note.clone()).collect();
            let before = group.len();
            match existing(target) {
                Some(oi) => {
                    let other = &cx.sem.imports[oi];
                    let have: Vec<&str> = other
                        .entries
                        .iter()
                        .map(|e| &cx.src[e.range.clone()])
                        .collect();
                    let names: Vec<String> = ms
                        .iter()
                        .map(|m| m.spelled.clone())
                        .filter(|s| !have.contains(&s.as_str()))
                        .collect();
                    if !names.is_empty() {
                        let (at, text) = cx.append_entries(other, &names);
                        group.push(layer.insert_once(at, text, EditKind::AddImport));
                    }
                }
                None => {
                    let names: Vec<&str> = ms.iter().map(|m| m.spelled.as_str()).collect();
                    let line = format!("from {target} import {}", names.join(", "));
                    group.push(cx.add_after(layer, import, &line));
                }
            }
            if let Some(&e) = group.get(before)
                && !notes.is_empty()
            {
                layer.note(e, notes.join("; "));
            }
        }
    }
    // Case 7: references bound to a renamed import follow it.
    for m in &moving {
        let Some(new_name) = &m.rename else { continue };
        for r in cx.rename_sites(ii, m.k) {
            group.push(layer.push(r, new_name.clone(), EditKind::Reference));
        }
    }
    for w in group.windows(2) {
        layer.link(w[0], w[1]);
    }
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
    let free = cx.name_free(new_name, symbol, scope);
    let in_class = cx.sem.scopes[scope].kind == crate::python::ScopeKind::Class;
    if free && referrer.is_none() && !in_class && renames_cleanly(cx, ii, k, new_name, symbol) {
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
    keep(format!(
        "imported as `{old}`: another binding of `{old}` reaches its uses (an `if`/`try` arm, a `global`, or an inner `{new_name}`), so they cannot all be renamed"
    ))
}

/// Whether renaming the uses of import `ii`'s entry `k` to `new_name` keeps
/// every binding of the name together: the entry is the name's only
/// binding in its scope (no other arm of an `if`/`try`, no `global`
/// rebinding elsewhere), every use is reached by it alone, and no use sits
/// where a binding of `new_name` to anything but `symbol` would capture it.
fn renames_cleanly(cx: &Ctx, ii: usize, k: usize, new_name: &str, symbol: &str) -> bool {
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
    if !only || rebound_globally {
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

/// A use's range and the new symbol it must denote.
type MovedUse = (std::ops::Range<usize>, String);

/// Attribute chains that spell the old path through a module binding.
fn chains(
    cx: &Ctx,
    layer: &mut Layer,
    old: &str,
    moved: &dyn Fn(&str) -> String,
    rewritten: &mut BTreeMap<(usize, usize), usize>,
    kept: &HashSet<(usize, usize)>,
) {
    let sem = cx.sem;
    let under = |n: Node, scope| {
        sem.resolve_all(n, scope)
            .into_iter()
            .find(|c| is_at_or_under(&c.symbol, old))
    };
    // Bindings whose every use is a moved chain can be re-pointed wholesale.
    let mut repointed: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    // `from a import mod` bindings whose uses all moved: (use, new symbol).
    let mut replaced: BTreeMap<(usize, usize), Vec<MovedUse>> = BTreeMap::new();
    // Per `import a.b` binding: does every `a.b.…` use move? (A walk over
    // every reference, so asked once.)
    let mut spelled_all: BTreeMap<(usize, usize), bool> = BTreeMap::new();
    for r in &sem.references {
        // (A `case` pattern's dotted value is a chain like any other.)
        let is_attribute = matches!(r.node.kind(), "attribute" | "dotted_name");
        if !is_attribute && r.node.kind() != "identifier" {
            continue;
        }
        let Some(hit) = under(r.node, r.scope) else {
            continue;
        };
        let object = r.node.child_by_field_name("object");
        if object.is_some_and(|o| under(o, r.scope).is_some()) || hit.via_star {
            continue;
        }
        let Some(binding) = head_binding(cx, r.node, r.scope) else {
            continue;
        };
        // Any binding of the head that kept its local name (`try: import
        // mock` / `except ImportError: from unittest import mock`): no edit.
        let head_all = head_bindings(cx, r.node, r.scope);
        if head_all.iter().any(|b| kept.contains(b)) {
            continue;
        }
        let new_symbol = moved(&hit.symbol);
        // `import OLD as m` became `import NEW as m`: `m.x` already follows.
        if rewritten.contains_key(&binding)
            && sem.imports[binding.0].entries[binding.1].alias.is_some()
        {
            continue;
        }
        // A module moved wholesale: `import OLD` became `import NEW`. The
        // chain spells the path from the head package, which any `import
        // head.…` binds, so match the import by path, not by binding.
        let by_path = rewritten.iter().find(|((ii, k), _)| {
            let entry = &sem.imports[*ii].entries[*k];
            entry.alias.is_none() && is_at_or_under(&hit.symbol, &entry.name)
        });
        // A bare name only when it is that module import's own binding.
        let by_path = by_path.filter(|_| is_attribute || hit.symbol == old_module_of(sem, binding));
        if let Some((_, &e)) = by_path.or_else(|| rewritten.get_key_value(&binding)) {
            let edit = layer.push(r.node.byte_range(), new_symbol, EditKind::Reference);
            layer.link(edit, e);
            continue;
        }
        // A bare name is re-spelled only as the head of a re-pointed module
        // import (`simplejson.loads` → `json.loads`); other names follow their import.
        if !is_attribute {
            continue;
        }
        let (ii, k) = binding;
        let import = &sem.imports[ii];
        let entry = &import.entries[k];
        let Some(bound) = bound_symbol(import, entry) else {
            continue;
        };
        let all_moved = cx
            .uses_of(ii, k)
            .iter()
            .all(|u| moved_chain_above(cx, u.node, u.scope, old));
        let Some((new_module, _)) = new_symbol.rsplit_once('.') else {
            continue;
        };
        let single_module = import.kind == ImportKind::Import && entry.alias.is_some();
        if all_moved && single_module && bound.split('.').count() >= 1 {
            // `import OLD_MOD as m` whose uses all moved: `import NEW_MOD as m`.
            let expr = format!("{}{}", entry.bound, &new_symbol[new_module.len()..]);
            let e = repoint(cx, layer, &mut repointed, binding, new_module);
            let edit = layer.push(r.node.byte_range(), expr, EditKind::Reference);
            layer.link(edit, e);
            continue;
        }
        if all_moved
            && import.kind == ImportKind::Import
            && entry.alias.is_none()
            && is_at_or_under(&hit.symbol, &entry.name)
        {
            // `import OLD_MOD` whose uses all moved: `import NEW_MOD`.
            let e = repoint(cx, layer, &mut repointed, binding, new_module);
            let edit = layer.push(r.node.byte_range(), new_symbol.clone(), EditKind::Reference);
            layer.link(edit, e);
            continue;
        }
        // Otherwise the old import stays (other names still use it) and the
        // new name comes from an import of its own next to it.
        let scope = import.scope;
        let at_pos = r.node.start_byte();
        if let Some(expr) = cx.existing_expr(&new_symbol, r.scope, at_pos) {
            layer.push(r.node.byte_range(), expr, EditKind::Reference);
            continue;
        }
        if import.kind == ImportKind::Import && entry.alias.is_none() {
            // A chain through `import a.b` stays a chain (so `patch("c.d.x")`
            // still reaches the use). When every `a.b.…` use moves, the
            // import itself is re-pointed: `import c.d`; else `import c.d`
            // goes beside it.
            let all_move = *spelled_all
                .entry(binding)
                .or_insert_with(|| spelled_uses_all_move(cx, ii, k, old));
            // The module to import: the moved module itself when the
            // statement imports the old one (`import a.b`, old `a.b`), else
            // the one holding the moved symbol.
            let new_module = if is_at_or_under(&entry.name, old) {
                moved(&entry.name)
            } else {
                new_module.to_string()
            };
            let new_module = new_module.as_str();
            if all_move {
                let e = repoint(cx, layer, &mut repointed, binding, new_module);
                let edit = layer.push(r.node.byte_range(), new_symbol.clone(), EditKind::Reference);
                layer.link(edit, e);
                continue;
            }
            let head = new_module.split('.').next().unwrap_or(new_module);
            if !cx.name_free(head, head, scope) {
                layer.skipped.push((
                    r.node.byte_range(),
                    format!("`{head}` is already taken here"),
                ));
                continue;
            }
            let add = cx.add_after(layer, import, &format!("import {new_module}"));
            let edit = layer.push(r.node.byte_range(), new_symbol.clone(), EditKind::Reference);
            layer.require(edit, add);
            continue;
        }
        // In a `case` pattern a bare name is a capture, not a value: the
        // new symbol stays dotted there (`case colors.CRIMSON:`), through
        // an `import` of its module.
        if r.node.kind() == "dotted_name" {
            let Some((new_module, _)) = new_symbol.rsplit_once('.') else {
                continue;
            };
            let head = new_module.split('.').next().unwrap_or(new_module);
            if !cx.name_free(head, head, scope) {
                layer.skipped.push((
                    r.node.byte_range(),
                    format!("`{head}` is already taken here"),
                ));
                continue;
            }
            let add = cx.add_after(layer, import, &format!("import {new_module}"));
            let edit = layer.push(r.node.byte_range(), new_symbol.clone(), EditKind::Reference);
            layer.require(edit, add);
            continue;
        }
        if all_moved && import.kind == ImportKind::From && import.entries.len() == 1 {
            // `from a import steps` used only for moved names: the statement
            // is rewritten in place to import them, nothing left unused.
            replaced
                .entry(binding)
                .or_default()
                .push((r.node.byte_range(), new_symbol));
            continue;
        }
        let new_name = new_symbol
            .rsplit('.')
            .next()
            .unwrap_or(&new_symbol)
            .to_string();
        if !cx.name_free(&new_name, &new_symbol, scope) {
            layer.skipped.push((
                r.node.byte_range(),
                format!("`{new_name}` is already taken here"),
            ));
            continue;
        }
        let add = cx.add_after(layer, import, &import_statement(&new_symbol, &new_name));
        let edit = layer.push(r.node.byte_range(), new_name, EditKind::Reference);
        layer.require(edit, add);
    }
    for ((ii, _), uses) in replaced {
        replace_module_import(cx, layer, ii, &uses);
    }
}

/// The edit re-pointing an `import` entry's module to `new_module`, made
/// once per binding and shared by every use that needs it.
fn repoint(
    cx: &Ctx,
    layer: &mut Layer,
    repointed: &mut BTreeMap<(usize, usize), usize>,
    binding: (usize, usize),
    new_module: &str,
) -> usize {
    *repointed.entry(binding).or_insert_with(|| {
        let (ii, k) = binding;
        let import = &cx.sem.imports[ii];
        let entry = &import.entries[k];
        // Already imported so in this block: the old import would become
        // its duplicate, so it goes instead (its import ran for `import
        // NEW` either way).
        let block = cx.import_block(ii);
        let twin = cx.sem.imports.iter().enumerate().any(|(oi, o)| {
            oi != ii
                && o.kind == ImportKind::Import
                && o.scope == import.scope
                && cx.import_block(oi) == block
                && o.entries
                    .iter()
                    .any(|e| e.name == new_module && e.alias.as_deref() == entry.alias.as_deref())
        });
        if !twin {
            return layer.push(entry.name_range.clone(), new_module, EditKind::Import);
        }
        let ranges = if import.entries.len() == 1 {
            vec![cx.statement_lines(&import.range)]
        } else {
            cx.entry_removals(ii, &[k])
        };
        let edits: Vec<usize> = ranges
            .into_iter()
            .map(|r| layer.push(r, "", EditKind::RemoveImport))
            .collect();
        for w in edits.windows(2) {
            layer.link(w[0], w[1]);
        }
        edits.first().copied().unwrap_or_default()
    })
}

/// Rewrite `from a import mod` (its only entry), whose every use moved, to
/// import the new names instead: `from b import New1, New2`; uses become
/// the bare names. Refused when a name is taken.
fn replace_module_import(cx: &Ctx, layer: &mut Layer, ii: usize, uses: &[MovedUse]) {
    let import = &cx.sem.imports[ii];
    let mut by_module: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (range, symbol) in uses {
        let Some((module, name)) = symbol.rsplit_once('.') else {
            layer
                .skipped
                .push((range.clone(), format!("`{symbol}` is a top-level module")));
            return;
        };
        if !cx.name_free(name, symbol, import.scope) {
            layer
                .skipped
                .push((range.clone(), format!("`{name}` is already taken here")));
            return;
        }
        let names = by_module.entry(module).or_default();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let indent = cx.indent_at(import.range.start);
    let text: Vec<String> = by_module
        .iter()
        .map(|(m, names)| format!("from {m} import {}", names.join(", ")))
        .collect();
    let sep = format!("{}{indent}", cx.nl);
    let statement = layer.push(import.range.clone(), text.join(&sep), EditKind::Import);
    for (range, symbol) in uses {
        let name = symbol.rsplit('.').next().unwrap_or(symbol);
        let edit = layer.push(range.clone(), name, EditKind::Reference);
        layer.link(edit, statement);
    }
}

/// Whether every chain spelling `import a.b`'s module (`a.b.…`, through any
/// binding of `a` in its scope) resolves under `old`, so the import can be
/// re-pointed instead of joined by another.
/// Whether every use of the name import `ii`'s entry `k` binds goes to
/// something under `old`, or through a module another plain import of the
/// same name loads (`import a.b` whose `a` serves `a.b.…` and `a.c.…`
/// beside `import a.c`): re-pointing it then loses nothing.
fn head_uses_all_move(cx: &Ctx, ii: usize, k: usize, old: &str) -> bool {
    let sem = cx.sem;
    let import = &sem.imports[ii];
    let bound = &import.entries[k].bound;
    let others: Vec<&str> = sem
        .imports
        .iter()
        .enumerate()
        .filter(|(i, o)| o.kind == ImportKind::Import && o.scope == import.scope && *i != ii)
        .flat_map(|(_, o)| o.entries.iter())
        .filter(|e| e.alias.is_none() && &e.bound == bound)
        .map(|e| e.name.as_str())
        .collect();
    cx.uses_of(ii, k).iter().all(|u| {
        if moved_chain_above(cx, u.node, u.scope, old) {
            return true;
        }
        // The whole chain the use heads, and what it spells.
        let mut top = u.node;
        while let Some(p) = top.parent() {
            if p.kind() != "attribute" || p.child_by_field_name("object") != Some(top) {
                break;
            }
            top = p;
        }
        sem.resolve_all(top, u.scope)
            .iter()
            .any(|c| others.iter().any(|m| is_at_or_under(&c.symbol, m)))
    })
}

fn spelled_uses_all_move(cx: &Ctx, ii: usize, k: usize, old: &str) -> bool {
    if !head_uses_all_move(cx, ii, k, old) {
        return false;
    }
    let sem = cx.sem;
    let import = &sem.imports[ii];
    let name = &import.entries[k].name;
    let mut any = false;
    for r in &sem.references {
        if r.node.kind() != "attribute" {
            continue;
        }
        let through = head_bindings(cx, r.node, r.scope)
            .iter()
            .any(|&(i, _)| sem.imports[i].scope == import.scope);
        if !through {
            continue;
        }
        let spells = sem
            .resolve_all(r.node, r.scope)
            .iter()
            .any(|c| c.symbol == *name);
        if !spells {
            continue;
        }
        // `a.b` itself: the use is the parent chain, if any.
        let parent = r
            .node
            .parent()
            .filter(|p| p.kind() == "attribute" && p.child_by_field_name("object") == Some(r.node));
        let moves = parent.is_some_and(|p| {
            sem.resolve_all(p, r.scope)
                .iter()
                .any(|c| is_at_or_under(&c.symbol, old))
        });
        if !moves {
            return false;
        }
        any = true;
    }
    any
}

/// The module an `import` entry binds by its name (`import simplejson` → `simplejson`).
fn old_module_of(sem: &crate::python::Semantic, (ii, k): (usize, usize)) -> String {
    let import = &sem.imports[ii];
    match import.kind {
        ImportKind::Import if import.entries[k].alias.is_none() => import.entries[k].name.clone(),
        _ => String::new(),
    }
}

/// The bindings that may reach the head identifier of a chain, most recent first.
fn head_lookup<'a>(cx: &'a Ctx, chain: Node, scope: usize) -> Vec<&'a crate::python::Binding> {
    let mut head = chain;
    while matches!(head.kind(), "attribute" | "dotted_name") {
        let next = match head.kind() {
            "attribute" => head.child_by_field_name("object"),
            _ => head.named_child(0),
        };
        match next {
            Some(o) => head = o,
            None => return Vec::new(),
        }
    }
    if head.kind() != "identifier" {
        return Vec::new();
    }
    cx.sem
        .lookup_all(cx.sem.text(head), scope, head.start_byte())
}

fn import_of(b: &crate::python::Binding) -> Option<(usize, usize)> {
    match b.kind {
        BindingKind::Import { import, entry, .. } => Some((import, entry)),
        _ => None,
    }
}

/// Every import binding that may reach the head identifier of a chain.
fn head_bindings(cx: &Ctx, chain: Node, scope: usize) -> Vec<(usize, usize)> {
    head_lookup(cx, chain, scope)
        .into_iter()
        .filter_map(import_of)
        .collect()
}

/// The import binding the head identifier of a chain most likely refers to.
fn head_binding(cx: &Ctx, chain: Node, scope: usize) -> Option<(usize, usize)> {
    head_lookup(cx, chain, scope)
        .first()
        .copied()
        .and_then(import_of)
}

/// Whether some chain the identifier `node` heads resolves at/under `old`.
fn moved_chain_above(cx: &Ctx, node: Node, scope: usize, old: &str) -> bool {
    let mut n = node;
    while let Some(p) = n.parent() {
        let head_of = match p.kind() {
            "attribute" => p.child_by_field_name("object") == Some(n),
            // `case mod.RED:`: the identifier heads the pattern's dotted name.
            "dotted_name" => p.named_child(0) == Some(n),
            _ => false,
        };
        if !head_of {
            break;
        }
        if cx
            .sem
            .resolve_all(p, scope)
            .iter()
            .any(|c| is_at_or_under(&c.symbol, old))
        {
            return true;
        }
        n = p;
    }
    false
}

/// `patch("OLD.NAME")` and friends: the path itself, as a separate edit.
fn strings(cx: &Ctx, layer: &mut Layer, old: &str, moved: &dyn Fn(&str) -> String, all: bool) {
    for s in &cx.sem.strings {
        if s.docstring
            || s.node
                .parent()
                .is_some_and(|p| p.kind() == "concatenated_string")
        {
            continue;
        }
        let Some((range, value)) = string_value(cx.src, s.node) else {
            continue;
        };
        if !is_at_or_under(&value, old) {
            continue;
        }
        // Data that happens to spell the path is offered, never applied.
        let kind = if all || is_path_string(cx.sem, s.node) {
            EditKind::DottedString
        } else {
            EditKind::DataString
        };
        if s.node.kind() == "string" {
            layer.push(range, moved(&value), kind);
        } else {
            // An implicit concatenation becomes one string in the first part's quotes.
            let first = s.node.named_child(0).and_then(|p| p.child(0));
            let quote = first.map_or("\"", |q| {
                cx.sem
                    .text(q)
                    .trim_start_matches(|c: char| c.is_alphabetic())
            });
            layer.push(range, format!("{quote}{}{quote}", moved(&value)), kind);
        }
    }
}
