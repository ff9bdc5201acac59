//! Blocks whose normal end is the only way on past their statement: a
//! binding in one runs on every path to the code after it (see
//! [`Binding::reach`](super::Binding)).

use tree_sitter::Node;

use super::{ScopeId, Semantic};

/// How a block leads on: to the end of its statement, and on which names
/// being what they are spelled that relies (checked once the walk is done).
#[derive(Debug, Clone, Copy)]
pub(in crate::python::semantic) struct FallsThrough {
    pub(in crate::python::semantic) end: usize,
    pub(in crate::python::semantic) needs: Trusts,
}

/// Names a block's leading on relies on, as a set: each is a name and
/// what its every binding must be (an import of that symbol), or none for
/// a builtin that must never be bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::python::semantic) struct Trusts(u8);

/// The names of [`Trusts`], by bit.
const TRUSTED: [(&str, Option<&str>); 6] = [
    ("sys", Some("sys")),
    ("open", None),
    ("warnings", Some("warnings")),
    ("catch_warnings", Some("warnings.catch_warnings")),
    ("contextlib", Some("contextlib")),
    ("nullcontext", Some("contextlib.nullcontext")),
];

/// Context managers known to let every exception through, as the callee
/// spelled (`open`, `warnings.catch_warnings`); `(module, name)`.
const PASS_EXCEPTIONS: [(Option<&str>, &str); 3] = [
    (None, "open"),
    (Some("warnings"), "catch_warnings"),
    (Some("contextlib"), "nullcontext"),
];

impl Trusts {
    pub(in crate::python::semantic) const NONE: Trusts = Trusts(0);
    pub(in crate::python::semantic) const ALL: Trusts = Trusts(u8::MAX);

    fn of(name: &str) -> Trusts {
        let bit = TRUSTED.iter().position(|(n, _)| *n == name);
        Trusts(bit.map_or(0, |b| 1 << b))
    }

    pub(in crate::python::semantic) fn with(self, other: Trusts) -> Trusts {
        Trusts(self.0 | other.0)
    }

    pub(in crate::python::semantic) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether this relies on any of `broken`.
    pub(in crate::python::semantic) fn meets(self, broken: Trusts) -> bool {
        self.0 & broken.0 != 0
    }

    /// The trusted names that do not hold: `holds(name, symbol)` says
    /// whether every binding of `name` is an import of `symbol` (for
    /// `None`, whether there is no binding at all).
    pub(in crate::python::semantic) fn broken_by(
        holds: impl Fn(&str, Option<&str>) -> bool,
    ) -> Trusts {
        let mut out = 0;
        for (bit, (name, symbol)) in TRUSTED.iter().enumerate() {
            if !holds(name, *symbol) {
                out |= 1 << bit;
            }
        }
        Trusts(out)
    }
}

impl<'t> Semantic<'t> {
    /// `with cm: body`: the statement after runs only once the body has
    /// (an exception leaves both) — if the manager lets exceptions
    /// through. Any manager may swallow one (`contextlib.suppress`, an
    /// `ExitStack`, `pytest.raises`, an `__exit__` that returns true), so
    /// only those known not to ([`PASS_EXCEPTIONS`]) lead on, and only
    /// while their names are what they are spelled; `async with` never.
    pub(super) fn with_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        let body = node.child_by_field_name("body");
        let needs = self.managers_pass(node);
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if Some(child) == body {
                let falls = needs.map(|needs| FallsThrough {
                    end: node.end_byte(),
                    needs,
                });
                self.walk_suite(child, scope, falls);
            } else {
                self.walk(child, scope);
            }
        }
    }

    /// The names on which every manager of `with` letting exceptions
    /// through relies, or `None` if one may swallow them.
    fn managers_pass(&self, with: Node) -> Option<Trusts> {
        let mut needs = Trusts::NONE;
        let mut cursor = with.walk();
        for child in with.children(&mut cursor) {
            match child.kind() {
                "async" => return None,
                "with_clause" => {
                    let mut cur = child.walk();
                    for item in child.named_children(&mut cur) {
                        if item.kind() != "with_item" {
                            continue;
                        }
                        needs = needs.with(self.manager_passes(item)?);
                    }
                }
                _ => {}
            }
        }
        Some(needs)
    }

    /// `open(…)`, `warnings.catch_warnings(…)`, `catch_warnings(…)` (the
    /// names they rely on), or `None` for any other manager.
    fn manager_passes(&self, item: Node) -> Option<Trusts> {
        let mut value = item.child_by_field_name("value")?;
        if value.kind() == "as_pattern" {
            value = value.named_child(0)?;
        }
        if value.kind() != "call" {
            return None;
        }
        let f = value.child_by_field_name("function")?;
        let (module, name) = match f.kind() {
            "identifier" => (None, self.text(f)),
            "attribute" => {
                let object = f.child_by_field_name("object")?;
                let attr = f.child_by_field_name("attribute")?;
                if object.kind() != "identifier" {
                    return None;
                }
                (Some(self.text(object)), self.text(attr))
            }
            _ => return None,
        };
        let known = PASS_EXCEPTIONS
            .iter()
            .any(|(m, n)| *n == name && (module.is_none() || *m == module));
        let rely = Trusts::of(module.unwrap_or(name));
        (known && !rely.is_empty()).then_some(rely)
    }

    /// `try`: its body (and `else`) lead on when every handler certainly
    /// leaves (raises, returns, `sys.exit()`s, breaks or continues); the
    /// `finally` block always does.
    pub(super) fn try_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
        let mut all_leave = true;
        let mut needs = Trusts::NONE;
        for c in &children {
            if matches!(c.kind(), "except_clause" | "except_group_clause") {
                match suite_of(*c).map(|b| self.leaves(b)) {
                    Some(Leaves::Surely) => {}
                    Some(Leaves::ByExit) => needs = Trusts::of("sys"),
                    _ => all_leave = false,
                }
            }
        }
        let on = FallsThrough {
            end: node.end_byte(),
            needs,
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
                    needs: Trusts::NONE,
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

    /// `except E as name:` binds `name` for the handler, and Python deletes
    /// it at the handler's end however that ends (a `finally`): past the
    /// clause that binding is surely gone, and the name is unbound if the
    /// handler ran (a class body then reads the globals).
    pub(super) fn except_clause(&mut self, node: Node<'t>, scope: ScopeId) {
        let suite = suite_of(node);
        let handler = suite.map_or(node.byte_range(), |b| b.byte_range());
        let mut names: Vec<String> = Vec::new();
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.kind() != "as_pattern" {
                self.walk(child, scope);
                continue;
            }
            let mut cur = child.walk();
            for (i, part) in child.children(&mut cur).enumerate() {
                if child.field_name_for_child(i as u32) != Some("alias") {
                    self.walk(part, scope);
                    continue;
                }
                let mut stack = vec![part];
                while let Some(n) = stack.pop() {
                    if n.kind() == "identifier" {
                        names.push(self.text(n).to_string());
                    } else {
                        let mut c = n.walk();
                        stack.extend(n.named_children(&mut c));
                    }
                }
                self.in_block(handler.clone(), |s| s.bind_target(part, scope));
                for name in &names {
                    if let Some(b) = self.last_binding(scope, name) {
                        b.until = node.end_byte();
                    }
                }
            }
        }
        for name in names {
            self.in_block(handler.clone(), |s| s.unbind(scope, &name, node.end_byte()));
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
