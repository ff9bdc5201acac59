//! The scopes that definitions open: `def` (parameters, type parameters,
//! body), `class`, `lambda` and comprehensions, and the names they bind.

use tree_sitter::Node;

use super::super::{BindingKind, ScopeId, ScopeKind, Semantic};

impl<'t> Semantic<'t> {
    /// Bind a parameter list's names in `inner`; defaults run in `outer`,
    /// annotations in `annotations` (the type parameters' scope of a
    /// generic `def`, else `outer` too).
    fn parameters(
        &mut self,
        params: Node<'t>,
        outer: ScopeId,
        annotations: ScopeId,
        inner: ScopeId,
    ) {
        let mut cursor = params.walk();
        for p in params.named_children(&mut cursor) {
            match p.kind() {
                "identifier" => self.bind_target(p, inner),
                "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                    let mut c2 = p.walk();
                    for (i, ch) in p.children(&mut c2).enumerate() {
                        match (ch.kind(), p.field_name_for_child(i as u32)) {
                            (_, Some("type")) => self.walk(ch, annotations),
                            ("identifier", _) => self.bind_target(ch, inner),
                            ("list_splat_pattern" | "dictionary_splat_pattern", _) => {
                                self.parameters_one(ch, inner)
                            }
                            _ => {}
                        }
                    }
                }
                "default_parameter" | "typed_default_parameter" => {
                    if let Some(name) = p.child_by_field_name("name") {
                        self.bind_target(name, inner);
                    }
                    if let Some(t) = p.child_by_field_name("type") {
                        self.walk(t, annotations);
                    }
                    if let Some(v) = p.child_by_field_name("value") {
                        self.walk(v, outer);
                    }
                }
                "tuple_pattern" => self.bind_target(p, inner),
                "comment" => self.comments.push(p),
                _ => {}
            }
        }
    }

    fn parameters_one(&mut self, node: Node<'t>, inner: ScopeId) {
        let mut cursor = node.walk();
        for ch in node.named_children(&mut cursor) {
            if ch.kind() == "identifier" {
                self.bind_target(ch, inner);
            }
        }
    }

    pub(super) fn function_definition(&mut self, node: Node<'t>, scope: ScopeId) {
        let is_async = node.child(0).is_some_and(|c| c.kind() == "async");
        let name_text = self.bind_definition(node, scope);
        let params = node.child_by_field_name("parameters");
        let ret = node.child_by_field_name("return_type");
        // `def f[T](x: T) -> T`: the annotations see the type parameters.
        let annotations = match node.child_by_field_name("type_parameters") {
            Some(tp) => {
                let mut seen: Vec<Node<'t>> = params.map(annotation_nodes).unwrap_or_default();
                seen.extend(ret);
                self.type_param_scope(node, scope, name_text.clone(), tp, &seen)
            }
            None => scope,
        };
        let inner = self.new_scope(
            ScopeKind::Function { is_async },
            annotations,
            node,
            name_text,
        );
        let body = node.child_by_field_name("body");
        let body_range = body.map_or(node.byte_range(), |b| b.byte_range());
        self.scopes[inner].body = vec![body_range.clone()];
        self.in_block(body_range, |this| {
            if let Some(params) = params {
                this.parameters(params, scope, annotations, inner);
            }
        });
        if let Some(ret) = ret {
            self.walk(ret, annotations);
        }
        self.header_comments(node);
        if let Some(body) = body {
            self.walk_block(body, inner);
        }
    }

    /// The annotation scope of a generic `def`, `class` or `type` alias
    /// (PEP 695): it binds the type parameters, holds the code that sees
    /// them (`seen`: annotations, bases, an alias's value; a parameter's
    /// bounds and defaults) and encloses the body, class or not. Defaults
    /// and decorators stay outside it, as in CPython.
    pub(super) fn type_param_scope(
        &mut self,
        node: Node<'t>,
        scope: ScopeId,
        name: Option<String>,
        tp: Node<'t>,
        seen: &[Node<'t>],
    ) -> ScopeId {
        let annotations = self.new_scope(ScopeKind::TypeParams, scope, node, name);
        let mut body = vec![tp.byte_range()];
        body.extend(seen.iter().map(|n| n.byte_range()));
        self.scopes[annotations].body = body;
        self.in_block(node.byte_range(), |this| {
            this.bind_type_params(tp, annotations)
        });
        annotations
    }

    /// Bind a `def`/`class` name in the enclosing scope; returns the name.
    fn bind_definition(&mut self, node: Node<'t>, scope: ScopeId) -> Option<String> {
        let n = node.child_by_field_name("name")?;
        let text = self.text(n);
        let kind = BindingKind::Definition {
            range: node.byte_range(),
        };
        self.bind(scope, text, n.start_byte(), kind);
        Some(text.to_string())
    }

    /// Comments between a `def`/`class` header's tokens.
    fn header_comments(&mut self, node: Node<'t>) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.kind() == "comment" {
                self.comments.push(child);
            }
        }
    }

    fn bind_type_params(&mut self, tp: Node<'t>, inner: ScopeId) {
        let mut cursor = tp.walk();
        let params: Vec<Node<'t>> = tp.named_children(&mut cursor).collect();
        let mut code: Vec<Node<'t>> = Vec::new();
        for t in &params {
            let (name, rest) = type_param_parts(*t);
            if let Some(id) = name {
                self.bind_target(id, inner);
            }
            code.extend(rest);
        }
        // A bound or a default (`[T: Base = Default]`) is code: its names
        // are uses, resolved where the type parameters are visible.
        for c in code {
            self.walk(c, inner);
        }
    }

    pub(super) fn class_definition(&mut self, node: Node<'t>, scope: ScopeId) {
        let name_text = self.bind_definition(node, scope);
        let sup = node.child_by_field_name("superclasses");
        // `class Box[T](Base[T])`: the bases and the body see `T`, and so
        // do the methods (the annotation scope is not a class body).
        let outer = match node.child_by_field_name("type_parameters") {
            Some(tp) => {
                let seen: Vec<Node<'t>> = sup.into_iter().collect();
                self.type_param_scope(node, scope, name_text.clone(), tp, &seen)
            }
            None => scope,
        };
        if let Some(sup) = sup {
            self.walk(sup, outer);
        }
        let inner = self.new_scope(ScopeKind::Class, outer, node, name_text);
        let body = node.child_by_field_name("body");
        if let Some(b) = body {
            self.scopes[inner].body = vec![b.byte_range()];
        }
        self.header_comments(node);
        if let Some(body) = body {
            self.walk_block(body, inner);
        }
    }

    pub(super) fn lambda(&mut self, node: Node<'t>, scope: ScopeId) {
        let inner = self.new_scope(ScopeKind::Lambda, scope, node, None);
        let body = node.child_by_field_name("body");
        if let Some(b) = body {
            self.scopes[inner].body = vec![b.byte_range()];
        }
        self.in_block(node.byte_range(), |this| {
            if let Some(params) = node.child_by_field_name("parameters") {
                this.parameters(params, scope, scope, inner);
            }
        });
        if let Some(body) = body {
            self.walk(body, inner);
        }
    }

    pub(super) fn comprehension(&mut self, node: Node<'t>, scope: ScopeId) {
        let inner = self.new_scope(ScopeKind::Comprehension, scope, node, None);
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        // The first iterable is evaluated in the enclosing scope.
        let first_iter = children
            .iter()
            .find(|c| c.kind() == "for_in_clause")
            .and_then(|c| c.child_by_field_name("right"));
        if let Some(it) = first_iter {
            let r = node.byte_range();
            self.scopes[inner].body = vec![r.start..it.start_byte(), it.end_byte()..r.end];
        }
        // Targets are bound before the body (written first) runs.
        self.in_block(node.byte_range(), |this| {
            for c in &children {
                if c.kind() == "for_in_clause"
                    && let Some(left) = c.child_by_field_name("left")
                {
                    this.bind_target(left, inner);
                }
            }
        });
        for bs in self.scopes[inner].bindings.values_mut() {
            for b in bs.iter_mut() {
                b.pos = node.start_byte();
                b.visible = b.pos;
            }
        }
        for c in children {
            if c.kind() == "for_in_clause" {
                let mut c2 = c.walk();
                for (i, ch) in c.children(&mut c2).enumerate() {
                    match c.field_name_for_child(i as u32) {
                        Some("left") => {}
                        Some("right") if Some(ch) == first_iter => self.walk(ch, scope),
                        _ => self.walk(ch, inner),
                    }
                }
            } else {
                self.walk(c, inner);
            }
        }
    }
}

