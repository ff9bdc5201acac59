//! Fixes for `move` rules (SPEC §3 cases 1–11).
//!
//! Imports are rewritten in place (scope and indentation kept); a name split
//! out of a multi-name import keeps the rest of the statement as it was; the
//! new name merges into an existing import of its module in the same scope;
//! references bound to a renamed import are renamed (never a local that
//! shadows it); chains through an old module are re-spelled; dotted-path
//! strings are separate edits. Definitions, `__all__` re-exports and
//! mentions get no fix.
//!
//! This file holds the driver, `import OLD` entries and dotted-path
//! strings; `from_import` handles `from M import ...` statements, `chains`
//! the chains that spell a moved path, `heads` what the uses of an import
//! binding reach (asked here and by `chains`), `dynamic` the attribute of
//! `import_module("OLD_MOD")`.

use std::collections::{BTreeMap, HashSet};

use super::EditKind;
use super::layer::{Ctx, Layer};
use crate::inspect::bound::Stored;
use crate::python::semantic::is_at_or_under;
use crate::python::{
    ImportKind, is_path_string, relative_import_target, string_content, string_value,
};

mod chains;
mod dynamic;
mod from_import;
mod heads;

use chains::chains;
use from_import::from_import;
use heads::staying_head_use;

/// The rules around a move, in the order they run: what the ones after it
/// do with its new symbol. Asked only when a re-export is found, so a
/// config of thousands of rules costs nothing per file.
pub struct Downstream<'r> {
    rules: &'r [&'r crate::rules::Rule],
    at: usize,
}

impl<'r> Downstream<'r> {
    /// The rules around `rules[at]`.
    pub fn of(rules: &'r [&'r crate::rules::Rule], at: usize) -> Self {
        Downstream { rules, at }
    }

    /// A rewrite after this rule that changes calls of `symbol` or of
    /// something under it (`{new.Manager}($CTX)` after a move to
    /// `new.Manager`): its id.
    pub fn rewrite_of(&self, symbol: &str) -> Option<&'r str> {
        use crate::rules::RuleKind;
        self.rules
            .get(self.at + 1..)?
            .iter()
            .find_map(|r| match &r.kind {
                RuleKind::Rewrite {
                    pattern,
                    fix: Some(_),
                } if pattern.symbols.iter().any(|s| is_at_or_under(s, symbol)) => {
                    Some(r.id.as_str())
                }
                _ => None,
            })
    }

    /// Whether rule `id` is a move.
    pub fn is_move(&self, id: &str) -> bool {
        (self.rules.iter())
            .any(|r| r.id == id && matches!(r.kind, crate::rules::RuleKind::Move { .. }))
    }

    /// The old paths the moves before this rule turn into `symbol` or a
    /// path above it (`old.make` for `new.Manager`, after a move of
    /// `old.make` to `new.Manager`): a patch of one, re-pointed with the
    /// moved code, patches `symbol` there.
    pub fn moved_onto(&self, symbol: &str) -> Vec<String> {
        use crate::rules::RuleKind;
        (self.rules.get(..self.at).unwrap_or_default().iter())
            .filter_map(|r| match &r.kind {
                RuleKind::Move { old, new } if is_at_or_under(symbol, new) => {
                    Some(format!("{old}{}", &symbol[new.len()..]))
                }
                _ => None,
            })
            .collect()
    }
}

