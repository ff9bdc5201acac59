//! Whether a move of a function to something that is not one changes what
//! a class attribute does. A plain function is a descriptor: stored in a
//! class body (`factory = create_manager`), it is a method, and looked up
//! on an instance (`self.factory()`) it gets the instance first. A class,
//! a builtin or a callable object stored there does not bind, so moved,
//! the call loses its first argument (or takes the instance for another).
//! The same holds for a function set on a class after its body
//! (`Service.h = helper`, `setattr(Service, "h", helper)`, a class
//! decorator's `cls.h = helper`): whatever the attribute is set on, unless
//! canon sees it is an instance (`self` in a method) or a module, may be a
//! class. This module reads code, never runs it.

use tree_sitter::Node;

use super::Models;
use crate::python;
use crate::python::Parents;
use crate::python::semantic::{BindingKind, ImportKind, ScopeKind, Semantic};

/// How code stores a function as a class attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stored {
    /// Assigned in the class body (`factory = f`).
    Body,
    /// Set as an attribute of what may be a class (`Service.h = f`,
    /// `setattr(Service, "h", f)`).
    Attribute,
}

impl Stored {
    /// Where, for messages: "stores it {where}".
    pub fn place(self) -> &'static str {
        match self {
            Stored::Body => "in a class body",
            Stored::Attribute => "as an attribute of what may be a class",
        }
    }
}

/// Where project code stores `old` (a function) as a class attribute: the
/// first such place (path, line, code) and how many more there are.
pub fn stored_on_class(
    models: &Models,
    old: &str,
) -> Option<(String, usize, String, Stored, usize)> {
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
    let mut found: Vec<(String, usize, String, Stored)> = Vec::new();
    for (word, symbol) in super::widen::renamed_reexports(models, old) {
        let is_old = |s: &str| s == symbol || (last(s) == word && models.index.same(s, &symbol));
        for path in models.spelling(&word) {
            let Some(model) = models.model(path) else {
                continue;
            };
            let sem = &model.sem;
            let parents = std::cell::OnceCell::new();
            for r in super::widen::loads_spelled(sem, &word) {
                let node = r.node;
                let parents = parents.get_or_init(|| sem.reference_parents());
                let Some((assignment, how)) = class_attribute(sem, parents, node) else {
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
                    how,
                );
                if !found.contains(&at) {
                    found.push(at);
                }
            }
        }
    }
    found.sort();
    let more = found.len().saturating_sub(1);
    let (path, line, code, how) = found.into_iter().next()?;
    Some((path, line, code, how, more))
}

/// The statement (or `setattr` call) storing `node` as a class attribute,
/// and how: assigned whole in a class body ([`class_attribute_value`]),
/// or set whole as an attribute of what may be a class.
pub(crate) fn class_attribute<'t>(
    sem: &Semantic<'t>,
    parents: &Parents<'t>,
    node: Node<'t>,
) -> Option<(Node<'t>, Stored)> {
    if let Some(assignment) = class_attribute_value(parents, node) {
        return Some((assignment, Stored::Body));
    }
    attribute_store(sem, parents, node).map(|at| (at, Stored::Attribute))
}

/// The assignment or call, when `node` is the whole value set as an
/// attribute of what may be a class: `C.attr = f` (`C.a = x = f`,
/// `C.a, C.b = f, g`, `C.a: T = f`) or `setattr(C, "attr", f)`.
fn attribute_store<'t>(
    sem: &Semantic<'t>,
    parents: &Parents<'t>,
    node: Node<'t>,
) -> Option<Node<'t>> {
    let mut value = node;
    let mut parent = parents.of(node)?;
    while parent.kind() == "parenthesized_expression" {
        value = parent;
        parent = parents.of(parent)?;
    }
    let named = |n: Node<'t>| -> Vec<Node<'t>> {
        let mut cursor = n.walk();
        (n.named_children(&mut cursor))
            .filter(|c| c.kind() != "comment")
            .collect()
    };
    match parent.kind() {
        // `setattr(C, "attr", f)`, the builtin or anything spelled so.
        "argument_list" => {
            let call = parents.of(parent).filter(|c| c.kind() == "call")?;
            let callee = call.child_by_field_name("function")?;
            if callee.kind() != "identifier" || sem.text(callee) != "setattr" {
                return None;
            }
            let args = named(parent);
            let plain = |a: &Node| {
                !matches!(
                    a.kind(),
                    "keyword_argument" | "list_splat" | "dictionary_splat"
                )
            };
            (args.len() == 3 && args[2] == value && args.iter().all(plain))
                .then_some(())
                .filter(|_| may_be_class(sem, args[0]))
                .map(|_| call)
        }
        // `C.a, C.b = f, g`: the target in the same place.
        "expression_list" => {
            let assignment = parents.of(parent).filter(|a| a.kind() == "assignment")?;
            if assignment.child_by_field_name("right") != Some(parent) {
                return None;
            }
            let left = assignment.child_by_field_name("left")?;
            let (values, targets) = (named(parent), named(left));
            let at = values.iter().position(|v| *v == value)?;
            (values.len() == targets.len() && stores_on_class(sem, targets[at]))
                .then_some(assignment)
        }
        "assignment" if parent.child_by_field_name("right") == Some(value) => {
            // Every target of a chain (`C.a = x = f`) gets `f`.
            let mut assignment = parent;
            let mut on_class = false;
            loop {
                on_class |= (assignment.child_by_field_name("left"))
                    .is_some_and(|t| stores_on_class(sem, t));
                match parents.of(assignment).filter(|p| p.kind() == "assignment") {
                    Some(p) => assignment = p,
                    None => break,
                }
            }
            on_class.then_some(assignment)
        }
        _ => None,
    }
}

