//! Import statements: `import a.b [as m]` and `from m import x [as y]`,
//! their entries, the names they bind and relative modules resolved.

use tree_sitter::Node;

use super::super::{BindingKind, Import, ImportEntry, ImportKind, ScopeId, Semantic};

impl<'t> Semantic<'t> {
    pub(super) fn import_statement(&mut self, node: Node<'t>, scope: ScopeId) {
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

    pub(super) fn import_from_statement(&mut self, node: Node<'t>, scope: ScopeId) {
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
                self.stars
                    .push(super::super::Star::new(node.start_byte(), m.clone(), idx));
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

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// `aliased_import` → (name, Some(alias)); a plain dotted name → (it, None).
fn split_alias(node: Node) -> (Node, Option<Node>) {
    if node.kind() == "aliased_import" {
        let name = node.child_by_field_name("name").unwrap_or(node);
        (name, node.child_by_field_name("alias"))
    } else {
        (node, None)
    }
}
