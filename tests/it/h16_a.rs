//! Hostile pass 15, defect 02: a `rewrite` whose fix (or pattern) puts a
//! hole where it is evaluated only sometimes, once per item or later — the
//! right of `or`/`and`, a branch of `… if … else …`, a later link of a
//! chained comparison, a comprehension's element, a lambda's body — was
//! counted as evaluating the capture once, and a capture with effects
//! (`tick(2)`) then ran another number of times. Such a match is refused
//! with the reason; a capture without effects is still rewritten, and each
//! migrated program is run. Defect 10: a note comparing two locals named
//! the scope of neither ("a local name instead of a local name").

use crate::util::Project;

/// `tick(v)` records `v` in `calls` and returns it.
const TICK: &str = "calls = []\n\n\ndef tick(v):\n    calls.append(v)\n    return v\n\n\n";

/// A project with `old/api.py` and `new/api.py` (given), one rewrite rule
/// and `main.py`.
fn project(old: &str, new: &str, pattern: &str, fix: &str, main: &str) -> Project {
    let rules = format!(
        "[[rewrite]]\nid = \"r\"\npattern = \"{pattern}\"\nfix = \"{}\"\n",
        fix.replace('"', "\\\"")
    );
    Project::bare()
        .file("canon.toml", rules)
        .file("old/__init__.py", "")
        .file("old/api.py", old)
        .file("new/__init__.py", "")
        .file("new/api.py", new)
        .file("main.py", main)
}

/// Runs `main.py`, then `canon diff` and `canon apply --write`, then
/// `main.py` again: the notes, the migrated text; the output is the same.
fn migrate(p: &Project) -> (String, String) {
    let before = p.python(&["main.py"], "the program before");
    let diff = p.run(&["diff", "."]);
    assert!(diff.code <= 1, "{}", diff.stderr);
    let (main, _) = p.apply_write("main.py");
    let after = p.python(&["main.py"], &format!("{main}\n{}", diff.stderr));
    assert_eq!(after, before, "{main}\n{}", diff.stderr);
    (diff.stderr, main)
}

/// `old_get(first(), side())` → `first() or side()` no longer ran `side()`
/// when `first()` was truthy.
#[test]
fn a_fix_that_puts_a_capture_right_of_or_does_not_skip_its_call() {
    let main = format!(
        "from old.api import get\n\n{TICK}first = get(tick(1), tick(2))\nassert calls == [1, 2], calls\nname = None\ndefault = \"d\"\nchosen = get(name, default)\nassert chosen == \"d\"\nprint(first, chosen, calls)\n"
    );
    let p = project(
        "def get(a, b):\n    return a or b\n",
        "",
        "{old.api.get}($A, $B)",
        "$A or $B",
        &main,
    );
    let (notes, got) = migrate(&p);
    assert!(
        notes.contains("the fix evaluates `$B` (`tick(2)`) only when what is left of `or` is false (in `$A or $B`); the code it replaces evaluates it every time it runs, and `tick(2)` may have side effects"),
        "{notes}"
    );
    assert!(got.contains("first = get(tick(1), tick(2))"), "{got}");
    assert!(got.contains("chosen = name or default"), "{got}");
}

/// `new($A) if flag else $B` runs one branch, `$A and $B` its right only
/// when the left is true.
#[test]
fn a_fix_that_puts_a_capture_in_a_branch_or_right_of_and_is_refused_for_calls() {
    let old = "def choose(a, b):\n    return [a]\n\n\ndef both(a, b):\n    return a and b\n";
    let new = "ENABLED = True\n\n\ndef make(a):\n    return [a]\n";
    let main = format!(
        "from old.api import choose\n\n{TICK}x, y = 3, 4\nassert choose(tick(1), tick(2)) == [1]\nassert calls == [1, 2], calls\nassert choose(x, y) == [3]\nprint(calls)\n"
    );
    let p = project(
        old,
        new,
        "{old.api.choose}($A, $B)",
        "{new.api.make}($A) if {new.api.ENABLED} else $B",
        &main,
    );
    let (notes, got) = migrate(&p);
    assert!(
        notes.contains("the fix evaluates `$A` (`tick(1)`) only when the condition of `… if … else …` holds (in `{new.api.make}($A) if {new.api.ENABLED} else $B`)"),
        "{notes}"
    );
    assert!(got.contains("choose(tick(1), tick(2))"), "{got}");
    assert!(got.contains("make(x) if ENABLED else y"), "{got}");

    let main = format!(
        "from old.api import both\n\n{TICK}ok = True\nflag = both(tick(0), tick(2))\nassert calls == [0, 2], calls\nassert both(ok, 5) == 5\nprint(flag, calls)\n"
    );
    let p = project(old, new, "{old.api.both}($A, $B)", "$A and $B", &main);
    let (notes, got) = migrate(&p);
    assert!(
        notes
            .contains("the fix evaluates `$B` (`tick(2)`) only when what is left of `and` is true"),
        "{notes}"
    );
    assert!(got.contains("flag = both(tick(0), tick(2))"), "{got}");
    assert!(got.contains("assert (ok and 5) == 5"), "{got}");
}

