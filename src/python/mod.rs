//! Python source understanding: parsing with tree-sitter, the per-file
//! semantic model (scopes, imports, bindings, references) and structural
//! pattern matching.
//!
//! This layer knows nothing about rules or findings; it answers "what dotted
//! symbol does this expression denote here?" and "does this node match that
//! pattern?". It never reads files or prints.

pub mod pattern;
pub mod semantic;
mod text;

pub use pattern::{Match, MatchBindings, PatNode, Pattern, PatternError, Piece, split_holes};
pub use semantic::{
    AsyncContext, Binding, BindingKind, Import, ImportEntry, ImportKind, Resolution, Scope,
    ScopeId, ScopeKind, Semantic,
};
pub use text::{LineIndex, Position, contains_dotted_path, dotted_path_in};

use tree_sitter::{Language, Parser, Tree};

/// The tree-sitter Python grammar.
pub fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

/// A parser configured for Python. One per thread: parsers are not `Sync`.
pub fn parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&language())
        .expect("tree-sitter-python is ABI-compatible with the tree-sitter crate");
    parser
}

/// Parse `source`; tree-sitter always yields a tree (errors become ERROR nodes).
pub fn parse(parser: &mut Parser, source: &str) -> Tree {
    parser
        .parse(source, None)
        .expect("parse only fails on cancellation or a missing language")
}

/// The first syntax error in a tree, as a byte offset, if any.
pub fn first_syntax_error(tree: &Tree) -> Option<usize> {
    let root = tree.root_node();
    if !root.has_error() {
        return None;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            return Some(node.start_byte());
        }
        // Descend into the first child that carries the error.
        let mut descended = false;
        if cursor.goto_first_child() {
            loop {
                if cursor.node().has_error() {
                    descended = true;
                    break;
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        if !descended {
            return Some(node.start_byte());
        }
    }
}

/// The dotted module name of a file from its path relative to the project
/// root (`a/b/c.py` → `a.b.c`, `a/b/__init__.py` → `a.b`). A leading `src/`
/// folder is dropped, as in the common src-layout. Returns the module name and
/// whether the file is a package `__init__`.
pub fn module_name(rel_path: &str) -> (String, bool) {
    let path = rel_path.strip_prefix("./").unwrap_or(rel_path);
    let path = path.strip_prefix("src/").unwrap_or(path);
    let stem = path
        .strip_suffix(".pyi")
        .or_else(|| path.strip_suffix(".py"))
        .unwrap_or(path);
    let mut parts: Vec<&str> = stem.split('/').filter(|p| !p.is_empty()).collect();
    let is_init = parts.last() == Some(&"__init__");
    if is_init {
        parts.pop();
    }
    (parts.join("."), is_init)
}

/// The package against which relative imports resolve, for a file's module.
pub fn package_of(module: &str, is_init: bool) -> String {
    if is_init {
        module.to_string()
    } else {
        match module.rfind('.') {
            Some(i) => module[..i].to_string(),
            None => String::new(),
        }
    }
}

/// Whether `s` is a valid dotted Python path (`a`, `a.b_c.D`).
pub fn is_dotted_path(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(is_identifier)
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_builds_and_parses() {
        // Fails loudly if tree-sitter and tree-sitter-python disagree on ABI.
        let mut p = parser();
        let tree = parse(&mut p, "import os\n");
        assert_eq!(tree.root_node().kind(), "module");
        assert!(first_syntax_error(&tree).is_none());
        let bad = parse(&mut p, "def f(:\n    pass\n");
        assert!(first_syntax_error(&bad).is_some());
    }

    #[test]
    fn module_names() {
        assert_eq!(module_name("a/b/c.py"), ("a.b.c".into(), false));
        assert_eq!(module_name("a/b/__init__.py"), ("a.b".into(), true));
        assert_eq!(module_name("src/pkg/m.py"), ("pkg.m".into(), false));
        assert_eq!(package_of("a.b.c", false), "a.b");
        assert_eq!(package_of("a.b", true), "a.b");
        assert_eq!(package_of("top", false), "");
    }

    #[test]
    fn dotted_paths() {
        assert!(is_dotted_path("a.b_c.D1"));
        assert!(!is_dotted_path("a..b"));
        assert!(!is_dotted_path("1a.b"));
        assert!(!is_dotted_path(""));
        assert!(!is_dotted_path("a.b-c"));
    }
}
