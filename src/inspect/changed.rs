//! Whether a module changes a name after defining it: a shim that is
//! rebound (`get_config = functools.lru_cache(None)(get_config)`, a second
//! `def`, a `del`), or changed in place (`Client.timeout = 30`,
//! `get_config.cache = {}`, `setattr(Client, "x", …)`, by its own module or
//! through an import in another file: `setattr(legacy.config,
//! "get_config", …)`). Its users get what the module left there, not the
//! definition: moved to `new`, they would lose the caching, the attribute,
//! the replacement.
//!
//! The old module's bindings and loads of the name come from its semantic
//! model; the other files read are those that spell the name (once each,
//! [`Models::spelling`]). It reads code, never runs it.

use std::collections::HashSet;

use tree_sitter::Node;

use super::Models;
use crate::python::semantic::is_at_or_under;
use crate::python::{self, BindingKind, Semantic, is_store_target_in};

/// One change of the old name.
struct Change {
    path: String,
    line: usize,
    /// What it does: `rebinds it`, `changes it`…
    what: &'static str,
    code: String,
}

/// Why moving `old` to `new` would drop what the code does to `old` after
/// defining it, when it does something: the first change found, with its
/// file and line. `None` for a module, or a name nothing changes.
pub fn changed(models: &Models, old: &str, new: &str) -> Option<String> {
    let index = models.index;
    if index.modules.contains_key(old) {
        return None;
    }
    let parts: Vec<&str> = old.split('.').collect();
    let (file, name) = (1..parts.len()).rev().find_map(|i| {
        let files = index.modules.get(&parts[..i].join("."))?;
        Some((files.first()?.path.clone(), parts[i]))
    })?;
    let mut changes = Vec::new();
    if let Some(model) = models.model(&file) {
        own_changes(model, name, &mut changes);
    }
    let last = parts.last().copied().unwrap_or(old);
    for path in models.spelling(last) {
        if let Some(model) = models.model(path) {
            writes(model, old, &mut changes);
        }
    }
    let mut seen = HashSet::new();
    changes.retain(|c| seen.insert((c.path.clone(), c.line)));
    let first = changes.first()?;
    let more = match changes.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more change)".to_string(),
        n => format!(" (and {n} more changes)"),
    };
    Some(format!(
        "`old` {old} is changed after its definition: {}:{} {} (`{}`), and moved, its users would get `new` {new} without that change{more}",
        first.path, first.line, first.what, first.code
    ))
}

/// The first line of the code at byte `pos` of the file, trimmed.
fn line_at(model: &super::Model, pos: usize) -> (usize, String) {
    let line = model.lines.position(pos).line;
    let text = model.sem.source.lines().nth(line.saturating_sub(1));
    (line, python::excerpt(text.unwrap_or_default().trim()))
}

/// The change `what` at `pos` of file `model`.
fn change_at(model: &super::Model, pos: usize, what: &'static str) -> Change {
    let (line, code) = line_at(model, pos);
    Change {
        path: model.path.to_string(),
        line,
        what,
        code,
    }
}

/// What module `model` does to its module-level `name` after defining it:
/// binds it again (anywhere after the definition, or in a function by
/// `global`), sets or deletes an attribute or item of it, anywhere in the
/// file (`name.x = …`, `name.x += …`, `setattr(name, …)`), or writes its
/// namespace at runtime.
fn own_changes(model: &super::Model, name: &str, out: &mut Vec<Change>) {
    let sem = &model.sem;
    let Some(bindings) = sem.scopes[0].bindings.get(name) else {
        return;
    };
    // The definition: its first `def`/`class`, else its first binding.
    let def = bindings
        .iter()
        .filter(|b| matches!(b.kind, BindingKind::Definition { .. }))
        .min_by_key(|b| b.pos)
        .or_else(|| bindings.iter().min_by_key(|b| b.pos));
    let Some(def) = def else { return };
    let end = match &def.kind {
        BindingKind::Definition { range } => range.end,
        _ => def.pos,
    };
    let mut push = |pos: usize, what: &'static str| out.push(change_at(model, pos, what));
    for b in bindings {
        if b.pos == def.pos || (b.pos <= end && sem.scope_at(b.pos) == 0) {
            continue;
        }
        let what = match b.kind {
            BindingKind::Definition { .. } => "defines it again",
            BindingKind::Import { .. } => "binds it again by an import",
            BindingKind::Star { .. } => "may bind it again by a star import",
            BindingKind::Local => {
                let (_, code) = line_at(model, b.pos);
                if code.starts_with("del ") {
                    "deletes it"
                } else {
                    "binds it again"
                }
            }
        };
        push(b.pos, what);
    }
    if let Some(code) = sem.namespace_written() {
        let spelled = code.trim_matches('`').trim_end_matches('…');
        let pos = sem.source.find(spelled).unwrap_or(0);
        push(pos, "writes the module's namespace at runtime");
    }
    let positions: HashSet<usize> = bindings.iter().map(|b| b.pos).collect();
    for r in &sem.references {
        let node = r.node;
        if node.kind() != "identifier" || sem.text(node) != name {
            continue;
        }
        let module_level = sem
            .lookup_all(name, r.scope, node.start_byte())
            .iter()
            .any(|b| positions.contains(&b.pos));
        if !module_level {
            continue;
        }
        // Up the attributes and items taken off it: `name.a.b[k]`.
        let mut at = node;
        while let Some(p) = at.parent() {
            let on = match p.kind() {
                "attribute" => p.child_by_field_name("object") == Some(at),
                "subscript" => p.child_by_field_name("value") == Some(at),
                _ => false,
            };
            if !on {
                break;
            }
            at = p;
        }
        if at != node && is_store_target_in(at, at.parent()) {
            push(at.start_byte(), "changes it");
        } else if setattr_object(sem, at) {
            push(at.start_byte(), "sets an attribute of it");
        }
    }
}

