//! Regressions from the eighth hostile round (status and baselines): each
//! test is named after what broke.

use crate::util::Project;

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n";

/// Packages `old.mod` (with `make`) and `new.mod` (with `create`).
fn project() -> Project {
    Project::bare()
        .file("canon.toml", MOVE)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"old\"\n")
        .file("new/mod.py", "def create():\n    return \"new\"\n")
}

/// `status` called `old.mod.make` "ready to delete (no users left)" while
/// the console scripts in pyproject.toml and setup.cfg (and a `setup.py`
/// entry point string) still named it: deleting it broke the installed
/// commands. Prose (a README) only talks about it and is no user.
#[test]
fn status_counts_entry_points_naming_the_old_path_as_users() {
    let p = project()
        .file(
            "pyproject.toml",
            "[project]\nname = \"x\"\nversion = \"0\"\n[project.scripts]\nmk = \"old.mod:make\"\n",
        )
        .file(
            "setup.cfg",
            "[options.entry_points]\nconsole_scripts =\n    mk2 = old.mod:make\n",
        )
        .file(
            "setup.py",
            "ENTRY_POINTS = {\"console_scripts\": [\"mk3 = old.mod:make\"]}\n",
        )
        .file("README.md", "`old.mod.make` is deprecated.\n")
        .git_init();
    let status = p.run(&["status", "."]);
    assert!(
        !status.stdout.contains("ready to delete"),
        "entry points still load old.mod.make:\n{}",
        status.stdout
    );
    assert!(
        status.stdout.contains(
            "old.mod.make (rule m): pyproject.toml:5 (named in a text file), \
             setup.cfg:3 (named in a text file), setup.py:1 (named in a string)"
        ),
        "{}",
        status.stdout
    );
    let json = p.run(&["status", ".", "--format", "json"]).json();
    assert_eq!(json["ready_to_delete"], serde_json::json!([]), "{json}");
    assert_eq!(
        json["still_used"][0]["uses"][0]["path"], "pyproject.toml",
        "{json}"
    );
    // The user is real: an installer loads the entry point by that path.
    let load = "import tomllib, importlib\n\
        ep = tomllib.load(open('pyproject.toml', 'rb'))['project']['scripts']['mk']\n\
        mod, attr = ep.split(':')\n\
        assert getattr(importlib.import_module(mod), attr)() == 'old'\n";
    p.python(&["-c", load], "the entry point loads old.mod.make");

    // Only prose left: the definition is ready to delete.
    let p = project()
        .file("README.md", "`old.mod.make` is deprecated.\n")
        .git_init();
    let status = p.run(&["status", "."]);
    assert!(
        status
            .stdout
            .contains("ready to delete (no users left):\n  old.mod.make"),
        "{}",
        status.stdout
    );
}

/// `check --baseline BASELINE TARGET` with both as paths in `p` (the
/// in-process run shares the test binary's current folder).
fn check_baseline(p: &Project, target: &str, extra: &[&str]) -> crate::util::Output {
    let file = p.path().join(".canon-baseline.json");
    let target = p.path().join(target);
    let mut args = vec!["check", "--baseline", file.to_str().unwrap()];
    args.extend(extra);
    args.push(target.to_str().unwrap());
    p.run(&args)
}

/// `check --baseline FILE pkg` said top.py's entry was "no longer found
/// (fixed since the baseline)": top.py was not checked, and still had it.
#[test]
fn baseline_entries_outside_the_checked_paths_are_not_called_fixed() {
    let uses = "from old.mod import make\nmake()\n";
    let p = project()
        .file("pkg/__init__.py", "")
        .file("pkg/a.py", uses)
        .file("pkg/b.py", uses)
        .file("top.py", uses);
    let out = p.run(&["baseline", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let out = check_baseline(&p, "pkg", &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stderr.contains("no longer found"), "{}", out.stderr);
    let out = check_baseline(&p, "pkg/a.py", &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stderr.contains("no longer found"), "{}", out.stderr);

    // A checked file's entry that went away is still reported.
    let p = p.file("pkg/b.py", "from new.mod import create\ncreate()\n");
    let out = check_baseline(&p, "pkg", &["-v"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("note: 1 baseline entry is no longer found")
            && out
                .stderr
                .contains("stale: m pkg/b.py: from old.mod import make"),
        "{}",
        out.stderr
    );
}

/// An editor saving a.py with a UTF-8 BOM (and CRLF line ends) made its
/// baselined first-line violation "new": the BOM was read as line text.
#[test]
fn a_byte_order_mark_does_not_make_a_baselined_violation_new() {
    let plain = "from old.mod import make\nprint(make())\n";
    let marked = "\u{feff}from old.mod import make\r\nprint(make())\r\n";
    for (before, after) in [(plain, marked), (marked, plain)] {
        let p = project().file("a.py", before);
        let out = p.run(&["baseline", "."]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        let recorded = std::fs::read_to_string(p.path().join(".canon-baseline.json")).unwrap();
        assert!(!recorded.contains("\\ufeff"), "{recorded}");
        let p = p.file("a.py", after);
        p.python(&["a.py"], "a.py runs with or without the mark");
        let out = check_baseline(&p, "", &[]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(!out.stderr.contains("no longer found"), "{}", out.stderr);
    }
}