/// `[g(item, $B) for item in $A]` runs `$B` once per item (here twice, or
/// never for an empty list); only the first iterable runs once.
#[test]
fn a_fix_that_puts_a_capture_in_a_comprehension_element_runs_it_once_per_item_so_is_refused() {
    let old = "def each(xs, step):\n    return [x + step for x in xs]\n";
    let new = "def g(x, step):\n    return x + step\n";
    let main = format!(
        "from old.api import each\n\n{TICK}items = [1, 2]\nstep = 10\nassert each(items, tick(10)) == [11, 12]\nassert each([], tick(5)) == []\nassert calls == [10, 5], calls\nassert each(tick([3]), 1) == [4]\nassert each(items, step) == [11, 12]\n\n\nclass Config:\n    step = 100\n    steps = each(items, step)\n\n\nassert Config.steps == [101, 102]\nprint(calls)\n"
    );
    let p = project(
        old,
        new,
        "{old.api.each}($A, $B)",
        "[{new.api.g}(item, $B) for item in $A]",
        &main,
    );
    let (notes, got) = migrate(&p);
    assert!(
        notes.contains("the fix evaluates `$B` (`tick(10)`) once per item of the comprehension (zero or many times) (in `[{new.api.g}(item, $B) for item in $A]`)"),
        "{notes}"
    );
    assert!(
        notes.contains("the fix evaluates `$B` (`tick(5)`) once per item"),
        "{notes}"
    );
    assert!(got.contains("assert each(items, tick(10))"), "{got}");
    assert!(got.contains("assert each([], tick(5))"), "{got}");
    // The first iterable runs once, where the call ran it; the item is
    // the fix's own name.
    assert!(
        got.contains("assert [g(item, 1) for item in tick([3])] == [4]"),
        "{got}"
    );
    assert!(
        got.contains("assert [g(item, step) for item in items] == [11, 12]"),
        "{got}"
    );
    // A class's names are not seen from a comprehension in its body.
    assert!(got.contains("steps = each(items, step)"), "{got}");
}

/// `(lambda: $B)` runs `$B` when the lambda is called, not where the code
/// ran it: a call would run later (and as often as the lambda is called),
/// and a loop variable would be read after the loop rebound it.
#[test]
fn a_fix_that_puts_a_capture_in_a_lambda_body_is_refused_unless_it_is_a_constant() {
    let old = "def later(b):\n    return lambda: b\n";
    let main = format!(
        "from old.api import later\n\n{TICK}f = later(tick(5))\nassert calls == [5], calls\nassert f() == 5 and f() == 5\nassert calls == [5], calls\nfs = []\nfor i in range(3):\n    fs.append(later(i))\nassert [f() for f in fs] == [0, 1, 2]\nassert later(7)() == 7\nprint(calls)\n"
    );
    let p = project(old, "", "{old.api.later}($B)", "(lambda: $B)", &main);
    let (notes, got) = migrate(&p);
    assert!(
        notes.contains("the fix evaluates `$B` (`tick(5)`) only when the lambda is called"),
        "{notes}"
    );
    assert!(
        notes.contains("the fix evaluates `$B` (`i`) only when the lambda is called: not where the expression stands, and then as many times as it is called (in `lambda: $B`); the code it replaces evaluates it every time it runs, and `i` would be read at another time"),
        "{notes}"
    );
    assert!(got.contains("f = later(tick(5))"), "{got}");
    assert!(got.contains("fs.append(later(i))"), "{got}");
    assert!(got.contains("assert (lambda: 7)() == 7"), "{got}");
}

