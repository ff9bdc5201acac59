//! The single walk that fills a `Semantic`: scopes, bindings, imports,
//! references, strings and comments. Resolution lives in the parent module.
//!
//! This file holds the dispatch over node kinds and the binding machinery;
//! `definitions` opens the scopes of `def`, `class`, lambdas and
//! comprehensions, `targets` binds assignment-like targets and match
//! captures, `imports` records import statements.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

use super::{
    AnnotationRef, Binding, BindingKind, Reference, Resolution, Scope, ScopeId, ScopeKind,
    Semantic, StringLit, TypeArguments, TypeHead,
};

mod annotations;
mod definitions;
mod flow;
mod imports;
mod targets;

pub(super) use flow::{FallsThrough, Trusts};

impl<'t> Semantic<'t> {
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
            unordered: Vec::new(),
            globals: Vec::new(),
            nonlocals: Vec::new(),
            annotated: Vec::new(),
            generator: node.kind() == "generator_expression",
        });
        self.scopes.len() - 1
    }

    fn bind(&mut self, scope: ScopeId, name: &str, pos: usize, kind: BindingKind) {
        let scope = self.binding_scope(scope, name);
        if matches!(kind, BindingKind::Import { .. }) && !self.imported_names.contains(name) {
            self.imported_names.insert(name.to_string());
        }
        let block = self
            .blocks
            .last()
            .map_or(0..self.source.len(), |(r, _)| r.clone());
        // Past the block, while it leads on to the rest of an outer one.
        let mut reach = Vec::new();
        let mut needs = Vec::new();
        let mut need = Trusts::NONE;
        for k in (1..self.blocks.len()).rev() {
            let Some(falls) = self.blocks[k].1 else {
                break;
            };
            need = need.with(falls.needs);
            reach.push(falls.end..self.blocks[k - 1].0.end);
            needs.push(need);
        }
        let visible = self.visible_from.unwrap_or(pos);
        let bindings = self.scopes[scope]
            .bindings
            .entry(name.to_string())
            .or_default();
        // Most names are bound once: room for one, not the four `push` makes.
        if bindings.capacity() == 0 {
            bindings.reserve_exact(1);
        }
        bindings.push(Binding {
            pos,
            visible,
            block,
            reach,
            needs,
            kind,
            until: usize::MAX,
            deleted: false,
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
        self.blocks.push((range, None));
        f(self);
        self.blocks.pop();
    }

    /// Walk the statements of a module/block body, noting a docstring first.
    pub(super) fn walk_block(&mut self, node: Node<'t>, scope: ScopeId) {
        self.walk_suite(node, scope, None);
    }

    /// [`Self::walk_block`] of a block that, if `falls`, leads on past its
    /// statement.
    fn walk_suite(&mut self, node: Node<'t>, scope: ScopeId, falls: Option<FallsThrough>) {
        self.blocks.push((node.byte_range(), falls));
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
            // Only the first statement asks (the scan of what precedes it,
            // for every statement of a one-line file, was quadratic).
            if first
                && (scope != 0 || only_comments_before(self.source, child.start_byte()))
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
            "attribute" => self.attribute(node, scope),
            "type" => {
                self.annotation += 1;
                self.walk_children(node, scope);
                self.annotation -= 1;
            }
            "string" => self.string(node, scope),
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
            "for_statement" | "for_in_clause" => self.for_statement(node, scope),
            "as_pattern" => self.as_pattern(node, scope),
            "named_expression" => self.named_expression(node, scope),
            "global_statement" | "nonlocal_statement" => self.global_statement(node, scope),
            "delete_statement" => self.delete_statement(node, scope),
            "keyword_argument" => {
                if let Some(value) = node.child_by_field_name("value") {
                    self.walk(value, scope);
                }
            }
            "call" => {
                if let Some(callee) = node.child_by_field_name("function") {
                    self.calls.push((callee, node));
                }
                if scope == 0 {
                    self.dunder_all_call(node);
                }
                if let Some((callee, name, strings)) =
                    annotations::type_argument_strings(self.source, node)
                {
                    self.note_type_strings(callee, scope, TypeHead::Call(name), strings);
                }
                self.walk_children(node, scope);
            }
            // `Optional["Make"]` outside an annotation (an alias, a
            // `TypeVar` bound): a type expression if the value is a generic.
            "subscript" if self.annotation == 0 => {
                if let Some((value, strings)) = annotations::subscript_strings(node) {
                    self.note_type_strings(value, scope, TypeHead::Generic, strings);
                }
                self.walk_children(node, scope);
            }
            "case_pattern" => self.case_pattern(node, scope),
            // `case [first, *rest]:`, `case {"k": v, **rest}:` bind `rest`.
            "splat_pattern" => self.splat_pattern(node, scope),
            "type_alias_statement" => self.type_alias_statement(node, scope),
            "if_statement" if self.is_type_checking(node) => self.type_checking_if(node, scope),
            "block" => self.walk_block(node, scope),
            "with_statement" => self.with_statement(node, scope),
            "try_statement" => self.try_statement(node, scope),
            "except_clause" => self.except_clause(node, scope),
            "decorated_definition" => self.walk_children(node, scope),
            _ => self.walk_children(node, scope),
        }
    }

    fn attribute(&mut self, node: Node<'t>, scope: ScopeId) {
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

    /// A string literal; in an annotation, the names it spells are noted too.
    fn string(&mut self, node: Node<'t>, scope: ScopeId) {
        self.strings.push(StringLit {
            node,
            scope,
            docstring: false,
        });
        if self.annotation > 0 && !annotations::is_data(self.source, node) {
            for (range, text) in annotations::names(self.source, node) {
                self.annotation_refs
                    .push(AnnotationRef { range, scope, text });
            }
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.kind() == "interpolation" {
                self.walk_children(child, scope);
            }
        }
    }

    /// Keep the strings of a place that may hold a type expression, to be
    /// read once `callee` resolves (see [`Self::note_type_arguments`]).
    pub(super) fn note_type_strings(
        &mut self,
        callee: Node<'t>,
        scope: ScopeId,
        head: TypeHead,
        strings: Vec<Node<'t>>,
    ) {
        if !strings.is_empty() {
            self.type_arguments.push(TypeArguments {
                callee,
                scope,
                head,
                strings,
            });
        }
    }

    /// After the walk, once every import is bound: the names spelled by
    /// the strings of the type expressions outside annotations — the type
    /// arguments of the calls that are `typing`'s (`cast("Make", v)`), the
    /// arguments of a generic's subscript (`Optional["Make"]`,
    /// `list["Make"]`), the value of `X: TypeAlias = "Make"` — as for a
    /// string annotation. A string is read once, however many of these
    /// hold it (`cast(Optional["Make"], v)`).
    pub(super) fn note_type_arguments(&mut self) {
        let mut seen = std::collections::HashSet::new();
        for call in std::mem::take(&mut self.type_arguments) {
            if !self.is_type_head(&call) {
                continue;
            }
            for string in call.strings {
                if !seen.insert(string.start_byte()) || annotations::is_data(self.source, string) {
                    continue;
                }
                for (range, text) in annotations::names(self.source, string) {
                    self.annotation_refs.push(AnnotationRef {
                        range,
                        scope: call.scope,
                        text,
                    });
                }
            }
        }
    }

    /// Whether the callee of `call` is what its head asks for.
    fn is_type_head(&self, call: &TypeArguments) -> bool {
        let resolved = self.resolve_all(call.callee, call.scope);
        let typing = |want: &str| {
            resolved.iter().any(|r| {
                r.symbol.rsplit_once('.').is_some_and(|(module, name)| {
                    name == want && annotations::TYPING_MODULES.contains(&module)
                })
            })
        };
        match call.head {
            TypeHead::Call(name) => typing(name),
            TypeHead::Alias => typing("TypeAlias"),
            TypeHead::Generic => {
                if call.callee.kind() == "identifier" {
                    let name = self.text(call.callee);
                    if annotations::BUILTIN_GENERICS.contains(&name) {
                        let at = call.callee.start_byte();
                        return self.resolve_name(name, call.scope, at) == Resolution::Unbound;
                    }
                }
                resolved.iter().any(|r| {
                    r.symbol.rsplit_once('.').is_some_and(|(module, name)| {
                        name != "Literal"
                            && (annotations::TYPING_MODULES.contains(&module)
                                || annotations::GENERIC_MODULES.contains(&module))
                    })
                })
            }
        }
    }

    /// `del a, (b, c)`: each name is loaded (a rename must reach it) and
    /// then unbound. The unbinding is a local binding from the end of the
    /// statement, so a later load finds no import to reuse or rewrite
    /// through (in a function it also makes the name local, as in Python).
    fn delete_statement(&mut self, node: Node<'t>, scope: ScopeId) {
        self.walk_children(node, scope);
        let mut stack: Vec<Node> = Vec::new();
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        while let Some(n) = stack.pop() {
            match n.kind() {
                "identifier" => {
                    let name = self.text(n).to_string();
                    self.unbind(scope, &name, node.end_byte());
                }
                "expression_list" | "tuple" | "list" | "parenthesized_expression" => {
                    let mut c = n.walk();
                    stack.extend(n.named_children(&mut c));
                }
                _ => {}
            }
        }
    }

    /// From `pos` on, `name` is unbound (a `del` of it, in the innermost block).
    fn unbind(&mut self, scope: ScopeId, name: &str, pos: usize) {
        self.bind(scope, name, pos, BindingKind::Local);
        if let Some(b) = self.last_binding(scope, name) {
            b.deleted = true;
        }
    }

    /// The binding of `name` made last in `scope` (where it landed).
    fn last_binding(&mut self, scope: ScopeId, name: &str) -> Option<&mut Binding> {
        let at = self.binding_scope(scope, name);
        self.scopes[at]
            .bindings
            .get_mut(name)
            .and_then(|v| v.last_mut())
    }

    /// `global a, b` / `nonlocal a, b`: where later bindings of them land.
    fn global_statement(&mut self, node: Node<'t>, scope: ScopeId) {
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

    /// An `if TYPE_CHECKING:` statement: imports in its body are marked.
    fn type_checking_if(&mut self, node: Node<'t>, scope: ScopeId) {
        let mut cursor = node.walk();
        for (i, child) in node.children(&mut cursor).enumerate() {
            let body = node.field_name_for_child(i as u32) == Some("consequence");
            self.type_checking += usize::from(body);
            self.walk(child, scope);
            self.type_checking -= usize::from(body);
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
}

/// Whether only blank lines and comments precede `pos`.
fn only_comments_before(src: &str, pos: usize) -> bool {
    src[..pos].lines().all(|l| {
        let t = l.trim_start_matches('\u{feff}').trim();
        t.is_empty() || t.starts_with('#')
    })
}
