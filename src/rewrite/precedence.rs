//! Parentheses a fix needs where it lands: a fix is an expression and keeps
//! its meaning only if the code around it cannot bind tighter than it does
//! (`get().x` rewritten to `await aget()` must read `(await aget()).x`).
//! The same holds for the `$X` captures a template places.

use tree_sitter::{Node, Parser};

/// Expressions that bind at least as tightly as attribute access, calls and
/// subscripts: safe anywhere an expression goes.
const PRIMARY: &[&str] = &[
    "identifier",
    "attribute",
    "call",
    "subscript",
    "string",
    "concatenated_string",
    "integer",
    "float",
    "true",
    "false",
    "none",
    "ellipsis",
    "list",
    "dictionary",
    "set",
    "tuple",
    "parenthesized_expression",
    "list_comprehension",
    "dictionary_comprehension",
    "set_comprehension",
    "generator_expression",
];

/// Places that take any expression as it is (a statement's value, an
/// argument, an element, inside parentheses).
const LOOSE: &[&str] = &[
    "expression_statement",
    "assignment",
    "augmented_assignment",
    "return_statement",
    "argument_list",
    "parenthesized_expression",
    "list",
    "tuple",
    "set",
    "pair",
    "expression_list",
    "assert_statement",
    "if_statement",
    "elif_clause",
    "while_statement",
    "yield",
];

/// A fix's text parsed alone, once, for the questions below.
pub fn parse_fix(parser: &mut Parser, text: &str) -> tree_sitter::Tree {
    crate::python::parse(parser, text.trim())
}

/// The kind of the one expression `text` is, parsed alone (`None` when it
/// is not one expression).
#[cfg(test)]
fn expression_kind(parser: &mut Parser, text: &str) -> Option<&'static str> {
    expression_kind_of(&parse_fix(parser, text))
}

/// The kind of the one expression a [`parse_fix`] tree is (`None` when it
/// is not one expression).
fn expression_kind_of(tree: &tree_sitter::Tree) -> Option<&'static str> {
    let root = tree.root_node();
    if root.has_error() || root.named_child_count() != 1 {
        return None;
    }
    let stmt = root.named_child(0)?;
    if stmt.kind() != "expression_statement" || stmt.named_child_count() != 1 {
        return None;
    }
    stmt.named_child(0).map(|e| e.kind())
}

/// What Python's compiler refuses in the calls of `text`, parsed alone,
/// though tree-sitter takes it: a keyword given twice (`f(t=1, t=5)`), a
/// positional argument after a keyword (`f(x=1, 0)`) or after `**`
/// (`f(**k, 0)`), and `*` after `**`.
/// `tree` is `text` as [`parse_fix`] parsed it.
pub fn call_argument_error(tree: &tree_sitter::Tree, text: &str) -> Option<String> {
    let source = text.trim();
    let mut why = None;
    crate::python::preorder(tree.root_node(), |node| {
        if why.is_some() {
            return false;
        }
        // A call's arguments, found from the call: `Node::parent` walks
        // down from the root, quadratic over a deep `f(f(f(…)))`.
        let Some(node) = (node.kind() == "call")
            .then(|| node.child_by_field_name("arguments"))
            .flatten()
            .filter(|a| a.kind() == "argument_list")
        else {
            return true;
        };
        let mut seen: Vec<&str> = Vec::new();
        let (mut keyword, mut double_star) = (false, false);
        let mut cursor = node.walk();
        for arg in node.named_children(&mut cursor) {
            let text = &source[arg.byte_range()];
            match arg.kind() {
                "comment" => {}
                "keyword_argument" => {
                    keyword = true;
                    if let Some(name) = arg.child_by_field_name("name") {
                        let name = &source[name.byte_range()];
                        if seen.contains(&name) {
                            why = Some(format!(
                                "the keyword argument `{name}` would be given twice"
                            ));
                        }
                        seen.push(name);
                    }
                }
                "dictionary_splat" => double_star = true,
                "list_splat" if double_star => {
                    why = Some(format!("`{text}` would follow a `**` argument"));
                }
                "list_splat" => {}
                _ if keyword || double_star => {
                    why = Some(format!(
                        "the positional argument `{text}` would follow a keyword argument"
                    ));
                }
                _ => {}
            }
            if why.is_some() {
                break;
            }
        }
        true
    });
    why.map(|w| format!("{w}, which does not compile"))
}

