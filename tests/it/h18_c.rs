//! Hostile pass 18, defects 03, 04 and 07, and the raw note: a
//! `module:attr` import path (`pkgutil.resolve_name`'s own spelling);
//! imports in code that Python runs from a string (`exec`, `python -c`);
//! an entry point with blanks around its colon; control characters in a
//! rule's `note`.

use crate::util::Project;

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

/// `old.mod.helper` returns `("old", x)`, `new.mod.assist` `("new", x)`.
fn project(config: &str) -> Project {
    crate::util::moved_pair(
        config,
        "def helper(x):\n    return (\"old\", x)\n",
        "def assist(x):\n    return (\"new\", x)\n\n\ndef helper(x):\n    return (\"new.helper\", x)\n",
    )
}

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

// ---- 03: `module:attr` paths -------------------------------------------

/// Hostile 18, defect 03: `pkgutil.resolve_name("old.mod:helper")` was
/// only a mention (`check` exited 0) and `apply` left it on the old path,
/// while the dotted form was rewritten. Now it is a violation, rewritten
/// in its own spelling, through a name bound to it too; a string that is
/// only data keeps its text.
#[test]
fn a_module_colon_attr_path_is_moved_in_its_own_spelling() {
    let app = "import pkgutil\nfrom pkgutil import resolve_name as rn\n\nTARGET = \"old.mod:helper\"\nh1 = pkgutil.resolve_name(\"old.mod:helper\")\nh2 = rn(TARGET)\nh3 = pkgutil.resolve_name(\"old.mod.helper\")\nLABEL = \"old.mod:helper\"\nprint(h1(1), h2(2), h3(3), LABEL)\n";
    let p = project(MOVE).file("app.py", app).git_init();
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("app.py:5:"), "{}", check.stdout);
    assert!(check.stdout.contains("app.py:4:"), "{}", check.stdout);
    let (text, _) = p.apply_write("app.py");
    assert!(text.contains("TARGET = \"new.mod:assist\""), "{text}");
    assert!(text.contains("resolve_name(\"new.mod:assist\")"), "{text}");
    assert!(text.contains("LABEL = \"old.mod:helper\""), "{text}");
    let out = p.python(&["app.py"], "migrated app runs");
    assert_eq!(
        out.trim(),
        "('new', 1) ('new', 2) ('new', 3) old.mod:helper",
        "{text}"
    );
}

/// Hostile 19, defect 04: a symbol moved into a class
/// (`new.mod.Tools.assist`) got its colon before the class
/// (`"new.mod.Tools:assist"`, a ModuleNotFoundError at run time). The
/// colon goes where the new path's module ends: `"new.mod:Tools.assist"`.
#[test]
fn a_colon_path_moved_into_a_class_splits_where_the_module_ends() {
    let config = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.Tools.assist\"\n";
    let p = project(config)
        .file(
            "new/mod.py",
            "class Tools:\n    @staticmethod\n    def assist(x):\n        return (\"new\", x)\n",
        )
        .file(
            "app.py",
            "import pkgutil\n\nprint(pkgutil.resolve_name(\"old.mod:helper\")(1))\n",
        )
        .git_init();
    let (text, stderr) = p.apply_write("app.py");
    assert!(
        text.contains("resolve_name(\"new.mod:Tools.assist\")"),
        "{text}\n{stderr}"
    );
    assert_eq!(p.python(&["app.py"], &text).trim(), "('new', 1)");
}

/// A module moved keeps the colon after the new module's path
/// (`"old.mod:helper"` → `"new.mod:helper"`, `"old.mod:"` → `"new.mod:"`).
#[test]
fn a_module_move_keeps_the_colon_after_the_module() {
    let config = "[[move]]\nid = \"m\"\nold = \"old.mod\"\nnew = \"new.mod\"\n";
    let app = "import pkgutil\n\nh = pkgutil.resolve_name(\"old.mod:helper\")\nm = pkgutil.resolve_name(\"old.mod:\")\nprint(h(1), m.__name__)\n";
    let p = project(config).file("app.py", app).git_init();
    assert_eq!(p.run(&["check", "."]).code, 1);
    let (text, _) = p.apply_write("app.py");
    assert!(text.contains("resolve_name(\"new.mod:helper\")"), "{text}");
    assert!(text.contains("resolve_name(\"new.mod:\")"), "{text}");
    let out = p.python(&["app.py"], "migrated app runs");
    assert_eq!(out.trim(), "('new.helper', 1) new.mod", "{text}");
}

// ---- 04: code in strings Python runs -------------------------------------

