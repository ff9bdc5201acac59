//! `canon apply` and `canon status` on temporary repositories (isolated git
//! config, test identity), checked with the `git` CLI: commits on the branch,
//! HEAD, index and working tree untouched, stacking, per-file, verify.

use crate::util::{Project, assert_lines};

const APP: &str = "from app.ws.factory import create_manager\n\n\ndef build(ctx):\n    return create_manager(ctx)\n";
const LIB: &str = "import app.legacy.events\n\napp.legacy.events.publish(1)\n";

fn repo() -> Project {
    Project::new()
        .file("app/a.py", APP)
        .file("lib/b.py", LIB)
        .git_init()
}

/// Everything that must not change: HEAD, the index, and the working tree.
fn snapshot(p: &Project) -> (String, String, String, String) {
    (
        p.git(&["rev-parse", "HEAD"]),
        p.git(&["ls-files", "--stage"]),
        p.git(&["status", "--porcelain", "--untracked-files=all"]),
        std::fs::read_to_string(p.path().join("app/a.py")).unwrap(),
    )
}

#[test]
fn apply_commits_on_a_new_branch_and_touches_nothing_else() {
    let p = repo();
    // A dirty tree: a modified tracked file and an untracked one.
    std::fs::write(p.path().join("app/a.py"), format!("{APP}# local edit\n")).unwrap();
    std::fs::write(p.path().join("scratch.py"), "import app.legacy.events\n").unwrap();
    let before = snapshot(&p);
    let head = p.git(&["rev-parse", "HEAD"]).trim().to_string();

    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Committed 2 files in 1 commit on canon/migration"),
        "{}",
        out.stdout
    );
    assert_eq!(
        snapshot(&p),
        before,
        "HEAD, index and working tree are untouched"
    );

    let log = p.git(&["log", "--format=%P %an <%ae> %s", "canon/migration", "-1"]);
    assert_eq!(
        log,
        format!(
            "{head} Canon Test <test@canon.invalid> refactor: migrate ws-create, ws-ctor, legacy-events in 2 files\n"
        )
    );
    assert_eq!(
        p.git(&["show", "canon/migration:app/a.py"]),
        "from app.ws.manager import Manager\n\n\ndef build(ctx):\n    return Manager(user_context=ctx)\n"
    );
    assert_eq!(
        p.git(&["show", "canon/migration:lib/b.py"]),
        "import app.events\n\napp.events.publish(1)\n"
    );
    // The commit holds only those two files changed.
    let changed = p.git(&["diff", "--name-only", "HEAD", "canon/migration"]);
    assert_eq!(changed, "app/a.py\nlib/b.py\n");
    // With git2 too: the branch tip's parent is HEAD.
    assert_eq!(p.tip_parent("canon/migration"), head);
}