/// A number literal runs into a `.` after it: `1.real` reads as the float
/// `1.` and does not parse (and `1.5.real` is hard to read), so a number
/// before an attribute is parenthesised like any looser expression.
fn runs_into_dot(kind: &str, next: Option<char>) -> bool {
    matches!(kind, "integer" | "float") && next == Some('.')
}

/// Whether the fix `text` replacing `node` (inside `parent`) needs
/// parentheses there: the code around binds tighter than it does
/// (`(await aget()).x`), or it is a number before an attribute
/// (`(1).real`).
pub fn replacement_needs_parens(fix: &tree_sitter::Tree, node: Node, parent: Option<Node>) -> bool {
    let Some(kind) = expression_kind_of(fix) else {
        return false;
    };
    // Python takes a bare walrus in few places (`x = y := 1`, `f(k=y := 1)`
    // and `return y := 1` do not compile, though tree-sitter parses them).
    if kind == "named_expression" {
        return !parent.is_some_and(|p| WALRUS_BARE.contains(&p.kind()));
    }
    if !tight_context(parent) {
        return false;
    }
    let object_of_attribute = parent
        .is_some_and(|p| p.kind() == "attribute" && p.child_by_field_name("object") == Some(node));
    !PRIMARY.contains(&kind) || runs_into_dot(kind, object_of_attribute.then_some('.'))
}

/// Places where Python takes an unparenthesised `:=` (PEP 572).
const WALRUS_BARE: &[&str] = &[
    "parenthesized_expression",
    "argument_list",
    "list",
    "set",
    "tuple",
    "if_statement",
    "elif_clause",
    "while_statement",
    "if_clause",
];

/// Whether an expression replacing a node inside `parent` must be
/// parenthesised unless it is primary: the surrounding syntax binds
/// tighter than any operator.
pub fn tight_context(parent: Option<Node>) -> bool {
    let Some(parent) = parent else {
        return false;
    };
    if parent.kind() == "keyword_argument" {
        // `f(x=a if b else c)` is fine; a walrus there is not, and is not primary anyway.
        return false;
    }
    !LOOSE.contains(&parent.kind())
}

/// Whether a capture of kind `kind` placed into a template between
/// `before` and `after` (the template text on either side) needs parentheses.
pub fn hole_needs_parens(kind: &str, before: &str, after: &str) -> bool {
    let prev = before.trim_end().chars().last();
    let next = after.trim_start().chars().next();
    if PRIMARY.contains(&kind) {
        return runs_into_dot(kind, next);
    }
    let open = matches!(prev, None | Some('(' | ',' | '['));
    let close = matches!(next, None | Some(')' | ',' | ']'));
    // An argument or element slot takes any expression but a bare walrus
    // after `=` (a keyword argument).
    !(open && close)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primaries_and_contexts() {
        let mut p = crate::python::parser();
        let is_primary = |p: &mut Parser, text: &str| {
            expression_kind(p, text).is_none_or(|k| PRIMARY.contains(&k))
        };
        assert!(is_primary(&mut p, "m.get(x)[0]"));
        assert!(!is_primary(&mut p, "await m.get()"));
        assert!(!is_primary(&mut p, "a + b"));
        assert!(!is_primary(&mut p, "not a"));
        let tree = crate::python::parse(&mut p, "x = get().y\nz = get()\nf(get())\n-get()\n");
        let mut calls: Vec<Node> = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            let named = n
                .child_by_field_name("function")
                .is_some_and(|f| f.kind() == "identifier");
            if n.kind() == "call" && named {
                calls.push(n);
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        calls.sort_by_key(|n| n.start_byte());
        let tight: Vec<bool> = calls.iter().map(|c| tight_context(c.parent())).collect();
        // get().y, get(), f(get()) [f(...) itself is loose], get() in f(), -get()
        assert_eq!(tight, [true, false, false, false, true]);
        assert!(hole_needs_parens("binary_operator", "", ".close()"));
        assert!(!hole_needs_parens("binary_operator", "f(", ")"));
        assert!(hole_needs_parens(
            "named_expression",
            "f(user_context=",
            ")"
        ));
        assert!(!hole_needs_parens("identifier", "-", ""));
        assert!(hole_needs_parens("integer", "", ".real"));
        assert!(hole_needs_parens("float", "", " .real"));
        assert!(!hole_needs_parens("integer", "f(", ")"));
    }
}
