//! The bundled demo repository's findings, asserted exactly against the
//! hand-derived list in `demo_expected.txt` (written independently of the
//! engine, from the demo's code and the SPEC's semantics).

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::run_in;

fn demo_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo"))
}

fn expected() -> BTreeSet<(String, u64, String, String)> {
    let text = include_str!("demo_expected.txt");
    text.lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut parts = l.split_whitespace();
            let (path, line) = parts.next().unwrap().rsplit_once(':').unwrap();
            let rule = parts.next().unwrap().to_string();
            let kind = parts.next().unwrap().to_string();
            (path.to_string(), line.parse().unwrap(), rule, kind)
        })
        .collect()
}

#[test]
fn demo_findings_match_the_expected_list_exactly() {
    let out = run_in(demo_dir(), &["check", ".", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json = out.json();
    let all = json.as_array().unwrap();
    // Paths read from the current folder (SPEC §7): the crate's root when
    // cargo runs the tests, above the demo.
    let here = std::env::current_dir().unwrap().canonicalize().unwrap();
    let demo = demo_dir().canonicalize().unwrap();
    let from_here = demo.strip_prefix(&here).map_or(String::new(), |d| {
        format!("{}/", d.display())
            .trim_start_matches('/')
            .to_string()
    });
    let got: BTreeSet<(String, u64, String, String)> = all
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let path = path.strip_prefix(from_here.as_str()).unwrap_or_else(|| {
                panic!(
                    "{path} is named from the current folder, {}",
                    here.display()
                )
            });
            (
                path.to_string(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got.len(), all.len(), "no finding is reported twice");
    let want = expected();
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nextra: {extra:#?}"
    );
    assert_eq!(want.len(), 73);
}

#[test]
fn demo_has_no_diagnostics_and_a_summary() {
    let out = run_in(demo_dir(), &["check", "."]);
    assert_eq!(out.stderr, "");
    let last = out.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("Found 50 violations in 21 files, 23 mentions"),
        "{last}"
    );
}

#[test]
fn demo_is_a_real_package() {
    let py = walk(demo_dir())
        .into_iter()
        .filter(|p| p.ends_with(".py"))
        .count();
    assert!(py >= 25, "the demo has {py} Python files");
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p.display().to_string());
        }
    }
    out
}
