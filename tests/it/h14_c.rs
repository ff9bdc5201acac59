//! Hostile pass 13, defect 11: a patch string a move re-points and the
//! code it intercepts, in two files, land together or not at all. `apply
//! --path` of one side holds it back and names the other; `apply
//! --per-file` commits linked files in one commit, so that every commit
//! of the branch runs the test as it ran before (the mock intercepts);
//! files that use other names of a moved module are not linked.

use crate::util::Project;

const CLASS_MOVE: &str =
    "[[move]]\nid = \"m\"\nold = \"oldpkg.models.Thing\"\nnew = \"newpkg.models.Widget\"\n";

const MODULE_MOVE: &str =
    "[[move]]\nid = \"mm\"\nold = \"oldpkg.models\"\nnew = \"newpkg.models\"\n";

/// The import and the call are two hunks (the lines between them do not
/// change), both linked to the patch.
const APP: &str = "from oldpkg.models import Thing\n\n\ndef make():\n    return Thing().method()\n";

const TEST_APP: &str = "from unittest import mock\n\nimport app\n\nwith mock.patch(\"oldpkg.models.Thing.method\", return_value=\"patched\"):\n    print(app.make())\n";

/// `oldpkg.models` (old) and `newpkg.models` (new), each with a `Thing`
/// and a `Widget` (the class move's target) and an `Other`, saying which
/// package they are in; `app.py` and the test that patches its code.
fn project(rules: &str) -> Project {
    let models = |which: &str| {
        format!(
            "class Thing:\n    def method(self):\n        return \"{which}\"\n\n\nclass Widget:\n    def method(self):\n        return \"{which}-widget\"\n\n\nclass Other:\n    def name(self):\n        return \"other-{which}\"\n"
        )
    };
    Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/models.py", models("old"))
        .file("newpkg/__init__.py", "")
        .file("newpkg/models.py", models("new"))
        .file("app.py", APP)
        .file("test_app.py", TEST_APP)
}

fn read(p: &Project, path: &str) -> String {
    std::fs::read_to_string(p.path().join(path)).unwrap()
}

/// `apply --write --path app.py` writes nothing: app.py's hunk goes with
/// test_app.py's patch, which the selection leaves out. One line says so
/// and how to take both; the mock still intercepts. The other way round
/// too. With both paths, both are written and the mock still intercepts.
#[test]
fn apply_path_holds_back_a_hunk_linked_to_a_file_outside_the_selection() {
    let p = project(CLASS_MOVE);
    assert_eq!(p.python(&["test_app.py"], "before"), "patched\n");

    let out = p.run(&["apply", "--write", "--path", "app.py", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&p, "app.py"), APP, "{}", out.stderr);
    assert_eq!(read(&p, "test_app.py"), TEST_APP);
    let notes: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("left pending"))
        .collect();
    assert_eq!(
        notes,
        [
            "note: app.py: 2 hunks of rule m left pending: it goes with test_app.py (its patch(\"oldpkg.models.Thing.method\") must move with this code); add --path test_app.py"
        ],
        "{}",
        out.stderr
    );
    assert_eq!(
        p.python(&["test_app.py"], "after --path app.py"),
        "patched\n"
    );

    let out = p.run(&["apply", "--write", "--path", "test_app.py", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&p, "test_app.py"), TEST_APP, "{}", out.stderr);
    assert!(
        out.stderr.contains("note: test_app.py: 1 hunk of rule m left pending: it goes with app.py (the code its patch(\"oldpkg.models.Thing.method\") intercepts must move with it); add --path app.py"),
        "{}",
        out.stderr
    );

    // A file named on the command line, not a glob: the same.
    let app = p.path().join("app.py");
    let out = p.run(&["apply", "--write", app.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&p, "app.py"), APP, "{}", out.stderr);
    assert!(
        out.stderr.contains("note: app.py: 2 hunks of rule m left pending: it goes with test_app.py (its patch(\"oldpkg.models.Thing.method\") must move with this code); test_app.py is not among the paths given: give it too"),
        "{}",
        out.stderr
    );

    // `--rule` narrows no further: both hunks are of rule m.
    let out = p.run(&["apply", "--write", "--rule", "m", "--path", "app.py", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&p, "app.py"), APP, "{}", out.stderr);

    let out = p.run(&[
        "apply",
        "--write",
        "--path",
        "app.py",
        "--path",
        "test_app.py",
        ".",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("left pending"), "{}", out.stderr);
    assert!(read(&p, "app.py").contains("Widget().method()"));
    assert!(read(&p, "test_app.py").contains("\"newpkg.models.Widget.method\""));
    assert_eq!(p.python(&["test_app.py"], "after both"), "patched\n");
}

