//! Blocks whose normal end is the only way on past their statement: a
//! binding in one runs on every path to the code after it (see
//! [`Binding::reach`](super::Binding)).

use tree_sitter::Node;

use super::{ScopeId, Semantic};

/// How a block leads on: to the end of its statement, and whether that
/// relies on `sys.exit(…)` leaving (checked once the walk is done).
#[derive(Debug, Clone, Copy)]
pub(in crate::python::semantic) struct FallsThrough {
    pub(in crate::python::semantic) end: usize,
    pub(in crate::python::semantic) by_exit: bool,
}

impl<'t> Semantic<'t> {
    /// `with cm: body`: the statement after runs only once the body has
    /// (an exception leaves both) — unless the manager may swallow one
    /// (`contextlib.suppress`, an `ExitStack`), which this cannot tell of
    /// every manager, so only those spelled so are kept out.
    pub(super) fn with_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        let body = node.child_by_field_name("body");
        let swallows = {
            let mut cursor = node.walk();
            node.children(&mut cursor)
                .filter(|c| c.kind() == "with_clause")
                .any(|c| {
                    let t = self.text(c);
                    t.contains("suppress") || t.contains("ExitStack")
                })
        };
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if Some(child) == body {
                let falls = (!swallows).then_some(FallsThrough {
                    end: node.end_byte(),
                    by_exit: false,
                });
                self.walk_suite(child, scope, falls);
            } else {
                self.walk(child, scope);
            }
        }
    }

    /// `try`: its body (and `else`) lead on when every handler certainly
    /// leaves (raises, returns, `sys.exit()`s, breaks or continues); the
    /// `finally` block always does.
    pub(super) fn try_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
        let mut all_leave = true;
        let mut by_exit = false;
        for c in &children {
            if matches!(c.kind(), "except_clause" | "except_group_clause") {
                match suite_of(*c).map(|b| self.leaves(b)) {
                    Some(Leaves::Surely) => {}
                    Some(Leaves::ByExit) => by_exit = true,
                    _ => all_leave = false,
                }
            }
        }
        let on = FallsThrough {
            end: node.end_byte(),
            by_exit,
        };
        let body = node.child_by_field_name("body");
        for c in children {
            if Some(c) == body {
                self.walk_suite(c, scope, all_leave.then_some(on));
                continue;
            }
            let falls = match c.kind() {
                "else_clause" if all_leave => Some(on),
                "finally_clause" => Some(FallsThrough {
                    end: node.end_byte(),
                    by_exit: false,
                }),
                _ => None,
            };
            match (falls, suite_of(c)) {
                (Some(f), Some(suite)) => {
                    let mut cur = c.walk();
                    for part in c.children(&mut cur) {
                        if part == suite {
                            self.walk_suite(part, scope, Some(f));
                        } else {
                            self.walk(part, scope);
                        }
                    }
                }
                _ => self.walk(c, scope),
            }
        }
    }

    /// Whether a block certainly leaves at its own level: one of its
    /// statements raises, returns, breaks, continues or calls `sys.exit`.
    fn leaves(&self, block: Node) -> Leaves {
        let mut cursor = block.walk();
        let mut out = Leaves::No;
        for s in block.named_children(&mut cursor) {
            match s.kind() {
                "raise_statement" | "return_statement" | "break_statement"
                | "continue_statement" => return Leaves::Surely,
                "expression_statement"
                    if s.named_child_count() == 1
                        && let Some(call) = s.named_child(0)
                        && call.kind() == "call"
                        && let Some(f) = call.child_by_field_name("function")
                        && self.text(f) == "sys.exit" =>
                {
                    out = Leaves::ByExit;
                }
                _ => {}
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaves {
    No,
    /// Only through `sys.exit(…)`: so if `sys` is surely the module.
    ByExit,
    Surely,
}

/// The block of a clause (`except …:`, `else:`, `finally:`).
fn suite_of(clause: Node) -> Option<Node> {
    if let Some(b) = clause.child_by_field_name("body") {
        return Some(b);
    }
    let mut cursor = clause.walk();
    clause
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "block")
        .last()
}
