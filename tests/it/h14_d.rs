//! Hostile pass 14, the sub-project defects: a `canon.toml` in a folder of
//! the repository (`services/api`) is a project of its own. `apply` and
//! `review` read the base commit as that project's files, named from its
//! root as `check` and `diff` name them, and write back under its folder
//! (defect 01); CI formats name files from the repository's root and text
//! from the current folder (defect 09); `--path` reads globs from the
//! current folder (defect 14); the project's own config is not a user of
//! its rules' old paths in `status`.

use std::path::Path;

use crate::util::{Output, Project, bin_cmd, bin_output, run_in};

const MOVE: &str =
    "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n";

/// services/api with its own packages, `app.py` re-exporting `helper` and
/// `client.py` importing it from `app`; services/web, a sibling with its
/// own unrelated `oldpkg.util.helper`. `settings` goes above the rules.
fn monorepo(settings: &str) -> Project {
    Project::bare()
        .file("services/api/canon.toml", format!("{settings}{MOVE}"))
        .file("services/api/oldpkg/__init__.py", "")
        .file(
            "services/api/oldpkg/util.py",
            "def helper(*a):\n    return \"api-old\"\n",
        )
        .file("services/api/newpkg/__init__.py", "")
        .file(
            "services/api/newpkg/tools.py",
            "def assist(*a):\n    return \"api-new\"\n",
        )
        .file("services/api/app.py", "from oldpkg.util import helper\n")
        .file(
            "services/api/client.py",
            "from app import helper\nprint(helper(1))\n",
        )
        .file("services/web/oldpkg/__init__.py", "")
        .file(
            "services/web/oldpkg/util.py",
            "def helper(*a):\n    return \"web-helper\"\n",
        )
        .file(
            "services/web/main.py",
            "from oldpkg.util import helper\nprint(helper(1))\n",
        )
        .git_init()
}

const APP_MIGRATED: &str = "from newpkg.tools import assist as helper\n";

/// `python3 script` in `dir`: its stdout, asserting it succeeds.
fn python_in(dir: &Path, script: &str) -> String {
    let run = std::process::Command::new("python3")
        .arg(script)
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3");
    assert!(
        run.status.success(),
        "{}: {}",
        dir.join(script).display(),
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// Every blob under `folder` in `rev`'s tree, read with git2: (path, id).
fn blobs_under(p: &Project, rev: &str, folder: &str) -> Vec<(String, git2::Oid)> {
    let repo = git2::Repository::open(p.path()).expect("a repository");
    let tree = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_tree())
        .expect("a tree");
    let mut out = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        let path = format!("{dir}{}", entry.name().unwrap_or(""));
        if path.starts_with(folder) && entry.kind() == Some(git2::ObjectType::Blob) {
            out.push((path, entry.id()));
        }
        git2::TreeWalkResult::Ok
    })
    .expect("walk");
    out
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.code == 0,
        "{what}: exit {}\n{}{}",
        out.code,
        out.stdout,
        out.stderr
    );
}

