//! `sys.modules`, the interpreter's table of loaded modules, is keyed by
//! import path: `sys.modules["a.b"]`, `"a.b" in sys.modules`,
//! `sys.modules.pop("a.b")`, `patch.dict(sys.modules, {"a.b": fake})`,
//! `monkeypatch.setitem(sys.modules, "a.b", fake)`. A string there names a
//! module as an import statement does, so a move of the module must follow
//! it (a stub installed under the old key is bypassed once the code imports
//! the new one). Recognised here by the shape around the string; no I/O.

use std::ops::Range;

use tree_sitter::Node;

use super::{Semantic, callee_spellings, parenthesized_up, string_value};

/// The `sys.modules` keys the file spells as literal dotted paths: each
/// string, its value's range and the value.
/// Found once per file: a move asks for every import it rewrites.
pub fn sys_modules_keys<'t>(sem: &Semantic<'t>) -> Vec<(Node<'t>, Range<usize>, String)> {
    let keys = sem.sys_modules_keys.get_or_init(|| {
        // Most files never spell it: no walk over their strings.
        if !sem.source.contains("modules") {
            return Vec::new();
        }
        (sem.strings.iter().enumerate())
            .filter(|(_, s)| !s.docstring)
            .filter_map(|(i, s)| {
                let (range, value) = string_value(sem.source, s.node)?;
                (super::is_dotted_path(&value) && is_sys_modules_key(sem, s.node))
                    .then_some((i, range, value))
            })
            .collect()
    });
    keys.iter()
        .map(|(i, range, value)| (sem.strings[*i].node, range.clone(), value.clone()))
        .collect()
}

/// The methods of a dict whose first argument is a key.
const KEY_METHODS: &[&str] = &[
    "get",
    "pop",
    "setdefault",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
];

/// Whether the string `node` is a key of `sys.modules`: its subscript, the
/// key a dict method of it takes, the left side of `in`/`not in` it, the
/// key `monkeypatch.setitem`/`delitem` takes with it, or a key of the
/// dict given to `patch.dict(sys.modules, {…})` or `sys.modules.update({…})`.
pub fn is_sys_modules_key(sem: &Semantic, node: Node) -> bool {
    if mapping_keyed(sem, node).is_some_and(|m| is_sys_modules(sem, m)) {
        return true;
    }
    let node = parenthesized_up(sem, node);
    let Some(parent) = sem.parent(node) else {
        return false;
    };
    match parent.kind() {
        "argument_list" => {
            let args = positional(parent);
            let Some(function) = sem
                .parent(parent)
                .filter(|c| c.kind() == "call")
                .and_then(|c| c.child_by_field_name("function"))
            else {
                return false;
            };
            // `monkeypatch.setitem(sys.modules, "a.b", fake)`
            let last = callee_spellings(sem, function)
                .into_iter()
                .filter_map(|n| n.last().cloned())
                .any(|l| l == "setitem" || l == "delitem");
            last && args.get(1) == Some(&node)
                && args.first().is_some_and(|a| is_sys_modules(sem, *a))
        }
        "pair" if parent.child_by_field_name("key") == Some(node) => sem
            .parent(parent)
            .filter(|d| d.kind() == "dictionary")
            .is_some_and(|dict| is_sys_modules_update(sem, dict)),
        _ => false,
    }
}

/// The mapping expression the string `node` is a key of, by the shape
/// around it: `m` of `m["k"]`, `"k" in m`, `"k" not in m`, or
/// `m.get("k")` (and the other [`KEY_METHODS`]).
pub fn mapping_keyed<'t>(sem: &Semantic<'t>, node: Node<'t>) -> Option<Node<'t>> {
    let node = parenthesized_up(sem, node);
    let parent = sem.parent(node)?;
    match parent.kind() {
        "subscript" => {
            (parent.child_by_field_name("subscript") == Some(node)).then_some(())?;
            parent.child_by_field_name("value")
        }
        "comparison_operator" => {
            let mut cursor = parent.walk();
            let operands: Vec<Node> = parent.named_children(&mut cursor).collect();
            let operators: Vec<&str> = (0..parent.child_count())
                .filter_map(|i| parent.child(i))
                .filter(|c| !c.is_named())
                .map(|c| sem.text(c))
                .collect();
            (operands.len() == 2
                && operands[0] == node
                && matches!(operators.as_slice(), ["in"] | ["not", "in"]))
            .then_some(operands[1])
        }
        "argument_list" => {
            (positional(parent).first() == Some(&node)).then_some(())?;
            let function = sem
                .parent(parent)
                .filter(|c| c.kind() == "call")?
                .child_by_field_name("function")
                .filter(|f| f.kind() == "attribute")?;
            let method = sem.text(function.child_by_field_name("attribute")?);
            KEY_METHODS
                .contains(&method)
                .then(|| function.child_by_field_name("object"))
                .flatten()
        }
        _ => None,
    }
}

