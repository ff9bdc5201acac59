//! Whether a move of a class to one of its bases would widen the project's
//! type tests. `class Old(New)` that only warns is a shim whose users may
//! take `New` instead, but it is not an alias: `except Old:`,
//! `isinstance(x, Old)`, `issubclass(c, Old)`, `type(x) is Old` and
//! `case Old():` match an `Old` only, and re-pointed at `New` they match
//! every `New` as well (a handler meant for the legacy error swallows the
//! modern library's). The class handed on as a value is tested as a type
//! where it lands (`contextlib.suppress(Old)`, `pytest.raises(Old)`,
//! `RETRY_ON = (Old, OSError)` caught later, `dispatch.register(Old)`,
//! `Old.__mro__`, an annotation `singledispatch` reads): canon cannot
//! follow it there, so any such use counts too. A subclass whose users only
//! construct it, raise it or subclass it moves unchanged.
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
    /// A type test as written (`except`, `isinstance`, …), not the class
    /// handed on as a value ([`value_uses`]).
    pub direct: bool,
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
    // least: `from m import Old as E`, `m.Old`), or the name a module
    // re-exports it under (`from m import Old as Legacy` there, `except
    // Legacy` here).
    let names = renamed_reexports(models, old);
    let mut tests: Vec<TypeTest> = Vec::new();
    for (word, symbol) in &names {
        let is_old = |symbols: &[String]| {
            symbols
                .iter()
                .any(|s| s == symbol || (last(s) == *word && models.index.same(s, symbol)))
        };
        let found = models.type_tests(word).into_iter();
        tests.extend(found.filter(|t| is_old(&t.symbols)));
    }
    // The class handed on as a value, but where a type test above is.
    let tested: std::collections::HashSet<(String, usize)> =
        tests.iter().map(|t| (t.path.clone(), t.line)).collect();
    for (word, symbol) in &names {
        let is_old = |symbols: &[String]| {
            symbols
                .iter()
                .any(|s| s == symbol || (last(s) == *word && models.index.same(s, symbol)))
        };
        let found = models.value_uses(word).into_iter();
        tests.extend(
            found.filter(|u| !tested.contains(&(u.path.clone(), u.line)) && is_old(&u.symbols)),
        );
    }
    let first = tests.first()?;
    let more = match (tests.len() - 1, first.direct) {
        (0, _) => String::new(),
        (1, true) => " (and 1 more type test)".to_string(),
        (n, true) => format!(" (and {n} more type tests)"),
        (1, false) => " (and 1 more use)".to_string(),
        (n, false) => format!(" (and {n} more uses)"),
    };
    let (o, n) = (last(old), last(new));
    Some(if first.direct {
        format!(
            "`old` {old} is a subclass of `new` {new}, not an alias of it: {}:{} tests for it (`{}`), and moved, that test would match every {n} too, not only {o}{more}",
            first.path, first.line, first.code,
        )
    } else {
        format!(
            "`old` {old} is a subclass of `new` {new}, not an alias of it: {}:{} hands it on as a value (`{}`), and moved, it would hand on {n}: a type test of it there (`except`, `isinstance`, `suppress`, `raises`, a dispatch registry) would match every {n} too, not only {o}{more}",
            first.path, first.line, first.code,
        )
    })
}

/// The names code may spell `old` by, each with the symbol it resolves
/// to there: its own last name (`old` itself, and any re-export under the
/// same name, which [`super::Index::same`] follows), and each name a
/// project module re-exports it under (`from old.mod import Old as Legacy`
/// in `pkg/errors.py`: `Legacy`, `pkg.errors.Legacy`), through renaming
/// re-exports of those too, at most [`MAX_HOPS`] deep.
pub(super) fn renamed_reexports(models: &Models, old: &str) -> Vec<(String, String)> {
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
    let mut out = vec![(last(old), old.to_string())];
    let mut i = 0;
    while i < out.len() && out.len() <= MAX_HOPS {
        let (word, symbol) = out[i].clone();
        i += 1;
        let paths: Vec<&str> = models.spelling(&word).collect();
        for path in paths {
            let Some((module, _, _)) = models.index.by_path.get(path) else {
                continue;
            };
            let Some(m) = models.index.module(module) else {
                continue;
            };
            for (bound, n) in &m.names {
                let super::NameKind::Import(to) = &n.kind else {
                    continue;
                };
                let alias = (bound.clone(), format!("{module}.{bound}"));
                if *bound != last(to) && !out.contains(&alias) && models.index.same(to, &symbol) {
                    out.push(alias);
                }
            }
        }
    }
    out
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
        for path in self.spelling(word) {
            let Some((_, slot, _)) = self.index.by_path.get(path) else {
                continue;
            };
            let tests = self.tests[*slot].get_or_init(|| {
                let mut v = Vec::new();
                if let Some(model) = self.model(path) {
                    tests_in(model, &mut v);
                }
                v
            });
            out.extend(tests.iter().cloned());
        }
        out
    }

    /// The loads, in the project's files that spell `word`, of a name or
    /// `mod.attr` chain spelled `word` (or an import's alias of such a
    /// name) that hand it on as a value (see [`value_uses`]).
    pub fn value_uses(&self, word: &str) -> Vec<TypeTest> {
        let mut out = Vec::new();
        for path in self.spelling(word) {
            if let Some(model) = self.model(path) {
                value_uses(model, word, &mut out);
            }
        }
        out
    }
}

