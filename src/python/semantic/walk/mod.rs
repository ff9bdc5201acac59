//! The single walk that fills a `Semantic`: scopes, bindings, imports,
//! references, strings and comments. Resolution lives in the parent module.

use std::ops::Range;

use tree_sitter::Node;

use super::*;

impl<'t> Semantic<'t> {
    // ---- the walk ---------------------------------------------------------

    fn new_scope(
        &mut self,
        kind: ScopeKind,
        parent: ScopeId,
        node: Node,
        name: Option<String>,
    ) -> ScopeId {
        self.scopes.push(Scope {
            kind,
            parent: Some(parent),
            range: node.byte_range(),
            body: vec![node.byte_range()],
            name,
            bindings: HashMap::new(),
            globals: Vec::new(),
            nonlocals: Vec::new(),
            generator: node.kind() == "generator_expression",
        });
        self.scopes.len() - 1
    }

    fn bind(&mut self, scope: ScopeId, name: &str, pos: usize, kind: BindingKind) {
        let scope = self.binding_scope(scope, name);
        if matches!(kind, BindingKind::Import { .. }) && !self.imported_names.contains(name) {
            self.imported_names.insert(name.to_string());
        }
        let block = self.blocks.last().cloned().unwrap_or(0..self.source.len());
        let visible = self.visible_from.unwrap_or(pos);
        self.scopes[scope]
            .bindings
            .entry(name.to_string())
            .or_default()
            .push(Binding {
                pos,
                visible,
                block,
                kind,
            });
    }

    /// Where a binding of `name` made in `scope` lands: the module for a
    /// `global` name, the enclosing function for a `nonlocal` one.
    fn binding_scope(&self, scope: ScopeId, name: &str) -> ScopeId {
        let sc = &self.scopes[scope];
        if scope != 0 && sc.globals.iter().any(|g| g == name) {
            return 0;
        }
        if sc.nonlocals.iter().any(|n| n == name) {
            let mut up = sc.parent;
            while let Some(p) = up {
                if matches!(self.scopes[p].kind, ScopeKind::Function { .. }) {
                    return p;
                }
                up = self.scopes[p].parent;
            }
        }
        scope
    }

    /// Run `f` with `range` as the innermost block (for bindings made in it).
    fn in_block(&mut self, range: Range<usize>, f: impl FnOnce(&mut Self)) {
        self.blocks.push(range);
        f(self);
        self.blocks.pop();
    }

    /// Walk the statements of a module/block body, noting a docstring first.
    pub(super) fn walk_block(&mut self, node: Node<'t>, scope: ScopeId) {
        self.blocks.push(node.byte_range());
        self.walk_statements(node, scope);
        self.blocks.pop();
    }

    fn walk_statements(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        let mut first = true;
        for child in node.named_children(&mut cursor) {
            if child.kind() == "comment" {
                self.comments.push(child);
                continue;
            }
            // A module docstring is the file's first statement: after a
            // partial parse the first statement seen may not be.
            let leading = scope != 0 || only_comments_before(self.source, child.start_byte());
            if first
                && leading
                && child.kind() == "expression_statement"
                && child.named_child_count() == 1
                && let Some(s) = child.named_child(0)
                && s.kind() == "string"
            {
                self.strings.push(StringLit {
                    node: s,
                    scope,
                    docstring: true,
                });
                first = false;
                continue;
            }
            first = false;
            self.walk(child, scope);
        }
    }

