//! Hostile pass 15, defect 01: a repeated hole compared its two captures
//! with every blank removed, inside strings too, so `fix_path(s, " ", "")`
//! matched a pattern for a replace that changes nothing.

use crate::util::Project;

/// `text.fix_path(s, $A, $A)` means `s` (replacing a text with itself), so
/// the rule drops the call. A replace of `" "` by `""` is no such call.
fn no_op_replace() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"noop\"\npattern = \"{text.fix_path}($S, $A, $A)\"\nfix = \"$S\"\n",
        )
        .file(
            "text.py",
            "def fix_path(s, old, new):\n    return s.replace(old, new)\n",
        )
}

/// Only captures with the same tokens match: strings compare by their
/// exact text (`" "` is not `""`, `"a b"` is not `"ab"`, `f" {x}"` is not
/// `f"{x}"`), while blanks, line breaks and comments between tokens do not
/// count. The migrated program prints what it printed.
#[test]
fn a_repeated_hole_compares_strings_exactly_and_blanks_between_tokens_not() {
    let code = "from text import fix_path\n\
                x = 1\n\
                s = \"a b  c\"\n\
                print(repr(fix_path(s, \" \", \"\")))\n\
                print(repr(fix_path(s, \"a b\", \"ab\")))\n\
                print(repr(fix_path(s, f\" {x}\", f\"{x}\")))\n\
                print(repr(fix_path(s, \"\\t \", \"\\t\")))\n\
                print(repr(fix_path(s, b\" \".decode(), b\"\".decode())))\n\
                print(repr(fix_path(s, \"x\", \"x\")))\n\
                print(repr(fix_path(s, (  \"k\" ), (\"k\"))))\n\
                print(repr(fix_path(s, (\"a\"  # the first\n\
                                        \" b\"), (\"a\" \" b\"))))\n";
    let p = no_op_replace().file("main.py", code);
    let before = p.python(&["main.py"], code);
    let (after, stderr) = p.apply_write("main.py");
    for kept in [
        "fix_path(s, \" \", \"\")",
        "fix_path(s, \"a b\", \"ab\")",
        "fix_path(s, f\" {x}\", f\"{x}\")",
        "fix_path(s, \"\\t \", \"\\t\")",
        "fix_path(s, b\" \".decode(), b\"\".decode())",
    ] {
        assert!(
            after.contains(kept),
            "{kept} was rewritten:\n{after}\n{stderr}"
        );
    }
    for gone in [
        "fix_path(s, \"x\"",
        "fix_path(s, (  \"k",
        "fix_path(s, (\"a\"",
    ] {
        assert!(!after.contains(gone), "{gone} was left:\n{after}\n{stderr}");
    }
    assert_eq!(p.python(&["main.py"], &after), before, "{after}");
}

// ---- a signature rewrite under a test's stand-in --------------------------

/// `lib.manager.Manager` takes its context by keyword now; the old factory
/// `lib.factory.create` is to construct it directly.
fn manager_project() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"factory\"\nold = \"lib.factory.create\"\nnew = \"lib.manager.Manager\"\n\n\
             [[rewrite]]\nid = \"ctor\"\npattern = \"{lib.manager.Manager}($C)\"\nfix = \"{lib.manager.Manager}(user_context=$C)\"\n",
        )
        .file("lib/__init__.py", "")
        .file("app/__init__.py", "")
        .file(
            "lib/manager.py",
            "class Manager:\n    def __init__(self, user_context=None):\n        self.user_context = user_context\n",
        )
        .file(
            "lib/factory.py",
            "from lib.manager import Manager\n\n\ndef create(ctx):\n    return Manager(ctx)\n",
        )
}

