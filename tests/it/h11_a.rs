//! Hostile pass 11 (a): a move onto a class attribute wrote `import
//! pkg.core.Thing` (a class, not a module), and a patch of the old symbol
//! through its module object (`mock.patch.object(old.mod, "f", …)`,
//! `old.mod.f = fake`) stopped intercepting once another file's call moved.

use crate::util::Project;

/// `pkg.legacy.make` moved onto a classmethod `pkg.core.Thing.make`.
fn onto_a_class() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"pkg.legacy.make\"\nnew = \"pkg.core.Thing.make\"\n",
        )
        .file("pkg/__init__.py", "")
        .file(
            "pkg/core.py",
            "class Thing:\n    @classmethod\n    def make(cls, x):\n        return ('new', x)\n",
        )
        .file(
            "pkg/legacy.py",
            "def make(x):\n    return ('new', x)\n\ndef keep():\n    return 'kept'\n",
        )
}

/// Every `import …` canon writes for the moved chain names the module
/// holding the class (`import pkg.core`, `import pkg.core as m`), never
/// the class; and the migrated code prints what it printed.
#[test]
fn a_move_onto_a_class_attribute_imports_the_module_that_holds_the_class() {
    let p = onto_a_class()
        .file("plain.py", "import pkg.legacy\nprint(pkg.legacy.make(1))\n")
        .file("aliased.py", "import pkg.legacy as m\nprint(m.make(2))\n")
        .file(
            "beside.py",
            "import pkg.legacy\nprint(pkg.legacy.make(3), pkg.legacy.keep())\n",
        )
        .file(
            "local.py",
            "def run():\n    import pkg.legacy\n    return pkg.legacy.make(4)\nprint(run())\n",
        );
    let files = ["plain.py", "aliased.py", "beside.py", "local.py"];
    let before: Vec<String> = files
        .iter()
        .map(|f| p.python(&[f], "runs before"))
        .collect();
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (f, was) in files.iter().zip(&before) {
        let text = std::fs::read_to_string(p.path().join(f)).unwrap();
        assert!(!text.contains("import pkg.core.Thing"), "{f}:\n{text}");
        assert!(
            !text.contains("pkg.legacy.make") && !text.contains("m.make("),
            "{f} moved:\n{text}"
        );
        assert_eq!(
            &p.python(&[f], &format!("{f} runs migrated:\n{text}")),
            was,
            "{f}"
        );
    }
    let plain = std::fs::read_to_string(p.path().join("plain.py")).unwrap();
    assert_eq!(plain, "import pkg.core\nprint(pkg.core.Thing.make(1))\n");
    let aliased = std::fs::read_to_string(p.path().join("aliased.py")).unwrap();
    assert_eq!(aliased, "import pkg.core as m\nprint(m.Thing.make(2))\n");
}

/// `old.mod.f` moved to `new.mod.g`, `app.py` calling it through the
/// module, and a test stubbing it with `patch_line`.
fn patched_elsewhere(app: &str, patch_line: &str) -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.f\"\nnew = \"new.mod.g\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def f(x=0):\n    return ('old', x)\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def g(x=0):\n    return ('new', x)\n")
        .file("app.py", app)
        .file(
            "test_app.py",
            format!(
                "import old.mod, app\nfrom unittest import mock\n\
                 def fake(x):\n    return 'fake'\n\
                 {patch_line}\n"
            ),
        )
}

/// A test that patches the old symbol through the module object (which
/// canon leaves alone) keeps intercepting the call in another file: that
/// file's uses stay too, with a note naming the patching file and line.
#[test]
fn a_patch_through_the_module_object_in_another_file_keeps_the_uses_it_reaches() {
    let patches = [
        "with mock.patch.object(old.mod, 'f', fake):\n    print(app.run())",
        "old.mod.f = fake\nprint(app.run())",
        "setattr(old.mod, 'f', fake)\nprint(app.run())",
        "with mock.patch.multiple(old.mod, f=fake):\n    print(app.run())",
        "class MP:\n    def setattr(self, o, n, v):\n        setattr(o, n, v)\n\
         monkeypatch = MP()\nmonkeypatch.setattr(old.mod, 'f', fake)\nprint(app.run())",
    ];
    let apps = [
        "import old.mod\n\ndef run():\n    return old.mod.f(1)\n",
        "import old.mod as om\n\ndef run():\n    return om.f(1)\n",
        "from old import mod\n\ndef run():\n    return mod.f(1)\n",
    ];
    for app in apps {
        for patch in patches {
            let p = patched_elsewhere(app, patch);
            // The patching line: after the 4 lines of the header.
            let line = 5 + patch
                .lines()
                .position(|l| l.contains("(old.mod") || l.contains("old.mod.f ="))
                .unwrap();
            assert_eq!(p.python(&["test_app.py"], "runs before"), "fake\n");
            let out = p.run(&["apply", "--write", "."]);
            assert_eq!(out.code, 0, "{}", out.stderr);
            let after = std::fs::read_to_string(p.path().join("app.py")).unwrap();
            let ctx = format!("{patch}\n---\n{after}\n---\n{}", out.stderr);
            assert_eq!(p.python(&["test_app.py"], &ctx), "fake\n", "{ctx}");
            assert_eq!(after, app, "{ctx}");
            assert!(
                out.stderr.contains("app.py:4:")
                    && out.stderr.contains(&format!("`test_app.py` (line {line})")),
                "the note names the patching file and line: {ctx}"
            );
        }
    }
}

/// A patch by dotted-path string moves with the uses: both files migrate,
/// and the test still intercepts the call.
#[test]
fn a_patch_by_dotted_path_string_in_another_file_still_moves_with_the_uses() {
    let p = patched_elsewhere(
        "import old.mod\n\ndef run():\n    return old.mod.f(1)\n",
        "with mock.patch('old.mod.f', fake):\n    print(app.run())",
    );
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let app = std::fs::read_to_string(p.path().join("app.py")).unwrap();
    let test = std::fs::read_to_string(p.path().join("test_app.py")).unwrap();
    assert!(app.contains("new.mod.g(1)"), "{app}");
    assert!(test.contains("mock.patch('new.mod.g', fake)"), "{test}");
    assert_eq!(p.python(&["test_app.py"], "migrated runs"), "fake\n");
}
