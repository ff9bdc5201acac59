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

/// `pkg/__init__.py` re-exports `helper` and calls it; the package also has
/// `pkg/assist.py`, which `main.py` imports: `import pkg.assist` rebinds
/// the package's global `assist`, so the new name is aliased.
fn beside_a_submodule(rule: &str, submodule: &str) -> Project {
    moved()
        .file("canon.toml", rule)
        .file(
            "pkg/__init__.py",
            "from oldpkg.util import helper\n\ndef run():\n    return helper()\n",
        )
        .file(&format!("pkg/{submodule}.py"), "NAME = 'submodule'\n")
        .file(
            "main.py",
            format!("import pkg.{submodule}\nprint(pkg.run(), pkg.{submodule}.NAME)\n"),
        )
}

const MOVE: &str =
    "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n";

#[test]
fn a_move_in_a_package_init_does_not_bind_the_name_of_a_submodule() {
    let p = beside_a_submodule(MOVE, "assist");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(&p, "pkg/__init__.py"),
        "from newpkg.tools import assist as tools_assist\n\ndef run():\n    return tools_assist()\n"
    );
    assert_eq!(
        p.python(&["main.py"], "main.py migrated"),
        "new submodule\n"
    );
    // A submodule of another name leaves the name free.
    let p = beside_a_submodule(MOVE, "other");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(&p, "pkg/__init__.py"),
        "from newpkg.tools import assist\n\ndef run():\n    return assist()\n"
    );
    assert_eq!(
        p.python(&["main.py"], "main.py migrated"),
        "new submodule\n"
    );
}

/// The same for the name a `[[rewrite]]` fix imports: `{newpkg.tools.assist}`
/// in `pkg/__init__.py` beside `pkg/assist.py` is not imported as `assist`
/// at module level.
#[test]
fn a_rewrite_fix_in_a_package_init_does_not_bind_the_name_of_a_submodule() {
    let rule = "[[rewrite]]\nid = \"r\"\npattern = \"{oldpkg.util.helper}()\"\nfix = \"{newpkg.tools.assist}()\"\n";
    let p = beside_a_submodule(rule, "assist");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let init = read(&p, "pkg/__init__.py");
    // Imported in the function that calls it, as a name taken at module
    // level is: the submodule never shadows a local.
    assert_eq!(
        init,
        "\ndef run():\n    from newpkg.tools import assist\n    return assist()\n"
    );
    assert_eq!(
        p.python(&["main.py"], &format!("main.py migrated:\n{init}")),
        "new submodule\n"
    );
}

/// `oldpkg/__init__.py` re-exports `helper` from its submodule `util`;
/// `main.py` imports the package and reaches `oldpkg.util` through it.
fn reexported(main: &str) -> Project {
    moved()
        .file("oldpkg/__init__.py", "from .util import helper\n")
        .file("main.py", main)
}

/// Rewritten, the `__init__` would no longer load `oldpkg.util`, which
/// `main.py` finds on the package only because it does: the hunk is
/// declined, naming the file that relies on it. Not when no other file
/// relies on it so.
#[test]
fn an_init_keeps_loading_a_submodule_another_file_reaches_through_the_package() {
    let main = "import oldpkg\nprint(oldpkg.helper(), oldpkg.util.other())\n";
    let p = reexported(main);
    let before = p.python(&["main.py"], "runs before");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("would no longer import its submodule `oldpkg.util`")
            && out.stderr.contains("`main.py`"),
        "{}",
        out.stderr
    );
    assert_eq!(read(&p, "oldpkg/__init__.py"), "from .util import helper\n");
    assert_eq!(p.python(&["main.py"], "main.py after"), before);
    // A file that imports the submodule itself, or reaches only the
    // re-exported name, does not rely on the `__init__` loading it.
    for main in [
        "import oldpkg.util\nprint(oldpkg.helper(), oldpkg.util.other())\n",
        "import oldpkg\nprint(oldpkg.helper())\n",
    ] {
        let p = reexported(main);
        let out = p.run(&["apply", "--write", "."]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(
            read(&p, "oldpkg/__init__.py"),
            "from newpkg.tools import assist as helper\n",
            "{main}\n{}",
            out.stderr
        );
        let want = if main.contains("other") {
            "new other\n"
        } else {
            "new\n"
        };
        assert_eq!(p.python(&["main.py"], main), want);
    }
}
