//! Binding targets: assignments, `for`, `with`/`except`/`case ... as`,
//! walrus, `type` aliases and `match` captures, and `__all__`.

use tree_sitter::Node;

use super::super::{BindingKind, Reference, ScopeId, ScopeKind, Semantic};

impl<'t> Semantic<'t> {
    /// `for x in ...` and a comprehension's `for x in ...`: the left side
    /// binds. A `for` statement's target is bound only once the iterable
    /// yields: it surely runs first in the body, not past the loop (`for
    /// helper in []:` leaves `helper` as it was).
    pub(super) fn for_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        if let Some(left) = node.child_by_field_name("left") {
            match node.child_by_field_name("body") {
                Some(body) if node.kind() == "for_statement" => {
                    self.in_block(body.byte_range(), |s| s.bind_target(left, scope));
                }
                _ => self.bind_target(left, scope),
            }
        }
        let mut cursor = node.walk();
        for (i, child) in node.children(&mut cursor).enumerate() {
            if node.field_name_for_child(i as u32) != Some("left") {
                self.walk(child, scope);
            }
        }
    }

    /// `with x as y`, `except E as e`, `case P as name`
    pub(super) fn as_pattern(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        for (i, child) in node.children(&mut cursor).enumerate() {
            let is_alias = node.field_name_for_child(i as u32) == Some("alias")
                || (child.kind() == "identifier" && i > 0);
            if is_alias {
                self.bind_target(child, scope);
            } else {
                self.walk(child, scope);
            }
        }
    }

    /// `(name := value)`: binds outside any comprehension it sits in.
    pub(super) fn named_expression(&mut self, node: Node<'t>, scope: ScopeId) {
        let target = self.walrus_scope(scope);
        if let Some(name) = node.child_by_field_name("name") {
            let text = self.text(name);
            self.bind(target, text, name.start_byte(), BindingKind::Local);
        }
        if let Some(value) = node.child_by_field_name("value") {
            self.walk(value, scope);
        }
    }

    /// `type Alias = ...`, `type Alias[T] = list[T]`: a generic alias's
    /// value sees its type parameters (their own annotation scope).
    pub(super) fn type_alias_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        let right = node.child_by_field_name("right");
        let mut value_scope = scope;
        if let Some(left) = node.child_by_field_name("left") {
            let generic = left
                .named_child(0)
                .filter(|g| left.kind() == "type" && g.kind() == "generic_type");
            let name = generic
                .and_then(|g| g.named_child(0))
                .filter(|n| n.kind() == "identifier");
            let tp = generic.and_then(|g| {
                let mut cursor = g.walk();
                g.named_children(&mut cursor)
                    .find(|c| c.kind() == "type_parameter")
            });
            match (name, tp) {
                (Some(name), Some(tp)) => {
                    self.bind_target(name, scope);
                    let text = Some(self.text(name).to_string());
                    let seen: Vec<Node<'t>> = right.into_iter().collect();
                    value_scope = self.type_param_scope(node, scope, text, tp, &seen);
                }
                _ => self.bind_target(left, scope),
            }
        }
        if let Some(right) = right {
            self.walk(right, value_scope);
        }
    }

    fn walrus_scope(&self, mut scope: ScopeId) -> ScopeId {
        while self.scopes[scope].kind == ScopeKind::Comprehension {
            match self.scopes[scope].parent {
                Some(p) => scope = p,
                None => break,
            }
        }
        scope
    }

    /// Bind the names of an assignment-like target; loads inside it
    /// (`obj.attr = ...`, `a[i] = ...`) are walked as references.
    pub(super) fn bind_target(&mut self, node: Node<'t>, scope: ScopeId) {
        match node.kind() {
            "identifier" => {
                let text = self.text(node);
                self.bind(scope, text, node.start_byte(), BindingKind::Local);
            }
            "attribute" | "subscript" => self.walk(node, scope),
            k if super::super::TARGET_GROUPS.contains(&k)
                || matches!(k, "as_pattern_target" | "type") =>
            {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.bind_target(child, scope);
                }
            }
            "comment" => self.comments.push(node),
            _ => self.walk(node, scope),
        }
    }

    pub(super) fn assignment(&mut self, node: Node<'t>, scope: ScopeId) {
        let left = node.child_by_field_name("left");
        if let Some(left) = left {
            // The targets take effect once the right-hand side has run.
            let outer = self.visible_from.replace(node.end_byte());
            if node.kind() == "augmented_assignment" {
                // `x += 1` both reads and rebinds x; `a.b += 1` reads `a.b`
                // (once: binding it would walk it again) and binds nothing.
                self.walk(left, scope);
                let mut target = left;
                while target.kind() == "parenthesized_expression" {
                    match target.named_child(0) {
                        Some(inner) => target = inner,
                        None => break,
                    }
                }
                if target.kind() == "identifier" {
                    self.bind_target(target, scope);
                }
            } else if node.child_by_field_name("right").is_none() && left.kind() == "identifier" {
                // A bare annotation (`helper: T`) binds nothing: in a class
                // body or module code a later load still reads what the name
                // was (the globals); in a function it makes the name local,
                // a binding that is never in effect (a load with no other
                // binding before it is an `UnboundLocalError`).
                if matches!(self.scopes[scope].kind, ScopeKind::Function { .. }) {
                    self.visible_from = Some(usize::MAX);
                    self.bind_target(left, scope);
                } else if self.scopes[scope].kind == ScopeKind::Class {
                    // Still, every load of the name in the body is a
                    // `LOAD_NAME`: it skips a function around the class.
                    let name = self.text(left).to_string();
                    self.scopes[scope].annotated.push(name);
                }
            } else {
                self.bind_target(left, scope);
            }
            self.visible_from = outer;
        }
        if let Some((annotation, strings)) = super::annotations::alias_strings(node) {
            self.note_type_strings(annotation, scope, super::super::TypeHead::Alias, strings);
        }
        if scope == 0 && left.is_some_and(|l| self.text(l) == "__all__") {
            self.note_dunder_all(node.child_by_field_name("right"));
        }
        let mut cursor = node.walk();
        for (i, child) in node.children(&mut cursor).enumerate() {
            if node.field_name_for_child(i as u32) != Some("left") {
                self.walk(child, scope);
            }
        }
    }

    /// The names a value given to `__all__` spells: a list or tuple of
    /// strings, a concatenation of them (`["a"] + ["b"]`), parenthesised.
    fn note_dunder_all(&mut self, right: Option<Node<'t>>) {
        let Some(right) = right else { return };
        match right.kind() {
            "list" | "tuple" => {
                let mut cursor = right.walk();
                for el in right.named_children(&mut cursor) {
                    match el.kind() {
                        "string" => self.dunder_all.push(el),
                        "comment" => {}
                        // `*other.__all__`, a name: what it holds is not read.
                        _ => self.dunder_all_unread = true,
                    }
                }
            }
            "binary_operator" => {
                self.note_dunder_all(right.child_by_field_name("left"));
                self.note_dunder_all(right.child_by_field_name("right"));
            }
            "parenthesized_expression" => self.note_dunder_all(right.named_child(0)),
            _ => self.dunder_all_unread = true,
        }
    }

    /// `__all__.append("x")`, `__all__.insert(0, "x")`, `__all__.extend(["x"])`
    /// at module level export names as a literal list does.
    pub(super) fn dunder_all_call(&mut self, call: Node<'t>) {
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        if function.kind() != "attribute"
            || function
                .child_by_field_name("object")
                .is_none_or(|o| self.text(o) != "__all__")
        {
            return;
        }
        let Some(args) = call.child_by_field_name("arguments") else {
            return;
        };
        let mut cursor = args.walk();
        let args: Vec<Node<'t>> = args
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "comment")
            .collect();
        let method = function
            .child_by_field_name("attribute")
            .map(|a| self.text(a));
        let arg = match (method, args.as_slice()) {
            (Some("append"), [a]) | (Some("insert"), [_, a]) => *a,
            (Some("extend"), [a]) => return self.note_dunder_all(Some(*a)),
            _ => return,
        };
        if arg.kind() == "string" {
            self.dunder_all.push(arg);
        } else {
            self.dunder_all_unread = true;
        }
    }

    pub(super) fn case_pattern(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            match child.kind() {
                // A bare name in a pattern is a capture; dotted names are values.
                "dotted_name" => {
                    if child.named_child_count() == 1 {
                        if let Some(id) = child.named_child(0) {
                            let t = self.text(id);
                            if t != "_" {
                                self.bind(scope, t, id.start_byte(), BindingKind::Local);
                            }
                        }
                    } else {
                        self.dotted_value(child, scope);
                    }
                }
                "class_pattern" => {
                    let mut c2 = child.walk();
                    for (i, ch) in child.named_children(&mut c2).enumerate() {
                        if i == 0 && ch.kind() == "dotted_name" {
                            self.dotted_value(ch, scope);
                        } else {
                            self.walk(ch, scope);
                        }
                    }
                }
                "keyword_pattern" => {
                    let mut c2 = child.walk();
                    for ch in child.named_children(&mut c2).skip(1) {
                        self.case_pattern_piece(ch, scope);
                    }
                }
                "as_pattern" => self.walk(child, scope),
                _ => self.case_pattern_piece(child, scope),
            }
        }
    }

    /// `*rest` in a sequence pattern, `**rest` in a mapping pattern: a
    /// capture like a bare name (`*_` binds nothing).
    pub(super) fn splat_pattern(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        for id in node.named_children(&mut cursor) {
            if id.kind() == "identifier" {
                let t = self.text(id);
                if t != "_" {
                    self.bind(scope, t, id.start_byte(), BindingKind::Local);
                }
            } else {
                self.walk(id, scope);
            }
        }
    }

    fn case_pattern_piece(&mut self, node: Node<'t>, scope: ScopeId) {
        if node.kind() == "dotted_name" && node.named_child_count() == 1 {
            if let Some(id) = node.named_child(0) {
                let t = self.text(id);
                if t != "_" {
                    self.bind(scope, t, id.start_byte(), BindingKind::Local);
                }
            }
        } else {
            self.walk(node, scope);
        }
    }

    /// A dotted name used as a value in a `case` pattern: its head is a load.
    /// (`case mod.RED:` is a load of `mod.RED`; a rename of `mod` sees its head.)
    fn dotted_value(&mut self, node: Node<'t>, scope: ScopeId) {
        if let Some(head) = node.named_child(0) {
            self.references.push(Reference { node: head, scope });
        }
        if node.named_child_count() > 1 {
            self.references.push(Reference { node, scope });
        }
    }
}
