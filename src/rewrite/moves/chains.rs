//! Attribute chains (and bare module names) that spell a moved path
//! through an import binding: re-spelled, linked to the import edit that
//! makes them right, or given an import of their own.

use std::collections::{BTreeMap, HashSet};

use tree_sitter::Node;

use super::super::EditKind;
use super::super::layer::{Ctx, Layer, bound_symbol, import_statement};
use super::from_import::renames_cleanly;
use super::heads::{
    head_binding, head_bindings, moved_chain_above, old_module_of, spelled_uses_all_move,
};
use crate::python::semantic::is_at_or_under;
use crate::python::{ImportKind, Reference};

/// A use's range and the new symbol it must denote.
type MovedUse = (std::ops::Range<usize>, String);

/// What [`chains`] learns about bindings as it goes.
#[derive(Default)]
struct Memo {
    /// Bindings whose every use is a moved chain can be re-pointed wholesale.
    repointed: BTreeMap<(usize, usize), usize>,
    /// `from a import mod` bindings whose uses all moved: (use, new symbol).
    replaced: BTreeMap<(usize, usize), Vec<MovedUse>>,
    /// Per `import a.b` binding: does every `a.b.…` use move? (A walk over
    /// every reference, so asked once.)
    spelled_all: BTreeMap<(usize, usize), bool>,
    /// Per binding: is every use of it a chain that moves? (Asked once:
    /// per chain, it made a file of N uses cost N².)
    all_moved: BTreeMap<(usize, usize), bool>,
}

/// Attribute chains that spell the old path through a module binding.
pub(super) fn chains(
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
    let mut memo = Memo::default();
    for (r, resolved) in sem.references.iter().zip(sem.reference_resolutions()) {
        // (A `case` pattern's dotted value is a chain like any other.)
        let is_attribute = matches!(r.node.kind(), "attribute" | "dotted_name");
        if !is_attribute && r.node.kind() != "identifier" {
            continue;
        }
        let Some(hit) = resolved.iter().find(|c| is_at_or_under(&c.symbol, old)) else {
            continue;
        };
        // The part the chain hangs off: an attribute's object, or the head
        // of a `case` pattern's dotted value (`case mod.VALUE:` after `from
        // old import mod`). When that already moves, its own edit (the
        // import re-pointed, the head renamed) carries the chain along.
        let object = match r.node.kind() {
            "dotted_name" if r.node.named_child_count() > 1 => r.node.named_child(0),
            _ => r.node.child_by_field_name("object"),
        };
        if object.is_some_and(|o| under(o, r.scope).is_some()) {
            continue;
        }
        if hit.via_star {
            // `from old import *` binds `mod` for `mod.make()`: an import
            // beside it could take a name the star binds too, and which
            // names those are is the package's to say. Said, not dropped.
            if is_attribute {
                let head = sem.text(r.node).split('.').next().unwrap_or_default();
                layer.skipped.push((
                    r.node.byte_range(),
                    format!(
                        "`{head}` is bound by a star import (`from … import *`), which may bind other names canon cannot see: spell `{}` through an explicit import by hand",
                        moved(&hit.symbol)
                    ),
                ));
            }
            continue;
        }
        let Some(binding) = head_binding(cx, r.node, r.scope) else {
            continue;
        };
        // Any binding of the head that kept its local name (`try: import
        // mock` / `except ImportError: from unittest import mock`): no edit.
        let head_all = head_bindings(cx, r.node, r.scope);
        let binding = spelled_import(sem, &head_all, binding, &hit.symbol);
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
        let chain = MovedChain {
            r,
            binding,
            symbol: &hit.symbol,
            new_symbol,
        };
        respell(cx, layer, &mut memo, chain, old, moved);
    }
    for ((ii, _), uses) in memo.replaced {
        replace_module_import(cx, layer, ii, &uses);
    }
}

