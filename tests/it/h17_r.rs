//! Hostile pass 17, defects 05, 03, 11 and 10: files git tracks inside a
//! folder `.gitignore` lists; `__import__("a.b").b.name`; a re-export of a
//! subclass shim under another name; a function stored on a class moved to
//! a class.

use crate::util::Project;

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

const HELPER: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

/// The shim and its replacement, with `files` besides.
fn helper_project(files: &[(&str, &str)]) -> Project {
    let mut p = Project::bare()
        .file("canon.toml", HELPER)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", "def helper(a):\n    return (\"old\", a)\n")
        .file("new/mod.py", "def assist(a):\n    return (\"new\", a)\n");
    for (rel, text) in files {
        p = p.file(rel, text);
    }
    p
}

// ---- 05: a tracked file inside an ignored folder is the project's -------

/// Hostile 17, defect 05: `tools/` is in `.gitignore`, but
/// `tools/gen_schema.py` is tracked (`git add -f`). Git ignores only
/// untracked files, so it is project code: in working-tree mode (`apply
/// --write`) its import of `app.helper` is a referral, as it is when the
/// scan reads git objects, and `app.py` keeps the name (`as helper`).
/// It was renamed away: `ImportError` in the tracked file.
#[test]
fn a_tracked_file_in_an_ignored_folder_refers_to_names_in_working_tree_mode() {
    let p = helper_project(&[
        (
            "app.py",
            "from old.mod import helper\n\n\ndef run():\n    return helper(1)\n",
        ),
        (
            "tools/gen_schema.py",
            "from app import helper\n\nprint(helper(3))\n",
        ),
        (".gitignore", "tools/\n"),
    ]);
    p.git(&["init", "-q", "-b", "main"]);
    p.git(&["add", "-A"]);
    p.git(&["add", "-f", "tools/gen_schema.py"]);
    assert_eq!(p.git(&["ls-files", "tools"]), "tools/gen_schema.py\n");
    let (app, _) = p.apply_write("app.py");
    assert!(
        app.contains("from new.mod import assist as helper"),
        "{app}"
    );
    let out = p.python(&["-m", "tools.gen_schema"], "the tracked script still runs");
    assert_eq!(out, "('new', 3)\n");
}

/// The same walk hid the old imports such a file makes: `check` said
/// "No violations" while `status` counted the use.
#[test]
fn check_reports_an_old_import_in_a_tracked_file_an_ignore_rule_matches() {
    let p = helper_project(&[
        (
            "tools/gen.py",
            "from old.mod import helper\n\nprint(helper(3))\n",
        ),
        ("tools/scratch.py", "from old.mod import helper\n"),
        (".gitignore", "tools/\n"),
    ]);
    p.git(&["init", "-q", "-b", "main"]);
    p.git(&["add", "-A"]);
    p.git(&["add", "-f", "tools/gen.py"]);
    let files: Vec<String> = p.findings().into_iter().map(|f| f.0).collect();
    assert!(files.contains(&"tools/gen.py".to_string()), "{files:?}");
    // The untracked scratch file stays ignored.
    assert!(
        !files.contains(&"tools/scratch.py".to_string()),
        "{files:?}"
    );
    p.run(&["apply", "--write", "."]);
    assert_eq!(read(&p, "tools/scratch.py"), "from old.mod import helper\n");
    let out = p.python(&["-m", "tools.gen"], "the migrated tracked script runs");
    assert_eq!(out, "('new', 3)\n");
}

// ---- 03: `__import__("a.b").b.name` ---------------------------------------

/// Hostile 17, defect 03: `__import__("old.mod")` returns the top package
/// `old`, so `__import__("old.mod").mod.helper` calls `old.mod.helper`.
/// `check` said "No violations" and `status` called the definition ready
/// to delete. It is a use, for a human (no rewrite of the string alone, or
/// of the attribute alone, keeps the chain right), and `apply` leaves it.
#[test]
fn an_attribute_chain_off_a_top_package_import_is_a_use_for_a_human() {
    let app = "def lazy_helper(x):\n    return __import__(\"old.mod\").mod.helper(x)\n\n\ndef lazy_too(x):\n    return (__import__(\"old\")).mod.helper(x)\n\n\nprint(lazy_helper(3), lazy_too(4))\n";
    let p = helper_project(&[("app.py", app)]).git_init();
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("app.py:2:"), "{}", out.stdout);
    assert!(out.stdout.contains("app.py:6:"), "{}", out.stdout);
    assert!(out.stdout.contains("by hand"), "{}", out.stdout);
    let status = p.run(&["status", "."]);
    let status = format!("{}{}", status.stdout, status.stderr);
    assert!(!status.contains("ready to delete"), "{status}");
    assert!(status.contains("needs a human"), "{status}");
    let (after, _) = p.apply_write("app.py");
    assert_eq!(after, app);
    assert_eq!(
        p.python(&["app.py"], "untouched"),
        "('old', 3) ('old', 4)\n"
    );
}

// ---- 11: a subclass shim re-exported under another name -------------------

const ERROR_RULE: &str =
    "[[move]]\nid = \"e\"\nold = \"old.mod.OldError\"\nnew = \"new.mod.NewError\"\n";

