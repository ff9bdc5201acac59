//! The names a string annotation spells: its content parsed as a Python
//! expression (`"Optional[helper]"` loads `Optional` and `helper`), as a
//! type checker and `typing.get_type_hints` read it.
//!
//! Only plain strings (no f-string, no bytes, no backslash: an escape would
//! shift positions) whose content is one expression. Names bound inside
//! the annotation (a lambda, a comprehension, `:=`) make it unreadable here,
//! and so do nested strings (`Literal["x"]` is data, `List["X"]` is a
//! name): such an annotation yields nothing, as before. No I/O.
//!
//! Some calls take a type expression where an annotation would be, and
//! read a string there as a forward reference too: `cast("Make", v)`,
//! `TypeVar("T", bound="Make")`, `NewType("Id", "Make")`. Their arguments
//! are found here by the callee's spelling; the walk keeps those whose
//! callee resolves to `typing` (or `typing_extensions`).

use std::cell::RefCell;
use std::ops::Range;

use tree_sitter::{Node, Parser};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(crate::python::parser());
}

/// Each maximal dotted name loaded by the string annotation `node`: its
/// range in `source` and its dotted text. Empty when the string is not a
/// plain one holding a single expression.
pub(super) fn names(source: &str, node: Node) -> Vec<(Range<usize>, String)> {
    let Some(content) = crate::python::string_content(node) else {
        return Vec::new();
    };
    let text = &source[content.clone()];
    let prefix = node.child(0).map_or("", |s| &source[s.byte_range()]);
    if prefix.contains(['b', 'B', 'f', 'F', 't', 'T']) || text.contains('\\') {
        return Vec::new();
    }
    // The common case, without a parse.
    if crate::python::is_dotted_path(text) {
        return vec![(content, text.to_string())];
    }
    let Some(tree) = PARSER.with(|p| p.try_borrow_mut().ok().map(|mut p| p.parse(text, None)))
    else {
        return Vec::new();
    };
    let Some(tree) = tree else {
        return Vec::new();
    };
    let root = tree.root_node();
    let expression = match (root.has_error(), root.named_child_count()) {
        (false, 1) => root
            .named_child(0)
            .filter(|s| s.kind() == "expression_statement" && s.named_child_count() == 1),
        _ => None,
    };
    let Some(expression) = expression.and_then(|s| s.named_child(0)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !collect(text, expression, &mut out) {
        return Vec::new();
    }
    out.into_iter()
        .map(|(r, t)| (r.start + content.start..r.end + content.start, t))
        .collect()
}

/// Whether the string `node` inside an annotation is data rather than a
/// forward reference: an argument of `Literal[…]`, or metadata of
/// `Annotated[T, …]` (anything after its first argument). A type checker
/// and `typing.get_args` read it as the value it spells.
pub(super) fn is_data(source: &str, node: Node) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        let (head, args): (Option<Node>, Vec<Node>) = match parent.kind() {
            // `Literal["x"]` where a type is expected.
            "generic_type" => {
                let mut c = parent.walk();
                let kids: Vec<Node> = parent.named_children(&mut c).collect();
                let args = kids
                    .iter()
                    .find(|k| k.kind() == "type_parameter")
                    .map(|tp| {
                        let mut c = tp.walk();
                        tp.named_children(&mut c).collect()
                    })
                    .unwrap_or_default();
                (kids.first().copied(), args)
            }
            // `typing.Literal["x"]`, and any subscript inside an annotation.
            "subscript" => {
                let mut c = parent.walk();
                let args = parent.children_by_field_name("subscript", &mut c).collect();
                (parent.child_by_field_name("value"), args)
            }
            "typed_parameter"
            | "typed_default_parameter"
            | "function_definition"
            | "assignment"
            | "block"
            | "module" => return false,
            _ => {
                child = parent;
                continue;
            }
        };
        let name = head.map_or("", |h| &source[h.byte_range()]);
        let last = name.rsplit('.').next().unwrap_or(name).trim();
        let at = args
            .iter()
            .position(|a| a.start_byte() <= node.start_byte() && node.end_byte() <= a.end_byte());
        match (last, at) {
            ("Literal", Some(_)) => return true,
            ("Annotated", Some(i)) if i > 0 => return true,
            _ => {}
        }
        child = parent;
    }
    false
}

/// Where `typing.NAME(...)` takes a type expression: the positional
/// indexes and the keywords, for each such NAME.
const TYPE_ARGUMENTS: &[(&str, &[usize], &[&str])] = &[
    ("cast", &[0], &["typ"]),
    ("assert_type", &[1], &[]),
    ("NewType", &[1], &["tp"]),
    ("ForwardRef", &[0], &["arg"]),
    ("TypeAliasType", &[1], &["value"]),
    // Every positional after the name is a constraint.
    ("TypeVar", &[usize::MAX], &["bound", "default"]),
    ("ParamSpec", &[], &["bound", "default"]),
    ("TypeVarTuple", &[], &["default"]),
];

/// The modules whose TYPE_ARGUMENTS functions are meant, and whose
/// generics (`Optional`, `List`…) take type expressions in a subscript
/// (all but `Literal`, whose arguments are values).
pub(super) const TYPING_MODULES: &[&str] = &["typing", "typing_extensions"];

/// Other modules whose subscriptable names are generic classes
/// (`collections.abc.Sequence["Make"]`, `collections.deque["Make"]`).
pub(super) const GENERIC_MODULES: &[&str] = &["collections.abc", "collections"];

