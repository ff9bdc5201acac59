//! The values of Python string literals.

use std::ops::Range;

use tree_sitter::Node;

/// The byte range between a plain string's quotes; `None` for f-strings
/// with interpolations and for strings without content.
pub fn string_content(node: Node) -> Option<Range<usize>> {
    let mut cursor = node.walk();
    let mut start = None;
    let mut end = None;
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_start" => start = Some(child.end_byte()),
            "string_end" => end = Some(child.start_byte()),
            "interpolation" => return None,
            _ => {}
        }
    }
    let (s, e) = (start?, end?);
    (s < e).then_some(s..e)
}

/// A text string literal's value and the range to replace it: the content
/// of a plain string, or the whole node of an implicit concatenation.
/// Bytes literals and f-strings with interpolations have no value here.
pub fn string_value(source: &str, node: Node) -> Option<(Range<usize>, String)> {
    match node.kind() {
        "string" => {
            let prefix = node.child(0).map(|s| &source[s.byte_range()])?;
            if prefix.contains(['b', 'B']) {
                return None;
            }
            let content = string_content(node)?;
            Some((content.clone(), source[content].to_string()))
        }
        "concatenated_string" => {
            let mut value = String::new();
            let mut cursor = node.walk();
            for part in node.named_children(&mut cursor) {
                if part.kind() == "comment" {
                    continue;
                }
                let (_, v) = string_value(source, part)?;
                value.push_str(&v);
            }
            Some((node.byte_range(), value))
        }
        _ => None,
    }
}

/// Callees (by their last one or two names) whose first argument is a
/// dotted import path: mocking, monkeypatching, importlib and the loaders
/// of common frameworks. Listed in the README.
const PATH_CALLEES: &[&str] = &[
    // unittest.mock, mock, pytest-mock (`mocker.patch`)
    "patch",
    "patch.dict",
    "patch.multiple",
    // pytest's monkeypatch, string form: `monkeypatch.setattr("a.b.c", value)`
    "monkeypatch.setattr",
    "monkeypatch.delattr",
    "mp.setattr",
    "mp.delattr",
    // the standard library
    // Not `__import__`: it returns the top-level package, so the code after
    // the call spells the rest of the path (`__import__("a.b").b.X`), and
    // a new path needs that rewritten too. Offered in review, never applied.
    "import_module",
    "resolve_name",
    "locate",
    // Django, Werkzeug, Tornado, Kombu/Celery, Scrapy, Hydra
    "import_string",
    "import_object",
    "symbol_by_name",
    "load_object",
    "utils.get_class",
    "utils.get_method",
];

/// Whether a string literal is where an API takes a dotted import path:
/// the first positional argument (or `target=`) of a call to one of
/// [`PATH_CALLEES`], `@patch("a.b")` decorators included. Any other string
/// equal to a path is data as far as canon can tell.
pub fn is_import_path_arg(source: &str, node: Node) -> bool {
    let mut arg = node;
    let Some(mut parent) = node.parent() else {
        return false;
    };
    if parent.kind() == "keyword_argument" {
        let name = parent
            .child_by_field_name("name")
            .map(|n| &source[n.byte_range()]);
        if !matches!(name, Some("target" | "name")) {
            return false;
        }
        arg = parent;
        match parent.parent() {
            Some(p) => parent = p,
            None => return false,
        }
    } else {
        // Only the first positional argument.
        let mut cursor = parent.walk();
        let first = parent
            .named_children(&mut cursor)
            .find(|c| c.kind() != "comment");
        if first != Some(node) {
            return false;
        }
    }
    if parent.kind() != "argument_list" || arg.parent() != Some(parent) {
        return false;
    }
    let Some(call) = parent.parent().filter(|c| c.kind() == "call") else {
        return false;
    };
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let names = callee_names(source, function);
    let last = names.last().map(String::as_str);
    let two = (names.len() >= 2)
        .then(|| format!("{}.{}", names[names.len() - 2], names[names.len() - 1]));
    PATH_CALLEES
        .iter()
        .any(|c| (Some(*c) == last && !c.contains('.')) || two.as_deref() == Some(*c))
}