/// `between(lo, x, hi)` → `lo <= x <= hi` evaluates `hi` only when
/// `lo <= x` holds.
#[test]
fn a_fix_that_puts_a_capture_late_in_a_chained_comparison_is_refused_for_calls() {
    let old = "def between(lo, x, hi):\n    return lo <= x and x <= hi\n";
    let main = format!(
        "from old.api import between\n\n{TICK}assert not between(5, 1, tick(9))\nassert calls == [9], calls\nlo, hi = 0, 10\nassert between(lo, 3, hi)\nprint(calls)\n"
    );
    let p = project(
        old,
        "",
        "{old.api.between}($L, $X, $H)",
        "$L <= $X <= $H",
        &main,
    );
    let (notes, got) = migrate(&p);
    assert!(
        notes.contains("the fix evaluates `$H` (`tick(9)`) only when the comparison before it in the chain holds"),
        "{notes}"
    );
    assert!(got.contains("assert not between(5, 1, tick(9))"), "{got}");
    assert!(got.contains("assert lo <= 3 <= hi"), "{got}");
}

/// The other way round: the pattern `$A or $B` evaluated `$B` only when
/// `$A` was false; `pick($A, $B)` always evaluates it. A fix that keeps
/// the hole in the same construct evaluates it alike, and is rewritten.
#[test]
fn a_pattern_that_puts_a_hole_right_of_or_is_not_rewritten_to_a_call_that_always_runs_it() {
    let new = "def pick(a, b):\n    if a:\n        return a\n    return b\n";
    let main = format!(
        "{TICK}value = tick(3) or tick(7)\nassert calls == [3], calls\nname = None\ndefault = \"d\"\nassert (name or default) == \"d\"\nprint(value, calls)\n"
    );
    let p = project("", new, "$A or $B", "{new.api.pick}($A, $B)", &main);
    let (notes, got) = migrate(&p);
    assert!(
        notes.contains("the code it replaces evaluates `$B` (`tick(7)`) only when what is left of `or` is false (in `$A or $B`); the fix evaluates it every time it runs, and `tick(7)` may have side effects"),
        "{notes}"
    );
    assert!(got.contains("value = tick(3) or tick(7)"), "{got}");
    assert!(
        got.contains("assert (pick(name, default)) == \"d\""),
        "{got}"
    );

    // Same construct on both sides: rewritten, calls and all.
    let old = "def first(v):\n    return [v]\n";
    let new = "def first_of(v):\n    return [v]\n";
    let main = format!(
        "from old.api import first\n\n{TICK}assert first(tick(3) or tick(7)) == [3]\nassert first(tick(0) or tick(7)) == [7]\nassert calls == [3, 0, 7], calls\nprint(calls)\n"
    );
    let p = project(
        old,
        new,
        "{old.api.first}($A or $B)",
        "{new.api.first_of}($A or $B)",
        &main,
    );
    let (notes, got) = migrate(&p);
    assert!(
        got.contains("from new.api import first_of\n")
            && got.contains("assert first_of(tick(3) or tick(7)) == [3]")
            && !got.contains("old.api"),
        "{got}\n{notes}"
    );
}

/// Defect 10: a capture copied into a fix where its name means another
/// local said "would mean a local name instead of a local name". The
/// note names both scopes now, so the two sides differ.
#[test]
fn a_note_about_a_copied_name_that_means_another_local_names_both_scopes() {
    let old = "def each(xs, step):\n    return [x + step for x in xs]\n";
    let new = "def g(x, step):\n    return x + step\n";
    let main = "from old.api import each\n\nitems = [1, 2]\nstep = 1\n\n\nclass Config:\n    step = 100\n    steps = each(items, step)\n\n\ndef outer(item):\n    return each(items, item)\n\n\nassert Config.steps == [101, 102]\nassert outer(5) == [6, 7]\n";
    let p = project(
        old,
        new,
        "{old.api.each}($A, $B)",
        "[{new.api.g}(item, $B) for item in $A]",
        main,
    );
    let (notes, got) = migrate(&p);
    assert!(
        notes.contains("`step` copied into the fix would mean a name of the module instead of a name of class `Config`"),
        "{notes}"
    );
    assert!(
        notes.contains("`item` copied into the fix would mean a variable of a comprehension instead of a local of `outer`"),
        "{notes}"
    );
    assert!(
        !notes.contains("a local name instead of a local name"),
        "{notes}"
    );
    assert_eq!(got, main);
}
