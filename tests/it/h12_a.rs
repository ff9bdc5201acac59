//! Patches in other files that the fix would leave behind (review 12):
//! a module move under a patch through the module object, a rewrite of a
//! call another file patches (by string or through the module object), and
//! a move under a patch string canon does not rewrite (`# canon: ignore`,
//! a file the rule excludes, `patch.multiple("old.mod", f=…)` for a move
//! of `old.mod.f`). Each runs the test before and after the migration: the
//! patch still intercepts, and canon says which file and line kept the code.

use crate::util::Project;

/// `old.mod` (a shim re-exporting `new.mod`, so it stays importable) with
/// `rules`, `app.py` calling through it, and `test_app.py` patching it
/// with `patch_line` after a 4-line header, printing `app.run()`.
fn patched(rules: &str, app: &str, patch_line: &str) -> Project {
    Project::bare()
        .file("canon.toml", rules)
        .file("old/__init__.py", "")
        .file(
            "old/mod.py",
            "from new.mod import h, g\n\ndef f(x=0):\n    return ('old', x)\n",
        )
        .file("new/__init__.py", "")
        .file(
            "new/mod.py",
            "def f(x=0):\n    return ('new', x)\n\ndef g(user=0):\n    return ('new', user)\n\ndef h():\n    return 'h'\n",
        )
        .file("app.py", app)
        .file(
            "test_app.py",
            format!(
                "import old.mod, app\nfrom unittest import mock\n\
                 def fake(*a, **k):\n    return 'fake'\n\
                 {patch_line}\n"
            ),
        )
}

const MODULE_MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod\"\nnew = \"new.mod\"\n";
const SYMBOL_MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.f\"\nnew = \"new.mod.f\"\n";
const REWRITE: &str =
    "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.f}($X)\"\nfix = \"{new.mod.g}(user=$X)\"\n";

/// The app files every case tries: the call looked up on the module
/// object when it runs, however the module is reached.
const APPS: [&str; 3] = [
    "import old.mod\n\ndef run():\n    return old.mod.f(1)\n",
    "import old.mod as om\n\ndef run():\n    return om.f(1)\n",
    "from old import mod\n\ndef run():\n    return mod.f(1)\n",
];

/// `apply --write` leaves `app.py` as it was, the test still prints
/// `fake`, and a note on `app.py` names `test_app.py` and the patch's line.
fn kept_with_the_patch(p: &Project, app: &str, patch: &str, line: usize) {
    assert_eq!(p.python(&["test_app.py"], "runs before"), "fake\n");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = std::fs::read_to_string(p.path().join("app.py")).unwrap();
    let ctx = format!("{patch}\n---\n{after}\n---\n{}", out.stderr);
    assert_eq!(p.python(&["test_app.py"], &ctx), "fake\n", "{ctx}");
    assert_eq!(after, app, "{ctx}");
    let note = out
        .stderr
        .lines()
        .find(|l| l.starts_with("note: app.py:4:"))
        .unwrap_or_else(|| panic!("a note on the call: {ctx}"));
    assert!(
        note.contains(&format!("`test_app.py` (line {line}) patches `old.mod.f`")),
        "the note names the patching file and line: {ctx}"
    );
}

/// A module move with the test patching `f` through the module object (which
/// the move leaves as it is): the code that looks `f` up on the old module
/// stays too. A file using only another name of the module (`h`) moves.
#[test]
fn a_module_move_keeps_the_uses_a_patch_through_the_module_object_reaches() {
    let patches = [
        "with mock.patch.object(old.mod, 'f', fake):\n    print(app.run())",
        "import old.mod as om\nom.f = fake\nprint(app.run())",
        "class MP:\n    def setattr(self, o, n, v):\n        setattr(o, n, v)\n\
         monkeypatch = MP()\nmonkeypatch.setattr(old.mod, 'f', fake)\nprint(app.run())",
        "with mock.patch.multiple(old.mod, f=fake):\n    print(app.run())",
    ];
    for app in APPS {
        for patch in patches {
            let p = patched(MODULE_MOVE, app, patch).file(
                "other.py",
                "import old.mod\n\ndef other():\n    return old.mod.h()\nprint(other())\n",
            );
            let line = 5 + patch
                .lines()
                .position(|l| l.contains("(old.mod") || l.contains("om.f ="))
                .unwrap();
            kept_with_the_patch(&p, app, patch, line);
            let other = std::fs::read_to_string(p.path().join("other.py")).unwrap();
            assert!(other.contains("new.mod.h()"), "another name moves: {other}");
            assert_eq!(p.python(&["other.py"], &other), "h\n");
        }
    }
}

