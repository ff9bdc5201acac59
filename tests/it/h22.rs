//! Hostile pass 22: defects found by running the release binary on
//! awkward Python and odd rules, each fixed with the test here.

use crate::util::{Project, moved_pair};

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
const RUN: &str = "import app; print(app.out())";

/// The old/new pair of most tests here, with `app.py` as given.
fn pair(app: &str) -> Project {
    moved_pair(
        MOVE,
        "from new.mod import assist\n\n\ndef helper(x):\n    return assist(x)\n",
        "def assist(x):\n    return \"assist:%s\" % x\n",
    )
    .file("app.py", app)
}

/// Applies the moves and returns the file, checking that `RUN` prints
/// `expected` before and after.
fn migrated(p: &Project, expected: &str) -> String {
    assert_eq!(p.python(&["-c", RUN], "the input runs"), expected);
    let out = p.run(&["apply", "--write", "."]);
    let text = std::fs::read_to_string(p.path().join("app.py")).expect("read");
    assert_eq!(
        p.python(
            &["-c", RUN],
            &format!("the output runs:\n{text}\n{}", out.stderr)
        ),
        expected,
        "{text}"
    );
    text
}

/// D1: `*rest` in a sequence pattern and `**rest` in a mapping pattern
/// bind `rest` (a capture), but canon read them as loads of the import:
/// in a class body `case [1, *helper]:` became `case [1, *assist]:`, so
/// `C.helper` was gone (AttributeError).
#[test]
fn a_star_or_double_star_capture_in_a_match_pattern_is_a_binding() {
    for (subject, pattern, value) in [
        ("[1, 2]", "[1, *helper]", "[2]"),
        ("{'a': 1, 'b': 2}", "{'a': 1, **helper}", "{'b': 2}"),
        ("(1, 2, 3)", "[9, *helper] | (1, *helper)", "[2, 3]"),
    ] {
        let p = pair(&format!(
            "from old.mod import helper\n\n\nclass C:\n    match {subject}:\n        case {pattern}:\n            pass\n\n\ndef out():\n    return C.helper, helper(1)\n"
        ));
        let text = migrated(&p, &format!("({value}, 'assist:1')\n"));
        assert!(text.contains(&format!("case {pattern}:")), "{text}");
        assert!(text.contains("assist(1)"), "{text}");
    }
}

/// D2: a module moved wholesale (`old.mod` → `new.mod`) and bound by name
/// (`from old import mod`): the import is re-pointed and `mod.VALUE`
/// follows it, but a `case mod.VALUE:` pattern was re-spelt
/// `case new.mod.VALUE:` through an added `import new.mod` (and, when it
/// was the only use, reported as "needs a human" though nothing was left
/// to do). The pattern's dotted value hangs off its head, as an attribute
/// chain hangs off its object.
#[test]
fn a_case_value_through_a_repointed_module_binding_follows_it() {
    let config = "[[move]]\nid = \"m\"\nold = \"old.mod\"\nnew = \"new.mod\"\n";
    let module = "VALUE = 1\n";
    for (app, expected) in [
        (
            "from old import mod\n\n\ndef out():\n    match 1:\n        case mod.VALUE:\n            return 'one', mod.VALUE\n    return 'no'\n",
            "('one', 1)\n",
        ),
        (
            "from old import mod\n\n\ndef out():\n    match 1:\n        case mod.VALUE:\n            return 'one'\n    return 'no'\n",
            "one\n",
        ),
    ] {
        let p = moved_pair(config, module, module).file("app.py", app);
        assert_eq!(p.python(&["-c", RUN], "the input runs"), expected);
        let out = p.run(&["apply", "--write", "."]);
        let text = std::fs::read_to_string(p.path().join("app.py")).expect("read");
        assert_eq!(p.python(&["-c", RUN], &text), expected, "{text}");
        assert_eq!(
            text,
            app.replace("from old import mod", "from new import mod")
        );
        assert!(!out.stderr.contains("needs a human"), "{}", out.stderr);
    }
}