/// The names of a callee chain (`mock.patch.dict` → mock, patch, dict).
fn callee_names(source: &str, mut node: Node) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        match node.kind() {
            "identifier" => {
                out.push(source[node.byte_range()].to_string());
                break;
            }
            "attribute" => {
                if let Some(a) = node.child_by_field_name("attribute") {
                    out.push(source[a.byte_range()].to_string());
                }
                match node.child_by_field_name("object") {
                    Some(o) => node = o,
                    None => break,
                }
            }
            _ => break,
        }
    }
    out.reverse();
    out
}

/// [`is_import_path_arg`], or a string assigned to a name (`TARGET =
/// "a.b.c"`) that the file passes where an import path goes
/// (`patch(TARGET)`).
/// For the attribute-name string of `patch.object(obj, "name", ...)`
/// (`mock.patch.object`, `mocker.patch.object`), `monkeypatch.setattr(obj,
/// "name", ...)` or `setattr(obj, "name", ...)`: the node of `obj`. The
/// patched path is what `obj` denotes, then `.name`.
pub fn patched_object<'t>(source: &str, node: Node<'t>) -> Option<Node<'t>> {
    let args = node.parent().filter(|p| p.kind() == "argument_list")?;
    let call = args.parent().filter(|c| c.kind() == "call")?;
    let names = callee_names(source, call.child_by_field_name("function")?);
    let n = names.len();
    let last = names.last()?.as_str();
    let patches = (last == "object" && n >= 2 && names[n - 2] == "patch") || last == "setattr";
    if !patches {
        return None;
    }
    let mut cursor = args.walk();
    let positional: Vec<Node<'t>> = args
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .take(2)
        .collect();
    match positional.as_slice() {
        [obj, name] if *name == node && obj.kind() != "keyword_argument" => Some(*obj),
        _ => None,
    }
}

/// The attribute strings of the file's `patch.object(obj, "name", ...)`
/// and `setattr(obj, "name", ...)` calls (see [`patched_object`]), each
/// with every dotted path `obj.name` may denote: read once for all rules.
pub fn patched_targets(sem: &super::Semantic) -> Vec<(std::ops::Range<usize>, Vec<String>)> {
    let mut out = Vec::new();
    for s in &sem.strings {
        let Some(obj) = patched_object(sem.source, s.node) else {
            continue;
        };
        let Some((range, value)) = string_value(sem.source, s.node) else {
            continue;
        };
        let scope = sem.scope_at(obj.start_byte());
        let targets = sem
            .resolve_all(obj, scope)
            .into_iter()
            .map(|r| format!("{}.{value}", r.symbol))
            .collect();
        out.push((range, targets));
    }
    out
}

/// Of [`patched_targets`], those whose `obj.name` is `path` or under it,
/// with that dotted path.
pub fn patched_under(
    patched: &[(std::ops::Range<usize>, Vec<String>)],
    path: &str,
) -> Vec<(std::ops::Range<usize>, String)> {
    patched
        .iter()
        .filter_map(|(range, targets)| {
            let t = targets
                .iter()
                .find(|t| super::semantic::is_at_or_under(t, path))?;
            Some((range.clone(), t.clone()))
        })
        .collect()
}

/// [`patched_under`] for one path, reading the file's patches.
pub fn patched_paths(sem: &super::Semantic, path: &str) -> Vec<(std::ops::Range<usize>, String)> {
    patched_under(&patched_targets(sem), path)
}

pub fn is_path_string(sem: &super::Semantic, node: Node) -> bool {
    let source = sem.source;
    if is_import_path_arg(source, node) {
        return true;
    }
    let Some(assignment) = node.parent().filter(|p| p.kind() == "assignment") else {
        return false;
    };
    if assignment.child_by_field_name("right") != Some(node) {
        return false;
    }
    let Some(left) = assignment
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")
    else {
        return false;
    };
    let name = &source[left.byte_range()];
    sem.references.iter().any(|r| {
        r.node.kind() == "identifier"
            && &source[r.node.byte_range()] == name
            && is_import_path_arg(source, r.node)
    })
}