/// `old.mod.OldError(NewError)`, a shim that only warns, re-exported by
/// `svc/errors.py` under another name, and `app.py` testing for that name
/// (`handler`: its `except` clause).
fn renamed_error_project(errors: &str, handler: &str) -> Project {
    let app = format!(
        "from new.mod import NewError\nfrom svc.errors import LegacyErr\n\n\n\
def handle(exc):\n    try:\n        raise exc\n    {handler}:\n        return \"legacy path\"\n    except NewError:\n        return \"new path\"\n\n\n\
print(handle(NewError(\"boom\")))\n"
    );
    Project::bare()
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("svc/__init__.py", "")
        .file("new/mod.py", "class NewError(Exception):\n    pass\n")
        .file(
            "old/mod.py",
            "import warnings\nfrom new.mod import NewError\n\n\nclass OldError(NewError):\n    def __init__(self, *a):\n        warnings.warn(\"use NewError\", DeprecationWarning, stacklevel=2)\n        super().__init__(*a)\n",
        )
        .file("svc/errors.py", errors)
        .file("app.py", app)
}

/// Hostile 17, defect 11: `from old.mod import OldError as LegacyErr` in
/// `svc/errors.py`, `except LegacyErr` in `app.py`: a type test of the
/// subclass through a renaming re-export. `doctor` said 0 problems and
/// `init` wrote the move live; moved, the handler caught every `NewError`
/// (`new path` became `legacy path`). Through a second module re-exporting
/// the alias under a name of its own too.
#[test]
fn a_type_test_through_a_renaming_reexport_holds_a_subclass_move_back() {
    for (errors, extra, handler) in [
        (
            "from old.mod import OldError as LegacyErr\n",
            None,
            "except LegacyErr",
        ),
        (
            "from svc.base import Legacy as LegacyErr\n",
            Some("from old.mod import OldError as Legacy\n"),
            "except (LegacyErr, KeyError)",
        ),
    ] {
        let mut p = renamed_error_project(errors, handler);
        if let Some(base) = extra {
            p = p.file("svc/base.py", base);
        }
        let before = p.python(&["-W", "ignore", "app.py"], "before");
        assert_eq!(before, "new path\n");
        let out = p.run(&["init", "."]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        let text = read(&p, "canon.toml");
        assert!(
            text.contains("# old = \"old.mod.OldError\"\n# new = \"new.mod.NewError\"\n"),
            "{text}"
        );
        assert!(text.contains("app.py:8 tests for it"), "{text}");
        let p = p.file("canon.toml", ERROR_RULE);
        let doctor = p.run(&["doctor", "."]);
        assert_eq!(doctor.code, 1, "{}", doctor.stdout);
        assert!(
            doctor
                .stdout
                .contains("not an alias of it: app.py:8 tests for it"),
            "{}",
            doctor.stdout
        );
        // Forced, the move changes what the program prints.
        p.run(&["apply", "--write", "."]);
        assert_ne!(p.python(&["-W", "ignore", "app.py"], "after"), before);
    }
}

// ---- 10: a function stored on a class, moved to a class -------------------

/// Hostile 17, defect 10: `class Service: manager_factory = create_manager`
/// makes the function a method: `self.manager_factory()` passes the
/// service as `owner`. Moved to the class `Manager`, which does not bind,
/// the owner was lost (`True` became `False`), and doctor said 0 problems.
/// Now doctor reports it, and the file's uses stay (a note says why).
#[test]
fn a_function_stored_on_a_class_is_not_moved_to_a_class() {
    let app = "from old.mod import create_manager\n\n\nclass Service:\n    manager_factory = create_manager\n\n    def build(self):\n        return self.manager_factory()\n\n\ns = Service()\nprint(\"owner is service:\", s.build().owner is s)\n";
    let p = Project::bare()
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "new/mod.py",
            "class Manager:\n    def __init__(self, owner=None):\n        self.owner = owner\n",
        )
        .file(
            "old/mod.py",
            "import warnings\nfrom new.mod import Manager\n\n\ndef create_manager(owner=None):\n    warnings.warn(\"use new.mod.Manager\", DeprecationWarning, stacklevel=2)\n    return Manager(owner)\n",
        )
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.create_manager\"\nnew = \"new.mod.Manager\"\n",
        )
        .file("app.py", app)
        .file(
            "plain.py",
            "from old.mod import create_manager\n\nprint(create_manager(\"x\").owner)\n",
        );
    let before = p.python(&["-W", "ignore", "app.py"], "before");
    assert_eq!(before, "owner is service: True\n");
    let doctor = p.run(&["doctor", "."]);
    assert_eq!(doctor.code, 1, "{}", doctor.stdout);
    assert!(
        doctor
            .stdout
            .contains("app.py:5 stores it in a class body (`manager_factory = create_manager`)"),
        "{}",
        doctor.stdout
    );
    let (after, stderr) = p.apply_write("app.py");
    assert_eq!(after, app, "{stderr}");
    assert!(
        stderr.contains("stores `old.mod.create_manager` (a function) as an attribute"),
        "{stderr}"
    );
    assert_eq!(p.python(&["-W", "ignore", "app.py"], "after"), before);
    // A plain call elsewhere still moves.
    let plain = read(&p, "plain.py");
    assert!(plain.contains("from new.mod import Manager"), "{plain}");
    assert_eq!(p.python(&["plain.py"], "plain"), "x\n");
}