/// A test that swaps a name of `app/svc.py` for a mock and asserts how it
/// was called (`assert_called_once_with("ctx")`) holds the calls it
/// intercepts to their shape: rewritten to `Manager(user_context=ctx)`,
/// the call still reaches the mock, in a form the assertion rejects. The
/// call stays, with the reason; the test passes before and after.
#[test]
fn a_rewrite_keeps_a_call_a_test_swaps_for_a_stand_in_it_asserts_on() {
    let p = manager_project()
        .file(
            "app/svc.py",
            "from lib.manager import Manager\n\n\ndef build(ctx):\n    return Manager(ctx)\n",
        )
        .file(
            "check_svc.py",
            "from unittest import mock\n\nfrom app import svc\n\n\
             with mock.patch.object(svc, \"Manager\") as fake:\n    svc.build(\"ctx\")\n\
             fake.assert_called_once_with(\"ctx\")\nprint(\"ok\")\n",
        );
    assert_eq!(p.python(&["check_svc.py"], "before"), "ok\n");
    let (svc, stderr) = p.apply_write("app/svc.py");
    assert!(svc.contains("return Manager(ctx)\n"), "{svc}\n{stderr}");
    assert_eq!(p.python(&["check_svc.py"], &svc), "ok\n");
    let out = p.run(&["check", "--fixes", "."]);
    assert!(
        out.stdout.contains("check_svc.py") && out.stdout.contains("stand-in"),
        "{}",
        out.stdout
    );
}

// ---- hostile 16, defect 06: `include` and the files it leaves out --------

/// `include = ["src/**/*.py"]` narrows what canon checks and fixes, not
/// who imports what: `tests/test_app.py` imports `helper` from `src.app`,
/// so the moved import there keeps the name (`assist as helper`), as it
/// does with `exclude = ["tests/**"]`. The test still runs after the move.
#[test]
fn a_file_outside_include_still_imports_the_names_it_imports() {
    let rules = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
    for settings in ["include = [\"src/**/*.py\"]", "exclude = [\"tests/**\"]"] {
        let p = Project::bare()
            .file("canon.toml", format!("[settings]\n{settings}\n\n{rules}"))
            .file("old/__init__.py", "")
            .file("new/__init__.py", "")
            .file("src/__init__.py", "")
            .file("tests/__init__.py", "")
            .file(
                "old/mod.py",
                "from new.mod import assist\n\n\ndef helper(x):\n    return assist(x)\n",
            )
            .file("new/mod.py", "def assist(x):\n    return \"assist:%s\" % x\n")
            .file(
                "src/app.py",
                "from old.mod import helper\n\n\ndef run():\n    return helper(0)\n",
            )
            .file(
                "tests/test_app.py",
                "from src.app import helper, run\n\nassert helper(1) == \"assist:1\"\nprint(run())\n",
            );
        let before = p.python(&["-m", "tests.test_app"], settings);
        let (app, stderr) = p.apply_write("src/app.py");
        assert!(
            app.starts_with("from new.mod import assist as helper\n"),
            "{settings}\n{app}\n{stderr}"
        );
        let after = p.python(&["-m", "tests.test_app"], &format!("{settings}\n{app}"));
        assert_eq!(after, before, "{settings}");
    }
}

/// The same through a move: the test patches the old factory by its path
/// and asserts on the stand-in; the move re-points the patch and the call
/// to `lib.manager.Manager`, and a rewrite of the moved call would hand
/// the mock the new form. The move goes through; the rewrite of that call
/// stays, with the reason. A call the patch never intercepted is still
/// rewritten: one of a name a module-level `from` import binds before any
/// patch (`app/early.py`), or one that was of `Manager` before the move
/// (`app/beat.py`).
#[test]
fn a_rewrite_keeps_a_moved_call_whose_moved_patch_has_a_stand_in() {
    let p = manager_project()
        .file(
            "app/notify.py",
            "from lib import factory\n\n\nclass Notifier:\n    def __init__(self, ctx):\n        self.manager = factory.create(ctx)\n",
        )
        .file(
            "app/beat.py",
            "from lib.manager import Manager\n\n\ndef beat(ctx):\n    return Manager(ctx)\n",
        )
        .file(
            "app/early.py",
            "from lib.factory import create\n\n\ndef early(ctx):\n    return create(ctx)\n",
        )
        .file(
            "check_notify.py",
            "from unittest import mock\n\nfrom app.notify import Notifier\n\n\
             with mock.patch(\"lib.factory.create\") as fake:\n    n = Notifier(\"ctx\")\n\
             fake.assert_called_once_with(\"ctx\")\nassert n.manager is fake.return_value\nprint(\"ok\")\n",
        );
    assert_eq!(p.python(&["check_notify.py"], "before"), "ok\n");
    let (notify, stderr) = p.apply_write("app/notify.py");
    let check = std::fs::read_to_string(p.path().join("check_notify.py")).unwrap();
    assert!(
        check.contains("mock.patch(\"lib.manager.Manager\")"),
        "{check}\n{stderr}"
    );
    assert!(
        notify.contains("Manager(ctx)\n") && !notify.contains("factory"),
        "{notify}\n{stderr}"
    );
    assert_eq!(
        p.python(&["check_notify.py"], &format!("{notify}\n{check}")),
        "ok\n"
    );
    let beat = std::fs::read_to_string(p.path().join("app/beat.py")).unwrap();
    assert!(beat.contains("return Manager(user_context=ctx)"), "{beat}");
    let early = std::fs::read_to_string(p.path().join("app/early.py")).unwrap();
    assert!(
        early.contains("from lib.manager import Manager\n")
            && early.contains("return Manager(user_context=ctx)"),
        "{early}"
    );
    let out = p.run(&["check", "--fixes", "."]);
    assert!(
        out.stdout.contains("app/notify.py") && out.stdout.contains("stand-in"),
        "{}",
        out.stdout
    );
}