/// `all_strings`: the rule says every string equal to the old path is an
/// import path (not data); `rule`: its id; `downstream`: the rules around it.
pub fn move_layer(
    cx: &Ctx,
    rule: &str,
    old: &str,
    new: &str,
    all_strings: bool,
    downstream: &Downstream,
) -> Layer {
    let mut layer = Layer::default();
    // `patch.object(factory, "helper", ...)`: moving the file's uses of
    // `factory.helper` would take them out from under the patch.
    // `factory.helper = stub` (or `+=`, `del`) is the same patch spelled
    // as a store: re-pointed, it would write the new module, and the old
    // module's own code would no longer see the value.
    let patched = crate::python::patched_paths(cx.sem, old);
    let written = cx.sem.written_paths(old);
    if !patched.is_empty() || !written.is_empty() {
        for (range, target) in patched {
            layer.skipped.push((
                range,
                format!(
                    "the file patches `{target}` (`patch.object`, `patch.multiple`, `patch.dict`, `setattr`): its uses stay with the patch, for a human to move together (point the patch at the new module)"
                ),
            ));
        }
        for (range, target) in written {
            layer.skipped.push((
                range,
                format!(
                    "the file assigns or deletes `{target}` on the old module: its uses stay with the write, for a human to move together (the old module's own code reads it there)"
                ),
            ));
        }
        return layer;
    }
    // A file patches what the uses here reach, and the patch stays as it
    // is: another file, through the module object (`patch.object(old.mod,
    // "f", …)`, `old.mod.f = fake`, which a move leaves, above), or any
    // file (this one too) by a string this rule does not rewrite there
    // (`# canon: ignore`, a file the rule excludes) or cannot read
    // (`patch(prefix + ".f")`). Moved, the uses here would call what the patch
    // does not replace. Every use of the file stays (one imported by name
    // may be bound under the patch too); a patch of another name under a
    // moved module (`old.mod.h`, which the file never reaches) is no reason.
    let pins = cx.referrers.pins(old, None, Some(rule));
    if let Some(who) = reached_pin(cx, old, &pins) {
        let why = format!(
            "{who}, and the patch stays as it is (made through the module object, by a string this rule does not rewrite there or cannot read, or held for code elsewhere that stays on the old path): moved, this file's uses would no longer go through the patch; move them together with the patch, by hand (point it at the new module)"
        );
        for range in pinned_uses(cx, old) {
            layer.skipped.push((range, why.clone()));
        }
        return layer;
    }
    // A function stored in a class body, or set on a class after it, is a
    // method (looked up on an instance, it gets the instance first); a
    // class or any other callable there is not. Moved from one to the
    // other, the class attribute would change what its calls take: the
    // file's uses stay.
    let binds = |s: &str| cx.defs.is_function(s) == Some(true);
    if binds(old) != binds(new) {
        let stored = stored_on_class(cx, old);
        if !stored.is_empty() {
            let (o, n) = (kind_word(cx, old), kind_word(cx, new));
            for (range, how) in stored {
                let whose = match how {
                    Stored::Body => "the class body stores",
                    Stored::Attribute => "the code sets on what may be a class",
                };
                layer.skipped.push((
                    range,
                    format!(
                        "{whose} `{old}` ({o}) as an attribute, and `{new}` is {n}: a plain function there is a method (looked up on an instance it gets the instance as its first argument), anything else is not, so moved, the attribute's calls would take other arguments; the file's uses stay, for a human"
                    ),
                ));
            }
            return layer;
        }
    }
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
    // Plain imports whose edit changes what binds their head (see
    // `link_shared_heads`): (import, entry) -> edit.
    let mut heads: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let inside = is_at_or_under(&cx.sem.module, old);
    for (ii, import) in cx.sem.imports.iter().enumerate() {
        if inside && import.level > 0 {
            continue; // relative imports move with the package
        }
        match import.kind {
            ImportKind::From => {
                from_import(cx, &mut layer, ii, old, &moved, &reexported, downstream)
            }
            ImportKind::Import => {
                // Entries dropped for their twin, removed together below:
                // one at a time, neighbours' removals would overlap.
                let mut twins: Vec<usize> = Vec::new();
                for (k, entry) in import.entries.iter().enumerate() {
                    if let Some(e) = keep_local_name(cx, &mut layer, ii, k, old, new) {
                        kept.insert((ii, k));
                        heads.insert((ii, k), e);
                        continue;
                    }
                    // `import OLD[.sub] [as m]` of a moved module: re-point it,
                    // unless `import a.b`'s head `a` serves other uses too
                    // (`a.helper()`): then `import NEW` joins it (see `chains`).
                    let head_only = entry.alias.is_none() && entry.bound != entry.name;
                    if is_at_or_under(&entry.name, old) && reexported.contains(&entry.bound) {
                        let why = from_import::reexport_reason(&entry.bound);
                        layer.skipped.push((entry.range.clone(), why));
                        continue;
                    }
                    let staying = match head_only && is_at_or_under(&entry.name, old) {
                        true => staying_head_use(cx, ii, k, old),
                        false => None,
                    };
                    if let Some(top) = staying {
                        // The chains re-spelled, the import stays: say why.
                        let head = &entry.bound;
                        let line = top.start_position().row + 1;
                        layer.skipped.push((
                            entry.range.clone(),
                            format!(
                                "`import {}` also binds `{head}` for uses that do not move (`{}`, line {line}), so it stays; for a human to bind `{head}` for them otherwise (an import of the module they use) and drop it",
                                entry.name,
                                crate::python::excerpt(cx.sem.text(top)),
                            ),
                        ));
                    } else if is_at_or_under(&entry.name, old)
                        && plain_twin(cx, ii, k, &moved(&entry.name))
                    {
                        // `import NEW` is already there (an earlier rule
                        // added it for a symbol it moved): re-pointed, this
                        // one would import it twice. Drop it instead; the
                        // re-spelled uses reach the other one (the
                        // self-check makes sure it binds before them).
                        twins.push(k);
                    } else if is_at_or_under(&entry.name, old) {
                        let e = layer.push(
                            entry.name_range.clone(),
                            moved(&entry.name),
                            EditKind::Import,
                        );
                        rewritten.insert((ii, k), e);
                        drop_hint_twins(cx, &mut layer, ii, k, &moved(&entry.name), e);
                        let new_head = moved(&entry.name);
                        if entry.alias.is_none() && new_head.split('.').next() != Some(&entry.bound)
                        {
                            heads.insert((ii, k), e);
                        }
                    }
                }
                if !twins.is_empty() {
                    let ranges = match twins.len() == import.entries.len() {
                        true => vec![cx.statement_lines(&import.range)],
                        false => cx.entry_removals(ii, &twins),
                    };
                    let group: Vec<usize> = (ranges.into_iter())
                        .map(|r| layer.push(r, "", EditKind::RemoveImport))
                        .collect();
                    for w in group.windows(2) {
                        layer.link(w[0], w[1]);
                    }
                    for k in twins {
                        rewritten.insert((ii, k), group[0]);
                    }
                }
            }
        }
    }
    link_shared_heads(cx, &mut layer, &heads);
    chains(cx, &mut layer, old, &moved, &mut rewritten, &kept);
    let patches = strings(cx, &mut layer, rule, old, &moved, all_strings);
    dynamic::import_module_attributes(cx, &mut layer, old, new);
    link_patches(cx, &mut layer, old, &patches);
    refuse_missing_target(cx, layer, new)
}