/// Whether `node` is the object of a call of the builtin `setattr` or
/// `delattr`.
fn setattr_object(sem: &Semantic, node: Node) -> bool {
    let Some(call) = node
        .parent()
        .filter(|a| a.kind() == "argument_list")
        .and_then(|a| a.parent())
        .filter(|c| c.kind() == "call")
    else {
        return false;
    };
    call.child_by_field_name("function")
        .and_then(|f| setattr_args(sem, f, call))
        .is_some_and(|(object, _)| object == node)
}

/// The object and name arguments of a call of the builtin `setattr` or
/// `delattr`.
fn setattr_args<'t>(
    sem: &Semantic<'t>,
    f: Node<'t>,
    call: Node<'t>,
) -> Option<(Node<'t>, Option<Node<'t>>)> {
    if f.kind() != "identifier" || !matches!(sem.text(f), "setattr" | "delattr") {
        return None;
    }
    let scope = sem.scope_at(f.start_byte());
    if !sem
        .lookup_all(sem.text(f), scope, f.start_byte())
        .is_empty()
    {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let mut positional = args
        .named_children(&mut c)
        .filter(|a| !matches!(a.kind(), "comment" | "keyword_argument"));
    let object = positional.next()?;
    Some((object, positional.next()))
}

/// The writes of file `model` to `old` or under it through its imports:
/// `legacy.config.get_config = …`, `lc.get_config.cache = {}`,
/// `setattr(legacy.config, "get_config", …)`, `delattr(…)`.
fn writes(model: &super::Model, old: &str, out: &mut Vec<Change>) {
    let sem = &model.sem;
    let mut push = |pos: usize, what: &'static str| out.push(change_at(model, pos, what));
    // An attribute chain assigned, augmented or deleted that denotes `old`
    // or something under it (spelling its name: a cheap test first, as a
    // parent costs a walk from the root).
    let name = old.rsplit('.').next().unwrap_or(old);
    for r in &sem.references {
        let node = r.node;
        if node.kind() != "attribute"
            || !python::contains_word(sem.text(node), name)
            || !sem.may_resolve(node)
            || !is_store_target_in(node, node.parent())
        {
            continue;
        }
        let targets = sem.resolve_all(node, r.scope);
        let Some(target) = targets.iter().find(|t| is_at_or_under(&t.symbol, old)) else {
            continue;
        };
        let what = if target.symbol == old {
            "binds it again"
        } else {
            "changes it"
        };
        push(node.start_byte(), what);
    }
    for &(callee, call) in sem.calls() {
        let Some((object, name)) = setattr_args(sem, callee, call) else {
            continue;
        };
        let paths = python::object_paths(sem, object);
        let attr = name.and_then(|n| python::string_value(sem.source, n).map(|(_, v)| v));
        if paths.iter().any(|p| is_at_or_under(p, old)) {
            push(call.start_byte(), "sets an attribute of it");
        } else if paths.iter().any(|p| {
            attr.as_ref()
                .is_some_and(|a| is_at_or_under(&format!("{p}.{a}"), old))
        }) {
            push(call.start_byte(), "binds it again");
        }
    }
}
