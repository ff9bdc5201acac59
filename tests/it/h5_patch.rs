//! Hostile pass 5: patches and import paths spelled the ways Python allows
//! (an aliased `patch`, `patch.multiple`, a consumer's patched name,
//! `import_module`'s relative names, `__import__`'s `fromlist`). Each
//! migrated project is run: a patch that stops intercepting, or a module
//! still loaded from its old home, fails the test.

use crate::util::Project;

const MOVE_MAKE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n";

/// `old.mod.make` and its new home `new.mod.create`.
fn make_project(toml: &str) -> Project {
    Project::bare()
        .file("canon.toml", toml)
        .file("old/__init__.py", "")
        .file(
            "old/mod.py",
            "def make():\n    return \"old\"\n\n\ndef other():\n    return \"other\"\n",
        )
        .file("new/__init__.py", "")
        .file("new/mod.py", "def create():\n    return \"new\"\n")
}

fn read(p: &Project, path: &str) -> String {
    std::fs::read_to_string(p.path().join(path)).unwrap()
}

/// `patch.multiple("old.mod", make=DEFAULT)` patches `old.mod.make` as
/// `patch.object(old.mod, "make")` does: the call moved to
/// `new.mod.create()` left the patch behind, the test's mock no longer
/// intercepted it, and `check` was clean. Now the move keeps the file as
/// it is (a human moves the patch and the call together) and `check`
/// reports the patch, spelled with a string target or an object.
#[test]
fn patch_multiple_keeps_the_move_back_and_fails_check() {
    let test = "from unittest import mock\nimport old.mod\n\n\ndef use():\n    return old.mod.make()\n\n\nwith mock.patch.multiple(\"old.mod\", make=mock.DEFAULT):\n    assert isinstance(use(), mock.MagicMock), use()\nwith mock.patch.multiple(old.mod, make=mock.DEFAULT, other=mock.DEFAULT):\n    assert isinstance(use(), mock.MagicMock), use()\nprint(\"ok\", old.mod.other())\n";
    let p = make_project(MOVE_MAKE).file("test_a.py", test);
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(
        read(&p, "test_a.py"),
        test,
        "the file patches what it calls"
    );
    assert_eq!(
        p.python(&["test_a.py"], "the patches still intercept"),
        "ok other\n"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert_eq!(
        check.stdout.matches("patches `old.mod.make`").count(),
        2,
        "{}",
        check.stdout
    );
    let diff = p.run(&["diff", "."]);
    assert!(diff.stderr.contains("`patch.multiple`"), "{}", diff.stderr);
}

/// A module move rewrites `patch.multiple("old.mod", …)`'s string with the
/// uses: the patch moves along, nothing is refused.
#[test]
fn patch_multiple_of_a_moved_module_moves_with_its_string() {
    let p = make_project("[[move]]\nid = \"mm\"\nold = \"old.mod\"\nnew = \"new.mod\"\n")
        .file("new/mod.py", "def make():\n    return \"new\"\n")
        .file(
            "test_m.py",
            "from unittest import mock\nimport old.mod\n\nwith mock.patch.multiple(\"old.mod\", make=mock.DEFAULT):\n    assert isinstance(old.mod.make(), mock.MagicMock)\nprint(old.mod.make())\n",
        );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let test = read(&p, "test_m.py");
    assert!(
        test.contains("patch.multiple(\"new.mod\", make=") && test.contains("new.mod.make()"),
        "{test}"
    );
    assert_eq!(p.python(&["test_m.py"], "migrated"), "new\n");
    assert_eq!(p.run(&["check", "."]).code, 0);
}

/// `from unittest.mock import patch as P` is still `unittest.mock.patch`:
/// its target string was data to canon (a mention), so the call moved and
/// the patch no longer intercepted it. Its string is an import path now,
/// and `P.object(old.mod, "make")` a patched attribute.
#[test]
fn an_aliased_patch_is_patch() {
    let p = make_project(MOVE_MAKE)
        .file(
            "test_v.py",
            "from unittest.mock import patch as P\nimport old.mod\n\n\ndef use():\n    return old.mod.make()\n\n\nwith P(\"old.mod.make\", return_value=\"MOCKED\"):\n    r = use()\nassert r == \"MOCKED\", r\nprint(\"ok\")\n",
        )
        .file(
            "test_o.py",
            "from unittest.mock import patch as P\nimport old.mod\n\nwith P.object(old.mod, \"make\", return_value=\"MOCKED\"):\n    r = old.mod.make()\nassert r == \"MOCKED\", r\nprint(\"ok\")\n",
        );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    // `test_o.py` patches `old.mod.make` through the module object, which
    // stays: a use of it in any other file stays with it (canon does not
    // know which files a test imports), with a note naming the patch.
    let v = read(&p, "test_v.py");
    assert!(
        v.contains("P(\"old.mod.make\"") && v.contains("old.mod.make()"),
        "{v}"
    );
    assert!(
        wrote.stderr.contains("`test_o.py` (line 4)"),
        "{}",
        wrote.stderr
    );
    assert!(read(&p, "test_o.py").contains("P.object(old.mod, \"make\""));
    assert_eq!(p.python(&["test_v.py"], "aliased patch"), "ok\n");
    assert_eq!(p.python(&["test_o.py"], "aliased patch.object"), "ok\n");
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("test_o.py:4:") && check.stdout.contains("test_v.py"),
        "{}",
        check.stdout
    );
}

