//! Hostile pass 8, defect 14: a fix that swaps two captures (`g($B, $A)`
//! for `f($A, $B)`) pasted `f(next(it), next(it))` as `g(next(it),
//! next(it))` with their order swapped, so the iterator's values went to
//! the other parameters. Captures with effects keep their order or the
//! fix is refused; names and literals swap freely. Since hostile pass 13 a
//! name does not swap with a call either (the call may rebind it:
//! `f(bump(), COUNT)`), only a constant does. The result is run.

use crate::util::Project;

#[test]
fn a_fix_that_swaps_captures_with_effects_is_refused_and_others_run_the_same() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.f}($A, $B)\"\nfix = \"{new.mod.g}($B, $A)\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def f(a, b):\n    return (\"f\", a, b)\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def g(b, a):\n    return (\"f\", a, b)\n")
        .file(
            "app.py",
            "from old.mod import f\n\nit = iter(range(10))\nlog = []\n\n\ndef a():\n    log.append(\"a\")\n    return \"A\"\n\n\nx, y = 1, 2\nassert f(next(it), next(it)) == (\"f\", 0, 1)\nassert f(a(), y) == (\"f\", \"A\", 2)\nassert f(x, y) == (\"f\", 1, 2)\nassert f(1, 2) == (\"f\", 1, 2)\nassert log == [\"a\"], log\nprint(\"ok\")\n",
        );
    assert_eq!(p.python(&["app.py"], "before"), "ok\n");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the fix evaluates `$B` (`next(it)`) before `$A` (`next(it)`)"),
        "{}",
        out.stderr
    );
    let app = std::fs::read_to_string(p.path().join("app.py")).unwrap();
    assert!(app.contains("f(next(it), next(it))"), "{app}");
    assert!(app.contains("f(a(), y)"), "{app}");
    assert!(
        out.stderr
            .contains("`$A` may have side effects that change what `$B` reads"),
        "{}",
        out.stderr
    );
    assert!(app.contains("g(y, x)") && app.contains("g(2, 1)"), "{app}");
    assert_eq!(p.python(&["app.py"], "after"), "ok\n");
}
