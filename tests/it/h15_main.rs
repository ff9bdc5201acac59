//! Hostile pass 12, defect 07, fixed with pass 15: a patch string a move
//! re-points while code it intercepts in another file stays on the old
//! path. Re-pointed, the patch would replace the new function while that
//! code still calls the old one, and the test would run the real code.

use crate::util::Project;

const RULE: &str = "[[move]]\nid = \"clients\"\nold = \"oldpkg.clients.get_client\"\nnew = \"newpkg.clients.get_client\"\n";

/// A shim re-exporting the new function, a module reaching it through
/// the old module at call time, and a test patching the old path. `extra`
/// adds files.
fn patched(extra: &[(&str, &str)]) -> Project {
    let mut p = Project::bare()
        .file("canon.toml", RULE)
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/clients.py",
            "def get_client():\n    return 'real'\n",
        )
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/clients.py",
            "\"\"\"Deprecated: use newpkg.clients.\"\"\"\nfrom newpkg.clients import get_client\n",
        )
        .file("app/__init__.py", "")
        .file(
            "app/other.py",
            "import oldpkg.clients\n\n\ndef run():\n    return oldpkg.clients.get_client()\n",
        );
    for (path, text) in extra {
        p = p.file(path, text);
    }
    p
}

/// The test module: patches the old path and calls every module of `apps`.
fn test_of(apps: &[&str]) -> String {
    let imports: String = apps
        .iter()
        .map(|a| format!("from app import {a}\n"))
        .collect();
    let calls: String = apps
        .iter()
        .map(|a| format!("    print('{a}', {a}.run())\n"))
        .collect();
    format!(
        "from unittest.mock import patch\n\n{imports}\nwith patch(\"oldpkg.clients.get_client\", return_value=\"fake\"):\n{calls}"
    )
}

/// `app/service.py` binds the old module through a parameter default,
/// which canon does not follow: its use stays. The patch stays with it,
/// and so does `app/other.py`, whose use the held patch intercepts too:
/// every call still returns the fake after `apply --write`.
#[test]
fn a_patch_stays_on_the_old_path_while_code_it_intercepts_does() {
    let service =
        "import oldpkg.clients\n\n\ndef run(mod=oldpkg.clients):\n    return mod.get_client()\n";
    let test = test_of(&["service", "other"]);
    let p = patched(&[("app/service.py", service), ("check_app.py", &test)]);
    let before = p.python(&["check_app.py"], "before");
    assert_eq!(before, "service fake\nother fake\n");
    let (text, stderr) = p.apply_write("check_app.py");
    assert_eq!(text, test, "{stderr}");
    assert!(
        stderr.contains("check_app.py:6: clients: not proposed: the patch stays on the old path: `app/service.py` still uses `oldpkg.clients.get_client` there"),
        "{stderr}"
    );
    assert!(
        stderr.contains("app/other.py:5: clients: not proposed: `check_app.py` (line 6) patches `oldpkg.clients.get_client`"),
        "{stderr}"
    );
    assert_eq!(p.python(&["check_app.py"], &stderr), before);
    // Still violations: nothing was migrated.
    assert_eq!(p.run(&["check", "."]).code, 1);
}

/// A use under `# canon: ignore`, inside a function's own import (bound
/// each time the function runs, so the patch reaches it), holds the
/// patch the same way.
#[test]
fn a_suppressed_function_local_import_holds_the_patch() {
    let legacy = "def run():\n    from oldpkg.clients import get_client  # canon: ignore\n\n    return get_client()\n";
    let test = test_of(&["legacy", "other"]);
    let p = patched(&[("app/legacy.py", legacy), ("check_app.py", &test)]);
    let before = p.python(&["check_app.py"], "before");
    assert_eq!(before, "legacy fake\nother fake\n");
    let (text, stderr) = p.apply_write("check_app.py");
    assert_eq!(text, test, "{stderr}");
    assert!(
        stderr.contains("`app/legacy.py` still uses `oldpkg.clients.get_client` there"),
        "{stderr}"
    );
    assert_eq!(p.python(&["check_app.py"], &stderr), before);
}

/// A file the rule excludes keeps its uses: the patch that intercepts
/// them stays too.
#[test]
fn code_in_a_file_the_rule_excludes_holds_the_patch() {
    let rule = format!("{RULE}exclude = [\"app/vendored.py\"]\n");
    let vendored = "import oldpkg.clients as c\n\n\ndef run():\n    return c.get_client()\n";
    let test = test_of(&["vendored", "other"]);
    let p = patched(&[
        ("app/vendored.py", vendored),
        ("check_app.py", &test),
        ("canon.toml", &rule),
    ]);
    let before = p.python(&["check_app.py"], "before");
    let (text, stderr) = p.apply_write("check_app.py");
    assert_eq!(text, test, "{stderr}");
    assert!(
        stderr.contains("`app/vendored.py` still uses `oldpkg.clients.get_client` there"),
        "{stderr}"
    );
    assert_eq!(p.python(&["check_app.py"], &stderr), before);
}

/// When every use moves, the patch moves with them, and the program's
/// output is the same after `apply --write`.
#[test]
fn the_patch_moves_when_every_use_it_intercepts_moves() {
    let test = test_of(&["other"]);
    let p = patched(&[("check_app.py", &test)]);
    let before = p.python(&["check_app.py"], "before");
    assert_eq!(before, "other fake\n");
    let (text, stderr) = p.apply_write("check_app.py");
    assert!(
        text.contains("patch(\"newpkg.clients.get_client\""),
        "{text}\n{stderr}"
    );
    assert_eq!(p.python(&["check_app.py"], &stderr), before);
    assert_eq!(p.run(&["check", "."]).code, 0);
}

/// A name a module-level `from` import binds is bound when the module
/// loads, before the test patches the old path: the patch never reaches
/// it, before or after the move. So the import is no link of the patch:
/// `apply --path app/direct.py` takes it alone, and the program prints
/// what it printed.
#[test]
fn a_name_bound_at_load_is_no_link_of_a_patch_of_that_name() {
    let direct = "from oldpkg.clients import get_client\n\n\ndef run():\n    return get_client()\n";
    let test = test_of(&["direct"]);
    let p = patched(&[("app/direct.py", direct), ("check_app.py", &test)]).git_init();
    let before = p.python(&["check_app.py"], "before");
    assert_eq!(before, "direct real\n");
    let out = p.run(&["apply", "--write", ".", "--path", "app/direct.py"]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    assert!(!out.stderr.contains("left pending"), "{}", out.stderr);
    let moved = std::fs::read_to_string(p.path().join("app/direct.py")).unwrap();
    assert!(
        moved.starts_with("from newpkg.clients import get_client\n"),
        "{moved}\n{}",
        out.stderr
    );
    assert_eq!(p.python(&["check_app.py"], &out.stderr), before);
}
