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