/// The uses of `old` (as resolved here) that are the whole value assigned
/// in a class body (`factory = create_manager`) or set as an attribute of
/// what may be a class (`Service.factory = create_manager`, `setattr(…)`).
fn stored_on_class(cx: &Ctx, old: &str) -> Vec<(std::ops::Range<usize>, Stored)> {
    let sem = cx.sem;
    let mut out = Vec::new();
    let parents = std::cell::OnceCell::new();
    for r in &sem.references {
        if !matches!(r.node.kind(), "identifier" | "attribute") || !sem.may_resolve(r.node) {
            continue;
        }
        let parents = parents.get_or_init(|| sem.reference_parents());
        let Some((assignment, how)) = crate::inspect::bound::class_attribute(sem, parents, r.node)
        else {
            continue;
        };
        if sem
            .resolve_all(r.node, r.scope)
            .iter()
            .any(|s| s.symbol == old)
        {
            out.push((assignment.byte_range(), how));
        }
    }
    out
}

/// What `symbol` is, as the move's note says it.
fn kind_word(cx: &Ctx, symbol: &str) -> &'static str {
    match cx.defs.is_function(symbol) {
        Some(true) => "a function",
        Some(false) => "a class",
        None => "not known to be a plain function",
    }
}

/// `layer` with no edit, and one note, when the rule's target `new`
/// cannot be imported (see [`Ctx::missing_target`]): the code would fail
/// where it imports it. Asked only of a file the rule changes.
pub(crate) fn refuse_missing_target(cx: &Ctx, mut layer: Layer, new: &str) -> Layer {
    if layer.edits.is_empty() {
        return layer;
    }
    let Some(why) = cx.missing_target(new) else {
        return layer;
    };
    let first = (layer.edits.iter())
        .map(|e| e.range.clone())
        .min_by_key(|r| r.start)
        .unwrap_or_default();
    let mut skipped = std::mem::take(&mut layer.skipped);
    skipped.push((first, why));
    Layer {
        skipped,
        ..Layer::default()
    }
}

