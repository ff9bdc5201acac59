//! Hostile pass 5, scopes and places: PEP 695 type parameters shadow
//! imports, excluded files still count as referrers, paths print relative
//! to the current folder, and a refusal's note names the line on disk.

use std::process::Command;

use crate::util::{Project, assert_lines};

/// A Python ≥ 3.12 (PEP 695), if the machine has one: `python3` itself, or
/// `python3.12`/`python3.13` (under pyenv, asked for by version).
fn python_312() -> Option<Command> {
    let candidates = [
        ("python3", None),
        ("python3.13", None),
        ("python3.12", None),
        ("python3.13", Some("3.13")),
        ("python3.12", Some("3.12")),
    ];
    candidates.into_iter().find_map(|(exe, pyenv)| {
        let make = || {
            let mut c = Command::new(exe);
            if let Some(v) = pyenv {
                c.env("PYENV_VERSION", v);
            }
            c
        };
        let ok = make()
            .args(["-c", "import sys; assert sys.version_info >= (3, 12)"])
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(make)
    })
}

const GENERIC_APP: &str = "\
from old.mod import Old


def f[Old](x: Old, default=Old) -> Old:
    return x


class Box[Old](list[Old]):
    item: Old

    def get(self) -> Old:
        return self[0]


type Alias[Old] = list[Old]


def g() -> Old:
    return Old()