#[test]
fn per_file_commits_in_path_order_and_stacking() {
    let p = repo();
    let out = p.run(&["apply", ".", "--per-file", "--rule", "ws-create"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let subjects = p.git(&["log", "--format=%s", "main..canon/migration"]);
    assert_lines(
        &subjects.lines().map(String::from).collect::<Vec<_>>(),
        &["refactor: migrate ws-create, ws-ctor in 1 file"],
    );
    // A second run stacks the remaining fixes on the same branch.
    let out = p.run(&["apply", ".", "--per-file"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let subjects = p.git(&["log", "--format=%s", "main..canon/migration"]);
    assert_lines(
        &subjects.lines().map(String::from).collect::<Vec<_>>(),
        &[
            "refactor: migrate legacy-events in 1 file",
            "refactor: migrate ws-create, ws-ctor in 1 file",
        ],
    );
    // Nothing left: a third run commits nothing.
    let out = p.run(&["apply", "."]);
    assert!(
        out.stdout.starts_with("Nothing to commit"),
        "{}",
        out.stdout
    );
}

/// `apply` under a verify that fails: it exits 2 and commits nothing. The
/// stderr it printed.
fn apply_under_failing_verify(verify: &str) -> String {
    let rules = format!("[settings]\nverify = \"{verify}\"\n{}", crate::util::RULES);
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("app/a.py", APP)
        .git_init();
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(p.git(&["branch", "--list", "canon/migration"]), "");
    out.stderr
}

#[test]
fn a_failing_verify_commits_nothing() {
    let stderr = apply_under_failing_verify("echo checking {files} && exit 3");
    assert!(stderr.contains("verify command"), "{stderr}");
    assert!(stderr.contains("checking app/a.py"), "{stderr}");
}

/// A verify that prints nothing (`false`) ended its error in a colon and an
/// empty line.
#[test]
fn a_silent_failing_verify_says_so_in_one_line() {
    let stderr = apply_under_failing_verify("false");
    let errors: Vec<&str> = (stderr.lines())
        .filter(|l| !l.starts_with("note:") && !l.starts_with("warning:"))
        .collect();
    assert_eq!(
        errors,
        ["error: verify command `false` failed (exit status: 1); nothing was committed"],
        "{stderr}"
    );
}

/// A project whose own test runs the migrated code: `verify` must see the
/// whole tree (the unchanged test file and modules), not only what changed.
fn tested_project(verify: &str) -> Project {
    let rules = format!("[settings]\nverify = \"{verify}\"\n{}", crate::util::RULES);
    Project::bare()
        .file("canon.toml", rules)
        .file("app/__init__.py", "")
        .file("app/ws/__init__.py", "")
        .file(
            "app/ws/manager.py",
            "class Manager:\n    def __init__(self, user_context=None):\n        self.user_context = user_context\n",
        )
        .file(
            "app/ws/factory.py",
            "from app.ws.manager import Manager\n\n\ndef create_manager(ctx):\n    return Manager(ctx)\n",
        )
        .file("app/a.py", APP)
        .file(
            "tests/check_a.py",
            "import sys\nsys.path.insert(0, '.')\nfrom app.a import build\nassert build(7).user_context == 7, 'wrong context'\nprint('ok', sys.argv[1:])\n",
        )
        .git_init()
}

#[test]
fn verify_runs_the_projects_own_tests_on_the_whole_proposed_tree() {
    let p = tested_project("python3 tests/check_a.py {files}");
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        p.git(&["show", "canon/migration:app/a.py"])
            .contains("Manager(user_context=ctx)"),
        "committed after the project's test passed"
    );
}

#[test]
fn a_verify_that_fails_on_the_migrated_tree_shows_its_output_and_commits_nothing() {
    // The project's test pins the old behaviour: the migration breaks it.
    let p = tested_project(
        "python3 -c 'import app.a, sys; sys.exit(\\\"ws.factory\\\" not in open(\\\"app/a.py\\\").read())'",
    );
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("verify command"), "{}", out.stderr);
    assert!(
        out.stderr.contains("nothing was committed"),
        "{}",
        out.stderr
    );
    assert_eq!(p.git(&["branch", "--list", "canon/migration"]), "");
}

#[test]
fn the_verify_checkout_keeps_modes_and_links_and_its_output_reads_in_order() {
    let rules = format!(
        "[settings]\nverify = \"test -x tools/check.sh && test -L link.py && echo out1 && echo err1 >&2 && echo out2 && exit 1\"\n{}",
        crate::util::RULES
    );
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("app/a.py", APP)
        .file("tools/check.sh", "#!/bin/sh\nexit 0\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            p.path().join("tools/check.sh"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
        std::os::unix::fs::symlink("app/a.py", p.path().join("link.py")).unwrap();
    }
    let p = p.git_init();
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("out1\nerr1\nout2"), "{}", out.stderr);
    assert_eq!(p.git(&["branch", "--list", "canon/migration"]), "");
}

#[test]
fn libgit2_reads_only_the_test_repositorys_config() {
    // Whatever ~/.gitconfig or /etc/gitconfig say on this machine, the
    // in-process canon sees no identity: the tests are hermetic.
    let p = Project::new().file("app/a.py", APP).git_init_anonymous();
    // SAFETY: reads the search path `sandbox()` (called by Project::new) set.
    let global = unsafe { git2::opts::get_search_path(git2::ConfigLevel::Global) }.unwrap();
    let global = std::path::PathBuf::from(global.to_str().unwrap());
    assert!(
        global.is_dir() && std::fs::read_dir(&global).unwrap().next().is_none(),
        "libgit2's global config lookup is an empty folder: {}",
        global.display()
    );
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("no git identity"), "{}", out.stderr);
    assert_eq!(p.git(&["branch", "--list", "canon/migration"]), "");
}

