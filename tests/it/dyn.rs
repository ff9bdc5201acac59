//! Hostile pass 22: patches and namespace lookups canon cannot read as
//! literals (a target built at runtime, a patch function handed on, a
//! module answering `app.name` from `globals()[computed]`), each fixed
//! with the test here. Every fixture is run before and after.

use crate::util::shim_project;

const RUN: &str = "import app; print(app.out())";

/// Runs `app.out()` before and after `canon apply --write`: the same
/// output both times. The migrated `app.py` and canon's stderr.
fn same_output(p: &crate::util::Project, expected: &str) -> (String, String) {
    assert_eq!(p.python(&["-c", RUN], "the input runs"), expected);
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(
        p.python(&["-c", RUN], &format!("the output runs:\n{text}\n{stderr}")),
        expected,
        "{text}\n{stderr}"
    );
    (text, stderr)
}

/// D4b: a patch whose target canon cannot read as one literal and that no
/// string of the file spells whole (`".".join(["old", "mod", "helper"])`,
/// a literal with an escape canon cannot decode, sliced), or a patch
/// function handed on as a value (`functools.partial(mock.patch,
/// "old.mod.helper")`, `use(mock.patch, …)`, `[mock.patch][0]`,
/// `partial(mock.patch.object, …)`): canon moved the uses to
/// `new.mod.assist` and the mock kept patching `old.mod.helper`, so it
/// silently stopped applying. The uses of a path a string of the file
/// spells a name of now stay, with the note of a patch that stays.
#[test]
fn uses_stay_with_a_patch_built_at_runtime_or_handed_on() {
    let head = "import functools\nfrom unittest import mock\nimport old.mod\n\n";
    let uses = "        return old.mod.helper(1)\n";
    for (before, with) in [
        (
            "",
            "mock.patch('.'.join(['old', 'mod', 'helper']), lambda x: 'p')",
        ),
        (
            "",
            "mock.patch('old.mod.helper\\N{ZERO WIDTH SPACE}'[:-1], lambda x: 'p')",
        ),
        (
            "p = functools.partial(mock.patch, 'old.mod.helper')\n",
            "p(lambda x: 'p')",
        ),
        (
            "p = functools.partial(mock.patch.object, old.mod, 'helper')\n",
            "p(lambda x: 'p')",
        ),
        (
            "P = [mock.patch]\n",
            "P[0]('old.mod.helper', lambda x: 'p')",
        ),
        (
            "def use(f, *a):\n    return f(*a)\n",
            "use(mock.patch, 'old.mod.helper', lambda x: 'p')",
        ),
    ] {
        let app = format!("{head}{before}\n\ndef out():\n    with {with}:\n{uses}");
        let p = shim_project(&app);
        let (text, stderr) = same_output(&p, "p\n");
        assert!(text.contains(uses), "{app}\n{text}\n{stderr}");
        assert!(
            stderr.contains("patches `old.mod.helper`, and the patch stays as it is"),
            "{app}\n{stderr}"
        );
    }
    // The same patch from a test file: the code it patches stays too.
    let p = shim_project("import old.mod\n\n\ndef out():\n    return old.mod.helper(1)\n").file(
        "t.py",
        "from unittest import mock\nimport app\n\n\ndef out():\n    with mock.patch('.'.join(['old', 'mod', 'helper']), lambda x: 'p'):\n        return app.out()\n",
    );
    let run = "import t; print(t.out())";
    assert_eq!(p.python(&["-c", run], "the input runs"), "p\n");
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(p.python(&["-c", run], &stderr), "p\n", "{text}\n{stderr}");
    assert!(
        stderr.contains("`t.py` (line 6) patches `old.mod.helper`"),
        "{stderr}"
    );
    // pytest's object form (`monkeypatch.setattr(app, "label", …)`) patches
    // an attribute of an object it names, not a path: a string spelling
    // `helper` beside it holds nothing.
    let p = shim_project(
        "import old.mod\n\nlabel = 'x'\n\n\ndef out():\n    return old.mod.helper(1), label\n",
    )
    .file(
        "t.py",
        "import pytest\nimport app\n\n\ndef out():\n    with pytest.MonkeyPatch.context() as monkeypatch:\n        monkeypatch.setattr(app, 'label', 'helper')\n        return app.out()\n",
    );
    let run = "import t; print(t.out())";
    assert_eq!(
        p.python(&["-c", run], "the input runs"),
        "('assist:1', 'helper')\n"
    );
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(p.python(&["-c", run], &stderr), "('assist:1', 'helper')\n");
    assert!(text.contains("new.mod.assist(1)"), "{text}\n{stderr}");
    // An unread patch whose file spells no name of the path holds nothing.
    let app = "from unittest import mock\nimport old.mod\nimport os\n\n\n\
               def out():\n    with mock.patch(os.environ.get('T', 'os.getcwd'), lambda: 'p'):\n        return old.mod.helper(1)\n";
    let (text, _) = same_output(&shim_project(app), "assist:1\n");
    assert!(text.contains("return new.mod.assist(1)"), "{text}");
}