/// Of the plain imports in the scope of the head's binding that bind the
/// same package, the one loading the module the chain spells (`a.b.f`
/// after `import a.b` and a later `import a.c`): the later import is the
/// binding that reaches the head, but the chain needs `import a.b`, and
/// moving the chain is what leaves `import a.b` unused. The longest such
/// module wins; without one, the head's binding.
fn spelled_import(
    sem: &crate::python::Semantic,
    head_all: &[(usize, usize)],
    binding: (usize, usize),
    symbol: &str,
) -> (usize, usize) {
    let import = &sem.imports[binding.0];
    if import.kind != ImportKind::Import || import.entries[binding.1].alias.is_some() {
        return binding;
    }
    let bound = &import.entries[binding.1].bound;
    let candidates = sem.imports.iter().enumerate().flat_map(|(ii, o)| {
        let plain = o.kind == ImportKind::Import && o.scope == import.scope;
        o.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| {
                plain && e.alias.is_none() && &e.bound == bound && is_at_or_under(symbol, &e.name)
            })
            .map(move |(k, e)| ((ii, k), e.name.len()))
    });
    // The longest module; then one that reaches the head; then the latest.
    candidates
        .max_by_key(|&(b, len)| (len, head_all.contains(&b), b.0))
        .map_or(binding, |(b, _)| b)
}

/// A moved chain no rewritten import already covers.
struct MovedChain<'r, 't> {
    r: &'r Reference<'t>,
    /// The import binding its head refers to.
    binding: (usize, usize),
    /// The symbol it spells, at or under the old path.
    symbol: &'r str,
    /// The symbol it must spell after the move.
    new_symbol: String,
}

/// Re-spell a moved chain: re-point its import when every use of it moves,
/// else reuse an import of the new name or add one beside the old import.
fn respell(
    cx: &Ctx,
    layer: &mut Layer,
    memo: &mut Memo,
    chain: MovedChain,
    old: &str,
    moved: &dyn Fn(&str) -> String,
) {
    let (r, binding, symbol) = (chain.r, chain.binding, chain.symbol);
    let new_symbol = &chain.new_symbol;
    let sem = cx.sem;
    let (ii, k) = binding;
    let import = &sem.imports[ii];
    let entry = &import.entries[k];
    let Some(bound) = bound_symbol(import, entry) else {
        return;
    };
    // A string annotation that spells a chain through the binding is a
    // use no edit re-spells (`"list[old.m.helper]"`): the import stays.
    let all_moved = *memo.all_moved.entry(binding).or_insert_with(|| {
        cx.annotation_uses_of(ii, k).is_empty()
            && cx
                .uses_of(ii, k)
                .iter()
                .all(|u| moved_chain_above(cx, u.node, u.scope, old))
    });
    // The module that holds the new symbol: a class's attribute
    // (`pkg.core.Thing.make`) lives under the module `pkg.core`, which is
    // what an `import` must name (`import pkg.core.Thing` fails).
    let Some((new_module, _)) = cx.modules.split(new_symbol) else {
        return;
    };
    let new_module = new_module.as_str();
    // A chain through a module bound by name (`from old import mod`,
    // `import old.mod as om`) looks the symbol up when it runs, as a
    // `patch("new.mod.create")` needs: it stays a chain.
    let named_module = import.kind == ImportKind::From || entry.alias.is_some();
    if named_module && through_module_binding(cx, layer, memo, &chain, &bound, all_moved, old) {
        return;
    }
    let single_module = import.kind == ImportKind::Import && entry.alias.is_some();
    if all_moved && single_module && bound.split('.').count() >= 1 {
        // `import OLD_MOD as m` whose uses all moved: `import NEW_MOD as m`.
        let expr = format!("{}{}", entry.bound, &new_symbol[new_module.len()..]);
        let e = repoint(cx, layer, &mut memo.repointed, binding, new_module);
        let edit = layer.push(r.node.byte_range(), expr, EditKind::Reference);
        layer.link(edit, e);
        return;
    }
    // Re-pointed, `import old.mod` would take `old` from the module, which
    // another file may reach for (`a3.old.mod.keep()`): then the new
    // module is imported beside it (see [`through_plain_import`]).
    let head_kept = (import.scope == 0
        && !is_at_or_under(new_module, &entry.bound)
        && cx.referrer(&entry.bound).is_some())
        || keyed_in_sys_modules(cx, ii, k, old).is_some();
    if all_moved
        && !head_kept
        && import.kind == ImportKind::Import
        && entry.alias.is_none()
        && is_at_or_under(symbol, &entry.name)
        && *memo
            .spelled_all
            .entry(binding)
            .or_insert_with(|| spelled_uses_all_move(cx, ii, k, old))
    {
        // `import OLD_MOD` whose uses all moved: `import NEW_MOD`.
        let e = repoint(cx, layer, &mut memo.repointed, binding, new_module);
        let edit = layer.push(r.node.byte_range(), new_symbol.clone(), EditKind::Reference);
        layer.link(edit, e);
        return;
    }
    // Otherwise the old import stays (other names still use it) and the
    // new name comes from an import of its own next to it.
    let at_pos = r.node.start_byte();
    if let Some(expr) = cx.existing_expr(new_symbol, r.scope, at_pos) {
        layer.push(r.node.byte_range(), expr, EditKind::Reference);
        return;
    }
    if import.kind == ImportKind::Import && entry.alias.is_none() {
        through_plain_import(cx, layer, memo, &chain, new_module, old, moved);
        return;
    }
    // In a `case` pattern a bare name is a capture, not a value: the
    // new symbol stays dotted there (`case colors.CRIMSON:`), through
    // an `import` of its module.
    if r.node.kind() == "dotted_name" {
        import_module_beside(cx, layer, r, ii, new_symbol, new_module);
        return;
    }
    if all_moved && import.kind == ImportKind::From && import.entries.len() == 1 {
        // `from a import steps` used only for moved names: the statement
        // is rewritten in place to import them, nothing left unused.
        memo.replaced
            .entry(binding)
            .or_default()
            .push((r.node.byte_range(), chain.new_symbol));
        return;
    }
    import_name_beside(cx, layer, r, ii, new_symbol);
}

