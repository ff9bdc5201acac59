//! Hostile pass 12 (i): a package `__init__` whose re-export was rewritten
//! stopped importing the submodule another file reaches through the
//! package (`import oldpkg; oldpkg.util.other()`); a renamed module-level
//! name was still looked up through `sys.modules["app"]` or
//! `sys.modules[__name__]`; and a name bound anew in a package `__init__`
//! was the name of one of its submodules, which `import pkg.sub` rebinds.

use crate::util::Project;

/// `oldpkg.util.helper` moved (and renamed) to `newpkg.tools.assist`.
fn moved() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n",
        )
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            "def helper():\n    return 'old'\n\ndef other():\n    return 'other'\n",
        )
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist():\n    return 'new'\n")
}

fn read(p: &Project, f: &str) -> String {
    std::fs::read_to_string(p.path().join(f)).unwrap()
}

/// Another file takes `helper` off `app` through `sys.modules["app"]`, and
/// a module takes it off itself through `sys.modules[__name__]` (with
/// `getattr` and as an attribute): the name stays, as an alias. Another
/// name looked up there does not keep it.
#[test]
fn a_name_reached_through_sys_modules_keeps_its_name() {
    let p = moved()
        .file(
            "app.py",
            "import sys\nfrom oldpkg.util import helper\n\ndef run():\n    return helper()\n",
        )
        .file(
            "main.py",
            "import sys\nimport app\nprint(app.run(), sys.modules[\"app\"].helper())\n",
        )
        .file(
            "selfref.py",
            "import sys\nfrom oldpkg.util import helper\nprint(helper(), getattr(sys.modules[__name__], \"helper\")())\n",
        )
        .file(
            "other.py",
            "import sys\nfrom oldpkg.util import helper\n\ndef run():\n    return 'run'\n\nprint(helper(), getattr(sys.modules[__name__], \"run\")())\n",
        )
        .file(
            "attr.py",
            "import sys\nfrom oldpkg.util import helper\nprint(helper(), sys.modules[__name__].helper())\n",
        );
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for f in ["app.py", "selfref.py", "attr.py"] {
        let text = read(&p, f);
        assert!(
            text.contains("from newpkg.tools import assist as helper\n"),
            "{f}:\n{text}"
        );
    }
    assert_eq!(p.python(&["main.py"], "main.py migrated"), "new new\n");
    assert_eq!(
        p.python(&["selfref.py"], "selfref.py migrated"),
        "new new\n"
    );
    assert_eq!(p.python(&["attr.py"], "attr.py migrated"), "new new\n");
    // Another of its names looked up there says nothing of `helper`.
    let other = read(&p, "other.py");
    assert!(
        other.contains("from newpkg.tools import assist\n") && other.contains("print(assist(),"),
        "{other}"
    );
    assert_eq!(p.python(&["other.py"], "other.py migrated"), "new run\n");
}