#[test]
fn apply_outside_a_repository_suggests_write() {
    let p = Project::new().file("app/a.py", APP);
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--write"), "{}", out.stderr);
}

#[test]
fn status_counts_left_and_fixed_per_rule() {
    let p = repo();
    let before = p.run(&["status", ".", "--format", "json"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    let j = before.json();
    let left = |j: &serde_json::Value, id: &str| {
        j["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == id)
            .unwrap()["left"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(left(&j, "ws-create"), 1);
    assert_eq!(left(&j, "legacy-events"), 2);
    assert_eq!(j["branch_exists"], false);
    let typo: Vec<&str> = j["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["matched_nothing"] == true)
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    // `ws-ctor` fires on `ws-create`'s output (`Manager(ctx)`): no typo,
    // and its site is left.
    assert_eq!(typo, ["same-name", "ws-getter", "ws-factory-class"]);
    assert_eq!(left(&j, "ws-ctor"), 1);

    assert_eq!(p.run(&["apply", ".", "--rule", "ws-create"]).code, 0);
    let after = p.run(&["status", ".", "--format", "json"]).json();
    // The base is now the branch tip: ws-create is done there.
    assert_eq!(left(&after, "ws-create"), 0);
    let fixed = after["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "ws-create")
        .unwrap()["fixed"]
        .as_u64();
    assert_eq!(fixed, Some(1));
    let text = p.run(&["status", "."]).stdout;
    assert!(text.starts_with("base canon/migration"), "{text}");
}

#[test]
fn blame_ignore_adds_a_follow_up_commit_listing_the_migration() {
    let rules = format!(
        "[settings]\nblame_ignore = true\nbranch = \"canon/ssot\"\n{}",
        crate::util::RULES
    );
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("app/a.py", APP)
        .git_init();
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ids: Vec<&str> = out.stdout.lines().take(2).collect();
    let subjects = p.git(&["log", "--format=%H %s", "main..canon/ssot"]);
    let lines: Vec<&str> = subjects.lines().collect();
    assert_eq!(lines.len(), 2, "{subjects}");
    assert!(
        lines[0].starts_with(ids[1]) && lines[1].starts_with(ids[0]),
        "{subjects} vs {ids:?}"
    );
    let revs = p.git(&["show", "canon/ssot:.git-blame-ignore-revs"]);
    assert!(revs.contains(ids[0]), "{revs}");
}

/// A migration commit the follow-up does not list yet (its follow-up
/// failed, or `blame_ignore` was turned on later) is listed by the next
/// `apply`, even one with nothing new to commit; then nothing more is added.
#[test]
fn the_next_apply_lists_migration_commits_an_earlier_follow_up_missed() {
    let rules = |blame: bool| {
        format!(
            "[settings]\nblame_ignore = {blame}\nbranch = \"canon/ssot\"\n{}",
            crate::util::RULES
        )
    };
    let p = Project::bare()
        .file("canon.toml", rules(false))
        .file("app/a.py", APP)
        .git_init();
    let first = p.run(&["apply", "."]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let migration = p.git(&["rev-parse", "canon/ssot"]).trim().to_string();
    // Turned on in the working tree's config only: the branch's tree is
    // what the follow-up edits.
    std::fs::write(p.path().join("canon.toml"), rules(true)).unwrap();
    let second = p.run(&["apply", "."]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second
            .stdout
            .contains("Listed the branch's earlier migration commits"),
        "{}",
        second.stdout
    );
    let revs = p.git(&["show", "canon/ssot:.git-blame-ignore-revs"]);
    assert!(revs.contains(&migration), "{revs}");
    let log = p.git(&["log", "--format=%H", "main..canon/ssot"]);
    assert_eq!(log.lines().count(), 2, "{log}");
    // git2 sees the same tip and the same parent.
    let repo = git2::Repository::open(p.path()).unwrap();
    let tip = repo
        .revparse_single("canon/ssot")
        .unwrap()
        .peel_to_commit()
        .unwrap();
    assert_eq!(tip.parent_id(0).unwrap().to_string(), migration);
    let third = p.run(&["apply", "."]);
    assert_eq!(third.code, 0, "{}", third.stderr);
    assert_eq!(
        p.git(&["log", "--format=%H", "main..canon/ssot"]),
        log,
        "nothing more added"
    );
}

#[test]
fn bad_branch_names_and_missing_bases_are_clear_errors() {
    let p = repo();
    let out = p.run(&["apply", ".", "--branch", "bad..name"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad..name"), "{}", out.stderr);
    let out = p.run(&["apply", ".", "--base", "no-such-rev"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-rev"), "{}", out.stderr);
    assert_eq!(p.git(&["branch", "--list"]), "* main\n");
}

#[test]
fn the_checked_out_branch_is_refused() {
    let p = repo();
    let out = p.run(&["apply", ".", "--branch", "main"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("main"), "{}", out.stderr);
    assert_eq!(p.git(&["log", "--oneline"]).lines().count(), 1);
}

#[test]
fn status_markdown_is_a_checklist() {
    let p = repo();
    assert_eq!(p.run(&["apply", ".", "--rule", "ws-create"]).code, 0);
    let out = p.run(&["status", ".", "--format", "markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = out.stdout;
    assert!(
        md.starts_with("## Migration status\n\nBase `canon/migration ("),
        "{md}"
    );
    assert!(
        md.contains("| ✅ | `ws-create` | move | 0 | 0 | 1 |"),
        "{md}"
    );
    assert!(
        md.contains("| ⬜ | `legacy-events` | move | 2 | 1 | 0 |"),
        "{md}"
    );
    assert!(
        md.contains("| ⚠️ | `ws-factory-class` | ban | 0 | 0 | 0 |"),
        "{md}"
    );
}

#[test]
fn status_lists_what_needs_a_human_and_why() {
    // The getter's fix adds `await`, which a sync def cannot take.
    let p = Project::new()
        .file(
            "app/h.py",
            "from app.ws.factory import get_factory\n\n\ndef sync_path():\n    return get_factory()\n",
        )
        .git_init();
    let j = p.run(&["status", ".", "--format", "json"]).json();
    let refused = j["needs_human"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{j}");
    assert_eq!(refused[0]["rule"], "ws-getter");
    assert_eq!(refused[0]["path"], "app/h.py");
    assert_eq!(refused[0]["line"], 5);
    let reason = refused[0]["reason"].as_str().unwrap();
    assert!(reason.contains("non-async def `sync_path`"), "{reason}");
    let text = p.run(&["status", "."]).stdout;
    assert!(
        text.contains(
            "needs a human (no fix proposed):\n  app/h.py:5 ws-getter: the fix adds `await`"
        ),
        "{text}"
    );
    let check = p.run(&["check", ".", "--fixes"]).stdout;
    assert!(
        check.contains("app/h.py:5:12: ws-getter") && check.contains("needs a human"),
        "{check}"
    );
    // Without `--fixes`, check stays a linter's pass: no proposals.
    let plain = p.run(&["check", "."]).stdout;
    assert!(!plain.contains("needs a human"), "{plain}");
}
