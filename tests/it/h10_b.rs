//! Hostile pass 10 (b): a repeated hole collapsed two effectful arguments
//! into one evaluation (`get(next(it), next(it))` -> `fetch(next(it))`),
//! and a FIFO named `fifo.py` was skipped with nothing said.

use crate::util::Project;

/// The old and new modules (each returns its first argument, so a
/// migration that keeps the evaluations prints the same), and a rewrite
/// from `pattern` to `fix`.
fn rewrite(pattern: &str, fix: &str) -> Project {
    Project::bare()
        .file(
            "canon.toml",
            format!("[[rewrite]]\nid = \"r\"\npattern = \"{pattern}\"\nfix = \"{fix}\"\n"),
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def get(*a):\n    return a[0]\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def fetch(*a):\n    return a[0]\n")
}

/// `{get}($X, $X)` -> `{fetch}($X)` matched `get(next(it), next(it))` and
/// ran `next` once where the code ran it twice. Now a capture the pattern
/// repeats is refused, with the reason, when the fix evaluates it fewer
/// times and it may have effects; names and literals still move, and the
/// migrated program prints what it printed. Since hostile pass 13 an
/// attribute of an object (`cfg.k`) may be a property, so it stays too.
#[test]
fn a_repeated_hole_the_fix_uses_once_is_refused_when_it_has_effects() {
    let code = "from old.mod import get\nimport types\n\
                it = iter(range(10))\ncfg = types.SimpleNamespace(k=7)\nx = 3\n\
                print(get(next(it), next(it)), next(it))\n\
                print(get(x, x), get(cfg.k, cfg.k), get(\"s\", \"s\"), get(4, 4))\n\
                print(get(it.__next__(), it.__next__()), next(it))\n";
    let p = rewrite("{old.mod.get}($X, $X)", "{new.mod.fetch}($X)").file("a.py", code);
    let before = p.python(&["a.py"], "the code runs before the migration");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = std::fs::read_to_string(p.path().join("a.py")).unwrap();
    assert!(
        after.contains("print(get(next(it), next(it)), next(it))")
            && after.contains("print(get(it.__next__(), it.__next__()), next(it))"),
        "the effectful matches are left alone:\n{after}"
    );
    assert!(
        after.contains("print(fetch(x), get(cfg.k, cfg.k), fetch(\"s\"), fetch(4))"),
        "effect-free matches still move:\n{after}"
    );
    assert!(
        out.stderr.contains("a.py:6:") && out.stderr.contains("`$X` in 2 places"),
        "the refusal says why:\n{}",
        out.stderr
    );
    assert_eq!(p.python(&["a.py"], "the migrated code runs"), before);
}

/// A fix that keeps a repeated hole as often as the pattern has it, in
/// the same order, is the same program; another order is not.
#[test]
fn a_repeated_hole_kept_as_often_passes_and_reordered_is_refused() {
    let code = "from old.mod import get\nit = iter(range(10))\n\
                print(get(next(it), next(it)), next(it))\n";
    let same = rewrite("{old.mod.get}($X, $X)", "{new.mod.fetch}($X, $X)").file("a.py", code);
    let before = same.python(&["a.py"], "runs");
    assert_eq!(same.run(&["apply", "--write", "."]).code, 0);
    let after = std::fs::read_to_string(same.path().join("a.py")).unwrap();
    assert!(after.contains("fetch(next(it), next(it))"), "{after}");
    assert_eq!(same.python(&["a.py"], "migrated runs"), before);

    let code = "from old.mod import get\nit = iter(range(10))\n\
                print(get(next(it), it.__next__(), next(it)))\n";
    let moved =
        rewrite("{old.mod.get}($A, $B, $A)", "{new.mod.fetch}($A, $A, $B)").file("a.py", code);
    let out = moved.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = std::fs::read_to_string(moved.path().join("a.py")).unwrap();
    assert_eq!(after, code, "reordered evaluations are left alone");
    assert!(out.stderr.contains("another order"), "{}", out.stderr);
}

/// `{f}($A, $B)` -> `{g}($A)` drops `$B`: refused where it has effects.
#[test]
fn a_hole_the_fix_drops_is_refused_when_it_has_effects() {
    let code = "from old.mod import get\nit = iter(range(10))\nx = 1\n\
                print(get(x, next(it)), next(it))\nprint(get(x, x))\n";
    let p = rewrite("{old.mod.get}($A, $B)", "{new.mod.fetch}($A)").file("a.py", code);
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = std::fs::read_to_string(p.path().join("a.py")).unwrap();
    assert!(
        after.contains("print(get(x, next(it)), next(it))"),
        "{after}"
    );
    assert!(after.contains("print(fetch(x))"), "{after}");
    assert!(out.stderr.contains("leaves out `$B`"), "{}", out.stderr);
    p.python(&["a.py"], "the migrated code runs");
}

/// A named pipe `fifo.py` was left out of every command silently (`check
/// fifo.py`: "No violations", exit 0). Now each names it in a warning, and
/// `check` ends with the unchecked-file error and exits 2; nothing waits
/// on the pipe.
#[cfg(unix)]
#[test]
fn a_fifo_named_like_python_is_a_warning_and_check_fails() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"h\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def helper(x):\n    return x\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def assist(x):\n    return x\n")
        .file("ok.py", "from old.mod import helper\nprint(helper(1))\n");
    let fifo = p.path().join("fifo.py");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) on a path in a fresh temporary folder.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let named = fifo.to_str().unwrap();
    for args in [
        vec!["check", "."],
        vec!["check", named],
        vec!["diff", "."],
        vec!["apply", "--write", "."],
    ] {
        let out = p.run(&args);
        assert!(
            out.stderr
                .lines()
                .any(|l| l.starts_with("warning: fifo.py:") && l.contains("not a regular file")),
            "{args:?} names the FIFO:\n{}",
            out.stderr
        );
        if args[0] == "check" {
            assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
            assert!(
                out.stderr.contains("1 Python file could not be checked"),
                "{args:?}: {}",
                out.stderr
            );
        }
    }
    let after = std::fs::read_to_string(p.path().join("ok.py")).unwrap();
    assert_eq!(after, "from new.mod import assist\nprint(assist(1))\n");
    assert_eq!(p.python(&["ok.py"], "the migrated file runs"), "1\n");
}