/// Hostile 18, defect 04: a test that runs `python -c` with
/// `sys.executable`, or `exec`s code, importing the old name got no
/// finding and `status` said the definition was ready to delete, which
/// broke the test. Each such string is a mention now (never rewritten),
/// and the definition stays in use.
#[test]
fn imports_in_code_strings_python_runs_are_mentions_and_keep_the_definition() {
    let test = r#"import os
import subprocess
import sys


def test_cli_smoke():
    out = subprocess.run([sys.executable, "-c", "from old.mod import helper; print(helper(3))"],
                         capture_output=True, text=True, check=True).stdout
    assert "3" in out


def test_exec():
    ns = {}
    exec("from old.mod import helper\nr = helper(1)", ns)
    assert ns["r"] == ("old", 1)


def test_compile():
    ns = {}
    eval(compile("import old.mod as m\nr = m.helper(2)", "<s>", "exec"), ns)
    assert ns["r"] == ("old", 2)


def test_shell():
    subprocess.run("python3 -c 'from old.mod import helper'", shell=True, check=True)
    # Not Python's `-c`, and data: no code that runs.
    subprocess.run(["sh", "-c", "true from old.mod import helper"], check=True)
    assert "from old.mod import helper".startswith("from")


if __name__ == "__main__":
    test_cli_smoke(); test_exec(); test_compile(); test_shell()
    print("ok")
"#;
    let p = project(MOVE).file("test_smoke.py", test).git_init();
    let check = p.run(&["check", "-v", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    for line in [7, 14, 20, 25] {
        assert!(
            check.stdout.contains(&format!("test_smoke.py:{line}:")),
            "line {line}:\n{}",
            check.stdout
        );
    }
    for line in [27, 28] {
        let at = format!("test_smoke.py:{line}:");
        assert!(
            !check.stdout.contains(&at),
            "line {line}:\n{}",
            check.stdout
        );
    }
    let status = p.run(&["status", "."]);
    assert!(
        !status.stdout.contains("ready to delete (no users left)"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("test_smoke.py:7"),
        "{}",
        status.stdout
    );
    p.run(&["apply", "--write", "."]);
    assert_eq!(read(&p, "test_smoke.py"), test);
    assert_eq!(p.python(&["test_smoke.py"], "tests still run").trim(), "ok");
}

// ---- 07: entry points with blanks around the colon -----------------------

/// Hostile 18, defect 07: `"old.mod : helper"` (which importlib.metadata
/// loads) was not seen, and `status` said the definition was ready to
/// delete. pyproject.toml and setup.cfg, extras after it too.
#[test]
fn an_entry_point_with_blanks_around_its_colon_is_a_mention() {
    let loads = std::process::Command::new("python3")
        .args([
            "-c",
            "from importlib.metadata import EntryPoint as E; print(E(name='p', value='old.mod : helper [x]', group='g').attr)",
        ])
        .output()
        .expect("python3");
    assert_eq!(String::from_utf8_lossy(&loads.stdout).trim(), "helper");
    let p = project(MOVE)
        .file(
            "pyproject.toml",
            "[project]\nname = \"x\"\nversion = \"0\"\n[project.entry-points.\"x.plugins\"]\np = \"old.mod : helper\"\n",
        )
        .file(
            "setup.cfg",
            "[options.entry_points]\nx.plugins =\n    q = old.mod :helper [extra]\n",
        )
        .git_init();
    let check = p.run(&["check", "-v", "."]);
    assert!(
        check.stdout.contains("pyproject.toml:5:"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("setup.cfg:3:"), "{}", check.stdout);
    let status = p.run(&["status", "."]);
    assert!(
        !status.stdout.contains("ready to delete (no users left)"),
        "{}",
        status.stdout
    );
}

// ---- a note's control characters -----------------------------------------

/// Hostile 18, minor: a rule's `note` with ESC and BEL was printed raw in
/// text and github output (escape sequences from the config driving the
/// terminal). They are escaped, as a file name's are.
#[test]
fn a_notes_control_characters_are_escaped_in_every_output() {
    let config = format!("{MOVE}note = \"Use assist \\u001b]0;pwned\\u0007 \\u001b[31mnow\"\n");
    let p = project(&config)
        .file("app.py", "from old.mod import helper\n\nprint(helper(1))\n")
        .git_init();
    for format in ["text", "github", "json"] {
        let out = p.run(&["check", ".", "--format", format]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert!(
            !out.stdout.contains(['\u{1b}', '\u{7}']) && !out.stderr.contains(['\u{1b}', '\u{7}']),
            "{format}: {:?}",
            out.stdout
        );
        assert!(
            out.stdout.contains("Use assist"),
            "{format}: {}",
            out.stdout
        );
    }
    let text = p.run(&["check", "."]);
    assert!(
        text.stdout.contains("\\u{1b}]0;pwned\\u{7}"),
        "{}",
        text.stdout
    );
    let diff = p.run(&["diff", "."]);
    assert!(
        !diff.stdout.contains(['\u{1b}', '\u{7}']),
        "{:?}",
        diff.stdout
    );
}
