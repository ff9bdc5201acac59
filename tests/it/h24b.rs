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