/// A moved chain through a binding of the module that holds the symbol
/// (`mod.make` after `from old import mod`) stays a chain through a module
/// binding (`mod.create` after `from new import mod`): the attribute is
/// looked up when the code runs, so a `patch("new.mod.create")` still
/// reaches it, where a name imported beside it (`create`) would be bound
/// at import time. The binding is re-pointed when every use of it moves,
/// its local name kept; else the new module is imported beside it. A
/// binding of a package above that module (`from pkg import old` for
/// `old.mod.make`) whose every use moves is left for a human: re-pointed or
/// left unused, its import (and what the package's `__init__` runs) would
/// go. Returns whether the chain was handled: `false` for bindings of
/// anything else (a class, the moved path itself).
fn through_module_binding(
    cx: &Ctx,
    layer: &mut Layer,
    memo: &mut Memo,
    chain: &MovedChain,
    bound: &str,
    all_moved: bool,
    old: &str,
) -> bool {
    let (r, symbol, new_symbol) = (chain.r, chain.symbol, chain.new_symbol.as_str());
    let Some((s_module, _)) = cx.modules.split(symbol) else {
        return false;
    };
    if !is_at_or_under(&s_module, bound) || is_at_or_under(bound, old) {
        return false;
    }
    let Some((n_module, _)) = cx.modules.split(new_symbol) else {
        return false;
    };
    let (ii, k) = chain.binding;
    let local = &cx.sem.imports[ii].entries[k].bound;
    if all_moved && bound != s_module {
        layer.skipped.push((
            r.node.byte_range(),
            format!(
                "`{local}` is the package `{bound}`, not the module `{s_module}` that holds `{symbol}`: re-pointed or left unused, its import would go, and with it what `{bound}` runs when imported; for a human to move"
            ),
        ));
        return true;
    }
    // Another file's `a2.mod` is this module's binding: re-pointed, it
    // would be another module (or gone), so it stays and the new module
    // is imported beside it.
    let import = &cx.sem.imports[ii];
    let kept_for = (import.scope == 0).then(|| cx.referrer(local)).flatten();
    if all_moved && kept_for.is_none() {
        let local = module_local_name(cx, chain.binding, &n_module);
        let e = repoint_module_binding(
            cx,
            layer,
            &mut memo.repointed,
            chain.binding,
            &n_module,
            &local,
        );
        let expr = format!("{local}{}", &new_symbol[n_module.len()..]);
        let edit = layer.push(r.node.byte_range(), expr, EditKind::Reference);
        layer.link(edit, e);
        return true;
    }
    let at_pos = r.node.start_byte();
    if let Some(expr) = cx.existing_chain_expr(new_symbol, r.scope, at_pos) {
        layer.push(r.node.byte_range(), expr, EditKind::Reference);
        return true;
    }
    let edit = import_module_beside(cx, layer, r, ii, new_symbol, &n_module);
    if let (Some(e), Some(who)) = (edit, kept_for) {
        layer.note(
            e,
            format!("`{local}` kept as it was: this module's `{local}` must stay, {who}"),
        );
    }
    true
}

