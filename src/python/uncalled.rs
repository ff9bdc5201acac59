//! Loads of a symbol that pass it on as a value instead of calling it:
//! `Depends(get_factory)`, `functools.partial(get_factory)`,
//! `map(get_factory, xs)`, `x = get_factory`, `return get_factory`, a
//! parameter's default, an element of a list or dict built in one of those
//! places, a bare decorator (`@get_factory`, a call no pattern spells). A rewrite of the symbol's calls cannot reach them, and the code
//! that receives the function calls it later.
//!
//! Only those places count: a call (`get_factory(1)`), an attribute of it
//! (`get_factory.cache_clear`), a `del`, an annotation, a
//! base class, an `except` or the class argument of `isinstance`,
//! `issubclass`, `type` or a `typing` helper are not passing a function on.
//! Imports and strings (`patch("a.get_factory")`) are not loads at all.

use tree_sitter::Node;

use super::{Resolution, Semantic};

/// The loads of `symbol` (through an import, an alias or `mod.attr`) that
/// pass it on as a value, in source order.
pub fn passed_as_value<'t>(sem: &Semantic<'t>, symbol: &str) -> Vec<Node<'t>> {
    let last = symbol.rsplit('.').next().unwrap_or(symbol);
    // The names that may denote it: its own, and those imports bind it to
    // (`from a import f as g`); a chain ends in its own.
    let mut names = vec![last];
    for i in &sem.imports {
        names.extend(
            (i.entries.iter())
                .filter(|e| e.symbol.as_deref() == Some(symbol))
                .map(|e| e.bound.as_str()),
        );
    }
    let loads: Vec<Node> = (sem.references.iter())
        .filter(|r| {
            let node = r.node;
            let named = match node.kind() {
                "identifier" => names.contains(&sem.text(node)),
                "attribute" => node
                    .child_by_field_name("attribute")
                    .is_some_and(|a| sem.text(a) == last),
                _ => false,
            };
            named
                && sem.may_resolve(node)
                && sem
                    .resolve_all(node, r.scope)
                    .iter()
                    .any(|c| c.symbol == symbol)
        })
        .map(|r| r.node)
        .collect();
    // One walk finds the parents of them all: a climb by `Node::parent`
    // from each load of a deep `f(f(f(…)))` is quadratic.
    let parents = super::Parents::around(sem.root, &loads);
    loads
        .into_iter()
        .filter(|&node| passed_on(sem, &parents, node))
        .collect()
}

/// Whether the value of `node` is handed on: a call's argument, an
/// assignment's value, a returned or yielded value, a default, a lambda's
/// body; directly or as an element of a display or a conditional built
/// there.
fn passed_on<'t>(sem: &Semantic<'t>, parents: &super::Parents<'t>, node: Node<'t>) -> bool {
    let mut child = node;
    let Some(mut parent) = parents.of(node) else {
        return false;
    };
    // Through the displays and operators that hand the value on.
    loop {
        let through = match parent.kind() {
            "parenthesized_expression"
            | "list"
            | "tuple"
            | "set"
            | "expression_list"
            | "boolean_operator" => true,
            "pair" => parent.child_by_field_name("value") == Some(child),
            // `a if cond else b`: the condition is only tested.
            "conditional_expression" => parent.named_child(1) != Some(child),
            "dictionary" => true,
            _ => false,
        };
        if !through {
            break;
        }
        child = parent;
        match parents.of(parent) {
            Some(p) => parent = p,
            None => return false,
        }
    }
    let is = |field: &str| parent.child_by_field_name(field) == Some(child);
    match parent.kind() {
        "argument_list" => parents
            .of(parent)
            .is_some_and(|call| call.kind() == "call" && !type_helper(sem, call)),
        "keyword_argument" => {
            is("value")
                && parents
                    .of(parent)
                    .and_then(|args| parents.of(args))
                    .is_some_and(|call| call.kind() == "call" && !type_helper(sem, call))
        }
        "assignment" | "augmented_assignment" => is("right"),
        "named_expression" | "default_parameter" | "typed_default_parameter" => is("value"),
        "lambda" => is("body"),
        "return_statement" | "yield" => true,
        // `@get_factory` calls it with the function below: no call the
        // pattern spells, so the rewrite cannot reach it either.
        "decorator" => true,
        _ => false,
    }
}

/// A call that takes a class as a type, not a function to call:
/// `isinstance`, `issubclass` and `type` (the builtins), or a `typing`
/// helper (`cast`, `TypeVar`, `NewType`).
fn type_helper(sem: &Semantic, call: Node) -> bool {
    let Some(f) = call.child_by_field_name("function") else {
        return false;
    };
    let scope = sem.scope_at(f.start_byte());
    if f.kind() == "identifier"
        && matches!(sem.text(f), "isinstance" | "issubclass" | "type")
        && sem.resolve_name(sem.text(f), scope, f.start_byte()) == Resolution::Unbound
    {
        return true;
    }
    sem.resolve_expr(f, scope).is_some_and(|s| {
        super::semantic::is_at_or_under(&s, "typing")
            || super::semantic::is_at_or_under(&s, "typing_extensions")
    })
}
