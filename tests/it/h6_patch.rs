//! Hostile pass 6: what is a patch target, as Python sees it. A string
//! passed to the file's own `patch` (a `def`, a parameter, a local, a
//! comprehension variable) is data; a parenthesised target is a target; a
//! comment between a concatenated target's parts stays; `pkg.mod.name =
//! fake` patches the consumer's name as `setattr` does. Each migrated
//! project is run: a changed key, a patch that stops intercepting or a
//! fake that is bypassed fails the test.

use crate::util::Project;

const MOVE_MAKE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n";

/// `old.mod.make` and its new home `new.mod.create`, and `lib.py` calling it.
fn make_project() -> Project {
    Project::bare()
        .file("canon.toml", MOVE_MAKE)
        .file("old/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"REAL old\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def create():\n    return \"REAL new\"\n")
        .file(
            "lib.py",
            "import old.mod\n\n\ndef use():\n    return old.mod.make()\n",
        )
}

fn read(p: &Project, path: &str) -> String {
    std::fs::read_to_string(p.path().join(path)).unwrap()
}

/// `patch("old.mod.make")` where `patch` is the file's own function, a
/// parameter, a local or a comprehension variable shadowing the imported
/// `unittest.mock.patch`: canon rewrote every such string (it went by the
/// callee's spelling), changing registry keys and returned values. They
/// are mentions now; `patch = mock.patch` is still mock's, and its
/// target moves.
#[test]
fn strings_passed_to_a_patch_that_is_not_mock_s_are_data() {
    let own = "def patch(s):\n    return s\n\n\nREG = {patch(\"old.mod.make\"): 1}\nassert \"old.mod.make\" in REG, REG\n";
    let shadowed = "from unittest.mock import patch\n\n\ndef f(patch):\n    return patch(\"old.mod.make\")\n\n\ndef g():\n    patch = str\n    return patch(\"old.mod.make\")\n\n\nx = [patch(\"old.mod.make\") for patch in [str]]\nassert f(str) == \"old.mod.make\" and g() == \"old.mod.make\" and x == [\"old.mod.make\"]\n";
    let assigned = "from unittest import mock\nimport lib\n\n\ndef t():\n    patch = mock.patch\n    with patch(\"old.mod.make\", return_value=\"M\"):\n        assert lib.use() == \"M\", lib.use()\n\n\nt()\nprint(\"ok\")\n";
    let p = make_project()
        .file("b.py", own)
        .file("a.py", shadowed)
        .file("test_lib.py", assigned);
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(read(&p, "b.py"), own);
    assert_eq!(read(&p, "a.py"), shadowed);
    assert!(
        read(&p, "test_lib.py").contains("patch(\"new.mod.create\""),
        "{}",
        read(&p, "test_lib.py")
    );
    p.python(&["-c", "import a, b"], "the data strings are unchanged");
    assert_eq!(
        p.python(&["test_lib.py"], "the patch still intercepts"),
        "ok\n"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(
        check.stdout.matches("it is data here").count(),
        8,
        "{}",
        check.stdout
    );
}

/// `mock.patch(("old.mod.make"))`, and a wrapped implicit concatenation
/// in parentheses as black leaves it: the target was data, lib.py's call
/// moved, the patch stopped intercepting and `check` was clean.
#[test]
fn a_parenthesised_patch_target_moves() {
    let test = "from unittest import mock\nimport lib\n\nwith mock.patch((\"old.mod.make\"), return_value=\"M\"):\n    assert lib.use() == \"M\", lib.use()\nwith mock.patch((\"old.mod.\"\n                 \"make\"), return_value=\"M\"):\n    assert lib.use() == \"M\", lib.use()\nwith mock.patch(target=(\"old.mod.make\")) as m:\n    m.return_value = \"M\"\n    assert lib.use() == \"M\", lib.use()\nprint(\"ok\")\n";
    let p = make_project().file("test_lib.py", test);
    assert_eq!(p.python(&["test_lib.py"], "before"), "ok\n");
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let now = read(&p, "test_lib.py");
    assert!(!now.contains("old.mod"), "{now}");
    assert_eq!(p.python(&["test_lib.py"], "the patches intercept"), "ok\n");
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// `mock.patch("old.mod."  # why` + `"make")`: the move joined the parts
/// into one literal and dropped the comment. The parts are rewritten in
/// place now; where the new path does not split where the old one does,
/// the string is left alone and `check` says why.
#[test]
fn a_comment_inside_a_concatenated_patch_target_stays() {
    let test = "from unittest import mock\nimport lib\n\nwith mock.patch(\"old.mod.\"   # the deprecated factory, see #506\n                \"make\", return_value=\"M\"):\n    assert lib.use() == \"M\", lib.use()\nprint(\"ok\")\n";
    let p = make_project().file("test_lib.py", test);
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(
        read(&p, "test_lib.py"),
        test.replace("\"old.mod.\"", "\"new.mod.\"")
            .replace("\"make\"", "\"create\"")
    );
    assert_eq!(p.python(&["test_lib.py"], "the patch intercepts"), "ok\n");
    assert_eq!(p.run(&["check", "."]).code, 0);

    // Split inside a name: no place for the comment in the new path.
    let split = "from unittest import mock\n\nP = mock.patch(\"old.mo\"  # see #506\n               \"d.make\")\n";
    let p = make_project().file("test_split.py", split);
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(read(&p, "test_split.py"), split);
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("a comment sits between the string's parts"),
        "{}",
        check.stdout
    );
}

/// A rewrite of `get_factory()` in pkg/app5.py, whose binding a test
/// replaces by plain assignment (`pkg.app5.get_factory = fake`, and in a
/// tuple target): the rewritten call bypassed the fake. It is refused now,
/// as for `setattr`, with the reason.
#[test]
fn a_rewrite_leaves_a_call_whose_name_another_file_assigns() {
    let app = "from old.mod import get_factory\n\n\ndef run():\n    return get_factory()\n";
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.get_factory}($$$A)\"\nfix = \"{new.mod.get_manager}(1, $$$A)\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def get_factory(*a):\n    return \"REAL old\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def get_manager(*a):\n    return \"REAL new\"\n")
        .file("pkg/__init__.py", "")
        .file("pkg/app5.py", app)
        .file("pkg/app6.py", app)
        .file("pkg/app7.py", app)
        .file(
            "test_app.py",
            "import pkg.app5, pkg.app6\n\npkg.app5.get_factory = lambda: \"FAKE\"\nassert pkg.app5.run() == \"FAKE\", pkg.app5.run()\nx, pkg.app6.get_factory = 1, lambda: \"FAKE\"\nassert pkg.app6.run() == \"FAKE\", pkg.app6.run()\nprint(\"ok\")\n",
        );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(read(&p, "pkg/app5.py"), app);
    assert_eq!(read(&p, "pkg/app6.py"), app);
    assert!(read(&p, "pkg/app7.py").contains("return get_manager(1)"));
    assert_eq!(p.python(&["test_app.py"], "the fakes intercept"), "ok\n");
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("pkg/app5.py"), "{}", check.stdout);
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr
            .contains("`test_app.py` patches `pkg.app5.get_factory`"),
        "{}",
        diff.stderr
    );
}