/// A rewrite of a call that a test patches on the old module, by string or
/// through the module object: the fix calls another function (with another
/// signature), which no patch string can follow, so the call stays. A patch
/// of another name of the module blocks nothing.
#[test]
fn a_rewrite_keeps_a_call_a_test_patches_on_the_old_module() {
    let patches = [
        "with mock.patch('old.mod.f', fake):\n    print(app.run())",
        "with mock.patch.object(old.mod, 'f', fake):\n    print(app.run())",
        "old.mod.f = fake\nprint(app.run())",
        "@mock.patch('old.mod.f', fake)\ndef test():\n    print(app.run())\ntest()",
    ];
    for app in APPS {
        for patch in patches {
            let p = patched(REWRITE, app, patch);
            kept_with_the_patch(&p, app, patch, 5);
        }
        let p = patched(
            REWRITE,
            app,
            "with mock.patch('old.mod.h', fake):\n    print(app.run()[0])",
        );
        let out = p.run(&["apply", "--write", "."]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let after = std::fs::read_to_string(p.path().join("app.py")).unwrap();
        assert!(after.contains("(user=1)"), "{after}\n{}", out.stderr);
        assert_eq!(p.python(&["test_app.py"], &after), "new\n");
    }
}

/// A patch string that the move does not rewrite stays on the old path:
/// `# canon: ignore` on its line, a rule that excludes the test, or a
/// `patch.multiple` naming the old module for a move of one of its names.
/// The code it reaches stays with it. A suppression of another rule, or
/// none, moves both consistently, as before.
#[test]
fn a_move_keeps_the_uses_a_patch_string_it_does_not_rewrite_reaches() {
    let exclude = format!("{SYMBOL_MOVE}exclude = [\"test_*.py\"]\n");
    let cases = [
        (
            SYMBOL_MOVE,
            "with mock.patch('old.mod.f', fake):  # canon: ignore\n    print(app.run())",
        ),
        (
            MODULE_MOVE,
            "with mock.patch('old.mod.f', fake):  # canon: ignore[m]\n    print(app.run())",
        ),
        (
            &exclude,
            "with mock.patch('old.mod.f', fake):\n    print(app.run())",
        ),
        (
            SYMBOL_MOVE,
            "with mock.patch.multiple('old.mod', f=fake):\n    print(app.run())",
        ),
    ];
    for app in APPS {
        for (rules, patch) in cases {
            let p = patched(rules, app, patch);
            kept_with_the_patch(&p, app, patch, 5);
        }
        for rules in [SYMBOL_MOVE, MODULE_MOVE] {
            let patch =
                "with mock.patch('old.mod.f', fake):  # canon: ignore[other]\n    print(app.run())";
            let p = patched(rules, app, patch);
            let out = p.run(&["apply", "--write", "."]);
            assert_eq!(out.code, 0, "{}", out.stderr);
            let after = std::fs::read_to_string(p.path().join("app.py")).unwrap();
            let test = std::fs::read_to_string(p.path().join("test_app.py")).unwrap();
            let ctx = format!("{after}\n---\n{test}\n---\n{}", out.stderr);
            assert!(after.contains("new"), "{ctx}");
            assert!(test.contains("mock.patch('new.mod.f', fake)"), "{ctx}");
            assert_eq!(p.python(&["test_app.py"], &ctx), "fake\n", "{ctx}");
        }
    }
    // The call under the suppressed patch in the patching file itself.
    let patch = "with mock.patch('old.mod.f', fake):  # canon: ignore\n    print(old.mod.f(1))";
    let p = patched(SYMBOL_MOVE, "", patch);
    let before = std::fs::read_to_string(p.path().join("test_app.py")).unwrap();
    assert_eq!(p.python(&["test_app.py"], "runs before"), "fake\n");
    let out = p.run(&["apply", "--write", "."]);
    let after = std::fs::read_to_string(p.path().join("test_app.py")).unwrap();
    assert_eq!(after, before, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`test_app.py` (line 5) patches `old.mod.f`"),
        "{}",
        out.stderr
    );
    assert_eq!(p.python(&["test_app.py"], &out.stderr), "fake\n");
}

/// A patch whose path is built from what canon cannot read (a parameter)
/// but ends in the moved or rewritten name may be the old path: it stays
/// as it is, and so does the code it may reach. One ending in another name
/// blocks nothing.
#[test]
fn a_patch_built_from_an_unknown_prefix_keeps_the_uses_of_the_name_it_ends_in() {
    let patches = [
        "def go(p):\n    with mock.patch(p + '.f', fake):\n        print(app.run())\ngo('old.mod')",
        "def go(p):\n    with mock.patch(f'{p}.f', fake):\n        print(app.run())\ngo('old.mod')",
    ];
    for rules in [SYMBOL_MOVE, REWRITE] {
        for patch in patches {
            let p = patched(rules, APPS[1], patch);
            kept_with_the_patch(&p, APPS[1], patch, 6);
        }
        let patch = "def go(p):\n    with mock.patch(p + '.h', fake):\n        print(app.run()[0])\ngo('old.mod')";
        let p = patched(rules, APPS[1], patch);
        let out = p.run(&["apply", "--write", "."]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let after = std::fs::read_to_string(p.path().join("app.py")).unwrap();
        assert!(after.contains("new"), "{after}\n{}", out.stderr);
        assert_eq!(p.python(&["test_app.py"], &after), "new\n");
    }
}
