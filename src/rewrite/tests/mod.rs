//! Exact rewritten text for the SPEC §3 cases, on realistic code.

use super::*;
use crate::rules;
use std::path::Path;

pub use crate::testing::proposal;

/// The file with every proposed edit applied.
pub fn fixed(path: &str, code: &str) -> String {
    let p = proposal(path, code);
    assert!(p.skipped.is_empty(), "skipped: {:?}", p.skipped);
    // Every invariant the fuzz targets assert (a second run proposing
    // nothing among them).
    let config = crate::testing::config();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    crate::invariants::check(path, code, &rules).assert_sound();
    p.file.proposed()
}

#[track_caller]
fn check(path: &str, code: &str, expected: &str) {
    let got = fixed(path, code);
    assert_eq!(
        got, expected,
        "\n--- got ---\n{got}\n--- expected ---\n{expected}"
    );
}

/// Propose with inline rules; returns (text with every applicable edit, skipped reasons).
fn with_rules(toml: &str, path: &str, code: &str) -> (String, Vec<String>) {
    with_modules(toml, path, code, &Modules::default())
}

/// [`with_rules`], knowing which dotted names are modules.
fn with_modules(toml: &str, path: &str, code: &str, modules: &Modules) -> (String, Vec<String>) {
    let config = rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let (name, is_init) = python::module_name(path);
    let module = ModuleName { name, is_init };
    let mut parser = python::parser();
    let modules = modules.with(rules.iter().flat_map(|r| r.module_marks().iter().cloned()));
    let facts = Facts {
        modules: &modules,
        referrers: &super::verify::NoReferrers,
        stars: &crate::python::Unseen,
        project: &super::no_project,
    };
    let p = propose_with(path, &module, code, &rules, &mut parser, &facts);
    // Every invariant the fuzz targets assert (a second run proposing
    // nothing among them).
    crate::invariants::check_with(path, code, &rules, &modules).assert_sound();
    let out = p.file.applied();
    (out, p.skipped.into_iter().map(|s| s.reason).collect())
}

mod cases;
mod compile_scope;
mod meaning;
mod view;
mod view_cases;