/// Defect 01: `apply` (commit mode) in services/api rewrote the sibling
/// services/web (ModuleNotFoundError on the branch) and named modules from
/// the git root (`services.api.app`), so it missed `from app import
/// helper` and committed `import assist` without the alias `diff` showed
/// (ImportError). Now the branch changes services/api/app.py alone, as
/// `diff` shows it, and equals what `apply --write` writes; the sibling's
/// blobs are the base's (git2), and the git CLI agrees.
#[test]
fn apply_in_a_sub_project_commits_what_diff_shows_and_leaves_the_sibling_alone() {
    let p = monorepo("");
    let api = p.path().join("services/api");
    let web = p.path().join("services/web");
    assert_eq!(python_in(&api, "client.py"), "api-old\n");
    assert_eq!(python_in(&web, "main.py"), "web-helper\n");

    let diff = run_in(&api, &["diff", "."]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert!(
        diff.stdout.contains("--- a/app.py\n")
            && diff
                .stdout
                .contains("+from newpkg.tools import assist as helper\n"),
        "{}",
        diff.stdout
    );

    let out = run_in(&api, &["apply", "."]);
    ok(&out, "apply");
    assert!(
        out.stdout.contains("Committed 1 file in 1 commit"),
        "{}",
        out.stdout
    );
    assert_eq!(
        p.git(&["diff", "--name-only", "main", "canon/migration"]),
        "services/api/app.py\n"
    );
    assert_eq!(
        blobs_under(&p, "canon/migration", "services/web/"),
        blobs_under(&p, "main", "services/web/"),
        "the sibling project is untouched on the branch"
    );
    assert_eq!(
        p.git_bytes("canon/migration", "services/api/app.py"),
        APP_MIGRATED.as_bytes()
    );
    // Commit mode never touches the working tree.
    assert_eq!(p.git(&["status", "--porcelain"]), "");

    // `apply --write` writes exactly what was committed, and nothing else.
    let written = run_in(&api, &["apply", "--write", "."]);
    ok(&written, "apply --write");
    assert_eq!(
        p.git(&["status", "--porcelain"]),
        " M services/api/app.py\n"
    );
    assert_eq!(
        p.bytes("services/api/app.py"),
        p.git_bytes("canon/migration", "services/api/app.py")
    );
    // The migrated code runs: the api client through the re-export, the
    // web project as it was.
    assert_eq!(python_in(&api, "client.py"), "api-new\n");
    assert_eq!(python_in(&web, "main.py"), "web-helper\n");
}

/// Defect 01, `[settings] verify`: it runs in the project's folder of the
/// checkout, with `{files}` named from there, so a sub-project's own
/// command works (`python3 client.py` found no client.py at the git root).
#[test]
fn verify_runs_in_the_sub_projects_folder_with_its_paths() {
    let p =
        monorepo("[settings]\nverify = \"python3 -m py_compile {files} && python3 client.py\"\n\n");
    let api = p.path().join("services/api");
    let out = run_in(&api, &["apply", "."]);
    ok(&out, "apply with verify");
    assert_eq!(
        p.git_bytes("canon/migration", "services/api/app.py"),
        APP_MIGRATED.as_bytes()
    );
}

/// Defect 01, the TUI: the review of services/api lists its files named
/// from there, and its commit (the same pipeline and committer) writes
/// the re-export with its alias under services/api, nothing else.
#[test]
fn review_in_a_sub_project_commits_the_projects_files_under_its_folder() {
    let p = monorepo("");
    let api = p.path().join("services/api");
    let mut r = crate::review::open(&api);
    let listed: Vec<String> = (r.app.visible.iter())
        .map(|&i| r.app.entries[i].path.clone())
        .collect();
    // Named from services/api (the definition in oldpkg is listed too).
    assert!(listed.contains(&"app.py".to_string()), "{listed:?}");
    assert!(
        !listed.iter().any(|l| l.starts_with("services/")),
        "{listed:?}"
    );
    r.press("a");
    r.press("c\n");
    let notice = r.app.notice.clone().map(|n| n.1).unwrap_or_default();
    assert!(notice.starts_with("Committed 1 file"), "{notice}");
    assert_eq!(
        p.git(&["diff", "--name-only", "main", "canon/migration"]),
        "services/api/app.py\n"
    );
    assert_eq!(
        p.git_bytes("canon/migration", "services/api/app.py"),
        APP_MIGRATED.as_bytes()
    );
    assert_eq!(
        blobs_under(&p, "canon/migration", "services/web/"),
        blobs_under(&p, "main", "services/web/")
    );
}

/// Also seen: `status` in services/api listed `services/api/canon.toml:3
/// (named in a text file)` as a user of the old path, so a rule's own
/// config kept its definition from ever being ready to delete.
#[test]
fn status_in_a_sub_project_does_not_count_its_config_as_a_user() {
    let p = Project::bare()
        .file("services/api/canon.toml", MOVE)
        .file("services/api/oldpkg/__init__.py", "")
        .file(
            "services/api/oldpkg/util.py",
            "def helper(*a):\n    return 1\n",
        )
        .file("services/api/newpkg/__init__.py", "")
        .file(
            "services/api/newpkg/tools.py",
            "def assist(*a):\n    return 1\n",
        )
        .file("services/api/app.py", APP_MIGRATED)
        .git_init();
    let out = run_in(&p.path().join("services/api"), &["status", "."]);
    ok(&out, "status");
    assert!(
        out.stdout.contains(
            "ready to delete (no users left):\n  oldpkg.util.helper (oldpkg/util.py:1, rule m)"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("canon.toml"), "{}", out.stdout);
}

/// Defect 09: with the config in services/api, `check` run at the
/// repository's root printed `file=main.py` for GitHub and `"uri":
/// "main.py"` for SARIF (another file, or none, at the root), and
/// `main.py:1:25` as text. Now CI formats name files from the repository's
/// root from anywhere, and text and JSON from the current folder.
#[test]
fn check_in_a_sub_project_names_files_from_the_repository_for_ci_and_from_here_for_text() {
    let p = monorepo("");
    let run = |dir: &str, args: &[&str]| -> String {
        let out = bin_output(bin_cmd(&p.path().join(dir)).args(args));
        assert_eq!(out.code, 1, "{dir} {args:?}: {}", out.stderr);
        out.stdout
    };
    for dir in ["", "services/api", "services/web"] {
        let api = match dir {
            "" => "services/api",
            "services/api" => ".",
            _ => "../api",
        };
        let github = run(dir, &["check", "--format", "github", api]);
        assert!(
            github.contains("::error file=services/api/app.py,line=1,col=25"),
            "from {dir:?}: {github}"
        );
        let sarif = run(dir, &["check", "--format", "sarif", api]);
        assert!(
            sarif.contains("\"uri\": \"services/api/app.py\""),
            "from {dir:?}: {sarif}"
        );
        // Text names the file as it reads from here, and it is there.
        let text = run(dir, &["check", "-q", api]);
        let first = text.lines().next().unwrap_or_default();
        let shown = first.split(':').next().unwrap_or_default();
        let want = match dir {
            "" => "services/api/app.py",
            "services/api" => "app.py",
            _ => "../api/app.py",
        };
        assert_eq!(shown, want, "from {dir:?}: {text}");
        assert!(p.path().join(dir).join(shown).is_file(), "{shown}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&run("", &["check", "--format", "json", "services/api"])).unwrap();
    assert_eq!(json[0]["path"], "services/api/app.py", "{json}");
}

/// A project at the root with `sub/a.py`, `sub/deep/a.py` and `a.py`,
/// each printing what `helper` returns.
fn nested() -> Project {
    let main = "from oldpkg.util import helper\nprint(helper(1))\n";
    Project::bare()
        .file("canon.toml", MOVE)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/util.py", "def helper(*a):\n    return \"old\"\n")
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist(*a):\n    return \"new\"\n")
        .file("a.py", main)
        .file("sub/a.py", main)
        .file("sub/deep/a.py", main)
        .git_init()
}

/// `apply --write` run in `dir` of `p` with `args`; the files it changed
/// (git CLI), and its output; the working tree is restored after.
fn write_in(p: &Project, dir: &str, args: &[&str]) -> (Vec<String>, Output) {
    let out = bin_output(
        bin_cmd(&p.path().join(dir))
            .args(["apply", "--write"])
            .args(args),
    );
    ok(&out, &format!("apply --write {args:?} in {dir:?}"));
    let changed: Vec<String> = p
        .git(&["diff", "--name-only"])
        .lines()
        .map(String::from)
        .collect();
    (changed, out)
}

/// Defect 14: `--path a.py` in sub/ (the path `check` prints there) and
/// `--path ./a.py` at the root matched nothing and said "Wrote 0 files"
/// with no hint. Globs now read from the current folder like `[PATH]`
/// arguments; a folder takes the files under it; `*` stays in its folder;
/// a glob that matches no file with proposals says so.
#[test]
fn apply_path_globs_read_from_the_current_folder() {
    let p = nested();
    let (changed, _) = write_in(&p, "sub", &["--path", "a.py", ".."]);
    assert_eq!(changed, ["sub/a.py"]);
    assert_eq!(p.python(&["-m", "sub.a"], "migrated sub/a.py"), "new\n");
    assert_eq!(p.python(&["a.py"], "a.py as it was"), "old\n");
    p.git(&["checkout", "-q", "."]);

    let (changed, _) = write_in(&p, "", &["--path", "./a.py", "."]);
    assert_eq!(changed, ["a.py"]);
    p.git(&["checkout", "-q", "."]);

    let (changed, _) = write_in(&p, "", &["--path", "sub", "."]);
    assert_eq!(changed, ["sub/a.py", "sub/deep/a.py"]);
    p.git(&["checkout", "-q", "."]);

    let (changed, _) = write_in(&p, "", &["--path", "sub/*.py", "."]);
    assert_eq!(changed, ["sub/a.py"], "`*` does not cross `/`");
    p.git(&["checkout", "-q", "."]);

    // From sub/, a file above is named with `../`, and only so.
    let (changed, _) = write_in(&p, "sub", &["--path", "../*.py", ".."]);
    assert_eq!(changed, ["a.py"]);
    p.git(&["checkout", "-q", "."]);
    let (changed, _) = write_in(&p, "sub", &["--path", "**/a.py", ".."]);
    assert_eq!(changed, ["sub/a.py", "sub/deep/a.py"]);
    p.git(&["checkout", "-q", "."]);

    let (changed, out) = write_in(&p, "sub", &["--path", "sub/a.py", ".."]);
    assert!(changed.is_empty(), "{changed:?}");
    let sub = std::fs::canonicalize(p.path().join("sub")).unwrap();
    assert!(
        out.stderr.contains(&format!(
            "warning: --path sub/a.py matches no file with proposals (paths are relative to the current folder, {})",
            sub.display()
        )),
        "{}",
        out.stderr
    );
}

/// Defects 01 and 14 together: from the repository's root, a commit-mode
/// `--path` names the sub-project's files as `check` prints them there.
#[test]
fn apply_path_from_the_repository_root_selects_a_sub_projects_file() {
    let p = monorepo("");
    let out = bin_output(bin_cmd(p.path()).args([
        "apply",
        "--path",
        "services/api/*.py",
        "services/api",
    ]));
    ok(&out, "apply --path");
    assert_eq!(
        p.git_bytes("canon/migration", "services/api/app.py"),
        APP_MIGRATED.as_bytes()
    );
    let none = bin_output(bin_cmd(p.path()).args([
        "apply",
        "--branch",
        "other",
        "--path",
        "app.py",
        "services/api",
    ]));
    ok(&none, "apply --path app.py");
    assert!(
        none.stderr
            .contains("warning: --path app.py matches no file with proposals"),
        "{}",
        none.stderr
    );
}