/// A rewrite of `get_factory()` in app3.py, whose `get_factory` a test
/// patches there (`patch("app3.get_factory")`): the rewritten call named
/// `get_manager` and ran the real code under the test's mock. Such a call
/// is not rewritten now, with the reason; one whose module only another
/// file imports from is.
#[test]
fn a_rewrite_leaves_a_call_whose_module_level_name_another_file_patches() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.get_factory}($$$ARGS)\"\nfix = \"{new.mod.get_manager}(1, $$$ARGS)\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def get_factory(*a, **k):\n    return \"REAL old\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def get_manager(*a, **k):\n    return \"REAL new\"\n")
        .file(
            "app3.py",
            "from old.mod import get_factory\n\n\ndef run():\n    return get_factory()\n",
        )
        .file(
            "app4.py",
            "from old import mod\n\n\ndef run():\n    return mod.get_factory(2)\n",
        )
        .file(
            "plain.py",
            "from old.mod import get_factory\n\n\ndef run():\n    return get_factory()\n",
        )
        .file("uses_plain.py", "from plain import get_factory\n")
        .file(
            "test_app.py",
            "from unittest import mock\nimport app3\nimport app4\n\nwith mock.patch(\"app3.get_factory\", return_value=\"MOCKED\"):\n    assert app3.run() == \"MOCKED\", app3.run()\nwith mock.patch.object(app4.mod, \"get_factory\", return_value=\"MOCKED\"):\n    assert app4.run() == \"MOCKED\", app4.run()\nprint(\"ok\")\n",
        );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert!(read(&p, "app3.py").contains("return get_factory()"));
    assert!(read(&p, "app4.py").contains("return mod.get_factory(2)"));
    assert!(read(&p, "plain.py").contains("return get_manager(1)"));
    assert_eq!(
        p.python(&["test_app.py"], "the patches still intercept"),
        "ok\n"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr
            .contains("`test_app.py` patches `app3.get_factory`"),
        "{}",
        diff.stderr
    );
    assert!(
        diff.stderr
            .contains("`test_app.py` patches `app4.mod.get_factory`"),
        "{}",
        diff.stderr
    );
}

