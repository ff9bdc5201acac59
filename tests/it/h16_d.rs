//! Hostile pass 16, defects 01 and 02: a class body's binding that may not
//! run (or a `del` of it) leaves the module's import visible to the loads
//! after it (`LOAD_NAME`); a patch of a move's new path that intercepted
//! the old shim's call-time lookup is escaped by an import by name.

use crate::util::{Project, SHIM_MOVE, shim_project};

// ---- 01: class bodies read their own namespace, then the globals -------

/// Runs `app.py` before and after `canon apply --write`: the same output
/// (the migrated module imports, no `NameError`), pyflakes finds no
/// undefined name; returns the migrated text.
fn migrates_the_same(app: &str) -> String {
    let p = shim_project(app);
    let before = p.python(&["app.py"], app);
    let (after, stderr) = p.apply_write("app.py");
    assert!(
        !after.contains("old.mod"),
        "the import was not moved:\n{after}\n{stderr}"
    );
    let now = p.python(&["app.py"], &format!("{after}\n{stderr}"));
    assert_eq!(now, before, "{app}\n---\n{after}\n{stderr}");
    let flakes = std::process::Command::new("python3")
        .args(["-m", "pyflakes", "app.py"])
        .current_dir(p.path())
        .output()
        .expect("pyflakes");
    let report = String::from_utf8_lossy(&flakes.stdout);
    assert!(!report.contains("undefined name"), "{after}\n{report}");
    after
}

/// Hostile 16, defect 01: a class-level binding under an `if` that does
/// not run (the usual case: no override configured) leaves the module's
/// `helper` for `staticmethod(helper)`. canon took the binding for a
/// definite shadow, renamed the import alone, and the module raised
/// `NameError` on import. The use reaches both bindings, so the import
/// keeps the name (`assist as helper`), as it does at module level.
#[test]
fn a_class_level_binding_under_an_if_leaves_the_global_visible() {
    let after = migrates_the_same(
        "import os\nfrom old.mod import helper\n\n\nclass Settings:\n    if os.environ.get(\"CUSTOM_HELPER_UNSET\"):\n        helper = staticmethod(lambda x: \"custom\")\n    render = staticmethod(helper)\n\n\nprint(Settings.render(1))\n",
    );
    assert!(
        after.contains("from new.mod import assist as helper\n"),
        "{after}"
    );
}

/// A `for` over nothing binds nothing: the global is what `default` gets.
#[test]
fn a_class_level_for_target_leaves_the_global_visible() {
    let after = migrates_the_same(
        "from old.mod import helper\n\n\nclass Plugins:\n    for helper in []:  # no plugins registered\n        pass\n    default = staticmethod(helper)\n\n\nprint(Plugins.default(2))\n",
    );
    assert!(
        after.contains("from new.mod import assist as helper\n"),
        "{after}"
    );
}

/// An import in a class's `try:` that fails leaves the global.
#[test]
fn a_class_level_try_import_leaves_the_global_visible() {
    let after = migrates_the_same(
        "from old.mod import helper\n\n\nclass Codec:\n    try:\n        from json import no_such_helper as helper\n    except ImportError:\n        pass\n    render = staticmethod(helper)\n\n\nprint(Codec.render(3))\n",
    );
    assert!(
        after.contains("from new.mod import assist as helper\n"),
        "{after}"
    );
}

/// A `with` whose context manager swallows the error of its body: the
/// binding in the body may not have happened.
#[test]
fn a_class_level_binding_in_a_suppressing_with_leaves_the_global_visible() {
    let after = migrates_the_same(
        "import contextlib\nfrom old.mod import helper\n\n\nclass Lazy:\n    with contextlib.suppress(ZeroDivisionError):\n        helper = 1 / 0\n    render = staticmethod(helper)\n\n\nprint(Lazy.render(4))\n",
    );
    assert!(
        after.contains("from new.mod import assist as helper\n"),
        "{after}"
    );
}

/// A `while` whose condition is false at once.
#[test]
fn a_class_level_while_body_leaves_the_global_visible() {
    let after = migrates_the_same(
        "from old.mod import helper\n\n\nclass Retry:\n    attempts = 0\n    while attempts > 0:\n        helper = None\n        attempts -= 1\n    render = staticmethod(helper)\n\n\nprint(Retry.render(5))\n",
    );
    assert!(
        after.contains("from new.mod import assist as helper\n"),
        "{after}"
    );
}

