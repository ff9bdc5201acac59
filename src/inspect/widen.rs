//! Whether a move of a class to one of its bases would widen the project's
//! type tests. `class Old(New)` that only warns is a shim whose users may
//! take `New` instead, but it is not an alias: `except Old:`,
//! `isinstance(x, Old)`, `issubclass(c, Old)`, `type(x) is Old` and
//! `case Old():` match an `Old` only, and re-pointed at `New` they match
//! every `New` as well (a handler meant for the legacy error swallows the
//! modern library's). A subclass whose users only construct it, raise it or
//! subclass it moves unchanged.
//!
//! A file's type tests are read once per run, and only in the files that
//! spell the old class's name, through the file's semantic model (imports,
//! aliases and `mod.attr` resolved); this module reads code, never runs it.

use tree_sitter::Node;

use super::{MAX_HOPS, Models};
use crate::python::{self, Resolution, Semantic};

/// A type test in project code whose class resolves through an import.
#[derive(Debug, Clone)]
pub struct TypeTest {
    /// Relative path and 1-based line.
    pub path: String,
    pub line: usize,
    /// The test as written (`except E`, `isinstance(err, le.OldError)`).
    pub code: String,
    /// Every dotted symbol the tested class may denote there.
    pub symbols: Vec<String>,
}

/// Why moving `old` to `new` changes what the project's type tests match:
/// `old` is a project class with `new` among its bases (at any depth), and
/// some project code tests for `old` as a type. `None` otherwise.
pub fn widened(models: &Models, old: &str, new: &str) -> Option<String> {
    if models.index.same(old, new) || !subclass_of(models, old, new, 0) {
        return None;
    }
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
    // A file that tests for `old` spells its last name (in the import, at
    // least: `from m import Old as E`, `m.Old`).
    let name = last(old);
    let tests: Vec<TypeTest> = models
        .type_tests(&name)
        .into_iter()
        .filter(|t| {
            t.symbols
                .iter()
                .any(|s| s == old || (last(s) == last(old) && models.index.same(s, old)))
        })
        .collect();
    let first = tests.first()?;
    let more = match tests.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more type test)".to_string(),
        n => format!(" (and {n} more type tests)"),
    };
    Some(format!(
        "`old` {old} is a subclass of `new` {new}, not an alias of it: {}:{} tests for it (`{}`), and moved, that test would match every {} too, not only {}{more}",
        first.path,
        first.line,
        first.code,
        last(new),
        last(old),
    ))
}

/// Whether project class `class` has `base` among its bases, at most
/// [`MAX_HOPS`] classes up.
fn subclass_of(models: &Models, class: &str, base: &str, depth: usize) -> bool {
    if depth > MAX_HOPS {
        return false;
    }
    let bases = models.with_class(class, |def, sem| super::class::read(sem, def).bases);
    bases.unwrap_or_default().iter().any(|b| match b {
        super::Base::Symbol(s) => {
            models.index.same(s, base) || subclass_of(models, s, base, depth + 1)
        }
        _ => false,
    })
}

impl Models<'_> {
    /// The type tests (see [`TypeTest`]) of the project's files that spell
    /// `word`: each file's found once, on the first ask.
    pub fn type_tests(&self, word: &str) -> Vec<TypeTest> {
        let mut out = Vec::new();
        for (_, file) in self.index.modules() {
            let spells = self
                .index
                .text(&file.path)
                .is_some_and(|t| crate::python::contains_word(&t, word));
            if !spells {
                continue;
            }
            let Some((_, slot, _)) = self.index.by_path.get(&file.path) else {
                continue;
            };
            let tests = self.tests[*slot].get_or_init(|| {
                let mut v = Vec::new();
                if let Some(model) = self.model(&file.path) {
                    tests_in(model, &mut v);
                }
                v
            });
            out.extend(tests.iter().cloned());
        }
        out
    }
}

/// The type tests of one file.
fn tests_in(model: &super::Model, out: &mut Vec<TypeTest>) {
    let sem = &model.sem;
    python::preorder(model.root, |node| {
        let (tested, code): (Vec<Node>, Option<Node>) = match node.kind() {
            "except_clause" => match node.child_by_field_name("value") {
                Some(v) => (classes(v), Some(v)),
                None => (Vec::new(), None),
            },
            "call" => match type_call(sem, node) {
                Some(second) => (classes(second), Some(node)),
                None => (Vec::new(), None),
            },
            "comparison_operator" if identity_or_equality(sem, node) => {
                let mut c = node.walk();
                let operands = node
                    .named_children(&mut c)
                    .filter(|n| is_name(*n))
                    .collect();
                (operands, Some(node))
            }
            "class_pattern" => (
                node.named_child(0)
                    .filter(|n| n.kind() == "dotted_name")
                    .into_iter()
                    .collect(),
                Some(node),
            ),
            _ => (Vec::new(), None),
        };
        for class in tested {
            let scope = sem.scope_at(class.start_byte());
            let symbols: Vec<String> = sem
                .resolve_all(class, scope)
                .into_iter()
                .map(|r| r.symbol)
                .collect();
            if symbols.is_empty() {
                continue;
            }
            let code = match (node.kind(), code) {
                ("except_clause", Some(v)) => format!("except {}", sem.text(v)),
                (_, Some(c)) => sem.text(c).to_string(),
                _ => continue,
            };
            out.push(TypeTest {
                path: model.path.to_string(),
                line: model.lines.position(class.start_byte()).line,
                code: python::excerpt(&code),
                symbols,
            });
        }
        true
    });
}

/// A name, attribute chain or `case` pattern's dotted name.
fn is_name(node: Node) -> bool {
    matches!(node.kind(), "identifier" | "attribute" | "dotted_name")
}

/// The classes a type test's class argument names: itself, or each
/// element of a tuple of them (`except (A, B)`, `isinstance(x, (A, B))`).
fn classes(node: Node) -> Vec<Node> {
    match node.kind() {
        "tuple" | "parenthesized_expression" | "expression_list" => {
            let mut c = node.walk();
            node.named_children(&mut c).flat_map(classes).collect()
        }
        _ if is_name(node) => vec![node],
        _ => Vec::new(),
    }
}

/// The class argument of a builtin `isinstance(x, C)` or `issubclass(c, C)`.
fn type_call<'t>(sem: &Semantic<'t>, call: Node<'t>) -> Option<Node<'t>> {
    let f = call.child_by_field_name("function")?;
    if f.kind() != "identifier" || !matches!(sem.text(f), "isinstance" | "issubclass") {
        return None;
    }
    let scope = sem.scope_at(f.start_byte());
    if sem.resolve_name(sem.text(f), scope, f.start_byte()) != Resolution::Unbound {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    let mut c = args.walk();
    args.named_children(&mut c)
        .filter(|a| a.kind() != "comment")
        .nth(1)
        .filter(|a| !matches!(a.kind(), "keyword_argument" | "list_splat"))
}

/// `a is B`, `a is not B`, `a == B`, `a != B`: a comparison whose outcome
/// a subclass changes (`type(err) is OldError`).
fn identity_or_equality(sem: &Semantic, node: Node) -> bool {
    let mut c = node.walk();
    node.children(&mut c)
        .filter(|t| !t.is_named())
        .any(|t| matches!(sem.text(t), "is" | "==" | "!=") || t.kind() == "is not")
}