/// A module move `a.b` → `c.d`: `import_module(".b", "a")`,
/// `import_module(".sub", package="a.b")` (and an aliased
/// `import_module`) named the old module with nothing reported, and
/// `__import__("a.b", fromlist=[…])` (which returns `a.b` itself) was
/// data. They move to the absolute new name now, and the code runs on
/// the new module.
#[test]
fn relative_import_module_names_and_import_with_a_fromlist_move() {
    let p = Project::bare()
        .file("canon.toml", "[[move]]\nid = \"mm\"\nold = \"a.b\"\nnew = \"c.d\"\n")
        .file("a/__init__.py", "")
        .file("a/b/__init__.py", "X = \"old\"\n")
        .file("a/b/sub.py", "Y = \"oldsub\"\n")
        .file("c/__init__.py", "")
        .file("c/d/__init__.py", "X = \"new\"\n")
        .file("c/d/sub.py", "Y = \"newsub\"\n")
        .file("a/other.py", "import importlib\n\nO = importlib.import_module(\".b\", __package__).X\n")
        .file(
            "j1.py",
            "import importlib\nfrom importlib import import_module as load\n\nr = importlib.import_module(\".b\", \"a\")\nr2 = importlib.import_module(\".sub\", package=\"a.b\")\nr3 = load(\".b.sub\", \"a\")\nt = __import__(\"a.b\", fromlist=[\"X\"])\nu = __import__(\"a.b\", globals(), locals(), (\"X\",), 0)\nimport a.other\nprint(r.X, r2.Y, r3.Y, t.X, u.X, a.other.O)\n",
        );
    assert_eq!(
        p.python(&["j1.py"], "before"),
        "old oldsub oldsub old old old\n"
    );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let j1 = read(&p, "j1.py");
    for spelled in [
        "import_module(\"c.d\", \"a\")",
        "import_module(\"c.d.sub\", package=\"a.b\")",
        "load(\"c.d.sub\", \"a\")",
        "__import__(\"c.d\", fromlist=",
        "__import__(\"c.d\", globals()",
    ] {
        assert!(j1.contains(spelled), "{spelled} in\n{j1}");
    }
    assert!(read(&p, "a/other.py").contains("import_module(\"c.d\", __package__)"));
    assert_eq!(
        p.python(&["j1.py"], "migrated"),
        "new newsub newsub new new new\n"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// Inside the moved package, `import_module(".sub", __package__)` moves
/// with it, as a relative import statement does: nothing to rewrite.
#[test]
fn a_relative_import_module_inside_the_moved_package_moves_with_it() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"mm\"\nold = \"a.b\"\nnew = \"c.d\"\n",
        )
        .file("a/__init__.py", "")
        .file("a/b/__init__.py", "")
        .file("a/b/sub.py", "Y = 1\n")
        .file(
            "a/b/loader.py",
            "import importlib\n\nS = importlib.import_module(\".sub\", __package__)\n",
        );
    let check = p.run(&["check", "."]);
    assert!(!check.stdout.contains("loader.py"), "{}", check.stdout);
}

/// `__import__("a.b")` returns the top package `a`, and the code after it
/// spells the rest (`.b.X`): no rewrite of the string alone is right, so
/// `check` fails with the reason and `apply` leaves it for a human.
#[test]
fn import_without_a_fromlist_fails_check_with_no_fix() {
    let code = "X = __import__(\"a.b\").b.X\nprint(X)\n";
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"mm\"\nold = \"a.b\"\nnew = \"c.d\"\n",
        )
        .file("a/__init__.py", "")
        .file("a/b/__init__.py", "X = \"old\"\n")
        .file("c/__init__.py", "")
        .file("c/d/__init__.py", "X = \"new\"\n")
        .file("k.py", code);
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("k.py:1:17:") && check.stdout.contains("without a `fromlist`"),
        "{}",
        check.stdout
    );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(read(&p, "k.py"), code);
    assert_eq!(p.python(&["k.py"], "left alone"), "old\n");
}

/// A fix that still calls through the patched name (`get_factory(ctx=…)`
/// for `get_factory(…)`) keeps the patch intercepting: it is proposed.
#[test]
fn a_rewrite_that_keeps_the_patched_name_is_proposed() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.get_factory}($X)\"\nfix = \"{old.mod.get_factory}(ctx=$X)\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def get_factory(ctx):\n    return \"REAL\"\n")
        .file(
            "app3.py",
            "from old.mod import get_factory\n\n\ndef run():\n    return get_factory(1)\n",
        )
        .file(
            "test_app3.py",
            "from unittest import mock\nimport app3\n\nwith mock.patch(\"app3.get_factory\", return_value=\"MOCKED\"):\n    assert app3.run() == \"MOCKED\", app3.run()\nprint(\"ok\")\n",
        );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert!(read(&p, "app3.py").contains("return get_factory(ctx=1)"));
    assert_eq!(p.python(&["test_app3.py"], "still patched"), "ok\n");
    assert_eq!(p.run(&["check", "."]).code, 0);
}