/// The local name a module binding re-pointed to `new_module` takes: an
/// alias stays (`import new.mod as om`, `from new import mod as m`); an
/// unaliased `from old import mod` takes the new module's own name when
/// every use can be renamed to it (see [`renames_cleanly`]), else keeps
/// its own (`from lib import text as utils`: a parameter `text` in the
/// function that uses it).
fn module_local_name(cx: &Ctx, (ii, k): (usize, usize), new_module: &str) -> String {
    let import = &cx.sem.imports[ii];
    let entry = &import.entries[k];
    let last = new_module.rsplit('.').next().unwrap_or(new_module);
    let renames = import.kind == ImportKind::From
        && entry.alias.is_none()
        && cx.name_free(last, new_module, import.scope)
        && renames_cleanly(cx, ii, k, last, new_module);
    match renames {
        true => last.to_string(),
        false => entry.bound.clone(),
    }
}

/// The edit re-pointing a binding of a module by name to `new_module`,
/// bound as `local`: `import old.mod as om` → `import new.mod as om`,
/// `from old import mod` → `from new import mod` (an entry of several is
/// split out into a statement of its own). Made once per binding.
fn repoint_module_binding(
    cx: &Ctx,
    layer: &mut Layer,
    repointed: &mut BTreeMap<(usize, usize), usize>,
    binding: (usize, usize),
    new_module: &str,
    local: &str,
) -> usize {
    let (ii, k) = binding;
    let import = &cx.sem.imports[ii];
    if import.kind == ImportKind::Import {
        return repoint(cx, layer, repointed, binding, new_module);
    }
    *repointed.entry(binding).or_insert_with(|| {
        let statement = import_statement(new_module, local);
        if import.entries.len() == 1 {
            return layer.push(import.range.clone(), statement, EditKind::Import);
        }
        let mut group: Vec<usize> = cx
            .entry_removals(ii, &[k])
            .into_iter()
            .map(|r| layer.push(r, "", EditKind::RemoveImport))
            .collect();
        group.push(cx.add_after(layer, import, &statement));
        for w in group.windows(2) {
            layer.link(w[0], w[1]);
        }
        group[0]
    })
}

