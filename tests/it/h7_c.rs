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
