//! Hostile pass 8 (b): `apply` on git. `--base REV` whose history lacks
//! the branch's own commits is refused rather than reverting them, and
//! `--rule ID` says when another rule's edits come along with its hunks.
//! And a module move composed with a symbol move inside it imports the new
//! module once.

use crate::util::Project;

const MOVE_MAKE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n";

fn stderr(out: &crate::util::Output) -> String {
    out.stderr.clone()
}

/// The branch exists with a teammate's commit on it (b.py gains `LIMIT =
/// 10`), and main moved on. `apply --base main` built b.py from main and
/// committed it on the branch's tip, deleting the teammate's line. Now it
/// refuses, naming both commits, and the branch is untouched (git CLI and
/// git2 agree); without --base it stacks on the tip and keeps the line.
#[test]
fn apply_base_that_lacks_the_branchs_commits_is_refused() {
    let p = Project::bare()
        .file("canon.toml", MOVE_MAKE)
        .file("old/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"old\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def create():\n    return \"new\"\n")
        .file("a.py", "from old.mod import make\nprint(make())\n")
        .file("b.py", "from old.mod import make\nprint(make())\n")
        .git_init();
    let out = p.run(&["apply", "--path", "a.py", "."]);
    assert!(out.code == 0, "{}", stderr(&out));
    // The teammate's fix-up on the branch, then a new file on main.
    p.git(&["checkout", "-q", "canon/migration"]);
    std::fs::write(
        p.path().join("b.py"),
        "from old.mod import make\nprint(make())\nLIMIT = 10\n",
    )
    .unwrap();
    p.git(&["commit", "-qam", "teammate: LIMIT"]);
    p.git(&["checkout", "-q", "main"]);
    std::fs::write(
        p.path().join("c.py"),
        "from old.mod import make\nprint(make())\n",
    )
    .unwrap();
    p.git(&["add", "c.py"]);
    p.git(&["commit", "-qm", "c.py on main"]);
    let tip = p.git(&["rev-parse", "canon/migration"]);
    let main = p.git(&["rev-parse", "main"]);

    let out = p.run(&["apply", "--base", "main", "."]);
    assert_eq!(out.code, 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&tip[..7]) && err.contains(&main[..7]) && err.contains("drop --base"),
        "names both commits and the way out: {err}"
    );
    assert_eq!(
        p.git(&["rev-parse", "canon/migration"]),
        tip,
        "branch untouched"
    );
    let repo = git2::Repository::open(p.path()).unwrap();
    let seen = repo
        .revparse_single("canon/migration")
        .unwrap()
        .id()
        .to_string();
    assert_eq!(seen, tip.trim(), "git2 sees the same tip");
    assert!(
        p.git(&["show", "canon/migration:b.py"])
            .contains("LIMIT = 10")
    );

    // Without --base: the branch's tip is the base and nothing is lost.
    let out = p.run(&["apply", "."]);
    assert!(out.code == 0, "{}", stderr(&out));
    let b = p.git(&["show", "canon/migration:b.py"]);
    assert!(b.contains("LIMIT = 10") && b.contains("create()"), "{b}");
    assert_eq!(p.tip_parent("canon/migration"), tip.trim());
}

/// A base that contains the branch's tip (the branch is behind main,
/// with no commits of its own) loses nothing: still accepted.
#[test]
fn apply_base_ahead_of_the_branch_is_accepted() {
    let p = Project::bare()
        .file("canon.toml", MOVE_MAKE)
        .file("old/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"old\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def create():\n    return \"new\"\n")
        .file("a.py", "print(1)\n")
        .git_init();
    p.git(&["branch", "canon/migration"]);
    std::fs::write(
        p.path().join("c.py"),
        "from old.mod import make\nprint(make())\n",
    )
    .unwrap();
    p.git(&["add", "c.py"]);
    p.git(&["commit", "-qm", "c.py on main"]);
    let out = p.run(&["apply", "--base", "main", "."]);
    assert!(out.code == 0, "{}", stderr(&out));
    assert!(
        p.git(&["show", "canon/migration:c.py"])
            .contains("create()")
    );
}

/// Rules m (a move) and r (a rewrite) both change `from old.mod import f,
/// make`: that line is one edit of both rules, and r's far-away call
/// `f(1)` is required by it. `apply --rule m` committed r's rewrite too and
/// said nothing; now it says which rule came along, on which lines, and
/// the committed file runs.
#[test]
fn apply_rule_says_when_another_rules_edits_come_along() {
    let toml = format!(
        "{MOVE_MAKE}\n[[rewrite]]\nid = \"r\"\npattern = \"{{old.mod.f}}($X)\"\nfix = \"{{new.mod.g}}(user=$X)\"\n"
    );
    let body = format!(
        "from old.mod import f, make\n{}def a():\n    return f(1)\n{}def b():\n    return make()\n\n\nassert (a(), b()) == ((\"new-g\", 1), \"new-make\"), (a(), b())\n",
        "\n".repeat(10),
        "\n".repeat(10)
    );
    let p = Project::bare()
        .file("canon.toml", &toml)
        .file("old/__init__.py", "")
        .file("old/mod.py", "def f(x):\n    return (\"new-g\", x)\n\n\ndef make():\n    return \"new-make\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def g(user):\n    return (\"new-g\", user)\n\n\ndef create():\n    return \"new-make\"\n")
        .file("a.py", &body)
        .git_init();
    let out = p.run(&["apply", "--rule", "m", "."]);
    assert!(out.code == 0, "{}", stderr(&out));
    let err = stderr(&out);
    let a = p.git(&["show", "canon/migration:a.py"]);
    if a.contains("g(user=1)") {
        assert!(
            err.contains("rule r's edits come along (lines 1, 13)"),
            "r's edits committed with --rule m, and said so: {err}"
        );
    }
    p.git(&["checkout", "-q", "canon/migration"]);
    p.python(&["a.py"], "the committed a.py runs");
}

/// Moves `old.mod` → `new.mod` (mm) and, inside it, `old.mod.make` →
/// `new.mod.create` (m). m ran first and added `import new.mod`; mm then
/// re-pointed `import old.mod` onto a second `import new.mod`, and the
/// self-check refused it ("`new` would be imported twice"), so `check`
/// never went clean. mm now drops the old import and reuses the one there.
#[test]
fn module_move_reuses_the_import_a_symbol_move_added() {
    let p = Project::bare()
        .file(
            "canon.toml",
            format!("[[move]]\nid = \"mm\"\nold = \"old.mod\"\nnew = \"new.mod\"\n\n{MOVE_MAKE}"),
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"old-make\"\n\n\nVAL = \"old-val\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def create():\n    return \"new-make\"\n\n\nVAL = \"new-val\"\n")
        .file(
            "a.py",
            "import old.mod\n\n\ndef both():\n    return old.mod.make(), old.mod.VAL\n\n\nassert both() == (\"new-make\", \"new-val\"), both()\n",
        );
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("imported twice"), "{}", out.stderr);
    let a = std::fs::read_to_string(p.path().join("a.py")).unwrap();
    assert_eq!(
        a,
        "import new.mod\n\n\ndef both():\n    return new.mod.create(), new.mod.VAL\n\n\nassert both() == (\"new-make\", \"new-val\"), both()\n"
    );
    p.python(&["a.py"], "the migrated a.py runs on new.mod");
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 0, "check is clean: {}{}", out.stdout, out.stderr);
}
