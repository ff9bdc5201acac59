//! Helper h24a: canon's `[tool.canon]` table found by what TOML reads, not
//! by its text (`[tool."canon"]`, `[ tool . canon ]`, `canon.move = …`
//! under `[tool]`); the entry points of a `pyproject.toml` that holds the
//! rules are searched like any other's, its rules are not.

use crate::util::Project;

/// `old.mod.helper` (a shim warning of its move) and `new.mod.assist`,
/// `app.py` using the old one, and `pyproject.toml` as given.
fn project(pyproject: &str) -> Project {
    Project::bare()
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/mod.py",
            "import warnings\n\nfrom new.mod import assist\n\n\ndef helper(x):\n    warnings.warn(\"use new.mod.assist\", DeprecationWarning, stacklevel=2)\n    return assist(x)\n",
        )
        .file("new/mod.py", "def assist(x):\n    return \"assist:%s\" % x\n")
        .file("app.py", "from old.mod import helper\n\nprint(helper(1))\n")
        .file("pyproject.toml", pyproject)
}

const PROJECT: &str =
    "[project]\nname = \"x\"\nversion = \"0\"\n\n[project.scripts]\nh = \"old.mod:helper\"\n\n";

/// Every spelling TOML reads as the table `tool.canon`: each one is
/// canon's configuration. The text match on `tool.canon` missed the first
/// three (`no canon configuration found`).
#[test]
fn the_tool_canon_table_is_found_in_every_toml_spelling() {
    let rule = "id = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
    for table in [
        format!("[tool.\"canon\".settings]\nbranch = \"b\"\n\n[[tool.\"canon\".move]]\n{rule}"),
        format!("[ tool . canon ]\n\n[[ tool . canon . move ]]\n{rule}"),
        "[tool]\ncanon.move = [{ id = \"m\", old = \"old.mod.helper\", new = \"new.mod.assist\" }]\n"
            .to_string(),
        format!("[[tool.'canon'.move]]\n{rule}"),
    ] {
        let p = project(&format!("{PROJECT}{table}"));
        let out = p.run(&["check", "."]);
        assert_eq!(out.code, 1, "{table}\n{}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("app.py:1:"), "{table}\n{}", out.stdout);
        // The entry point is the project's; the rule's own `old` is not a mention.
        let lines: Vec<String> = (p.finding_lines().into_iter())
            .filter(|l| l.starts_with("pyproject.toml"))
            .collect();
        assert_eq!(lines, ["pyproject.toml:6:6 m mention"], "{table}");
    }
}

/// A broken `[tool."canon"]` is someone's configuration: loading says
/// where it is broken. It was passed over as "no configuration" (or, with
/// a configuration further up, that one was used instead).
#[test]
fn a_broken_table_spelled_otherwise_is_an_error_naming_its_line() {
    let p = project(&format!(
        "{PROJECT}[[tool.\"canon\".move]]\nid = \"m\"\nold = \n"
    ));
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("pyproject.toml:10:"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("no canon configuration"),
        "{}",
        out.stderr
    );
}

/// `canon init` asks the same question as loading does: a broken
/// `[tool."canon"]` is a configuration already there, and init writes
/// nothing. It read the unparsable file's text for `tool.canon`, and wrote
/// a canon.toml beside it.
#[test]
fn init_keeps_off_a_broken_table_spelled_otherwise() {
    let p = project(&format!("{PROJECT}[tool.\"canon\"]\nbranch = \n"));
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("already has a [tool.canon] table"),
        "{}",
        out.stderr
    );
    assert!(!p.path().join("canon.toml").exists());
    // A pyproject.toml without the table does not hold init back.
    let p = project(PROJECT);
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

/// The pyproject.toml that holds the rules was never searched, so its
/// entry points kept loading `old.mod.helper` while `check` and `status`
/// said nothing of them. Now they are reported (mentions: SPEC §3.9 has
/// text files reported, never rewritten), `status` counts them as users,
/// and the rules' own paths (values and comments of canon's table) are
/// still not mentions.
#[test]
fn the_entry_points_of_the_pyproject_holding_the_rules_are_searched() {
    let pyproject = format!(
        "{PROJECT}[project.entry-points.\"x.plugins\"]\np = \"old.mod:helper\"\n\n\
         [tool.canon.settings]\n# old.mod.helper is deprecated since 2.0\nbranch = \"b\"\n\n\
         [[tool.canon.move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n\n\
         [tool.ruff]\nline-length = 100\n"
    );
    let p = project(&pyproject).git_init();
    assert_eq!(p.python(&["app.py"], "the app").trim(), "assist:1");
    let lines: Vec<String> = (p.finding_lines().into_iter())
        .filter(|l| l.starts_with("pyproject.toml"))
        .collect();
    assert_eq!(
        lines,
        [
            "pyproject.toml:6:6 m mention",
            "pyproject.toml:9:6 m mention"
        ]
    );
    let (app, stderr) = p.apply_write("app.py");
    assert!(
        app.contains("from new.mod import assist"),
        "{app}\n{stderr}"
    );
    assert_eq!(p.python(&["app.py"], "migrated app").trim(), "assist:1");
    // An installer still loads the entry points by the old path.
    p.git(&["commit", "-qam", "migrate"]);
    let status = p.run(&["status", "."]);
    assert!(
        status.stdout.contains("still in use") && status.stdout.contains("pyproject.toml:6"),
        "{}",
        status.stdout
    );
    // Never rewritten by apply, canon's table least of all.
    assert_eq!(
        std::fs::read_to_string(p.path().join("pyproject.toml")).unwrap(),
        pyproject
    );
}

// ---- D3: a `new` module that imports the old one -----------------------

const OLD_MOD: &str = "\"\"\"Old home of the helpers: `helper` moved to new.mod.assist.\"\"\"\nimport warnings\n\nDEFAULT_SCALE = 10\n\nfrom new.mod import assist  # noqa: E402 (new.mod reads DEFAULT_SCALE)\n\n\ndef helper(x):\n    warnings.warn(\"use new.mod.assist\", DeprecationWarning, stacklevel=2)\n    return assist(x)\n";

/// `old/mod.py` a shim that imports `new.mod` (after the constant
/// `new.mod` reads from it), `new/mod.py` as given, `app.py` using the
/// shim, and the move of `old.mod.helper` to `new.mod.assist`.
fn mutual(new_mod: &str) -> Project {
    crate::util::moved_pair(crate::util::SHIM_MOVE, OLD_MOD, new_mod)
        .file("app.py", "from old.mod import helper\n\nprint(helper(3))\n")
}

/// old.mod imports new.mod and new.mod imports old.mod. The app loads
/// old.mod first and runs; moved to new.mod it loads new.mod first, the
/// cycle runs the other way round and `from new.mod import assist` meets
/// a new.mod that has no `assist` yet. doctor said nothing; it warns now,
/// naming both imports, and `apply` (which it does not stop) shows why.
#[test]
fn doctor_warns_of_a_new_module_that_imports_the_old_one_back() {
    let p = mutual("\"\"\"The helpers' new home.\"\"\"\n\nfrom old.mod import DEFAULT_SCALE\n\n\ndef assist(x):\n    return x * DEFAULT_SCALE\n")
        .git_init();
    assert_eq!(p.python(&["app.py"], "before").trim(), "30");
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 0, "a warning: {}", out.stdout);
    crate::doctor::says(
        &out,
        "canon.toml:2: rule m: warning: new.mod imports old.mod (new/mod.py:3) and old.mod imports new.mod (old/mod.py:6): the two import each other; users moved to new.mod load it first",
    );
    let json = p.run(&["doctor", ".", "--format", "json"]).json();
    let warned: Vec<_> = (json.as_array().unwrap().iter())
        .filter(|f| f["message"].as_str().unwrap().contains("import each other"))
        .collect();
    assert_eq!(warned.len(), 1, "{json}");
    assert_eq!(warned[0]["level"], "warning");
    assert_eq!(warned[0]["line"], 2);
    // What it warns of.
    let (app, _) = p.apply_write("app.py");
    assert!(app.contains("from new.mod import assist"), "{app}");
    let run = std::process::Command::new("python3")
        .arg("app.py")
        .current_dir(p.path())
        .output()
        .expect("python3");
    assert!(!run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("partially initialized module 'new.mod'"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A `new` module that takes the moved symbol itself from the old module:
/// once its users move, deleting the symbol breaks `new`.
#[test]
fn doctor_warns_of_a_new_module_that_imports_the_old_symbol() {
    let p = crate::util::moved_pair(
        crate::util::SHIM_MOVE,
        "def helper(x):\n    return x\n",
        "import os\nfrom old.mod import helper as _helper\n\n\ndef assist(x):\n    return _helper(x)\n",
    );
    let out = p.run(&["doctor", "."]);
    crate::doctor::says(
        &out,
        "rule m: warning: new.mod imports old.mod.helper (new/mod.py:2): once uses move there, removing old.mod.helper breaks new.mod",
    );
}

/// What runs only later, or never, is no cycle at load: an import in a
/// function or under `if TYPE_CHECKING:`. Nor is a symbol's module that
/// `new` takes something else from and that does not import `new` back:
/// the module may stay when the symbol goes.
#[test]
fn doctor_does_not_warn_of_imports_that_do_not_run_at_load() {
    for new_mod in [
        "def assist(x):\n    from old.mod import DEFAULT_SCALE\n\n    return x * DEFAULT_SCALE\n",
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from old.mod import DEFAULT_SCALE\n\n\ndef assist(x):\n    return x * 10\n",
    ] {
        let p = mutual(new_mod);
        assert_eq!(p.python(&["app.py"], new_mod).trim(), "30");
        let out = p.run(&["doctor", "."]);
        assert!(
            !out.stdout.contains("imports old.mod"),
            "{new_mod}\n{}",
            out.stdout
        );
    }
    let p = crate::util::moved_pair(
        crate::util::SHIM_MOVE,
        "DEFAULT_SCALE = 10\n\n\ndef helper(x):\n    return x * DEFAULT_SCALE\n",
        "from old.mod import DEFAULT_SCALE\n\n\ndef assist(x):\n    return x * DEFAULT_SCALE\n",
    );
    let out = p.run(&["doctor", "."]);
    assert!(!out.stdout.contains("warning:"), "{}", out.stdout);
}