/// The loads in `sem` that may resolve and spell `word`: the name, an
/// import's alias of a symbol whose last name is `word`, or a `mod.word`
/// chain.
pub(super) fn loads_spelled<'s, 't>(
    sem: &'s crate::python::Semantic<'t>,
    word: &'s str,
) -> impl Iterator<Item = &'s crate::python::Reference<'t>> {
    let mut names = vec![word];
    for i in &sem.imports {
        names.extend(
            (i.entries.iter())
                .filter(|e| {
                    e.symbol
                        .as_deref()
                        .is_some_and(|s| s.rsplit('.').next() == Some(word))
                })
                .map(|e| e.bound.as_str()),
        );
    }
    sem.references.iter().filter(move |r| {
        let node = r.node;
        let named = match node.kind() {
            "identifier" => names.contains(&sem.text(node)),
            "attribute" => node
                .child_by_field_name("attribute")
                .is_some_and(|a| sem.text(a) == word),
            _ => false,
        };
        named && sem.may_resolve(node)
    })
}

/// The loads of a name spelled `word` (or an import's alias of one, or a
/// `mod.word` chain) that resolve through an import and use the value
/// otherwise than calling it (constructing an instance), raising it,
/// subclassing it or deleting the name: handed to a call, stored, put in a
/// tuple, compared, an attribute of it taken, an annotation. Each is where
/// the class may be tested as a type out of canon's sight.
fn value_uses(model: &super::Model, word: &str, out: &mut Vec<TypeTest>) {
    let sem = &model.sem;
    for r in loads_spelled(sem, word) {
        let node = r.node;
        if !used_as_value(node) {
            continue;
        }
        let symbols: Vec<String> = sem
            .resolve_all(node, r.scope)
            .into_iter()
            .map(|r| r.symbol)
            .filter(|s| s.rsplit('.').next() == Some(word))
            .collect();
        if symbols.is_empty() {
            continue;
        }
        let line = model.lines.position(node.start_byte()).line;
        // `x += v` walks its target twice.
        if out
            .last()
            .is_some_and(|u: &TypeTest| u.path == model.path && u.line == line)
        {
            continue;
        }
        out.push(TypeTest {
            path: model.path.to_string(),
            line,
            code: python::excerpt(sem.text(shown(node))),
            symbols,
            direct: false,
        });
    }
}

/// Whether the load `node` uses the class as a value: anything but the
/// callee of a call, what a `raise` raises, a base in a `class`
/// statement's bases, or a `del` target. (The attribute of a longer chain,
/// `mod.Old` in `mod.Old.x`, is an attribute of it taken: a value use.)
fn used_as_value(node: Node) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind() {
        "call" => parent.child_by_field_name("function") != Some(node),
        "raise_statement" | "delete_statement" => false,
        "argument_list" => parent
            .parent()
            .is_none_or(|c| c.kind() != "class_definition"),
        // `attribute` of a chain: the chain is the load (`mod.Old`).
        "attribute" => parent.child_by_field_name("attribute") != Some(node),
        _ => true,
    }
}

/// What to show of a value use: the call, assignment or attribute it is
/// directly in, through the displays that hold it (`(Old, OSError)`).
fn shown(node: Node) -> Node {
    let mut at = node;
    while let Some(p) = at.parent() {
        match p.kind() {
            "tuple"
            | "list"
            | "set"
            | "dictionary"
            | "pair"
            | "parenthesized_expression"
            | "expression_list"
            | "argument_list"
            | "keyword_argument"
            | "list_splat"
            | "type"
            | "conditional_expression"
            | "boolean_operator" => at = p,
            "call"
            | "assignment"
            | "augmented_assignment"
            | "attribute"
            | "subscript"
            | "comparison_operator"
            | "typed_parameter"
            | "typed_default_parameter"
            | "default_parameter"
            | "return_statement"
            | "named_expression"
            | "lambda" => {
                return p;
            }
            _ => return at,
        }
    }
    at
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
                direct: true,
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
