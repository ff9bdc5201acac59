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
        across: Vec::new(),
    }
}

/// The byte range of the first occurrence of `needle` in `base`.
pub fn at(base: &str, needle: &str) -> Range<usize> {
    let start = base
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in base"));
    start..start + needle.len()
}

/// The trees every corpus-wide test goes through: the demo, each
/// differential migration, and any named in `CANON_COMPARE_CORPUS`
/// (`dir:dir`, for the bench corpus or a real tree).
pub fn corpora() -> Vec<std::path::PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![repo.join("assets/demo")];
    let migrations = repo.join("tests/data/migrations");
    let mut found: Vec<_> = std::fs::read_dir(&migrations)
        .expect("tests/data/migrations")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("canon.toml").exists())
        .collect();
    found.sort();
    roots.extend(found);
    if let Some(extra) = std::env::var_os("CANON_COMPARE_CORPUS") {
        roots.extend(std::env::split_paths(&extra));
    }
    roots
}

/// The `.py` files under `dir`, sorted.
pub fn python_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("a readable corpus").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
