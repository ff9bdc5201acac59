//! Where a file changes what `from <it> import *` binds in ways its
//! statements do not spell: its `__all__` changed by code canon does not
//! read (`__all__.append(fn.__name__)` in a `@public` decorator,
//! `__all__[len(__all__):] = …`), its namespace written by name
//! (`globals().update(Mode.__members__)`, `globals()[name] = …`,
//! `setattr(sys.modules[__name__], …)`, `exec(…)` at module level). Then a
//! star import of it may bind any name, as one of a module canon cannot
//! read does. No I/O.

use tree_sitter::Node;

use super::{ScopeKind, Semantic, is_store_target};

/// Builtins that only read the list or mapping they are given.
const READERS: &[&str] = &[
    "len",
    "list",
    "tuple",
    "set",
    "frozenset",
    "sorted",
    "reversed",
    "iter",
    "enumerate",
    "print",
    "repr",
    "str",
    "any",
    "all",
    "min",
    "max",
    "dict",
    "bool",
];

/// Methods of a list or a dict that change nothing.
const READ_METHODS: &[&str] = &[
    "count",
    "index",
    "copy",
    "get",
    "keys",
    "values",
    "items",
    "__contains__",
    "__getitem__",
    "__len__",
    "__iter__",
];

impl Semantic<'_> {
    /// Code that may change the module's `__all__` in a way its
    /// module-level assignments, `append`, `insert` and `extend` calls do
    /// not say (those the walk reads, see `dunder_all_unread`), as spelled:
    /// in a function (a decorator appending to it), through a subscript,
    /// handed to other code.
    pub fn dunder_all_written(&self) -> Option<String> {
        if !self.source.contains("__all__") {
            return None;
        }
        let global = self
            .scopes
            .iter()
            .find(|s| s.kind != ScopeKind::Module && s.globals.iter().any(|g| g == "__all__"));
        if let Some(s) = global {
            let name = s.name.as_deref().unwrap_or("a function");
            return Some(format!("`global __all__` in `{name}`"));
        }
        self.references.iter().find_map(|r| {
            let node = r.node;
            if node.kind() != "identifier" || self.text(node) != "__all__" {
                return None;
            }
            // A function's own `__all__` is not the module's.
            let sc = &self.scopes[r.scope];
            if r.scope != 0 && sc.bindings.contains_key("__all__") {
                return None;
            }
            let (at, parent) = outside_parens(node);
            let parent = parent?;
            // `other.__all__` is another module's.
            if parent.kind() == "attribute" && parent.child_by_field_name("object") != Some(at) {
                return None;
            }
            // `def __dir__(): return __all__` (PEP 562) hands it to `dir()`.
            if parent.kind() == "return_statement" {
                return None;
            }
            let read_by_walk = r.scope == 0 && self.module_level_dunder_all(at, parent);
            match read_by_walk || self.only_read(at, parent) {
                true => None,
                false => Some(format!("`{}`", crate::python::excerpt(self.text(parent)))),
            }
        })
    }

    /// What the walk reads of `__all__` at module level: an assignment
    /// to it, and its `append`, `insert` and `extend` calls.
    fn module_level_dunder_all(&self, at: Node, parent: Node) -> bool {
        match parent.kind() {
            "assignment" | "augmented_assignment" => parent.child_by_field_name("left") == Some(at),
            "attribute" => method_called(self, parent)
                .is_some_and(|m| matches!(m, "append" | "insert" | "extend")),
            _ => false,
        }
    }

    /// Code that may bind module-level names the file's statements do not
    /// spell, as spelled: `globals()` written or handed on
    /// (`globals().update(…)`, `globals()[name] = …`, `exec(code,
    /// globals())`), its own module object written (`setattr(sys.modules[
    /// __name__], …)`, `sys.modules[__name__].x = …`), `exec` run at
    /// module level. Reads of it (`globals()["f"]`, `globals().get`) bind
    /// nothing.
    pub fn namespace_written(&self) -> Option<String> {
        let spelled = |n: Node| Some(format!("`{}`", crate::python::excerpt(self.text(n))));
        for &(callee, call) in self.calls() {
            if callee.kind() != "identifier" {
                continue;
            }
            let name = self.text(callee);
            let scope = self.scope_at(callee.start_byte());
            if !self.lookup_all(name, scope, callee.start_byte()).is_empty() {
                continue;
            }
            let args = arguments(call);
            match name {
                // `vars()` and `locals()` are the module's at its level.
                "globals" if args.is_empty() => {}
                "vars" | "locals" if args.is_empty() && scope == 0 => {}
                // Run at module level, its code binds module names.
                "exec" if scope == 0 && args.len() < 2 => return spelled(call),
                "setattr" | "vars" => {
                    let own = args.first().is_some_and(|o| self.is_own_module(*o));
                    if own {
                        return spelled(call);
                    }
                    continue;
                }
                _ => continue,
            }
            let (at, parent) = outside_parens(call);
            if parent.is_none_or(|p| !self.only_read(at, p)) {
                return spelled(parent.unwrap_or(call));
            }
        }
        if let Some(why) = self.own_module_written() {
            return Some(why);
        }
        // `me.x = …` through a name bound to the module (`import a.b as me`).
        self.references.iter().find_map(|r| {
            let object = r.node.child_by_field_name("object")?;
            if r.node.kind() != "attribute" || !self.is_own_module(object) {
                return None;
            }
            let attr = r.node.child_by_field_name("attribute")?;
            (self.text(attr) == "__dict__" || is_store_target(r.node))
                .then(|| format!("`{}`", crate::python::excerpt(self.text(r.node))))
        })
    }

    /// `sys.modules[__name__]` written (`….x = …`, `….__dict__`), or
    /// handed to code that may write it (`this = sys.modules[__name__]`,
    /// `register(sys.modules[__name__])`), as spelled.
    fn own_module_written(&self) -> Option<String> {
        self.own_module_entries().find_map(|(at, parent)| {
            let read = match parent.kind() {
                "attribute" => {
                    let attr = parent.child_by_field_name("attribute");
                    attr.is_none_or(|a| self.text(a) != "__dict__") && !is_store_target(parent)
                }
                "argument_list" => parent
                    .parent()
                    .and_then(|call| call.child_by_field_name("function"))
                    .is_some_and(|f| {
                        f.kind() == "identifier"
                            && matches!(self.text(f), "getattr" | "hasattr" | "dir" | "id" | "type")
                    }),
                _ => self.only_read(at, parent),
            };
            (!read).then(|| format!("`{}`", crate::python::excerpt(self.text(parent))))
        })
    }

    /// Each `sys.modules[__name__]` that is this module, with the
    /// parentheses around it, and the node that holds it.
    pub(super) fn own_module_entries(&self) -> impl Iterator<Item = (Node<'_>, Node<'_>)> {
        // Few files spell `sys.modules`: no walk for the others.
        let parents = (self.source.contains("modules")).then(|| self.reference_parents());
        self.references.iter().filter_map(move |r| {
            let own = (parents.as_ref()?.of(r.node)).filter(|p| p.kind() == "subscript")?;
            if own.child_by_field_name("value") != Some(r.node)
                || crate::python::sys_modules_entry(self, own).as_deref() != Some(&self.module)
            {
                return None;
            }
            let (at, parent) = outside_parens(own);
            Some((at, parent?))
        })
    }

    /// Whether `node` is this module's own object (`sys.modules[__name__]`,
    /// a name holding it).
    fn is_own_module(&self, node: Node) -> bool {
        !self.module.is_empty()
            && matches!(
                node.kind(),
                "subscript" | "identifier" | "parenthesized_expression"
            )
            && crate::python::object_paths(self, node).contains(&self.module)
    }

    /// Whether a list or mapping, `at` inside `parent`, is only read
    /// there: looked up, iterated, tested, copied, measured, spread.
    fn only_read(&self, at: Node, parent: Node) -> bool {
        match parent.kind() {
            "subscript" => {
                parent.child_by_field_name("value") != Some(at) || !is_store_target(parent)
            }
            "attribute" => method_called(self, parent).is_some_and(|m| READ_METHODS.contains(&m)),
            "comparison_operator"
            | "binary_operator"
            | "boolean_operator"
            | "not_operator"
            | "expression_statement"
            | "list_splat"
            | "dictionary_splat"
            | "if_statement"
            | "while_statement"
            | "conditional_expression" => true,
            "for_statement" | "for_in_clause" => parent.child_by_field_name("right") == Some(at),
            "argument_list" => parent
                .parent()
                .and_then(|call| call.child_by_field_name("function"))
                .is_some_and(|f| {
                    f.kind() == "identifier"
                        && READERS.contains(&self.text(f))
                        && self
                            .lookup_all(self.text(f), self.scope_at(f.start_byte()), f.start_byte())
                            .is_empty()
                }),
            _ => false,
        }
    }
}

/// `node` with the parentheses around it, and what holds them.
pub(crate) fn outside_parens(node: Node) -> (Node, Option<Node>) {
    let mut at = node;
    let mut parent = node.parent();
    while let Some(p) = parent.filter(|p| p.kind() == "parenthesized_expression") {
        at = p;
        parent = p.parent();
    }
    (at, parent)
}

/// For `attribute` (`x.m`), the method `m` when it is called there.
fn method_called<'t>(sem: &Semantic<'t>, attribute: Node<'t>) -> Option<&'t str> {
    let call = attribute.parent().filter(|c| c.kind() == "call")?;
    if call.child_by_field_name("function") != Some(attribute) {
        return None;
    }
    attribute
        .child_by_field_name("attribute")
        .map(|a| sem.text(a))
}

/// A call's arguments, comments left out.
pub(super) fn arguments(call: Node) -> Vec<Node> {
    let Some(args) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}
