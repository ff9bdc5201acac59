//! Parse only what a file's findings can depend on.
//!
//! A candidate file mentions some rule's name, usually in one or two of
//! its top-level statements. Those statements are parsed, together with
//! the module's import statements (plain, or inside top-level `try`/`if`)
//! and any other statement that mentions a name the kept code resolves
//! through (a module alias that could be rebound there). Everything else
//! cannot change what the kept code means. Small files, and partial parses
//! that come out with syntax errors, are parsed whole.

use std::ops::Range;

use tree_sitter::{Parser, Tree};

use crate::python::chunks::top_level_chunks;
use crate::python::semantic::is_at_or_under;
use crate::python::{self, Semantic};
use crate::rules::Rule;

/// Below this size a whole parse costs less than thinking about it.
const SMALL_FILE: usize = 8 * 1024;

/// Which top-level statements to parse.
pub struct Plan {
    chunks: Vec<Range<usize>>,
    keep: Vec<bool>,
}

/// Parse the statements that mention a rule's names, plus module imports.
/// Returns the tree and, when the parse was partial, the plan that made it
/// (to widen with [`Plan::widen`] once the tree's names are resolved).
pub fn first_pass(parser: &mut Parser, source: &str, rules: &[&Rule]) -> (Tree, Option<Plan>) {
    let full = |parser: &mut Parser| (python::parse(parser, source), None);
    if source.len() < SMALL_FILE {
        return full(parser);
    }
    let mut needles: Vec<String> = Vec::new();
    for rule in rules {
        match rule.literals() {
            Some(ls) => needles.extend(ls),
            None => return full(parser),
        }
    }
    let chunks = top_level_chunks(source);
    let keep: Vec<bool> = chunks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let text = &source[c.clone()];
            needles.iter().any(|n| text.contains(n.as_str()))
                || is_import_chunk(text)
                || (i == 0 && is_docstring(text))
        })
        .collect();
    if keep.iter().all(|k| *k) {
        return full(parser);
    }
    let plan = Plan { chunks, keep };
    match plan.parse(parser, source) {
        Some(tree) => (tree, Some(plan)),
        None => full(parser),
    }
}

impl Plan {
    /// Parse the kept statements; `None` if that does not parse cleanly.
    pub fn parse(&self, parser: &mut Parser, source: &str) -> Option<Tree> {
        let tree = python::parse_ranges(parser, source, &merged(&self.chunks, &self.keep));
        (!tree.root_node().has_error()).then_some(tree)
    }

    /// Keep also the skipped statements that mention a name through which
    /// the kept code reaches a rule's symbol (it could be rebound there).
    /// Returns whether anything was added.
    pub fn widen(&mut self, sem: &Semantic, source: &str, rules: &[&Rule]) -> bool {
        let paths: Vec<&str> = rules.iter().flat_map(|r| r.dotted_paths()).collect();
        let mut heads: Vec<&str> = Vec::new();
        for r in &sem.references {
            if r.node.kind() != "identifier" || !sem.may_resolve(r.node) {
                continue;
            }
            let name = sem.text(r.node);
            if heads.contains(&name) {
                continue;
            }
            let relevant = sem.resolve_all(r.node, r.scope).iter().any(|c| {
                paths
                    .iter()
                    .any(|p| is_at_or_under(p, &c.symbol) || is_at_or_under(&c.symbol, p))
            });
            if relevant {
                heads.push(name);
            }
        }
        let mut added = false;
        for (i, c) in self.chunks.iter().enumerate() {
            if !self.keep[i] && heads.iter().any(|h| contains_word(&source[c.clone()], h)) {
                self.keep[i] = true;
                added = true;
            }
        }
        added
    }
}

/// Kept chunks as ranges, neighbours merged.
fn merged(chunks: &[Range<usize>], keep: &[bool]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (c, k) in chunks.iter().zip(keep) {
        if !k {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end == c.start => last.end = c.end,
            _ => out.push(c.clone()),
        }
    }
    out
}

fn first_word(text: &str) -> &str {
    let t = text.trim_start();
    let end = t
        .find(|c: char| !(c == '_' || c.is_alphanumeric()))
        .unwrap_or(t.len());
    &t[..end]
}

/// Module-level imports: `import`/`from`, or inside a top-level `try`/`if`.
fn is_import_chunk(text: &str) -> bool {
    match first_word(text) {
        "import" | "from" => true,
        "try" | "if" => contains_word(text, "import"),
        _ => false,
    }
}

fn is_docstring(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_alphabetic());
    t.starts_with('"') || t.starts_with('\'')
}

fn contains_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    let ident = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
    memchr::memmem::find_iter(bytes, word.as_bytes()).any(|i| {
        let end = i + word.len();
        (i == 0 || !ident(bytes[i - 1])) && (end >= bytes.len() || !ident(bytes[end]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert!(contains_word("x = wsf.create()", "wsf"));
        assert!(!contains_word("x = wsfx.create()", "wsf"));
        assert!(is_import_chunk("from a import b\n"));
        assert!(is_import_chunk(
            "try:\n    import x\nexcept ImportError:\n    x = None\n"
        ));
        assert!(!is_import_chunk("def f():\n    import x\n"));
        assert!(is_docstring("r\"\"\"doc\"\"\""));
    }
}