/// A `match` arm that does not match.
#[test]
fn a_class_level_match_arm_leaves_the_global_visible() {
    let after = migrates_the_same(
        "from old.mod import helper\n\nMODE = \"plain\"\n\n\nclass Output:\n    match MODE:\n        case \"custom\":\n            helper = staticmethod(lambda x: \"custom\")\n        case _:\n            pass\n    render = staticmethod(helper)\n\n\nprint(Output.render(6))\n",
    );
    assert!(
        after.contains("from new.mod import assist as helper\n"),
        "{after}"
    );
}

/// After `del helper` in a class body, `helper` is the global again: the
/// use there follows the rename (the class's own `helper` before the
/// `del` stays the class attribute).
#[test]
fn after_a_class_level_del_the_global_is_visible_again() {
    let after = migrates_the_same(
        "from old.mod import helper\n\n\nclass K:\n    helper = \"tmp\"\n    first = helper\n    del helper\n    render = staticmethod(helper)\n\n\nprint(K.first, K.render(7))\n",
    );
    assert!(after.contains("    first = helper\n"), "{after}");
    let renamed = after.contains("from new.mod import assist\n")
        && after.contains("render = staticmethod(assist)");
    let aliased = after.contains("from new.mod import assist as helper\n")
        && after.contains("render = staticmethod(helper)");
    assert!(renamed || aliased, "{after}");
}

/// Guard: a class-level binding that surely runs first shadows the
/// import: the class body's use stays the class attribute, the function's
/// use is renamed with the import (no alias needed).
#[test]
fn a_definite_class_level_binding_still_shadows_the_import() {
    let after = migrates_the_same(
        "from old.mod import helper\n\n\nclass K:\n    helper = staticmethod(lambda x: \"own:%s\" % x)\n    render = helper\n\n\ndef use():\n    return helper(1)\n\n\nprint(K.render(3), use())\n",
    );
    assert!(after.starts_with("from new.mod import assist\n"), "{after}");
    assert!(after.contains("    render = helper\n"), "{after}");
    assert!(after.contains("    return assist(1)\n"), "{after}");
}

/// Guard: in a function a binding anywhere makes the name local (an
/// `UnboundLocalError` when it did not run, never the global): the
/// function's `helper` is not the import, the module-level use is.
#[test]
fn a_function_local_conditional_binding_still_makes_the_name_local() {
    let after = migrates_the_same(
        "from old.mod import helper\n\n\ndef pick(custom):\n    if custom:\n        helper = lambda x: \"local\"\n    try:\n        return helper(1)\n    except UnboundLocalError:\n        return \"unbound\"\n\n\nprint(pick(True), pick(False), helper(2))\n",
    );
    assert!(after.starts_with("from new.mod import assist\n"), "{after}");
    assert!(after.contains("        return helper(1)\n"), "{after}");
    assert!(after.contains("pick(False), assist(2))"), "{after}");
}

// ---- 02: a patch of the new path that the shim's late lookup let in ----

/// `old.mod.helper` is a shim that looks `new.mod.assist` up when called;
/// `check_app.py` patches `new.mod.assist` with `unittest.mock` and calls
/// `app.run()`, which calls `helper` as `app.py` (given) imports it.
fn patched_new_path(shim: &str, app: &str) -> Project {
    Project::bare()
        .file("canon.toml", SHIM_MOVE)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def assist(x):\n    return \"real:%s\" % x\n")
        .file("old/mod.py", shim)
        .file("app.py", app)
        .file(
            "check_app.py",
            "from unittest.mock import patch\n\nimport app\n\nwith patch(\"new.mod.assist\", return_value=\"mocked\"):\n    print(app.run())\nprint(app.run())\n",
        )
}

const LATE_SHIM: &str = "import warnings\n\nimport new.mod\n\n\ndef helper(x):\n    warnings.warn(\"use new.mod.assist\", DeprecationWarning)\n    return new.mod.assist(x)\n";

