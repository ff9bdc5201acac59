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
/// times and it may have effects; names, literals and attribute reads of
/// names still move, and the migrated program prints what it printed.
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
        after.contains("print(fetch(x), fetch(cfg.k), fetch(\"s\"), fetch(4))"),
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