def kinds():
    return (
        type(f.__annotations__[\"x\"]).__name__,
        type(f.__annotations__[\"return\"]).__name__,
        type(Box.__annotations__[\"item\"]).__name__,
        type(Box.get.__annotations__[\"return\"]).__name__,
        type(Alias.__value__.__args__[0]).__name__,
        f.__defaults__[0].__name__,
        type(g()).__name__,
    )
";

#[test]
fn pep_695_type_parameters_shadow_a_renamed_import() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.Old\"\nnew = \"new.mod.New\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "class Old:\n    pass\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "class New:\n    pass\n")
        .file("app.py", GENERIC_APP);
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let app = std::fs::read_to_string(p.path().join("app.py")).unwrap();
    // Only the import, the default (evaluated outside the type parameters'
    // scope) and g's uses mean the class.
    let want = GENERIC_APP
        .replace("from old.mod import Old", "from new.mod import New")
        .replace("default=Old", "default=New")
        .replace(
            "def g() -> Old:\n    return Old()",
            "def g() -> New:\n    return New()",
        );
    assert_eq!(app, want);
    let Some(mut py) = python_312() else {
        eprintln!("no Python 3.12 here: the migrated code was not run");
        return;
    };
    let run = py
        .args(["-c", "import app; print(app.kinds())"])
        .current_dir(p.path())
        .output()
        .expect("python runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_lines(
        &[String::from_utf8_lossy(&run.stdout).trim().to_string()],
        &["('TypeVar', 'TypeVar', 'TypeVar', 'TypeVar', 'TypeVar', 'New', 'New')"],
    );
}

#[test]
fn a_refusal_note_names_the_line_on_disk_not_in_canons_output() {
    // The fix of line 3 adds an import line; the refusal on line 2 is
    // found again in that output, a line lower: the note must still say 2.
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.get}($K)\"\nfix = \"{new.mod.fetch}($K, mode=\\\"x\\\")\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def get(k):\n    return \"old\" + k\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def fetch(k, mode=None):\n    return \"new\" + k\n")
        .file(
            "h1.py",
            "from old.mod import get\nprint(f\"{get('a')}\")\nprint(f'{get(\"b\")}')\n",
        );
    let lines: Vec<usize> = p.findings().iter().map(|f| f.1).collect();
    assert_eq!(lines, [2, 3]);
    let diff = p.run(&["diff", "."]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    let notes: Vec<String> = diff
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .map(|l| l.split(": r:").next().unwrap_or(l).to_string())
        .collect();
    assert_lines(&notes, &["note: h1.py:2"]);
}

#[test]
fn files_a_rule_leaves_out_still_keep_the_names_they_import() {
    // `make` is renamed in the files the rule migrates; files it leaves
    // out (its `exclude`, its `paths`, `[settings] exclude`) import it from
    // them. legacy/x.py is also checked, by the other rule.
    let p = Project::bare()
        .file(
            "canon.toml",
            "[settings]\nexclude = [\"**/migrations/**\"]\n\n\
             [[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n\
             exclude = [\"legacy/**\"]\npaths = [\"app/**\", \"legacy/**\", \"tools/**\"]\n\n\
             [[move]]\nid = \"o\"\nold = \"old.mod.other\"\nnew = \"new.mod.other\"\n\
             paths = [\"legacy/**\"]\n",
        )
        .file("old/__init__.py", "")
        .file(
            "old/mod.py",
            "def make():\n    return \"old\"\n\n\ndef other():\n    return 1\n",
        )
        .file("new/__init__.py", "")
        .file(
            "new/mod.py",
            "def create():\n    return \"new\"\n\n\ndef other():\n    return 1\n",
        )
        .file("app/__init__.py", "")
        .file(
            "app/a.py",
            "from old.mod import make\n\n\ndef run():\n    return make()\n",
        )
        .file(
            "app/b.py",
            "from old.mod import make\n\n\ndef run():\n    return make()\n",
        )
        .file(
            "app/c.py",
            "from old.mod import make\n\n\ndef run():\n    return make()\n",
        )
        .file(
            "legacy/x.py",
            "from old.mod import other\n\nfrom app.a import make\n\nprint(\"legacy\", make(), other())\n",
        )
        .file(
            "migrations/0001.py",
            "from app.b import make\n\nprint(\"migration\", make())\n",
        )
        .file("scripts/run.py", "import app.c\n\nprint(\"script\", app.c.make())\n");
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        !check.stdout.contains("migrations/") && !check.stdout.contains("scripts/"),
        "{}",
        check.stdout
    );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    for f in ["app/a.py", "app/b.py", "app/c.py"] {
        let text = std::fs::read_to_string(p.path().join(f)).unwrap();
        assert!(
            text.starts_with("from new.mod import create as make\n"),
            "{f}:\n{text}"
        );
    }
    let legacy = std::fs::read_to_string(p.path().join("legacy/x.py")).unwrap();
    assert!(
        legacy.starts_with("from new.mod import other\n"),
        "{legacy}"
    );
    for (f, want) in [
        ("legacy/x.py", "legacy new 1\n"),
        ("migrations/0001.py", "migration new\n"),
        ("scripts/run.py", "script new\n"),
    ] {
        let out = p.python(&["-c", &format!("exec(open({f:?}).read())")], f);
        assert_eq!(out, want, "{f}");
    }
}

#[test]
fn check_from_a_subfolder_checks_the_project_and_prints_paths_from_there() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"old\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def create():\n    return \"new\"\n")
        .file("a.py", "from old.mod import make\nprint(make())\n")
        .file("sub/b.py", "from old.mod import make\nprint(make())\n")
        .git_init();
    let sub = p.path().join("sub");
    let run = |args: &[&str]| {
        let out = crate::util::bin_output(crate::util::bin_cmd(&sub).args(args));
        assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
        out.stdout
    };
    let lines = |out: String| -> Vec<String> { out.lines().map(String::from).collect() };
    // No path: the project root, as `--help` says; paths from sub/.
    let want = [
        "../a.py:1:21: m `old.mod.make` moved to `new.mod.create`",
        "b.py:1:21: m `old.mod.make` moved to `new.mod.create`",
    ];
    assert_lines(&lines(run(&["check", "-q"])), &want);
    assert_lines(&lines(run(&["check", "-q", ".."])), &want);
    // Every printed path exists from here.
    for l in &want {
        let path = l.split(':').next().unwrap();
        assert!(sub.join(path).is_file(), "{path}");
    }
    // `.` is this folder only.
    assert_lines(&lines(run(&["check", "-q", "."])), &want[1..]);
    let json: serde_json::Value =
        serde_json::from_str(&run(&["check", "--format", "json"])).unwrap();
    let paths: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // The definition in old/mod.py is an info finding.
    assert_eq!(paths, ["../a.py", "../old/mod.py", "b.py"]);
    // SARIF names files from the repository root.
    let sarif = run(&["check", "--format", "sarif"]);
    assert!(
        sarif.contains("\"sub/b.py\"") && !sarif.contains("\"b.py\""),
        "{sarif}"
    );
    // From the root, paths are as before.
    let root = crate::util::bin_output(crate::util::bin_cmd(p.path()).args(["check", "-q"]));
    assert_lines(
        &lines(root.stdout),
        &[
            "a.py:1:21: m `old.mod.make` moved to `new.mod.create`",
            "sub/b.py:1:21: m `old.mod.make` moved to `new.mod.create`",
        ],
    );
}