/// Hostile 16, defect 02: before the move the patch intercepts (the shim
/// looks `new.mod.assist` up under it); `from new.mod import assist`,
/// bound when `app` loads, would escape it. The import is refused, with
/// a note naming the patching file, and the check prints what it did.
#[test]
fn an_import_by_name_that_would_escape_a_patch_of_the_new_path_is_refused() {
    let app = "from old.mod import helper\n\n\ndef run():\n    return helper(1)\n";
    let p = patched_new_path(LATE_SHIM, app);
    let before = p.python(&["check_app.py"], app);
    assert_eq!(before, "mocked\nreal:1\n");
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr
            .contains("`check_app.py` (line 5) patches `new.mod.assist`")
            && diff.stderr.contains("would no longer be intercepted"),
        "{}\n{}",
        diff.stdout,
        diff.stderr
    );
    let (after, stderr) = p.apply_write("app.py");
    assert_eq!(after, app, "{stderr}");
    assert_eq!(p.python(&["check_app.py"], &after), before);
}

/// The same under a module-level `try:` and in a class body, which run
/// when the module loads too.
#[test]
fn an_import_by_name_at_load_time_in_a_try_or_a_class_is_refused_too() {
    for app in [
        "try:\n    from old.mod import helper\nexcept ImportError:\n    helper = None\n\n\ndef run():\n    return helper(1)\n",
        "class Api:\n    from old.mod import helper\n    call = staticmethod(helper)\n\n\ndef run():\n    return Api.call(1)\n",
    ] {
        let p = patched_new_path(LATE_SHIM, app);
        let before = p.python(&["check_app.py"], app);
        assert_eq!(before, "mocked\nreal:1\n", "{app}");
        let (after, stderr) = p.apply_write("app.py");
        assert!(
            after.contains("from old.mod import helper"),
            "{after}\n{stderr}"
        );
        assert_eq!(p.python(&["check_app.py"], &after), before, "{after}");
    }
}

/// Guards: code that still looks the new path up when it runs is moved,
/// and stays intercepted: a function-local import (bound when the
/// function runs, under the patch), a chain through the module
/// (`old.mod.helper(1)` → `new.mod.assist(1)`).
#[test]
fn late_lookups_of_the_new_path_are_moved_and_stay_intercepted() {
    for (app, want) in [
        (
            "def run():\n    from old.mod import helper\n    return helper(1)\n",
            "    from new.mod import assist\n    return assist(1)\n",
        ),
        (
            "import old.mod\n\n\ndef run():\n    return old.mod.helper(1)\n",
            "import new.mod\n",
        ),
    ] {
        let p = patched_new_path(LATE_SHIM, app);
        let before = p.python(&["check_app.py"], app);
        assert_eq!(before, "mocked\nreal:1\n", "{app}");
        let (after, stderr) = p.apply_write("app.py");
        assert!(after.contains(want), "{after}\n{stderr}");
        assert!(!after.contains("old.mod"), "{after}\n{stderr}");
        assert_eq!(p.python(&["check_app.py"], &after), before, "{after}");
    }
}

/// Guards: an old path that is the new one re-exported (`from new.mod
/// import assist as helper`, bound when the shim loads) never let the
/// patch in, so moving changes nothing; with no patch of the new path, the
/// import is renamed as before.
#[test]
fn a_reexport_shim_or_no_patch_of_the_new_path_moves_the_import() {
    let app = "from old.mod import helper\n\n\ndef run():\n    return helper(1)\n";
    let moved = "from new.mod import assist\n\n\ndef run():\n    return assist(1)\n";
    let p = patched_new_path("from new.mod import assist as helper\n", app);
    let before = p.python(&["check_app.py"], app);
    assert_eq!(before, "real:1\nreal:1\n");
    let (after, stderr) = p.apply_write("app.py");
    assert_eq!(after, moved, "{stderr}");
    assert_eq!(p.python(&["check_app.py"], &after), before);

    let p = patched_new_path(LATE_SHIM, app).file(
        "check_app.py",
        "from unittest.mock import patch\n\nimport app\n\nwith patch(\"new.mod.other\", create=True):\n    print(app.run())\n",
    );
    let before = p.python(&["check_app.py"], app);
    let (after, stderr) = p.apply_write("app.py");
    assert_eq!(after, moved, "{stderr}");
    assert_eq!(p.python(&["check_app.py"], &after), before);
}