/// Whether the dict literal `dict` is what `patch.dict(sys.modules, dict)`
/// (or `values=dict`, or `"sys.modules"` spelled as a string) puts in
/// `sys.modules`, or `sys.modules.update(dict)`.
fn is_sys_modules_update(sem: &Semantic, dict: Node) -> bool {
    dict_target(sem, dict).is_some_and(|t| {
        is_sys_modules(sem, t)
            || string_value(sem.source, t).is_some_and(|(_, v)| v == "sys.modules")
    })
}

/// The mapping a dict literal's items are put in: `m` of `patch.dict(m,
/// dict)` (or `values=dict`) and of `m.update(dict)`.
pub fn dict_target<'t>(sem: &Semantic<'t>, dict: Node<'t>) -> Option<Node<'t>> {
    let dict = parenthesized_up(sem, dict);
    let mut args = sem.parent(dict)?;
    let keyword = args.kind() == "keyword_argument";
    if keyword {
        let named = args.child_by_field_name("name").map(|n| sem.text(n));
        (named == Some("values")).then_some(())?;
        args = sem.parent(args)?;
    }
    (args.kind() == "argument_list").then_some(())?;
    let function = sem
        .parent(args)
        .filter(|c| c.kind() == "call")?
        .child_by_field_name("function")?;
    let all = positional(args);
    // `m.update({…})`
    if !keyword
        && all.first() == Some(&dict)
        && function.kind() == "attribute"
        && function
            .child_by_field_name("attribute")
            .is_some_and(|a| sem.text(a) == "update")
    {
        return function.child_by_field_name("object");
    }
    let patch_dict = callee_spellings(sem, function).iter().any(|names| {
        let n = names.len();
        n >= 2 && names[n - 1] == "dict" && names[n - 2] == "patch"
    });
    (patch_dict && (keyword || all.get(1) == Some(&dict)))
        .then(|| all.first().copied())
        .flatten()
}

/// The positional arguments of an argument list, comments left out.
fn positional(args: Node) -> Vec<Node> {
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|c| !matches!(c.kind(), "comment" | "keyword_argument"))
        .collect()
}

/// Whether `node` denotes `sys.modules` (`sys.modules`, `s.modules` after
/// `import sys as s`, `modules` after `from sys import modules`).
pub fn is_sys_modules(sem: &Semantic, node: Node) -> bool {
    let node = match node.kind() {
        "parenthesized_expression" => match node.named_child(0) {
            Some(inner) => inner,
            None => return false,
        },
        _ => node,
    };
    if !matches!(node.kind(), "identifier" | "attribute") || !sem.may_resolve(node) {
        return false;
    }
    let scope = sem.scope_at(node.start_byte());
    sem.resolve_all(node, scope)
        .iter()
        .any(|r| r.symbol == "sys.modules")
}

/// The module `sys.modules["a.b"]` is: `a.b`, for a literal dotted key;
/// the file's own module for `sys.modules[__name__]` (while nothing in
/// the file binds `__name__`), as a script run as `__main__` is too.
pub fn sys_modules_entry(sem: &Semantic, subscript: Node) -> Option<String> {
    let key = subscript.child_by_field_name("subscript")?;
    if key.kind() == "identifier" && sem.text(key) == "__name__" {
        let scope = sem.scope_at(key.start_byte());
        let own = sem
            .lookup_all("__name__", scope, key.start_byte())
            .is_empty()
            && !sem.module.is_empty()
            && subscript
                .child_by_field_name("value")
                .is_some_and(|m| is_sys_modules(sem, m));
        return own.then(|| sem.module.clone());
    }
    let (_, value) = string_value(sem.source, key)?;
    (super::is_dotted_path(&value) && is_sys_modules_key(sem, key)).then_some(value)
}
