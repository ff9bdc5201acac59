//! The command line: exit codes, formats, errors, colour, closed pipes.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::util::{Project, assert_lines, canon_bin, run_in};

const IMPORT: &str = "from app.ws.factory import create_manager\n";

#[test]
fn exit_codes_follow_the_spec() {
    let clean = Project::new().file("app/a.py", "import os\n");
    let out = clean.run(&["check", "."]);
    assert_eq!(
        (out.code, out.stdout.starts_with("No violations")),
        (0, true),
        "{}",
        out.stdout
    );

    let dirty = Project::new().file("app/a.py", IMPORT);
    assert_eq!(dirty.run(&["check", "."]).code, 1);

    let bad = Project::bare().file(
        "canon.toml",
        "[[move]]\nid = \"m\"\nold = \"a..b\"\nnew = \"c\"\n",
    );
    let out = bad.run(&["check", "."]);
    assert_eq!(out.code, 2);
    let canon_toml = bad.path().canonicalize().unwrap().join("canon.toml");
    assert_eq!(
        out.stderr,
        format!(
            "error: {}:3:7: `old` must be a dotted Python path like `pkg.module.name`, got `a..b`\n",
            canon_toml.display()
        )
    );
}

#[test]
fn missing_configuration_is_one_clear_error() {
    let p = Project::bare().file("a.py", IMPORT);
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: no canon configuration found"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1);
}

#[test]
fn explicit_config_file_is_used() {
    let p = Project::bare()
        .file(
            "rules/migration.toml",
            "[[ban]]\nid = \"b\"\nsymbol = \"app.ws.factory.create_manager\"\n",
        )
        .file("app/a.py", IMPORT);
    let config = p.path().join("rules/migration.toml");
    let out = run_in(
        p.path(),
        &[
            "check",
            ".",
            "--config",
            config.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.json()[0]["rule"], "b");
}

#[test]
fn json_has_the_spec_fields() {
    let p = Project::new().file("app/a.py", IMPORT);
    let out = p.run(&["check", ".", "--format", "json"]);
    let f = &out.json()[0];
    for key in [
        "rule",
        "kind",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "fix",
    ] {
        assert!(f.get(key).is_some(), "missing {key} in {f}");
    }
    assert_eq!(f["rule"], "ws-create");
    assert_eq!(f["kind"], "move");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(28))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(1), Some(42))
    );
    assert_eq!(f["note"], "The factory module is deprecated.");
    assert!(f["fix"].is_null());
}

#[test]
fn text_output_is_ruff_like_and_colour_is_opt_in() {
    let p = Project::new().file("app/a.py", IMPORT);
    let out = p.run(&["check", "."]);
    assert_lines(
        &out.stdout.lines().map(String::from).collect::<Vec<_>>(),
        &[
            "app/a.py:1:28: ws-create `app.ws.factory.create_manager` moved to `app.ws.manager.Manager` (The factory module is deprecated.)",
            &format!(
                "Found 1 violation in 1 file (checked 1 file, parsed 1, in {} ms)",
                ms(&out.stdout)
            ),
        ],
    );
    assert!(!out.stdout.contains('\x1b'));
    let coloured = p.run(&["check", ".", "--color", "always"]);
    assert!(
        coloured.stdout.contains("\x1b[1;31mws-create\x1b[0m"),
        "{}",
        coloured.stdout
    );
    let quiet = p.run(&["check", ".", "-q"]);
    assert_eq!(quiet.stdout.lines().count(), 1);
}

fn ms(stdout: &str) -> String {
    let last = stdout.lines().last().unwrap();
    let start = last.rfind("in ").unwrap() + 3;
    last[start..].trim_end_matches(" ms)").to_string()
}

#[test]
fn no_color_is_honoured_by_the_binary() {
    let p = Project::new().file("app/a.py", IMPORT);
    // Not a terminal: no colour with `auto`, whatever NO_COLOR says; `always` wins.
    let out = Command::new(canon_bin())
        .args(["check", ".", "--color", "always"])
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains('\x1b'));
    let out = Command::new(canon_bin())
        .args(["check", "."])
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn review_without_a_terminal_says_what_to_use_instead_and_exits_2() {
    let p = Project::new();
    for cmd in [&["review"][..], &[]] {
        let out = p.run(cmd);
        assert_eq!(out.code, 2, "{cmd:?}");
        assert!(
            out.stderr.contains("needs a terminal") && out.stderr.contains("canon diff"),
            "{cmd:?}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn bad_arguments_exit_2_and_help_exits_0() {
    let p = Project::new();
    assert_eq!(p.run(&["check", ".", "--format", "yaml"]).code, 2);
    let help = p.run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("check"), "{}", help.stdout);
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let mut p = Project::new();
    for i in 0..400 {
        p = p.file(&format!("app/m{i:03}.py"), IMPORT.repeat(20));
    }
    let mut child = Command::new(canon_bin())
        .args(["check", "."])
        .current_dir(p.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // stdout is dropped here: canon keeps writing into a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("app/m000.py:1:28:"), "{first}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "stderr: {stderr}");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
}

/// A report that cannot be written (a full disk: `/dev/full`) is an error
/// that says what could not be written, not a bare "No space left".
#[test]
fn a_report_that_cannot_be_written_says_where_it_was_going() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("no /dev/full here: skipped");
        return;
    };
    let p = Project::new().file("app/m.py", IMPORT);
    let out = Command::new(canon_bin())
        .args(["check", "."])
        .current_dir(p.path())
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write to standard output: No space left on device"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn demo_copies_the_bundled_repo_into_a_git_repository() {
    let out = run_in(std::path::Path::new("."), &["demo"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let first = out.stdout.lines().next().unwrap();
    let dir = first.strip_prefix("The demo repository is at ").unwrap();
    let dir = std::path::Path::new(dir);
    assert!(dir.join("canon.toml").is_file());
    let log = Command::new("git")
        .args(["log", "--oneline"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);
    let status = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(status.stdout.is_empty(), "the demo commit holds every file");
    assert!(
        out.stdout.contains("Found 50 violations in 21 files"),
        "{}",
        out.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_missing_config_file_is_said_once() {
    let p = crate::util::Project::new().file("app/a.py", "import os\n");
    let out = p.run(&["check", "--config", "/nonexistent/canon.toml", "."]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr.matches("No such file or directory").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("/nonexistent/canon.toml"),
        "{}",
        out.stderr
    );
}
