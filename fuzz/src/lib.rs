//! What canon's fuzz targets share: the rules they run under (the test
//! suite's fixture, `tests/data/rules.toml`), the one call that proposes
//! and asserts every invariant (`canon::invariants`, the same functions
//! the regression tests in `tests/it/fuzz_regressions.rs` call), and the
//! structured generator of real-looking Python ([`generate`]).
//!
//! With `CANON_FUZZ_CASES=DIR` set, every valid input canon changes is
//! written to `DIR` as a JSON case (`{"name", "before", "after"}`) for
//! `fuzz/compile_check.py`, which asks CPython to compile it and pyflakes
//! to look for new undefined names or unused imports. With
//! `CANON_FUZZ_DUMP=FILE`, the structured target writes the Python text an
//! input renders to (to keep a finding as a regression test).

pub mod generate;

use std::path::Path;
use std::sync::OnceLock;

use canon::rules::{Config, Rule};

/// The rules fixture the test suite shares.
pub const RULES: &str = include_str!("../../tests/data/rules.toml");

pub fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        canon::rules::compile(Path::new("canon.toml"), RULES, Path::new("."))
            .expect("the rules fixture compiles")
    })
}

pub fn rules() -> Vec<&'static Rule> {
    config().rules.iter().collect()
}

/// Where the byte targets put their input: a module in the package the
/// fixture's rules move things out of (so `from .factory import x` means
/// `app.ws.factory.x`).
pub const PATH: &str = "app/ws/client.py";

/// The scan skips what is not UTF-8 or holds a NUL: so does the fuzzer.
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok().filter(|t| !t.contains('\0'))
}

/// Propose for `text` at `path` and assert every invariant of
/// `canon::invariants::check`.
pub fn propose(path: &str, text: &str) {
    let checked = canon::invariants::check(path, text, &rules());
    if checked.valid && !checked.proposal.file.edits.is_empty() {
        save_case(path, text, &checked.applied());
    }
    checked.assert_sound();
}

/// Analyse `text` at `path` and assert `canon::invariants::check_findings`.
pub fn analyze(path: &str, text: &str) {
    let problems = canon::invariants::check_findings(path, text, &rules());
    assert!(
        problems.is_empty(),
        "findings invariants broken on {path}:\n- {}\n--- input ---\n{text}",
        problems.join("\n- ")
    );
}

/// With `CANON_FUZZ_DUMP=FILE` set, write `text` there (the exact bytes a
/// structured input renders to, for a regression test).
pub fn dump(text: &str) {
    if let Some(path) = std::env::var_os("CANON_FUZZ_DUMP") {
        let _ = std::fs::write(path, text);
    }
}

fn save_case(path: &str, before: &str, after: &str) {
    let Some(dir) = std::env::var_os("CANON_FUZZ_CASES") else {
        return;
    };
    let name = format!("{:016x}", fnv(before.as_bytes()));
    let case = serde_json_case(&format!("{path} {name}"), before, after);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(Path::new(&dir).join(format!("{name}.json")), case);
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `{"name": …, "before": …, "after": …}`, escaped by hand (no serde here).
fn serde_json_case(name: &str, before: &str, after: &str) -> String {
    fn s(x: &str) -> String {
        let mut out = String::from("\"");
        for c in x.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
    format!(
        "{{\"name\": {}, \"before\": {}, \"after\": {}}}\n",
        s(name),
        s(before),
        s(after)
    )
}
