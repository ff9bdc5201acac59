//! What the uses of an import binding reach: whether they all move, and
//! the import bindings that reach the head of a chain.

use tree_sitter::Node;

use super::super::layer::Ctx;
use crate::python::semantic::is_at_or_under;
use crate::python::{Binding, BindingKind, ImportKind, Semantic};

/// Whether every use of the name import `ii`'s entry `k` binds goes to
/// something under `old`, or through a module another plain import of the
/// same name loads (`import a.b` whose `a` serves `a.b.…` and `a.c.…`
/// beside `import a.c`): re-pointing it then loses nothing.
pub(super) fn head_uses_all_move(cx: &Ctx, ii: usize, k: usize, old: &str) -> bool {
    staying_head_use(cx, ii, k, old).is_none()
}

/// The first use of the name import `ii`'s entry `k` binds that
/// [`head_uses_all_move`] finds staying: the whole chain it heads.
pub(super) fn staying_head_use<'t>(
    cx: &Ctx<'_, 't>,
    ii: usize,
    k: usize,
    old: &str,
) -> Option<Node<'t>> {
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
    cx.uses_of(ii, k).iter().find_map(|u| {
        if moved_chain_above(cx, u.node, u.scope, old) {
            return None;
        }
        // The whole chain the use heads, and what it spells.
        let mut top = u.node;
        while let Some(p) = top.parent() {
            if p.kind() != "attribute" || p.child_by_field_name("object") != Some(top) {
                break;
            }
            top = p;
        }
        let served = sem
            .resolve_all(top, u.scope)
            .iter()
            .any(|c| others.iter().any(|m| is_at_or_under(&c.symbol, m)));
        (!served).then_some(top)
    })
}

/// Whether every chain spelling `import a.b`'s module (`a.b.…`, through any
/// binding of `a` in its scope) resolves under `old`, so the import can be
/// re-pointed instead of joined by another.
pub(super) fn spelled_uses_all_move(cx: &Ctx, ii: usize, k: usize, old: &str) -> bool {
    if !head_uses_all_move(cx, ii, k, old) || !cx.annotation_uses_of(ii, k).is_empty() {
        return false;
    }
    let sem = cx.sem;
    let import = &sem.imports[ii];
    let name = &import.entries[k].name;
    let mut any = false;
    for r in &sem.references {
        // A one-part module (`import typing`) is spelled by its bare name,
        // the head of each chain through it.
        let bare = r.node.kind() == "identifier" && !name.contains('.');
        if !bare && !matches!(r.node.kind(), "attribute" | "dotted_name") {
            continue;
        }
        let through = head_bindings(cx, r.node, r.scope)
            .iter()
            .any(|&(i, _)| sem.imports[i].scope == import.scope);
        if !through {
            continue;
        }
        let resolved = sem.resolve_all(r.node, r.scope);
        if r.node.kind() == "dotted_name" {
            // A `case` pattern's dotted value is one whole chain (`case a.b.RED:`).
            if !resolved.iter().any(|c| is_at_or_under(&c.symbol, name)) {
                continue;
            }
            if !resolved.iter().any(|c| is_at_or_under(&c.symbol, old)) {
                return false;
            }
            any = true;
            continue;
        }
        let spells = resolved.iter().any(|c| c.symbol == *name);
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
pub(super) fn old_module_of(sem: &Semantic, (ii, k): (usize, usize)) -> String {
    let import = &sem.imports[ii];
    match import.kind {
        ImportKind::Import if import.entries[k].alias.is_none() => import.entries[k].name.clone(),
        _ => String::new(),
    }
}

/// The bindings that may reach the head identifier of a chain, most recent first.
fn head_lookup<'a>(cx: &'a Ctx, chain: Node, scope: usize) -> Vec<&'a Binding> {
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

fn import_of(b: &Binding) -> Option<(usize, usize)> {
    match b.kind {
        BindingKind::Import { import, entry, .. } => Some((import, entry)),
        _ => None,
    }
}

/// Every import binding that may reach the head identifier of a chain.
pub(super) fn head_bindings(cx: &Ctx, chain: Node, scope: usize) -> Vec<(usize, usize)> {
    head_lookup(cx, chain, scope)
        .into_iter()
        .filter_map(import_of)
        .collect()
}

/// The import binding the head identifier of a chain most likely refers to.
pub(super) fn head_binding(cx: &Ctx, chain: Node, scope: usize) -> Option<(usize, usize)> {
    head_lookup(cx, chain, scope)
        .first()
        .copied()
        .and_then(import_of)
}

/// Whether some chain the identifier `node` heads resolves at/under `old`.
pub(super) fn moved_chain_above(cx: &Ctx, node: Node, scope: usize, old: &str) -> bool {
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
