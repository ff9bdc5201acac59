//! What the fuzz targets (`fuzz/`, README "Fuzzing") found, kept: each case
//! is a folder of `tests/data/fuzz/` holding one Python file at the path it
//! was fuzzed at, and canon must keep every invariant on it — the same
//! `canon::invariants` functions the targets assert. `fixed/` holds the
//! finds whose bug is fixed; `open/` those still open, each run by an
//! `#[ignore]`d test below that names the bug. The fuzz seeds
//! (`fuzz/seeds/python/`) are checked the same way.

use std::path::{Path, PathBuf};

const RULES: &str = include_str!("../data/rules.toml");

fn config() -> canon::rules::Config {
    canon::rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap()
}

/// The files under `dir`, with their paths relative to it.
fn files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, path));
            }
        }
    }
    out.sort();
    out
}

/// Propose for the file at `rel` and assert every invariant.
fn assert_sound(rel: &str, text: &str) {
    let config = config();
    let rules: Vec<&canon::rules::Rule> = config.rules.iter().collect();
    let findings = canon::invariants::check_findings(rel, text, &rules);
    assert!(
        findings.is_empty(),
        "{rel}: findings invariants broken:\n- {}\n--- input ---\n{text}",
        findings.join("\n- ")
    );
    canon::invariants::check(rel, text, &rules).assert_sound();
}

/// The one file of case folder `case` (a folder under `tests/data/fuzz/`).
fn case(case: &str) -> (String, String) {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fuzz")).join(case);
    let mut all = files(&dir);
    assert_eq!(all.len(), 1, "{case} holds one file");
    let (rel, path) = all.remove(0);
    (rel, std::fs::read_to_string(path).unwrap())
}

#[test]
fn every_fixed_fuzz_find_keeps_the_invariants() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/fuzz/fixed"
    ));
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let (rel, text) = case(&format!("fixed/{name}"));
        assert_sound(&rel, &text);
    }
}

#[test]
fn the_fuzz_seeds_keep_the_invariants() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/python"));
    let seeds = files(dir);
    assert!(seeds.len() >= 5, "{seeds:?}");
    let config = config();
    let rules: Vec<&canon::rules::Rule> = config.rules.iter().collect();
    let mut proposed = 0;
    for (_, path) in seeds {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_sound(canon_fuzz_path(), &text);
        let checked = canon::invariants::check(canon_fuzz_path(), &text, &rules);
        assert!(checked.valid, "{} is valid Python", path.display());
        proposed += usize::from(!checked.proposal.file.edits.is_empty());
    }
    assert!(proposed >= 5, "the seeds give canon work: {proposed}");
}

/// Where the byte targets put their input (`canon_fuzz::PATH`).
fn canon_fuzz_path() -> &'static str {
    "app/ws/client.py"
}