/// The annotations of a parameter list (`x: T`, `*a: T`, `y: T = d`).
fn annotation_nodes(params: Node) -> Vec<Node> {
    let mut cursor = params.walk();
    params
        .named_children(&mut cursor)
        .filter_map(|p| p.child_by_field_name("type"))
        .collect()
}

/// A type parameter's name, and its bound and default: tree-sitter writes
/// `T` as `(type (identifier))` and `T: Bound` as `(type (constrained_type
/// (type (identifier)) (type ...)))`; a default follows as another child.
fn type_param_parts<'t>(t: Node<'t>) -> (Option<Node<'t>>, Vec<Node<'t>>) {
    fn unwrap<'t>(n: Node<'t>) -> Option<Node<'t>> {
        match n.kind() {
            "type" => n.named_child(0),
            _ => Some(n),
        }
    }
    let mut name = None;
    let mut code = Vec::new();
    let mut cursor = t.walk();
    for (i, c) in t.named_children(&mut cursor).enumerate() {
        if i > 0 {
            code.push(c);
            continue;
        }
        let Some(inner) = unwrap(c) else {
            continue;
        };
        match inner.kind() {
            "identifier" => name = Some(inner),
            "constrained_type" => {
                let mut cc = inner.walk();
                for (j, part) in inner.named_children(&mut cc).enumerate() {
                    match j {
                        0 => name = unwrap(part).filter(|n| n.kind() == "identifier"),
                        _ => code.push(part),
                    }
                }
            }
            _ => {}
        }
    }
    (name, code)
}
