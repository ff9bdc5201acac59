//! `importlib.import_module("OLD_MOD").NAME`: the module and the name
//! spelled apart, so no reference resolves to the moved symbol. When the
//! call names the old module absolutely (a literal, as written), both move
//! in one edit: `import_module("NEW_MOD").NEW_NAME`. Relative names and
//! `__import__` (its `fromlist` names the old attribute too) and lookups
//! by name (`getattr(old.mod, "make")`: the new module may not be bound
//! here) are left for a human, as `check` says.

use crate::python::{callee_spellings, is_dotted_path, string_value};
use crate::rewrite::EditKind;
use crate::rewrite::layer::{Ctx, Layer};

/// The edits for `old` moved to `new`.
pub fn import_module_attributes(cx: &Ctx, layer: &mut Layer, old: &str, new: &str) {
    let Some((old_module, old_name)) = old.rsplit_once('.') else {
        return;
    };
    let Some((new_module, new_attrs)) = cx.modules.split(new) else {
        return;
    };
    let sem = cx.sem;
    for r in &sem.references {
        // Cheap tests first: every move asks this of every reference.
        if r.node.kind() != "attribute" || !sem.text(r.node).ends_with(old_name) {
            continue;
        }
        let (Some(call), Some(attr)) = (
            r.node.child_by_field_name("object"),
            r.node.child_by_field_name("attribute"),
        ) else {
            continue;
        };
        if r.node.kind() != "attribute" || call.kind() != "call" || sem.text(attr) != old_name {
            continue;
        }
        let Some(function) = call.child_by_field_name("function") else {
            continue;
        };
        let import_module = callee_spellings(sem, function)
            .iter()
            .any(|n| n.last().is_some_and(|l| l == "import_module"));
        if !import_module {
            continue;
        }
        let Some(args) = call.child_by_field_name("arguments") else {
            continue;
        };
        // `import_module("old.mod")` alone: a package argument or a
        // keyword is for a human.
        let mut cursor = args.walk();
        let all: Vec<_> = args
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "comment")
            .collect();
        let [name] = all.as_slice() else {
            continue;
        };
        let Some((content, value)) = string_value(cx.src, *name) else {
            continue;
        };
        if name.kind() != "string"
            || value != old_module
            || cx.src[content.clone()] != value
            || !is_dotted_path(&value)
        {
            continue;
        }
        let replacement = format!(
            "{new_module}{}{new_attrs}",
            &cx.src[content.end..attr.start_byte()]
        );
        layer.push(
            content.start..attr.end_byte(),
            replacement,
            EditKind::DottedString,
        );
    }
}
