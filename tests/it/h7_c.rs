//! Regressions from the seventh hostile round (messages, CLI, config,
//! git): each test is named after what broke.

use crate::util::Project;

const MOVE_F: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.f\"\nnew = \"new.mod.g\"\n";

/// A package `old.mod` whose `f` is a shim for `new.mod.g`.
fn shim_project(rules: &str) -> Project {
    Project::bare()
        .file("canon.toml", rules)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", "from new.mod import g as f\n")
        .file("new/mod.py", "def g(*a):\n    return a\n")
}

/// `status` called `old.mod.f` "ready to delete (no users left)" while a
/// file kept `from old.mod import f  # canon: ignore` and a file the rule
/// excludes imported it too: deleting the shim broke both.
#[test]
fn status_counts_suppressed_and_excluded_uses_as_users() {
    let rules = format!("{MOVE_F}exclude = [\"legacy/**\"]\n");
    let p = shim_project(&rules)
        .file("a.py", "from old.mod import f\nprint(f(1))\n")
        .file(
            "b.py",
            "from old.mod import f  # canon: ignore\nassert f(3) == (3,)\n",
        )
        .file(
            "legacy/c.py",
            "import old.mod\n\n\ndef run():\n    return old.mod.f(4)\n",
        )
        .git_init();
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let status = p.run(&["status", "."]);
    assert!(
        !status.stdout.contains("ready to delete"),
        "old.mod.f still has users:\n{}",
        status.stdout
    );
    assert!(
        status.stdout.contains(
            "old.mod.f (rule m): b.py:1 (canon: ignore), legacy/c.py:5 (excluded from the rule)"
        ),
        "{}",
        status.stdout
    );
    let json = p.run(&["status", ".", "--format", "json"]).json();
    assert_eq!(json["ready_to_delete"], serde_json::json!([]), "{json}");
    assert_eq!(json["still_used"][0]["uses"][0]["path"], "b.py", "{json}");
    // The users are real: on the branch, b.py still runs through the shim.
    p.git(&["checkout", "-q", "canon/migration"]);
    p.python(&["b.py"], "b.py keeps using the shim");

    // Once the last kept use is gone, the shim is ready to delete.
    let p = shim_project(MOVE_F)
        .file("a.py", "from new.mod import g\nprint(g(1))\n")
        .git_init();
    let status = p.run(&["status", "."]);
    assert!(
        status
            .stdout
            .contains("ready to delete (no users left):\n  old.mod.f"),
        "{}",
        status.stdout
    );
}

/// The rule's `note` reached text, JSON and SARIF but not the `::error`
/// annotations of `--format github` nor the JUnit `<failure>` text.
#[test]
fn the_rules_note_reaches_github_and_junit_output() {
    let rules = format!("{MOVE_F}note = \"Use new.mod.g; see NOTE506.\"\n");
    let p = shim_project(&rules).file("a.py", "from old.mod import f\nprint(f(1))\n");
    let gh = p.run(&["check", ".", "--format", "github"]);
    assert_eq!(gh.code, 1, "{}", gh.stderr);
    let error = gh
        .stdout
        .lines()
        .find(|l| l.starts_with("::error"))
        .expect("an ::error line");
    assert!(
        error.ends_with("::`old.mod.f` moved to `new.mod.g` (Use new.mod.g; see NOTE506.)"),
        "{error}"
    );
    let junit = p.run(&["check", ".", "--format", "junit"]);
    assert!(
        junit
            .stdout
            .contains("a.py:1:21 `old.mod.f` moved to `new.mod.g` (Use new.mod.g; see NOTE506.)"),
        "{}",
        junit.stdout
    );
    let text = p.run(&["check", ".", "--color", "never"]);
    assert!(
        text.stdout.contains("(Use new.mod.g; see NOTE506.)"),
        "{}",
        text.stdout
    );
}