/// Another plain `import NEW` (no alias) in the scope of import `ii`, which
/// `import OLD` (entry `k`, no alias) re-pointed to `NEW` would duplicate.
fn plain_twin(cx: &Ctx, ii: usize, k: usize, new: &str) -> bool {
    let import = &cx.sem.imports[ii];
    if import.entries[k].alias.is_some() || import.type_checking {
        return false;
    }
    cx.sem.imports.iter().enumerate().any(|(oi, other)| {
        oi != ii
            && other.kind == ImportKind::Import
            && other.scope == import.scope
            && !other.type_checking
            && other
                .entries
                .iter()
                .any(|e| e.alias.is_none() && e.name == new)
    })
}

/// The plain `import NEW` entries under `if TYPE_CHECKING:` in the scope
/// of import `ii`, which its entry `k` (no alias, run at import time)
/// re-pointed to `NEW` by edit `e` redefines (pyflakes F811): they go with
/// `e`, the runtime import serving the type checker as well. They never
/// ran, so nothing they did is lost; a block they empty keeps a `pass`.
fn drop_hint_twins(cx: &Ctx, layer: &mut Layer, ii: usize, k: usize, new: &str, e: usize) {
    let import = &cx.sem.imports[ii];
    if import.entries[k].alias.is_some() || import.type_checking {
        return;
    }
    let twin = |t: &crate::python::ImportEntry| t.alias.is_none() && t.name == new;
    for r in cx.hint_twin_removals(import.scope, ImportKind::Import, twin) {
        if !layer.overlaps(&r) {
            let removal = layer.push(r, "", EditKind::RemoveImport);
            layer.link(e, removal);
        }
    }
}

/// Plain imports of one scope that bind one head (`import x` and `import
/// x.mod` both bind `x`), each changed so that its head is bound otherwise
/// (`x` → `p.q.x`: `from p.q import x` keeps `x`, `import p.q.x.mod` binds
/// `p`): the uses of `x` reach one of them and rely on the other, so they
/// change together or not at all.
fn link_shared_heads(cx: &Ctx, layer: &mut Layer, heads: &BTreeMap<(usize, usize), usize>) {
    let mut by_head: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (&(ii, k), &e) in heads {
        let import = &cx.sem.imports[ii];
        by_head
            .entry((import.scope, import.entries[k].bound.as_str()))
            .or_default()
            .push(e);
    }
    for edits in by_head.values() {
        for w in edits.windows(2) {
            layer.link(w[0], w[1]);
        }
    }
}