/// An import of `new_symbol`'s last name after import `ii`, and the use
/// re-spelled as that name; refused when the name is taken.
fn import_name_beside(cx: &Ctx, layer: &mut Layer, r: &Reference, ii: usize, new_symbol: &str) {
    let import = &cx.sem.imports[ii];
    let new_name = new_symbol
        .rsplit('.')
        .next()
        .unwrap_or(new_symbol)
        .to_string();
    if !cx.name_free(&new_name, new_symbol, import.scope) {
        layer.skipped.push((
            r.node.byte_range(),
            format!("`{new_name}` is already taken here"),
        ));
        return;
    }
    let add = cx.add_after(layer, import, &import_statement(new_symbol, &new_name));
    let edit = layer.push(r.node.byte_range(), new_name, EditKind::Reference);
    layer.require(edit, add);
}

/// A chain through `import a.b` stays a chain (so `patch("c.d.x")` still
/// reaches the use). When every `a.b.…` use moves, the import itself is
/// re-pointed: `import c.d`; else `import c.d` goes beside it.
fn through_plain_import(
    cx: &Ctx,
    layer: &mut Layer,
    memo: &mut Memo,
    chain: &MovedChain,
    new_module: &str,
    old: &str,
    moved: &dyn Fn(&str) -> String,
) {
    let (r, binding, new_symbol) = (chain.r, chain.binding, chain.new_symbol.as_str());
    let (ii, k) = binding;
    let entry = &cx.sem.imports[ii].entries[k];
    let all_move = *memo
        .spelled_all
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
    // `import old.mod` re-pointed to `import new.other` takes `old` away
    // from the module, which another file may use (`a2.old.mod.keep()`).
    let import = &cx.sem.imports[ii];
    let head = entry.bound.as_str();
    let kept_for = (import.scope == 0 && !is_at_or_under(new_module, head))
        .then(|| cx.referrer(head))
        .flatten()
        .map(|who| format!("`{head}` kept as it was: this module's `{head}` must stay, {who}"))
        .or_else(|| keyed_in_sys_modules(cx, ii, k, old));
    if all_move && kept_for.is_none() {
        let e = repoint(cx, layer, &mut memo.repointed, binding, new_module);
        let edit = layer.push(
            r.node.byte_range(),
            new_symbol.to_string(),
            EditKind::Reference,
        );
        layer.link(edit, e);
        return;
    }
    let edit = import_module_beside(cx, layer, r, ii, new_symbol, new_module);
    if let (Some(e), Some(why)) = (edit, kept_for) {
        layer.note(e, why);
    }
}

/// Why `import a.b` (import `ii`'s entry `k`) must stay when the file
/// reads `sys.modules["a.b"]` (or a package above it) and the key does not
/// move with the rule: the import is what puts the module there.
fn keyed_in_sys_modules(cx: &Ctx, ii: usize, k: usize, old: &str) -> Option<String> {
    let entry = &cx.sem.imports[ii].entries[k];
    crate::python::sys_modules_keys(cx.sem)
        .into_iter()
        .find(|(_, _, key)| is_at_or_under(&entry.name, key) && !is_at_or_under(key, old))
        .map(|(_, _, key)| {
            format!(
                "`import {}` kept as it was: this file reads `sys.modules[\"{key}\"]`, which the import fills",
                entry.name
            )
        })
}

/// `import new_module` after import `ii`, and the use re-spelled
/// `new_symbol` through it (the edit); refused when the module's head
/// name is taken.
fn import_module_beside(
    cx: &Ctx,
    layer: &mut Layer,
    r: &Reference,
    ii: usize,
    new_symbol: &str,
    new_module: &str,
) -> Option<usize> {
    let import = &cx.sem.imports[ii];
    let head = new_module.split('.').next().unwrap_or(new_module);
    if !cx.name_free(head, head, import.scope) {
        layer.skipped.push((
            r.node.byte_range(),
            format!("`{head}` is already taken here"),
        ));
        return None;
    }
    let add = cx.add_after(layer, import, &format!("import {new_module}"));
    let edit = layer.push(
        r.node.byte_range(),
        new_symbol.to_string(),
        EditKind::Reference,
    );
    layer.require(edit, add);
    Some(edit)
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