/// `new = "lib.v2.class"` loaded (a keyword can never be imported), and
/// `diff` then refused every site "the fix would not parse" without naming
/// the config's typo; `lib.v2.1x` was already refused at load.
#[test]
fn a_keyword_in_a_rule_path_is_a_config_error_at_its_line() {
    let cases = [
        (
            "[[move]]\nid = \"m\"\nold = \"old.mod.f\"\nnew = \"lib.v2.class\"\n",
            "canon.toml:4:7",
        ),
        (
            "[[move]]\nid = \"m\"\nold = \"old.try.f\"\nnew = \"new.mod.g\"\n",
            "canon.toml:3:7",
        ),
        (
            "[[ban]]\nid = \"b\"\nsymbol = \"old.mod.None\"\n",
            "canon.toml:3:10",
        ),
        (
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.f}($X)\"\nfix = \"{lib.def.g}($X)\"\n",
            "canon.toml:4:7",
        ),
    ];
    for (rules, at) in cases {
        let p = Project::bare()
            .file("canon.toml", rules)
            .file("a.py", "from old.mod import f\nprint(f(1))\n");
        for cmd in ["check", "diff"] {
            let out = p.run(&[cmd, "."]);
            assert_eq!(
                out.code, 2,
                "{cmd} with\n{rules}\n{}{}",
                out.stdout, out.stderr
            );
            assert!(out.stderr.contains(at), "{rules}\n{}", out.stderr);
            assert!(out.stderr.contains("keyword"), "{}", out.stderr);
            assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        }
    }
    // Soft keywords are names: a module `match` or `type` can be imported.
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.match.f\"\nnew = \"new.type.g\"\n",
        )
        .file("a.py", "x = 1\n");
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// In a project with `vendor -> ../shared` and `tool.py ->
/// ../shared/tool.py`: `check vendor` said no configuration was found
/// (it searched above `../shared`), `check tool.py` said the file was not
/// inside the project root, and a plain `check` skipped both without a
/// word, even with `-v`.
#[cfg(unix)]
#[test]
fn symlinked_paths_inside_the_project_are_checked_when_named_and_noted_when_walked() {
    use crate::util::{bin_cmd, bin_output};
    use std::os::unix::fs::symlink;
    let p = Project::bare()
        .file("shared/tool.py", "from old.mod import f\nprint(f(1))\n")
        .file("proj/canon.toml", MOVE_F)
        .file("proj/ok.py", "x = 1\n")
        .file("proj/old/__init__.py", "")
        .file("proj/new/__init__.py", "")
        .file("proj/old/mod.py", "from new.mod import g as f\n")
        .file("proj/new/mod.py", "def g(*a):\n    return a\n");
    let proj = p.path().join("proj");
    symlink("../shared", proj.join("vendor")).unwrap();
    symlink("../shared/tool.py", proj.join("tool.py")).unwrap();
    let run = |args: &[&str]| bin_output(bin_cmd(&proj).args(args));

    let out = run(&["check", "vendor"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("vendor/tool.py:1:21: m "),
        "{}",
        out.stdout
    );
    let out = run(&["check", "tool.py"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.starts_with("tool.py:1:21: m "), "{}", out.stdout);
    let out = run(&["check", "vendor/tool.py", "ok.py"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("vendor/tool.py:1:21"), "{}", out.stdout);

    // A walk does not follow links (as ripgrep and `git grep` do), and
    // `-v` names each one it passed.
    let out = run(&["check"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stderr, "", "quiet without -v");
    let out = run(&["check", "-v"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for link in ["tool.py", "vendor"] {
        assert!(
            out.stderr.contains(&format!(
                "note: {link}: a symbolic link, not followed (name it on the command line to check it)"
            )),
            "{}",
            out.stderr
        );
    }

    let out = run(&["diff", "tool.py", "--color", "never"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("+from new.mod import g"),
        "{}",
        out.stdout
    );
    // Writing a named link writes the file it points to; the link stays.
    let out = run(&["apply", "--write", "tool.py"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = std::fs::symlink_metadata(proj.join("tool.py")).unwrap();
    assert!(link.file_type().is_symlink(), "tool.py is still a link");
    let fixed = std::fs::read_to_string(p.path().join("shared/tool.py")).unwrap();
    assert_eq!(fixed, "from new.mod import g\nprint(g(1))\n");
    let ran = p.python(
        &[
            "-c",
            "import os, sys; os.chdir('proj'); sys.path.insert(0, '.'); exec(open('tool.py').read())",
        ],
        "the fixed file runs",
    );
    assert_eq!(ran, "(1,)\n");

    // From outside, a target through the link is still found in its project.
    let out = bin_output(bin_cmd(p.path()).args(["check", "proj/vendor"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

/// An existing branch `canon` made `apply` to the default
/// `canon/migration` fail after all the work with libgit2's "could not
/// remove directory … parent is not directory". The TUI's commit dialog
/// commits through the same core function and says the same.
#[test]
fn a_branch_name_blocked_by_another_branch_is_a_clear_error_in_apply_and_review() {
    use canon::tui::CommitPlan;
    use clap::Parser;
    let p = shim_project(MOVE_F)
        .file("a.py", "from old.mod import f\nprint(f(1))\n")
        .git_init();
    p.git(&["branch", "canon"]);
    let before = p.git(&["rev-parse", "canon"]);
    let want = "error: branch `canon/migration` cannot be created because branch `canon` exists";
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.starts_with(want), "{}", out.stderr);
    assert!(out.stderr.contains("--branch"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert_eq!(p.git(&["rev-parse", "canon"]), before, "`canon` untouched");

    // The review's driver (what the commit dialog runs) refuses it alike.
    let cli = canon::cli::Cli::parse_from(["canon", "review"]);
    let mut prepared = canon::prepare_review(&cli.global, p.path()).expect("prepare");
    let plan = CommitPlan {
        branch: "canon/migration".into(),
        template: "migrate".into(),
        per_file: false,
        changes: vec![("a.py".into(), "from new.mod import g\nprint(g(1))\n".into())],
        rules: Default::default(),
        together: Vec::new(),
    };
    let err = prepared
        .driver
        .commit(&plan)
        .expect_err("blocked by `canon`");
    assert!(
        err.to_string().starts_with(
            "branch `canon/migration` cannot be created because branch `canon` exists"
        ),
        "{err}"
    );
    drop(prepared);

    // Another name works, and `canon/x` is then blocked by nothing but `canon`.
    let out = p.run(&["apply", ".", "--branch", "migrate/ws"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    p.git(&["checkout", "-q", "migrate/ws"]);
    p.python(&["a.py"], "the migrated file runs");
    p.git(&["checkout", "-q", "main"]);
    let out = p.run(&["apply", ".", "--branch", "migrate"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(
            "error: branch `migrate` cannot be created because branch `migrate/ws` exists"
        ),
        "{}",
        out.stderr
    );
}
