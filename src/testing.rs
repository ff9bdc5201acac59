//! Fixtures the unit tests share: the rules (the same file the integration
//! tests read, `tests/data/rules.toml`), a proposal built from the rules by
//! the real engine, and a proposal built from given edits.

use std::ops::Range;
use std::path::Path;

use crate::python::{self, ModuleName};
use crate::rewrite::{self, Edit, EditKind, FileProposal, Proposal};
use crate::rules::{self, Config, Rule};

/// The shared rules: a symbol move, a same-name move, a module move, a
/// call rewrite, a constructor rewrite and a ban.
pub const RULES: &str = include_str!("../tests/data/rules.toml");

/// [`RULES`], compiled.
pub fn config() -> Config {
    rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).expect("the rules fixture")
}

/// What canon proposes for `code` at `path` under [`RULES`] (no project facts).
pub fn proposal(path: &str, code: &str) -> Proposal {
    let config = config();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let (name, is_init) = python::module_name(path);
    let mut parser = python::parser();
    rewrite::propose(
        path,
        &ModuleName { name, is_init },
        code,
        &rules,
        &mut parser,
    )
}

/// A proposal for `path` with `(range, replacement)` edits, each of kind
/// `Reference` from rule `r<i>`, and `requires` links.
pub fn proposal_with(
    path: &str,
    base: &str,
    edits: &[(Range<usize>, &str)],
    requires: &[(usize, usize)],
) -> FileProposal {
    FileProposal {
        path: path.into(),
        base: base.into(),
        edits: edits
            .iter()
            .enumerate()
            .map(|(i, (range, text))| Edit {
                range: range.clone(),
                replacement: text.to_string(),
                rules: vec![format!("r{i}")],
                kind: EditKind::Reference,
                note: None,
            })
            .collect(),
        requires: requires.to_vec(),
    }
}

/// The byte range of the first occurrence of `needle` in `base`.
pub fn at(base: &str, needle: &str) -> Range<usize> {
    let start = base
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in base"));
    start..start + needle.len()
}