/// Builtin classes subscripted at runtime as generics (`list["Make"]`):
/// `typing.get_type_hints` reads their string arguments as forward references.
pub(super) const BUILTIN_GENERICS: &[&str] = &["list", "dict", "set", "frozenset", "tuple", "type"];

/// For a subscript whose value is a name or attribute chain (`Optional[…]`,
/// `t.List[…]`): the value, and the string literals its arguments hold as
/// a type expression would (`"Make"` in `Optional["Make"]`).
pub(super) fn subscript_strings(node: Node) -> Option<(Node, Vec<Node>)> {
    let value = node.child_by_field_name("value")?;
    if !matches!(value.kind(), "identifier" | "attribute") {
        return None;
    }
    let mut strings = Vec::new();
    type_strings(node, &mut strings);
    Some((value, strings))
}

/// The type expression of an annotated assignment's annotation
/// (`TypeAlias` of `X: TypeAlias = …`), and the strings its value holds.
pub(super) fn alias_strings<'t>(assignment: Node<'t>) -> Option<(Node<'t>, Vec<Node<'t>>)> {
    let annotation = assignment.child_by_field_name("type")?.named_child(0)?;
    if !matches!(annotation.kind(), "identifier" | "attribute") {
        return None;
    }
    let mut strings = Vec::new();
    type_strings(assignment.child_by_field_name("right")?, &mut strings);
    Some((annotation, strings))
}

/// For a call spelled like one of TYPE_ARGUMENTS (`cast(…)`, `t.TypeVar(…)`):
/// its callee, the name it spells, and the string literals its type
/// arguments hold (`"Make"`, and the strings in `Optional["Make"]`).
pub(super) fn type_argument_strings<'t>(
    source: &str,
    call: Node<'t>,
) -> Option<(Node<'t>, &'static str, Vec<Node<'t>>)> {
    let callee = call.child_by_field_name("function")?;
    let spelled = match callee.kind() {
        "identifier" => &source[callee.byte_range()],
        "attribute" => &source[callee.child_by_field_name("attribute")?.byte_range()],
        _ => return None,
    };
    let &(name, positions, keywords) = TYPE_ARGUMENTS.iter().find(|(n, _, _)| *n == spelled)?;
    let args = call.child_by_field_name("arguments")?;
    let mut strings = Vec::new();
    let mut cursor = args.walk();
    let mut positional = 0;
    for arg in args.named_children(&mut cursor) {
        let value = match arg.kind() {
            "keyword_argument" => {
                let key = arg
                    .child_by_field_name("name")
                    .map(|k| &source[k.byte_range()]);
                match key {
                    Some(k) if keywords.contains(&k) => arg.child_by_field_name("value"),
                    _ => None,
                }
            }
            "comment" => continue,
            // After a `*args`, positions are unknown.
            "list_splat" | "dictionary_splat" => break,
            _ => {
                positional += 1;
                let at = positional - 1;
                let taken = positions.contains(&at) || (positions == [usize::MAX] && at > 0);
                taken.then_some(arg)
            }
        };
        if let Some(value) = value {
            type_strings(value, &mut strings);
        }
    }
    Some((callee, name, strings))
}

/// The string literals of a type expression: itself, or those inside its
/// subscripts, unions, tuples and lists (`Callable[["A"], "B"]`).
fn type_strings<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    match node.kind() {
        "string" => out.push(node),
        "subscript" => {
            let mut cursor = node.walk();
            for s in node.children_by_field_name("subscript", &mut cursor) {
                type_strings(s, out);
            }
        }
        "binary_operator" | "tuple" | "list" | "expression_list" | "parenthesized_expression" => {
            let mut cursor = node.walk();
            for c in node.named_children(&mut cursor) {
                type_strings(c, out);
            }
        }
        _ => {}
    }
}

/// Push the loads under `node` (ranges relative to `text`); false when a
/// construct binds names or nests a string.
fn collect(text: &str, node: Node, out: &mut Vec<(Range<usize>, String)>) -> bool {
    match node.kind() {
        "identifier" => out.push((node.byte_range(), text[node.byte_range()].to_string())),
        "attribute" => match dotted(text, node) {
            Some(d) => out.push((node.byte_range(), d)),
            // `f().x`: the object's loads; the attribute name is no load.
            None => {
                return node
                    .child_by_field_name("object")
                    .is_none_or(|o| collect(text, o, out));
            }
        },
        "keyword_argument" => {
            return node
                .child_by_field_name("value")
                .is_none_or(|v| collect(text, v, out));
        }
        "lambda"
        | "named_expression"
        | "list_comprehension"
        | "set_comprehension"
        | "dictionary_comprehension"
        | "generator_expression"
        | "string"
        | "concatenated_string" => return false,
        _ => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                if !collect(text, child, out) {
                    return false;
                }
            }
        }
    }
    true
}

/// `a.b.c` as one dotted name, when every part is an identifier (no
/// comment or call between them).
fn dotted(text: &str, node: Node) -> Option<String> {
    match node.kind() {
        "identifier" => Some(text[node.byte_range()].to_string()),
        "attribute" => {
            if node.named_child_count() != 2 {
                return None;
            }
            let object = dotted(text, node.child_by_field_name("object")?)?;
            let attribute = node.child_by_field_name("attribute")?;
            Some(format!("{object}.{}", &text[attribute.byte_range()]))
        }
        _ => None,
    }
}