// ---- `canon apply PATH` commits what is under PATH ------------------------

/// `canon apply app/a.py` commits the fixes of that file alone, as
/// `apply --write app/a.py` writes them, and a folder takes what is under
/// it; the rest stays pending for a later `apply`. The branch is read back
/// with both git and git2.
#[test]
fn apply_with_a_path_commits_only_what_is_under_it() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[settings]\nbranch = \"canon/m\"\n\n[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.helper\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "from new.mod import helper\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def helper():\n    return 1\n")
        .file("app/__init__.py", "")
        .file("app/a.py", "from old.mod import helper\n\nprint(helper())\n")
        .file("app/b.py", "from old.mod import helper\n\nprint(helper())\n")
        .file("tools/c.py", "from old.mod import helper\n\nprint(helper())\n")
        .git_init();
    let changed = |p: &Project| {
        let names = p.git(&["diff", "--name-only", "main", "canon/m"]);
        let mut names: Vec<String> = names.lines().map(str::to_string).collect();
        names.sort();
        names
    };
    let out = p.bin(&["apply", "app/a.py"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(changed(&p), ["app/a.py"], "{}", out.stdout);
    let repo = git2::Repository::open(p.path()).unwrap();
    let tip = repo
        .revparse_single("canon/m")
        .unwrap()
        .peel_to_tree()
        .unwrap();
    let base = repo
        .revparse_single("main")
        .unwrap()
        .peel_to_tree()
        .unwrap();
    let diff = repo
        .diff_tree_to_tree(Some(&base), Some(&tip), None)
        .unwrap();
    let paths: Vec<String> = (diff.deltas())
        .map(|d| d.new_file().path().unwrap().display().to_string())
        .collect();
    assert_eq!(paths, ["app/a.py"]);
    let out = p.bin(&["apply", "app"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(changed(&p), ["app/a.py", "app/b.py"], "{}", out.stdout);
    let out = p.bin(&["apply"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        changed(&p),
        ["app/a.py", "app/b.py", "tools/c.py"],
        "{}",
        out.stdout
    );
    assert_eq!(
        p.git(&["show", "canon/m:app/a.py"]),
        "from new.mod import helper\n\nprint(helper())\n"
    );
}

// ---- modules named in `pytest_plugins` are looked up by name -------------

/// pytest loads each module `pytest_plugins` names and asks it for
/// fixtures by the test's parameter names (`def test_q(db_session)`), as it
/// asks a `conftest.py`: the plugin's imported fixture keeps its name
/// (`database_session as db_session`), so the fixture is still found.
#[test]
fn a_pytest_plugin_module_keeps_the_names_of_its_fixtures() {
    for conftest in [
        "pytest_plugins = [\"app.fixtures\"]\n",
        "pytest_plugins = (\"app.other\", \"app.fixtures\")\n",
        "pytest_plugins = \"app.fixtures\"\n",
    ] {
        let p = Project::bare()
            .file(
                "canon.toml",
                "[[move]]\nid = \"m\"\nold = \"legacy.fixtures.db_session\"\nnew = \"newpkg.testing.database_session\"\n",
            )
            .file("legacy/__init__.py", "")
            .file("newpkg/__init__.py", "")
            .file("app/__init__.py", "")
            .file("app/other.py", "")
            .file(
                "newpkg/testing.py",
                "def database_session():\n    return \"session\"\n",
            )
            .file(
                "legacy/fixtures.py",
                "from newpkg.testing import database_session as db_session  # deprecated\n",
            )
            .file(
                "app/fixtures.py",
                "from legacy.fixtures import db_session\n\n\ndef fresh():\n    return db_session()\n",
            )
            .file("conftest.py", conftest)
            // What pytest does: import the plugins, then call the fixture
            // each test parameter names.
            .file(
                "check.py",
                "import importlib\nimport inspect\n\nimport conftest\n\n\n\
                 def test_q(db_session):\n    return db_session\n\n\n\
                 names = conftest.pytest_plugins\n\
                 names = [names] if isinstance(names, str) else names\n\
                 mods = [importlib.import_module(m) for m in names]\n\
                 args = {p: next(getattr(m, p) for m in mods if hasattr(m, p))()\n\
                 \x20       for p in inspect.signature(test_q).parameters}\n\
                 print(test_q(**args))\n",
            );
        let before = p.python(&["check.py"], conftest);
        let (fixtures, stderr) = p.apply_write("app/fixtures.py");
        assert!(
            fixtures.starts_with("from newpkg.testing import database_session as db_session\n"),
            "{conftest}\n{fixtures}\n{stderr}"
        );
        assert_eq!(p.python(&["check.py"], &fixtures), before, "{conftest}");
    }
}

// ---- hostile 17, defects 07 and 08: stand-ins from fixtures and classes --

/// The stand-in comes from a `conftest.py` fixture and the test that asks
/// for it asserts on it (hostile 17, D7); or the test swaps in a class of
/// its own with the old `__init__` (D8). Either way the rewritten call
/// would reach the stand-in in its new form; it stays, with the reason,
/// and the checks pass after `apply --write`.
#[test]
fn a_stand_in_from_a_fixture_or_a_class_of_the_test_holds_the_call() {
    let rewrite = "[[rewrite]]\nid = \"ctor\"\npattern = \"{lib.manager.Manager}($C)\"\nfix = \"{lib.manager.Manager}(user_context=$C)\"\n";
    let fixture = (
        "conftest.py",
        "from unittest import mock\n\nfrom app import svc\n\n\ndef fake_manager():\n    m = mock.Mock()\n    patcher = mock.patch.object(svc, \"Manager\", m)\n    patcher.start()\n    return m, patcher\n",
        "import conftest\nfrom app import svc\n\nm, patcher = conftest.fake_manager()\nsvc.build(\"ctx\")\npatcher.stop()\nm.assert_called_once_with(\"ctx\")\nprint(\"ok\")\n",
    );
    let class = (
        "helpers.py",
        "",
        "from unittest import mock\n\nfrom app import svc\n\n\nclass FakeManager:\n    def __init__(self, ctx):\n        self.ctx = ctx\n\n\n\
         with mock.patch.object(svc, \"Manager\", FakeManager):\n    assert svc.build(\"ctx\").ctx == \"ctx\"\nprint(\"ok\")\n",
    );
    for (extra, extra_text, check) in [fixture, class] {
        let p = Project::bare()
            .file("canon.toml", rewrite)
            .file("lib/__init__.py", "")
            .file("app/__init__.py", "")
            .file(
                "lib/manager.py",
                "class Manager:\n    def __init__(self, user_context=None):\n        self.user_context = user_context\n",
            )
            .file(
                "app/svc.py",
                "from lib.manager import Manager\n\n\ndef build(ctx):\n    return Manager(ctx)\n",
            )
            .file(extra, extra_text)
            .file("check_svc.py", check);
        assert_eq!(p.python(&["check_svc.py"], check), "ok\n");
        let (svc, stderr) = p.apply_write("app/svc.py");
        assert!(
            svc.contains("return Manager(ctx)\n"),
            "{check}\n{svc}\n{stderr}"
        );
        assert_eq!(p.python(&["check_svc.py"], &svc), "ok\n");
    }
}
