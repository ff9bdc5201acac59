//! Whether a move of a function to something that is not one changes what
//! a class attribute does. A plain function is a descriptor: stored in a
//! class body (`factory = create_manager`), it is a method, and looked up
//! on an instance (`self.factory()`) it gets the instance first. A class,
//! a builtin or a callable object stored there does not bind, so moved,
//! the call loses its first argument (or takes the instance for another).
//! This module reads code, never runs it.

use tree_sitter::Node;

use super::Models;
use crate::python;

/// Where project code stores `old` (a function) as a class attribute: the
/// first such place (path, line, code) and how many more there are.
pub fn stored_on_class(models: &Models, old: &str) -> Option<(String, usize, String, usize)> {
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
    let mut found: Vec<(String, usize, String)> = Vec::new();
    for (word, symbol) in super::widen::renamed_reexports(models, old) {
        let is_old = |s: &str| s == symbol || (last(s) == word && models.index.same(s, &symbol));
        for path in models.spelling(&word) {
            let Some(model) = models.model(path) else {
                continue;
            };
            let sem = &model.sem;
            for r in super::widen::loads_spelled(sem, &word) {
                let node = r.node;
                let Some(assignment) = class_attribute_value(node) else {
                    continue;
                };
                let resolved = sem.resolve_all(node, r.scope);
                if !resolved.iter().any(|r| is_old(&r.symbol)) {
                    continue;
                }
                let line = model.lines.position(node.start_byte()).line;
                let at = (
                    path.to_string(),
                    line,
                    python::excerpt(sem.text(assignment)),
                );
                if !found.contains(&at) {
                    found.push(at);
                }
            }
        }
    }
    found.sort();
    let more = found.len().saturating_sub(1);
    let (path, line, code) = found.into_iter().next()?;
    Some((path, line, code, more))
}

/// The assignment, when `node` is the whole value assigned in a class
/// body (`factory = f`, `factory: Callable = f`, `a = b = f`), through
/// parentheses: the class attribute it binds is `node`'s object.
pub(crate) fn class_attribute_value(node: Node) -> Option<Node> {
    let mut value = node;
    let mut parent = node.parent()?;
    while parent.kind() == "parenthesized_expression" {
        value = parent;
        parent = parent.parent()?;
    }
    if parent.kind() != "assignment" || parent.child_by_field_name("right") != Some(value) {
        return None;
    }
    // The outermost assignment of a chain (`a = b = f`).
    let mut assignment = parent;
    while let Some(p) = assignment.parent().filter(|p| p.kind() == "assignment") {
        assignment = p;
    }
    let mut from = assignment;
    let mut at = assignment.parent();
    while let Some(p) = at {
        match p.kind() {
            "function_definition" | "lambda" => return None,
            "class_definition" => {
                return (p.child_by_field_name("body") == Some(from)).then_some(assignment);
            }
            _ => {}
        }
        from = p;
        at = p.parent();
    }
    None
}