/// D4b: a patch target spelt with `\N{…}` escapes of the characters paths
/// are made of (`'old\N{FULL STOP}mod.helper'`, names in any case) was
/// read as its text, no path, so the uses moved and the patch did not. It
/// is now read as its value and moves with them.
#[test]
fn a_patch_target_spelt_with_named_escapes_moves_with_its_uses() {
    let app = "from unittest import mock\nimport old.mod\n\n\n\
               def out():\n    with mock.patch('old\\N{FULL STOP}mod.\\N{latin small letter h}elper', lambda x: 'p'):\n        return old.mod.helper(1)\n";
    let (text, stderr) = same_output(&shim_project(app), "p\n");
    assert!(
        text.contains("mock.patch(\"new.mod.assist\"") && text.contains("new.mod.assist(1)"),
        "{text}\n{stderr}"
    );
}

/// pytest's `monkeypatch.setattr("old.mod.helper", …)` is a patch target
/// canon reads and moves with the uses; `mocker.patch.object(old.mod,
/// "helper", …)` patches through the module object, and the uses it
/// reaches stay; `partial(monkeypatch.setattr, "old.mod.helper")` hands
/// the patch on, and they stay too (D4b).
#[test]
fn monkeypatch_setattr_moves_with_the_uses_and_patch_object_holds_them() {
    let app = "import old.mod\n\n\ndef out():\n    return old.mod.helper(1)\n";
    let run = "import t; print(t.out())";
    let cases = [
        (
            "    with pytest.MonkeyPatch.context() as monkeypatch:\n        monkeypatch.setattr('old.mod.helper', lambda x: 'p')\n        return app.out()\n",
            true,
        ),
        (
            "    mocker = Mocker()\n    with mocker.patch.object(old.mod, 'helper', lambda x: 'p'):\n        return app.out()\n",
            false,
        ),
        (
            "    with pytest.MonkeyPatch.context() as monkeypatch:\n        s = functools.partial(monkeypatch.setattr, 'old.mod.helper')\n        s(lambda x: 'p')\n        return app.out()\n",
            false,
        ),
    ];
    for (body, moves) in cases {
        let t = format!(
            "import functools\nfrom unittest import mock\n\nimport pytest\n\nimport app\nimport old.mod\n\n\n\
             class Mocker:\n    patch = mock.patch\n\n\ndef out():\n{body}"
        );
        let p = shim_project(app).file("t.py", &t);
        assert_eq!(p.python(&["-c", run], "the input runs"), "p\n");
        let (text, stderr) = p.apply_write("app.py");
        let test = std::fs::read_to_string(p.path().join("t.py")).expect("read");
        assert_eq!(
            p.python(&["-c", run], &format!("{text}\n{test}\n{stderr}")),
            "p\n",
            "{text}\n{test}\n{stderr}"
        );
        assert_eq!(
            text.contains("new.mod.assist(1)"),
            moves,
            "{t}\n{text}\n{test}\n{stderr}"
        );
        if !moves {
            assert!(stderr.contains("patches `old.mod.helper`"), "{stderr}");
        }
    }
}

/// D9: a module that looks its own names up by a string canon cannot read
/// (`globals()['hel' + 'per']` in a module-level `__getattr__`, at module
/// level, `getattr(sys.modules[__name__], …)`, `vars()`) lost `helper`
/// when the import became `from new.mod import assist`: `app.zzz(1)` from
/// another file failed. Such a module now keeps the name, as it does for a
/// name another file imports (`from new.mod import assist as helper`).
#[test]
fn a_module_that_looks_its_names_up_by_a_computed_string_keeps_them() {
    let app = "from old.mod import helper\n\n\ndef __getattr__(name):\n    return globals()['hel' + 'per']\n\n\ndef out():\n    return helper(1)\n";
    let p = shim_project(app).file("b.py", "import app\n\nprint(app.zzz(1))\n");
    assert_eq!(
        p.python(&["-c", "import b"], "the input runs"),
        "assist:1\n"
    );
    let (text, stderr) = same_output(&p, "assist:1\n");
    assert_eq!(
        p.python(&["-c", "import b"], &format!("{text}\n{stderr}")),
        "assist:1\n"
    );
    assert!(
        text.contains("from new.mod import assist as helper"),
        "{text}"
    );
    for lookup in [
        "f = globals()['hel' + 'per']\n",
        "f = vars()['hel' + 'per']\n",
        "import sys\n\n\ndef f(x):\n    return getattr(sys.modules[__name__], 'hel' + 'per')(x)\n",
        "f = [v for k, v in globals().items() if k == 'hel' + 'per'][0]\n",
    ] {
        let app = format!(
            "from old.mod import helper\n\n{lookup}\n\ndef out():\n    return helper(1), f(2)\n"
        );
        let (text, stderr) = same_output(&shim_project(&app), "('assist:1', 'assist:2')\n");
        assert!(
            text.contains("from new.mod import assist as helper"),
            "{app}\n{text}\n{stderr}"
        );
    }
    // A module that reads no name by a computed string still renames:
    // a literal key, a namespace measured, or given to `eval` with code
    // canon reads where it is a literal.
    let app = "from old.mod import helper\n\nVALUE = 1\nf = globals()['VALUE']\nn = len(globals())\ne = eval('VALUE', globals())\n\n\ndef out():\n    return helper(1)\n";
    let (text, _) = same_output(&shim_project(app), "assist:1\n");
    assert!(
        text.contains("from new.mod import assist\n") && text.contains("return assist(1)"),
        "{text}"
    );
}