/// The commits of `main..branch`, oldest first.
fn commits(p: &Project, branch: &str) -> Vec<String> {
    let list = p.git(&["rev-list", "--reverse", &format!("main..{branch}")]);
    list.lines().map(String::from).collect()
}

/// The paths commit `c` changes.
fn changed(p: &Project, c: &str) -> Vec<String> {
    let names = p.git(&["show", "--name-only", "--format=", c]);
    names.lines().map(String::from).collect()
}

/// Run `python3 ARGS` on commit `c`'s tree, written out from the blobs
/// (each read with the git CLI and with git2, which must agree).
fn run_at(p: &Project, c: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let files = p.git(&["ls-tree", "-r", "--name-only", c]);
    for path in files.lines() {
        let to = dir.path().join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, p.git_bytes(c, path)).unwrap();
    }
    let out = std::process::Command::new("python3")
        .args(args)
        .current_dir(dir.path())
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "commit {c}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `apply --per-file` of a module move: app.py (its code reaches the
/// patched `Thing`) and test_app.py (the patch) are one commit; lib.py and
/// lib2.py, which use only `Other` of the moved module (through `import
/// oldpkg.models as om`, `from oldpkg import models`), are linked to
/// neither and are commits of their own, in path order. Every commit of
/// the branch runs the test as before, and the libs.
#[test]
fn apply_per_file_commits_linked_files_together_and_every_commit_runs() {
    let p = project(MODULE_MOVE)
        .file(
            "lib.py",
            "import oldpkg.models as om\n\n\ndef name():\n    return om.Other().name()\n",
        )
        .file(
            "lib2.py",
            "from oldpkg import models\n\n\ndef name():\n    return models.Other().name()\n",
        )
        .file(
            "run_lib.py",
            "import lib\nimport lib2\n\nprint(lib.name(), lib2.name())\n",
        )
        .git_init();
    assert_eq!(p.python(&["test_app.py"], "before"), "patched\n");
    assert_eq!(p.python(&["run_lib.py"], "before"), "other-old other-old\n");
    let out = p.run(&["apply", "--per-file", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let commits = commits(&p, "canon/migration");
    let files: Vec<Vec<String>> = commits.iter().map(|c| changed(&p, c)).collect();
    assert_eq!(
        files,
        [
            vec!["app.py", "test_app.py"],
            vec!["lib.py"],
            vec!["lib2.py"]
        ],
        "{}",
        out.stdout
    );
    let libs = [
        "other-old other-old\n",
        "other-new other-old\n",
        "other-new other-new\n",
    ];
    for (c, lib) in commits.iter().zip(libs) {
        assert_eq!(run_at(&p, c, &["test_app.py"]), "patched\n", "commit {c}");
        assert_eq!(run_at(&p, c, &["run_lib.py"]), lib, "commit {c}");
    }
    // The tip holds the migration; git2 sees the commits the CLI lists.
    let tip = commits.last().unwrap();
    assert!(String::from_utf8_lossy(&p.git_bytes(tip, "app.py")).contains("newpkg.models"));
    assert_eq!(p.tip_parent("canon/migration"), commits[1]);
    // The subjects count the files of each commit.
    let subjects = p.git(&["log", "--reverse", "--format=%s", "main..canon/migration"]);
    assert_eq!(
        subjects,
        "refactor: migrate mm in 2 files\nrefactor: migrate mm in 1 file\nrefactor: migrate mm in 1 file\n"
    );
}

/// `apply --per-file --path lib.py` of the same move commits lib.py
/// (linked to nothing); app.py and test_app.py stay for a later run, which
/// lands them in one commit on top.
#[test]
fn apply_path_of_an_unlinked_file_commits_it_and_the_linked_pair_later() {
    let p = project(MODULE_MOVE)
        .file(
            "lib.py",
            "import oldpkg.models as om\n\n\ndef name():\n    return om.Other().name()\n",
        )
        .git_init();
    let out = p.run(&["apply", "--per-file", "--path", "lib.py", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("left pending"), "{}", out.stderr);
    let out = p.run(&["apply", "--per-file", "--path", "app.py", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("note: app.py: 1 hunk of rule mm left pending: it goes with test_app.py"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.starts_with("Nothing to commit"),
        "{}",
        out.stdout
    );
    let out = p.run(&["apply", "--per-file", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let commits = commits(&p, "canon/migration");
    let files: Vec<Vec<String>> = commits.iter().map(|c| changed(&p, c)).collect();
    assert_eq!(files, [vec!["lib.py"], vec!["app.py", "test_app.py"]]);
    for c in &commits {
        assert_eq!(run_at(&p, c, &["test_app.py"]), "patched\n", "commit {c}");
    }
}