/// Whether assignment target `target` is an attribute of what may be a class.
fn stores_on_class(sem: &Semantic, target: Node) -> bool {
    target.kind() == "attribute"
        && target
            .child_by_field_name("object")
            .is_some_and(|o| may_be_class(sem, o))
}

/// Whether `object` may be a class, as far as canon can tell: anything but
/// a module bound by `import m` and a method's `self` (its first parameter,
/// in a plain method of a class that is not a metaclass).
fn may_be_class(sem: &Semantic, object: Node) -> bool {
    if object.kind() != "identifier" {
        return true;
    }
    let name = sem.text(object);
    let pos = object.start_byte();
    let scope = sem.scope_at(pos);
    let bindings = sem.lookup_all(name, scope, pos);
    if bindings.is_empty() {
        return true;
    }
    let module = |k: &BindingKind| match k {
        BindingKind::Import { import, .. } => sem.imports[*import].kind == ImportKind::Import,
        _ => false,
    };
    if bindings.iter().all(|b| module(&b.kind)) {
        return false;
    }
    match instance_parameter(sem, object) {
        Some(at) => !bindings.iter().all(|b| b.pos == at),
        None => true,
    }
}

/// Where the parameter `self` is, when identifier `object` is spelled
/// like the first parameter of the `def` around it and that `def` is a
/// plain method (no `@classmethod`, `@staticmethod`, not `__new__` or
/// `__init_subclass__`) of a class that does not look like a metaclass.
fn instance_parameter(sem: &Semantic, object: Node) -> Option<usize> {
    if !matches!(
        sem.scopes[sem.scope_at(object.start_byte())].kind,
        ScopeKind::Function { .. } | ScopeKind::Comprehension
    ) {
        return None;
    }
    let mut at = object.parent();
    let def = loop {
        let p = at?;
        match p.kind() {
            "function_definition" => break p,
            "lambda" | "class_definition" => return None,
            _ => at = p.parent(),
        }
    };
    let name = sem.text(def.child_by_field_name("name")?);
    if matches!(name, "__new__" | "__init_subclass__" | "__class_getitem__") {
        return None;
    }
    let first = def.child_by_field_name("parameters")?.named_child(0)?;
    let first = match first.kind() {
        "identifier" => first,
        "typed_parameter" => first.named_child(0).filter(|n| n.kind() == "identifier")?,
        _ => return None,
    };
    if sem.text(first) != sem.text(object) {
        return None;
    }
    let mut holder = def.parent()?;
    if holder.kind() == "decorated_definition" {
        let mut cursor = holder.walk();
        let decorated = (holder.named_children(&mut cursor))
            .filter(|d| d.kind() == "decorator")
            .any(|d| {
                let t = sem.text(d);
                t.contains("classmethod") || t.contains("staticmethod")
            });
        if decorated {
            return None;
        }
        holder = holder.parent()?;
    }
    let class = holder
        .parent()
        .filter(|c| holder.kind() == "block" && c.kind() == "class_definition")?;
    // A metaclass's methods get a class as `self`.
    let bases = class
        .child_by_field_name("superclasses")
        .map_or(String::new(), |b| sem.text(b).to_lowercase());
    if bases.contains("type") || bases.contains("meta") {
        return None;
    }
    Some(first.start_byte())
}

/// The assignment, when `node` is the whole value assigned in a class
/// body (`factory = f`, `factory: Callable = f`, `a = b = f`), through
/// parentheses: the class attribute it binds is `node`'s object.
pub(crate) fn class_attribute_value<'t>(parents: &Parents<'t>, node: Node<'t>) -> Option<Node<'t>> {
    let mut value = node;
    let mut parent = parents.of(node)?;
    while parent.kind() == "parenthesized_expression" {
        value = parent;
        parent = parents.of(parent)?;
    }
    if parent.kind() != "assignment" || parent.child_by_field_name("right") != Some(value) {
        return None;
    }
    // The outermost assignment of a chain (`a = b = f`).
    let mut assignment = parent;
    while let Some(p) = parents.of(assignment).filter(|p| p.kind() == "assignment") {
        assignment = p;
    }
    let mut from = assignment;
    let mut at = parents.of(assignment);
    while let Some(p) = at {
        match p.kind() {
            "function_definition" | "lambda" => return None,
            "class_definition" => {
                return (p.child_by_field_name("body") == Some(from)).then_some(assignment);
            }
            _ => {}
        }
        from = p;
        at = parents.of(p);
    }
    None
}