/// Hostile pass 24b: a module that looks the *new* name up by its string
/// (`globals().get("assist")`, `"assist" in globals()`) found nothing
/// before the move and would find the import after it, so a plugin hook
/// or a fallback would change course. The new name is not bound there:
/// `from new.mod import assist as helper`, with a note saying why.
#[test]
fn a_module_that_looks_the_new_name_up_by_its_string_does_not_get_it_bound() {
    for lookup in [
        "    hook = globals().get('assist')\n    return ('hook' if hook else 'none', helper(1))\n",
        "    return ('assist' in globals(), helper(1))\n",
    ] {
        let app = format!("from old.mod import helper\n\n\ndef out():\n{lookup}");
        let p = shim_project(&app);
        let before = p.python(&["-c", RUN], "the input runs");
        let (text, stderr) = same_output(&p, &before);
        assert!(
            text.contains("from new.mod import assist as helper"),
            "{app}\n{text}\n{stderr}"
        );
    }
}

/// Hostile pass 25 (F1): the module that defines the moved name calls it
/// itself (`def other(): return "other:" + helper()`, or a shim's `from
/// new.mod import assist as helper` used by its own code). canon never
/// rewrites what a module calls its own names, so that call stays on the
/// old path, and a patch of `old.mod.helper` re-pointed to the new path
/// would no longer intercept it: a passing test failed, and `check` said
/// clean. The patch now stays, with a note, and `check` still reports it.
#[test]
fn a_patch_stays_while_the_defining_module_calls_the_name_itself() {
    for old_mod in [
        "def helper():\n    return 'helper'\n\n\ndef other():\n    return 'other:' + helper()\n",
        "from new.mod import assist as helper\n\n\ndef other():\n    return 'other:' + helper()\n",
    ] {
        let p = crate::util::moved_pair(
            crate::util::SHIM_MOVE,
            old_mod,
            "def assist():\n    return 'assist'\n",
        )
        .file(
            "app.py",
            "from unittest import mock\n\nimport old.mod\n\n\ndef out():\n    with mock.patch('old.mod.helper', return_value='P'):\n        return old.mod.other()\n",
        );
        let (text, stderr) = same_output(&p, "other:P\n");
        assert!(
            text.contains("mock.patch('old.mod.helper'"),
            "{old_mod}\n{text}\n{stderr}"
        );
        assert!(
            stderr.contains("the patch stays on the old path"),
            "{stderr}"
        );
        let check = p.run(&["check", "."]);
        assert_eq!(check.code, 1, "{}", check.stdout);
    }
}

/// Hostile pass 25 (F2): a file reads the moved name off its old module
/// by a name canon cannot read (`getattr(mod, NAME)()`): that call stays
/// on the old path, so a patch of `old.mod.helper` in another file,
/// re-pointed, would miss it. The patch stays, with a note.
#[test]
fn a_patch_stays_while_a_file_reads_the_old_module_by_an_unread_name() {
    let app = "from old import mod\n\nNAME = 'hel' + 'per'\n\n\ndef out():\n    return getattr(mod, NAME)(1)\n";
    let test = "from unittest import mock\n\nimport app\n\nwith mock.patch('old.mod.helper', return_value='P'):\n    print(app.out())\n";
    let p = shim_project(app).file("b.py", test);
    assert_eq!(p.python(&["b.py"], "the input runs"), "P\n");
    let (text, stderr) = p.apply_write("b.py");
    assert_eq!(p.python(&["b.py"], &format!("{text}\n{stderr}")), "P\n");
    assert!(
        text.contains("mock.patch('old.mod.helper'"),
        "{text}\n{stderr}"
    );
    assert!(
        stderr.contains("the patch stays on the old path"),
        "{stderr}"
    );
}