    fn walk_children(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.walk(child, scope);
        }
    }

    fn walk(&mut self, node: Node<'t>, scope: ScopeId) {
        match node.kind() {
            "comment" => self.comments.push(node),
            "identifier" => self.references.push(Reference { node, scope }),
            "attribute" => {
                self.references.push(Reference { node, scope });
                if let Some(object) = node.child_by_field_name("object") {
                    self.walk(object, scope);
                }
                // Comments can hide between the object and the attribute.
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if child.kind() == "comment" {
                        self.comments.push(child);
                    }
                }
            }
            "type" => {
                self.annotation += 1;
                self.walk_children(node, scope);
                self.annotation -= 1;
            }
            "string" => {
                self.strings.push(StringLit {
                    node,
                    scope,
                    docstring: false,
                });
                if self.annotation > 0
                    && let Some(content) = super::super::string_content(node)
                    && super::super::is_dotted_path(&self.source[content.clone()])
                {
                    self.annotation_refs.push(AnnotationRef {
                        text: self.source[content.clone()].to_string(),
                        range: content,
                        scope,
                    });
                }
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if child.kind() == "interpolation" {
                        self.walk_children(child, scope);
                    }
                }
            }
            "concatenated_string" => {
                self.strings.push(StringLit {
                    node,
                    scope,
                    docstring: false,
                });
                self.walk_children(node, scope);
            }
            "import_statement" => self.import_statement(node, scope),
            "import_from_statement" => self.import_from_statement(node, scope),
            "future_import_statement" => {}
            "function_definition" => self.function_definition(node, scope),
            "class_definition" => self.class_definition(node, scope),
            "lambda" => self.lambda(node, scope),
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => self.comprehension(node, scope),
            "assignment" | "augmented_assignment" => self.assignment(node, scope),
            "for_statement" | "for_in_clause" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.bind_target(left, scope);
                }
                let mut cursor = node.walk();
                for (i, child) in node.children(&mut cursor).enumerate() {
                    if node.field_name_for_child(i as u32) != Some("left") {
                        self.walk(child, scope);
                    }
                }
            }
            "as_pattern" => {
                // `with x as y`, `except E as e`, `case P as name`
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
            "named_expression" => {
                let target = self.walrus_scope(scope);
                if let Some(name) = node.child_by_field_name("name") {
                    let text = self.text(name);
                    self.bind(target, text, name.start_byte(), BindingKind::Local);
                }
                if let Some(value) = node.child_by_field_name("value") {
                    self.walk(value, scope);
                }
            }
            "global_statement" | "nonlocal_statement" => {
                let global = node.kind() == "global_statement";
                let mut cursor = node.walk();
                let names: Vec<String> = node
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "identifier")
                    .map(|c| self.text(c).to_string())
                    .collect();
                let sc = &mut self.scopes[scope];
                if global {
                    sc.globals.extend(names);
                } else {
                    sc.nonlocals.extend(names);
                }
            }
            "keyword_argument" => {
                if let Some(value) = node.child_by_field_name("value") {
                    self.walk(value, scope);
                }
            }
            "case_pattern" => self.case_pattern(node, scope),
            "type_alias_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.bind_target(left, scope);
                }
                if let Some(right) = node.child_by_field_name("right") {
                    self.walk(right, scope);
                }
            }
            "if_statement" if self.is_type_checking(node) => {
                let mut cursor = node.walk();
                for (i, child) in node.children(&mut cursor).enumerate() {
                    let body = node.field_name_for_child(i as u32) == Some("consequence");
                    self.type_checking += usize::from(body);
                    self.walk(child, scope);
                    self.type_checking -= usize::from(body);
                }
            }
            "block" => self.walk_block(node, scope),
            "decorated_definition" => self.walk_children(node, scope),
            _ => self.walk_children(node, scope),
        }
    }

    /// `if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:` (by name: the
    /// constant is only ever spelled so).
    fn is_type_checking(&self, node: Node) -> bool {
        node.child_by_field_name("condition").is_some_and(|c| {
            let t = self.text(c);
            t == "TYPE_CHECKING" || t.ends_with(".TYPE_CHECKING")
        })
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
    fn bind_target(&mut self, node: Node<'t>, scope: ScopeId) {
        match node.kind() {
            "identifier" => {
                let text = self.text(node);
                self.bind(scope, text, node.start_byte(), BindingKind::Local);
            }
            "attribute" | "subscript" => self.walk(node, scope),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "list_splat_pattern"
            | "list_splat"
            | "parenthesized_expression"
            | "as_pattern_target"
            | "expression_list"
            | "type" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.bind_target(child, scope);
                }
            }
            "comment" => self.comments.push(node),
            _ => self.walk(node, scope),
        }
    }

    fn assignment(&mut self, node: Node<'t>, scope: ScopeId) {
        let left = node.child_by_field_name("left");
        if let Some(left) = left {
            if node.kind() == "augmented_assignment" {
                // `x += 1` both reads and rebinds x.
                self.walk(left, scope);
            }
            // The targets take effect once the right-hand side has run.
            let outer = self.visible_from.replace(node.end_byte());
            self.bind_target(left, scope);
            self.visible_from = outer;
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

    fn note_dunder_all(&mut self, right: Option<Node<'t>>) {
        let Some(right) = right else { return };
        if matches!(right.kind(), "list" | "tuple") {
            let mut cursor = right.walk();
            for el in right.named_children(&mut cursor) {
                if el.kind() == "string" {
                    self.dunder_all.push(el);
                }
            }
        }
    }

    fn parameters(&mut self, params: Node<'t>, outer: ScopeId, inner: ScopeId) {
        let mut cursor = params.walk();
        for p in params.named_children(&mut cursor) {
            match p.kind() {
                "identifier" => self.bind_target(p, inner),
                "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                    let mut c2 = p.walk();
                    for (i, ch) in p.children(&mut c2).enumerate() {
                        match (ch.kind(), p.field_name_for_child(i as u32)) {
                            (_, Some("type")) => self.walk(ch, outer),
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
                    for field in ["type", "value"] {
                        if let Some(v) = p.child_by_field_name(field) {
                            self.walk(v, outer);
                        }
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

    fn function_definition(&mut self, node: Node<'t>, scope: ScopeId) {
        let is_async = node.child(0).is_some_and(|c| c.kind() == "async");
        let name_text = self.bind_definition(node, scope);
        let inner = self.new_scope(ScopeKind::Function { is_async }, scope, node, name_text);
        let body = node.child_by_field_name("body");
        let body_range = body.map_or(node.byte_range(), |b| b.byte_range());
        self.scopes[inner].body = vec![body_range.clone()];
        self.in_block(body_range, |this| {
            if let Some(tp) = node.child_by_field_name("type_parameters") {
                this.scopes[inner].body.push(tp.byte_range());
                this.bind_type_params(tp, inner);
            }
            if let Some(params) = node.child_by_field_name("parameters") {
                this.parameters(params, scope, inner);
            }
        });
        if let Some(ret) = node.child_by_field_name("return_type") {
            self.walk(ret, scope);
        }
        self.header_comments(node);
        if let Some(body) = body {
            self.walk_block(body, inner);
        }
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
        for t in tp.named_children(&mut cursor) {
            if let Some(id) = t.named_child(0).filter(|c| c.kind() == "identifier") {
                self.bind_target(id, inner);
            }
        }
    }

    fn class_definition(&mut self, node: Node<'t>, scope: ScopeId) {
        let name_text = self.bind_definition(node, scope);
        if let Some(sup) = node.child_by_field_name("superclasses") {
            self.walk(sup, scope);
        }
        let inner = self.new_scope(ScopeKind::Class, scope, node, name_text);
        let body = node.child_by_field_name("body");
        if let Some(b) = body {
            self.scopes[inner].body = vec![b.byte_range()];
        }
        if let Some(tp) = node.child_by_field_name("type_parameters") {
            self.scopes[inner].body.push(tp.byte_range());
            self.bind_type_params(tp, inner);
        }
        self.header_comments(node);
        if let Some(body) = body {
            self.walk_block(body, inner);
        }
    }

    fn lambda(&mut self, node: Node<'t>, scope: ScopeId) {
        let inner = self.new_scope(ScopeKind::Lambda, scope, node, None);
        let body = node.child_by_field_name("body");
        if let Some(b) = body {
            self.scopes[inner].body = vec![b.byte_range()];
        }
        self.in_block(node.byte_range(), |this| {
            if let Some(params) = node.child_by_field_name("parameters") {
                this.parameters(params, scope, inner);
            }
        });
        if let Some(body) = body {
            self.walk(body, inner);
        }
    }

    fn comprehension(&mut self, node: Node<'t>, scope: ScopeId) {
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

    fn case_pattern(&mut self, node: Node<'t>, scope: ScopeId) {
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

    // ---- imports ----------------------------------------------------------

    fn import_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        let idx = self.imports.len();
        let mut entries = Vec::new();
        let mut cursor = node.walk();
        for (i, child) in node.children(&mut cursor).enumerate() {
            if node.field_name_for_child(i as u32) != Some("name") {
                if child.kind() == "comment" {
                    self.comments.push(child);
                }
                continue;
            }
            let (name_node, alias) = split_alias(child);
            let name = self.dotted(name_node);
            let alias = alias.map(|a| self.text(a).to_string());
            // `import a.b.c` binds `a` to module `a`; `import a.b as m` binds m to `a.b`.
            let (bound, bound_symbol) = match &alias {
                Some(a) => (a.clone(), name.clone()),
                None => {
                    let head = name.split('.').next().unwrap_or(&name).to_string();
                    (head.clone(), head)
                }
            };
            let entry_idx = entries.len();
            entries.push(ImportEntry {
                name: name.clone(),
                name_range: name_node.byte_range(),
                range: child.byte_range(),
                alias,
                symbol: Some(name.clone()),
                bound: bound.clone(),
            });
            self.bind(
                scope,
                &bound,
                child.start_byte(),
                BindingKind::Import {
                    import: idx,
                    entry: entry_idx,
                    symbol: bound_symbol,
                },
            );
        }
        self.imports.push(Import {
            kind: ImportKind::Import,
            range: node.byte_range(),
            scope,
            module: None,
            module_range: None,
            level: 0,
            entries,
            star: false,
            type_checking: self.type_checking > 0,
        });
    }

    fn import_from_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        let idx = self.imports.len();
        let module_node = node.child_by_field_name("module_name");
        let (module, level) = match module_node {
            Some(m) => self.absolute_module(m),
            None => (None, 0),
        };
        let mut entries = Vec::new();
        let mut star = false;
        let mut cursor = node.walk();
        for (i, child) in node.children(&mut cursor).enumerate() {
            if child.kind() == "comment" {
                self.comments.push(child);
                continue;
            }
            if child.kind() == "wildcard_import" {
                star = true;
                continue;
            }
            if node.field_name_for_child(i as u32) != Some("name") {
                continue;
            }
            let (name_node, alias) = split_alias(child);
            let name = self.dotted(name_node);
            let alias = alias.map(|a| self.text(a).to_string());
            let symbol = module.as_ref().map(|m| join(m, &name));
            let bound = alias.clone().unwrap_or_else(|| name.clone());
            let entry_idx = entries.len();
            entries.push(ImportEntry {
                name,
                name_range: name_node.byte_range(),
                range: child.byte_range(),
                alias,
                symbol: symbol.clone(),
                bound: bound.clone(),
            });
            // An unresolvable relative import still shadows outer names.
            let kind = match symbol {
                Some(symbol) => BindingKind::Import {
                    import: idx,
                    entry: entry_idx,
                    symbol,
                },
                None => BindingKind::Local,
            };
            self.bind(scope, &bound, child.start_byte(), kind);
        }
        if star && scope == 0 {
            if let Some(m) = &module {
                self.stars.push((node.start_byte(), m.clone()));
            }
        }
        self.imports.push(Import {
            kind: ImportKind::From,
            range: node.byte_range(),
            scope,
            module,
            module_range: module_node.map(|m| m.byte_range()),
            level,
            entries,
            star,
            type_checking: self.type_checking > 0,
        });
    }

    /// A dotted name's text without the spaces, comments and backslash
    /// continuations Python allows between its parts (`pkg . mod`).
    fn dotted(&self, node: Node) -> String {
        if node.kind() != "dotted_name" {
            return self.text(node).to_string();
        }
        let mut cursor = node.walk();
        let parts: Vec<&str> = node
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "identifier")
            .map(|c| self.text(c))
            .collect();
        parts.join(".")
    }

    /// Resolve a `from` import's module name node against the file's package.
    fn absolute_module(&self, node: Node) -> (Option<String>, usize) {
        if node.kind() != "relative_import" {
            return (Some(self.dotted(node)), 0);
        }
        let mut level = 0;
        let mut rest = None;
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            match child.kind() {
                "import_prefix" => level = self.text(child).chars().filter(|&c| c == '.').count(),
                "dotted_name" => rest = Some(self.dotted(child)),
                _ => {}
            }
        }
        // A relative import in a top-level module is an ImportError in Python.
        if self.package.is_empty() {
            return (None, level);
        }
        let mut base: Vec<&str> = self.package.split('.').collect();
        // `..` climbs one package per extra dot; past the top it is an error
        // in Python, so the import resolves to nothing.
        if level > 1 && level > base.len() {
            return (None, level);
        }
        base.truncate(base.len() + 1 - level.max(1));
        let mut module = base.join(".");
        if let Some(r) = rest {
            module = join(&module, &r);
        }
        if module.is_empty() {
            return (None, level);
        }
        (Some(module), level)
    }
}

/// Whether only blank lines and comments precede `pos`.
fn only_comments_before(src: &str, pos: usize) -> bool {
    src[..pos].lines().all(|l| {
        let t = l.trim_start_matches('\u{feff}').trim();
        t.is_empty() || t.starts_with('#')
    })
}