/// `import OLD` of a one-word module whose new home ends in the same name
/// (`mock` → `unittest.mock`) becomes `from unittest import mock`: the
/// local name every use refers to stays, so no use changes.
/// Returns one edit of the change.
fn keep_local_name(
    cx: &Ctx,
    layer: &mut Layer,
    ii: usize,
    k: usize,
    old: &str,
    new: &str,
) -> Option<usize> {
    let import = &cx.sem.imports[ii];
    let entry = &import.entries[k];
    let (package, last) = new.rsplit_once('.')?;
    if entry.alias.is_some() || entry.name != old || old.contains('.') || last != old {
        return None;
    }
    // Beside `import x.mod`, which cannot keep the name (`import p.q.x.mod`
    // binds `p`), the uses of `x` are chains both must serve: both are
    // re-pointed, the chains re-spelled from `p`.
    let submodule_too = cx.sem.imports.iter().any(|o| {
        o.kind == ImportKind::Import
            && o.scope == import.scope
            && o.entries
                .iter()
                .any(|e| e.alias.is_none() && e.bound == entry.bound && e.name != entry.name)
    });
    if submodule_too {
        return None;
    }
    let line = format!("from {package} import {last}");
    if import.entries.len() == 1 {
        return Some(layer.push(import.range.clone(), line, EditKind::Import));
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
    group.first().copied()
}

/// A patch string re-pointed here and the move's edits of this file's
/// code it intercepts land together or not at all, as across files (see
/// `pipeline::links`): the patch alone would replace what the code no
/// longer calls, the code alone would call what the patch no longer
/// replaces. `patches`: (edit, the path its string names). A use bound
/// by name where the module loads is linked too: in its own file it may
/// be bound under the patch (`with patch(…): from old.mod import f`).
fn link_patches(cx: &Ctx, layer: &mut Layer, old: &str, patches: &[(usize, String)]) {
    let code: Vec<usize> = (layer.edits.iter().enumerate())
        .filter(|(_, e)| !matches!(e.kind, EditKind::DottedString | EditKind::DataString))
        .map(|(i, _)| i)
        .collect();
    if code.is_empty() || patches.is_empty() {
        return;
    }
    let used = used_under(cx, old);
    // Every link goes through the first code edit: links are followed
    // transitively, so the group is the same as with a link from each
    // patch to each code edit, in patches + edits links, not patches ×
    // edits (a test file of 4,000 patches and 4,000 uses: 16 million).
    let hub = code[0];
    let mut linked = false;
    for (patch, patched) in patches {
        if !reaches(&used, patched) {
            continue;
        }
        layer.link(*patch, hub);
        linked = true;
    }
    if linked {
        for &c in &code[1..] {
            layer.link(hub, c);
        }
    }
}

/// `patch("OLD.NAME")` and friends: the path itself, as a separate edit.
/// Returns the edits that re-point a patch's string, each with the path
/// the string names (see [`link_patches`]).
fn strings(
    cx: &Ctx,
    layer: &mut Layer,
    rule: &str,
    old: &str,
    moved: &dyn Fn(&str) -> String,
    all: bool,
) -> Vec<(usize, String)> {
    let mut patches: Vec<(usize, String)> = Vec::new();
    // A patch whose code elsewhere stays on the old path stays with it.
    let held = |layer: &mut Layer, range: std::ops::Range<usize>, value: &str| {
        let why = cx.referrers.holds(&cx.sem.module, value, rule);
        if let Some(why) = &why {
            layer.skipped.push((range, why.clone()));
        }
        why.is_some()
    };
    // `patch(TARGET + ".C")`: the computed path becomes the new path spelled
    // out, whatever the constants it was built from (they stay as they are).
    let computed = (cx.sem.computed_paths().iter())
        .filter(|(_, v)| is_at_or_under(v, old))
        .filter_map(|(r, v)| Some((cx.sem.node_at(r.clone())?, v.clone())));
    for (node, value) in computed.collect::<Vec<_>>() {
        if !held(layer, node.byte_range(), &value) {
            // The constants' loads go with the expression: a fix with no
            // pieces (nothing in the new string is a reference).
            let i = layer.push_edit(super::layer::LayerEdit {
                range: node.byte_range(),
                replacement: format!("\"{}\"", moved(&value)),
                kind: EditKind::DottedString,
                fix: Some(Default::default()),
                note: None,
            });
            if crate::python::is_patch_path_string(cx.sem, node) {
                patches.push((i, value.clone()));
            }
            let excerpt = crate::python::excerpt(cx.sem.text(node));
            let note = if matches!(node.kind(), "string" | "concatenated_string") {
                format!(
                    "the path was spelt with escape sequences (`{excerpt}`, naming `{value}`); it is written out plainly"
                )
            } else {
                format!(
                    "the path was built from constants (`{excerpt}`, naming `{value}`); the constants are left as they are"
                )
            };
            layer.note(i, note);
        }
    }
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
        if !is_at_or_under(&value, old)
            && let Some((dotted, colon)) = crate::python::colon_path(cx.sem, s.node, &value)
            && is_at_or_under(&dotted, old)
        {
            // `pkgutil.resolve_name("old.mod:f")`: moved in its own spelling.
            if s.node.kind() == "string"
                && let Some(text) =
                    crate::python::colon_moved(&dotted, colon, (old, &moved(old)), &|m| {
                        cx.modules.is_module(m)
                    })
                && !held(layer, s.node.byte_range(), &dotted)
            {
                layer.push(range, text, EditKind::DottedString);
            }
            continue;
        }
        if !is_at_or_under(&value, old) {
            // `import_module(".b", "a")`: the absolute new name, which
            // `import_module` takes whatever its package.
            if s.node.kind() == "string"
                && let Some(absolute) = relative_import_target(cx.sem, s.node, old)
                && is_at_or_under(&absolute, old)
            {
                layer.push(range, moved(&absolute), EditKind::DottedString);
            }
            continue;
        }
        // Data that happens to spell the path is offered, never applied.
        let kind = if all || is_path_string(cx.sem, s.node) {
            EditKind::DottedString
        } else {
            EditKind::DataString
        };
        if kind == EditKind::DottedString && held(layer, s.node.byte_range(), &value) {
            continue;
        }
        let before = layer.edits.len();
        if s.node.kind() == "string" {
            layer.push(range, moved(&value), kind);
        } else if crate::python::has_inner_comment(s.node) {
            // A comment between the parts stays: the parts are rewritten
            // in place, or, where the new path does not split as the old
            // one does, not at all (the finding says why).
            if let Some(text) = crate::python::rewrite_parts(cx.src, s.node, old, &moved(&value)) {
                layer.push(range, text, kind);
            }
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
        if kind == EditKind::DottedString
            && layer.edits.len() > before
            && crate::python::is_patch_path_string(cx.sem, s.node)
        {
            patches.push((layer.edits.len() - 1, value));
        }
    }
    patches
}

/// The file's uses of `old` (or a path under it): import entries that
/// import it, and the outermost references that resolve to it.
fn pinned_uses(cx: &Ctx, old: &str) -> Vec<std::ops::Range<usize>> {
    let sem = cx.sem;
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for import in &sem.imports {
        for entry in &import.entries {
            let symbol = match import.kind {
                ImportKind::Import => Some(entry.name.clone()),
                ImportKind::From => entry.symbol.clone(),
            };
            if symbol.is_some_and(|s| is_at_or_under(&s, old)) {
                out.push(entry.range.clone());
            }
        }
    }
    let under = |n: tree_sitter::Node, scope| {
        sem.may_resolve(n)
            && sem
                .resolve_all(n, scope)
                .iter()
                .any(|c| is_at_or_under(&c.symbol, old))
    };
    for r in &sem.references {
        if !matches!(r.node.kind(), "attribute" | "identifier" | "dotted_name") {
            continue;
        }
        let object = r.node.child_by_field_name("object");
        if under(r.node, r.scope) && !object.is_some_and(|o| under(o, r.scope)) {
            out.push(r.node.byte_range());
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// The first of `pins` (symbol, who patches it) that a use of the file
/// reaches, if any: an outermost reference to `old` or under it (or an
/// import by name) that names the patched symbol, something under it, or
/// the module object holding it (`helper(om)` hands on what `om.f`
/// looks up).
fn reached_pin<'p>(cx: &Ctx, old: &str, pins: &'p [(String, String)]) -> Option<&'p str> {
    if pins.is_empty() {
        return None;
    }
    let used = used_under(cx, old);
    pins.iter()
        .find(|(pin, _)| reaches(&used, pin))
        .map(|(_, who)| who.as_str())
}

/// Whether a use in `used` (see [`used_under`]) reaches `pin`.
fn reaches(used: &[(String, bool)], pin: &str) -> bool {
    (used.iter()).any(|(s, below)| is_at_or_under(s, pin) || (*below && is_at_or_under(pin, s)))
}

/// The symbols the file's uses reach at, under or above `old`, each once,
/// with whether what is under it is reached too: `from m import *` binds
/// every name of `m`, `from m import f` only `f`, an outermost reference
/// reaches what is under what it names.
fn used_under(cx: &Ctx, old: &str) -> Vec<(String, bool)> {
    let sem = cx.sem;
    let mut used: Vec<(String, bool)> = Vec::new();
    for import in sem.imports.iter().filter(|i| i.kind == ImportKind::From) {
        if import.star
            && let Some(module) = &import.module
        {
            used.push((module.clone(), true));
        }
        used.extend(
            import
                .entries
                .iter()
                .filter_map(|e| Some((e.symbol.clone()?, false))),
        );
    }
    let parents = sem.reference_parents();
    let outer = sem
        .references
        .iter()
        .filter(|r| matches!(r.node.kind(), "attribute" | "identifier" | "dotted_name"))
        .filter(|r| {
            !parents.of(r.node).is_some_and(|p| {
                p.kind() == "attribute" && p.child_by_field_name("object") == Some(r.node)
            })
        })
        .filter(|r| sem.may_resolve(r.node))
        .flat_map(|r| sem.resolve_all(r.node, r.scope))
        .map(|c| (c.symbol, true))
        .filter(|(s, _)| is_at_or_under(s, old) || is_at_or_under(old, s));
    used.extend(outer);
    used.sort();
    used.dedup();
    used
}
