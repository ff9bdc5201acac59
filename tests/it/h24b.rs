//! Hostile pass 24b: migrations that must keep the program's meaning.
//! Defects found by running the release binary on awkward Python, each
//! fixed with the test here.

use crate::util::moved_pair;

const CLASS_MOVE: &str =
    "[[move]]\nid = \"m\"\nold = \"old.mod.Helper\"\nnew = \"new.mod.Assist\"\n";
const OLD_CLASS: &str = "from new.mod import Assist\n\n\nclass Helper(Assist):\n    pass\n";
const NEW_CLASS: &str = "class Assist:\n    pass\n";

/// D1: a string annotation that reaches the old symbol through a module
/// the file binds (`"om.Helper"` after `import old.mod as om`,
/// `"mod.Helper"` after `from old import mod`) was no finding at all:
/// `check` was clean and `status` called `old.mod.Helper` "ready to
/// delete (no users left)", though `typing.get_type_hints` loads it
/// there; deleting it, as advised, broke the program. It is a mention
/// (a move does not rewrite a string annotation), and the definition is
/// still in use.
#[test]
fn a_string_annotation_through_a_module_binding_keeps_the_old_symbol_in_use() {
    for (import, spelt, name, column) in [
        ("import old.mod as om", "om.Helper", "om.Helper", 11),
        ("from old import mod", "mod.Helper", "mod.Helper", 11),
        (
            "import old.mod as om",
            "typing.Optional[om.Helper]",
            "om.Helper",
            27,
        ),
    ] {
        let p = moved_pair(CLASS_MOVE, OLD_CLASS, NEW_CLASS)
            .file(
                "app.py",
                format!(
                    "import typing\n{import}\n\n\ndef f(x: \"{spelt}\") -> None:\n    return x\n\n\ndef out():\n    return typing.get_type_hints(f)[\"x\"]\n"
                ),
            )
            .git_init();
        assert!(
            p.python(&["-c", "import app; print(app.out())"], "runs")
                .contains("old.mod.Helper"),
            "{import}"
        );
        let check = p.run(&["check", "."]);
        assert_eq!(check.code, 0, "{}", check.stdout);
        assert!(
            check.stdout.contains(&format!(
                "app.py:5:{column}: m string annotation `{name}` names deprecated `old.mod.Helper`"
            )),
            "{import}\n{}",
            check.stdout
        );
        let status = p.run(&["status", "."]);
        assert!(
            !status.stdout.contains("ready to delete"),
            "{import}\n{}",
            status.stdout
        );
        assert!(
            status.stdout.contains("old.mod.Helper (rule m): app.py:"),
            "{import}\n{}",
            status.stdout
        );
        // `apply` leaves the annotation and the import it needs.
        p.run(&["apply", "--write", "."]);
        assert!(
            p.python(&["-c", "import app; print(app.out())"], "runs after")
                .contains("old.mod.Helper"),
            "{import}"
        );
    }
}

/// D2: a moved chain spelt over several lines with a comment inside
/// (`(old.mod  # why` / `.helper)(1)`) was re-spelt whole as
/// `new.mod.assist`, and the comment went with the text it sat in, said
/// nowhere. A rewrite's fix refuses to drop a comment; so does a move's
/// re-spelt chain now, with the reason, and the rest of its group waits
/// with it. A chain without a comment inside still moves.
#[test]
fn a_moved_chain_with_a_comment_inside_is_not_re_spelt_without_it() {
    let config = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
    let old = "from new.mod import assist\n\n\ndef helper(x):\n    return assist(x)\n";
    let new = "def assist(x):\n    return \"assist:%s\" % x\n";
    let app = "import old.mod\n\n\ndef out():\n    return (old\n            .mod  # the old path, for now\n            .helper)(1)\n";
    let p = moved_pair(config, old, new).file("app.py", app).git_init();
    let run = ["-c", "import app; print(app.out())"];
    assert_eq!(p.python(&run, "the input runs"), "assist:1\n");
    let out = p.run(&["apply", "--write", "."]);
    let text = std::fs::read_to_string(p.path().join("app.py")).expect("read");
    assert!(text.contains("# the old path, for now"), "{text}");
    assert_eq!(text, app, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the code has a comment the fix would drop (`# the old path, for now`)"),
        "{}",
        out.stderr
    );
    assert_eq!(p.python(&run, "the output runs"), "assist:1\n");

    let plain = "import old.mod\n\n\ndef out():\n    return (old\n            .mod\n            .helper)(1)\n";
    let p = moved_pair(config, old, new)
        .file("app.py", plain)
        .git_init();
    p.run(&["apply", "--write", "."]);
    let text = std::fs::read_to_string(p.path().join("app.py")).expect("read");
    assert!(text.contains("new.mod.assist"), "{text}");
    assert_eq!(p.python(&run, "the output runs"), "assist:1\n");
}
