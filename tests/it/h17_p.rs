//! Hostile pass 17, defects 01, 02 and 13: a bare annotation binds
//! nothing in a class body (or module code); `except E as name:` deletes
//! the name at the end of its handler; a function that reads its own
//! namespace whole (`return locals()`, `sorted(vars())`, `dir()`) gets no
//! added, renamed or removed import.

use crate::util::{Project, shim_project};

/// Runs `app.py` before and after `canon apply --write`: the same output,
/// the import moved; returns the migrated text.
fn migrates_the_same(p: &Project, app: &str) -> String {
    let before = p.python(&["app.py"], app);
    let (after, stderr) = p.apply_write("app.py");
    assert!(
        !after.contains("old.mod import helper"),
        "the import was not moved:\n{after}\n{stderr}"
    );
    let now = p.python(&["app.py"], &format!("{after}\n{stderr}"));
    assert_eq!(now, before, "{app}\n---\n{after}\n{stderr}");
    after
}

// ---- 01: a bare annotation is no binding ------------------------------

/// Hostile 17, defect 01: `helper: "callable"` in a class body documents
/// the attribute and binds nothing, so `staticmethod(helper)` below still
/// reads the module's import (`LOAD_NAME`). canon took the annotation for a
/// class binding, renamed the import alone, and the module raised
/// `NameError` on import. At module level the same annotation is no
/// binding either; in a function it makes the name local but binds
/// nothing, so a use after the function's own import still reads it.
#[test]
fn a_bare_annotation_in_a_class_body_binds_nothing() {
    let app = "from old.mod import helper\n\n\nclass K:\n    helper: \"callable\"  # annotation only\n    render = staticmethod(helper)\n\n\nprint(K.render(1), K.__annotations__)\n";
    let p = shim_project(app);
    let after = migrates_the_same(&p, app);
    assert!(after.contains("staticmethod(assist)"), "{after}");
    assert!(after.contains("    helper: \"callable\""), "{after}");

    let app = "from old.mod import helper\n\nhelper: \"callable\"\n\n\ndef local():\n    from old.mod import helper\n    helper: \"callable\"\n    return helper(2)\n\n\nclass K:\n    helper: int\n    value = helper(3)\n\n\nprint(helper(1), local(), K.value)\n";
    let p = shim_project(app);
    migrates_the_same(&p, app);
}

// ---- 02: except-as names are deleted at the end of the handler ---------

/// Hostile 17, defect 02: `except ValueError as helper:` binds `helper`
/// only when the handler runs, and Python deletes it at the handler's end:
/// past the `try`, the class body reads the module's import. canon took it
/// for a definite class binding and left `staticmethod(helper)` unrenamed
/// beside `from new.mod import assist`: `NameError`. A use inside the
/// handler is the exception.
#[test]
fn an_except_as_name_in_a_class_body_is_gone_after_its_handler() {
    let app = "import os\nfrom old.mod import helper\n\n\nclass Config:\n    try:\n        port = int(os.environ.get(\"H17_PORT\", \"80x\"))\n    except ValueError as helper:  # a throwaway name\n        port = 8080\n        why = type(helper).__name__\n    render = staticmethod(helper)\n\n\nprint(Config.port, Config.why, Config.render(1))\n";
    let p = shim_project(app);
    let after = migrates_the_same(&p, app);
    assert!(after.contains("staticmethod(assist)"), "{after}");
    assert!(after.contains("type(helper).__name__"), "{after}");
}

// ---- 13: a namespace read whole ----------------------------------------

const REWRITE: &str = "[[rewrite]]\nid = \"r\"\npattern = \"{old.users.get_user}($ID)\"\nfix = \"{new.users.fetch}($ID)\"\n";

fn users_project(app: &str) -> Project {
    Project::bare()
        .file("canon.toml", REWRITE)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/users.py",
            "def get_user(uid):\n    return {\"id\": uid, \"name\": \"bob\"}\n",
        )
        .file(
            "new/users.py",
            "def fetch(uid):\n    return {\"id\": uid, \"name\": \"bob\"}\n",
        )
        .file("app.py", app)
}

/// Hostile 17, defect 13: `fetch` is taken at module level, so canon put
/// the fix's `from new.users import fetch` inside `page_context`, whose
/// `locals()` is the template context: it gained a function, and
/// `json.dumps` raised `TypeError`. The import goes to module level under
/// an alias instead, as for any other function.
#[test]
fn a_function_that_returns_locals_gets_no_import_added() {
    let app = "import json\nfrom old.users import get_user\n\n\ndef page_context(uid):\n    user = get_user(uid)\n    title = \"Profile of \" + user[\"name\"]\n    return locals()  # the template context\n\n\nprint(json.dumps(page_context(7), sort_keys=True))\n\nfrom urllib.request import urlopen as fetch  # used further down\n";
    let p = users_project(app);
    let before = p.python(&["app.py"], app);
    let (after, stderr) = p.apply_write("app.py");
    assert!(!after.contains("get_user(uid)"), "{after}\n{stderr}");
    assert_eq!(p.python(&["app.py"], &after), before, "{after}\n{stderr}");
}

/// Hostile 17, defect 13: where the import the match goes through is the
/// function's own (there to break a cycle), the fix's import would go
/// beside it, and the old one would be left unused and removed: both change
/// the keys `sorted(locals())` gives. Refused, with a note that says why;
/// and a fix that needs no import keeps the function's import.
#[test]
fn a_function_that_reads_its_locals_keeps_its_imports() {
    let app = "def context(uid):\n    from old.users import get_user\n    user = get_user(uid)\n    return sorted(locals())\n\n\nprint(context(1))\n";
    let p = users_project(app);
    let before = p.python(&["app.py"], app);
    let (after, stderr) = p.apply_write("app.py");
    assert_eq!(after, app, "{stderr}");
    assert!(
        stderr.contains("reads its own namespace (`locals()`)"),
        "{stderr}"
    );
    assert_eq!(p.python(&["app.py"], &after), before);

    let p = users_project(app).file(
        "canon.toml",
        "[[rewrite]]\nid = \"r\"\npattern = \"{old.users.get_user}($ID)\"\nfix = \"dict(id=$ID, name='bob')\"\n",
    );
    let (after, stderr) = p.apply_write("app.py");
    assert!(
        after.contains("from old.users import get_user"),
        "{after}\n{stderr}"
    );
    assert_eq!(p.python(&["app.py"], &after), before, "{after}\n{stderr}");
}

/// Hostile 17, defect 13 (variant): a move renaming a function-local
/// import in a function that hands out `sorted(vars())` or `dir()` turned
/// the key `helper` into `assist`. The import keeps the name as an alias.
#[test]
fn a_function_that_reads_its_namespace_keeps_a_moved_import_name() {
    for read in ["sorted(vars())", "dir()", "list(locals())"] {
        let app = format!(
            "def names():\n    from old.mod import helper\n    value = helper(1)\n    return {read}\n\n\nprint(names())\n"
        );
        let p = shim_project(&app);
        let after = migrates_the_same(&p, &app);
        assert!(after.contains("assist as helper"), "{after}");
    }
}
