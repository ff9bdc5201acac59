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
/// (`(old` / `.mod  # why` / `.helper)(1)`) was re-spelt whole as
/// `new.mod.assist`, and the comment went with the text it sat in, said
/// nowhere. It is re-spelt name by name now, the comment and the layout
/// kept; a path shorter by a name whose part holds a comment cannot be,
/// and is not proposed, with the reason (as a rewrite's fix refuses to
/// drop a comment), the rest of its group waiting with it.
#[test]
fn a_moved_chain_with_a_comment_inside_keeps_the_comment() {
    let old = "from new.mod import assist\n\n\ndef helper(x):\n    return assist(x)\n";
    let new = "def assist(x):\n    return \"assist:%s\" % x\n";
    let run = ["-c", "import app; print(app.out())"];
    let body = |chain: &str| format!("import old.mod\n\n\ndef out():\n    return ({chain})(1)\n");
    for (target, chain, expected) in [
        (
            "new.mod.assist",
            "old\n            .mod  # why\n            .helper",
            "new\n            .mod  # why\n            .assist",
        ),
        (
            "new.deep.core.assist",
            "old  # a\n            .mod  # b\n            .helper",
            "new  # a\n            .deep  # b\n            .core.assist",
        ),
        (
            "top.assist",
            "old  # a\n            .mod\n            .helper",
            "top  # a\n            .assist",
        ),
    ] {
        let config =
            format!("[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"{target}\"\n");
        let (module, _) = target.rsplit_once('.').unwrap();
        let p = moved_pair(&config, old, new)
            .file(&format!("{}.py", module.replace('.', "/")), new)
            .file("new/deep/__init__.py", "")
            .file("app.py", body(chain))
            .git_init();
        assert_eq!(p.python(&run, "the input runs"), "assist:1\n");
        let out = p.run(&["apply", "--write", "."]);
        let text = std::fs::read_to_string(p.path().join("app.py")).expect("read");
        assert!(
            text.contains(&format!("({expected})(1)")),
            "{text}\n{}",
            out.stderr
        );
        assert!(text.starts_with(&format!("import {module}\n")), "{text}");
        assert_eq!(p.python(&run, "the output runs"), "assist:1\n", "{text}");
    }

    let config = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"top.assist\"\n";
    let app = body("old\n            .mod  # why\n            .helper");
    let p = moved_pair(config, old, new)
        .file("top.py", new)
        .file("app.py", &app)
        .git_init();
    let out = p.run(&["apply", "--write", "."]);
    let text = std::fs::read_to_string(p.path().join("app.py")).expect("read");
    assert_eq!(text, app, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the code has a comment the fix would drop (`# why`)"),
        "{}",
        out.stderr
    );
    assert_eq!(p.python(&run, "the output runs"), "assist:1\n");
}

/// A `.pyw` script (what Windows runs with `pythonw`) is Python source:
/// it was never analysed, so after `apply` it still imported the old
/// module while `check` said "No violations" and nothing named it.
#[test]
fn a_pyw_script_is_checked_and_migrated_like_any_python_file() {
    let config = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
    let p = moved_pair(
        config,
        "from new.mod import assist\n\nhelper = assist\n",
        "def assist(x):\n    return x + 1\n",
    )
    .file(
        "tool.pyw",
        "from old.mod import helper\n\nprint(helper(1))\n",
    )
    .git_init();
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("tool.pyw:1:21: m `old.mod.helper` moved to `new.mod.assist`"),
        "{}",
        check.stdout
    );
    let (text, _) = p.apply_write("tool.pyw");
    assert_eq!(text, "from new.mod import assist\n\nprint(assist(1))\n");
    assert_eq!(p.python(&["tool.pyw"], "the migrated script runs"), "2\n");
    let check = p.run(&["check", "."]);
    assert!(!check.stdout.contains("tool.pyw"), "{}", check.stdout);
}
