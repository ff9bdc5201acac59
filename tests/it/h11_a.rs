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
