//! Hostile pass 8 (a): the review model. Saved decisions stay on the hunk
//! they were made on when a copy of the change lands elsewhere in the file;
//! an edit is re-checked like the fuzz invariants check a rewrite.

use canon::review::Decision;

use crate::util::Project;

const RULES: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n";

fn block(name: &str) -> String {
    format!(
        "\n\n\n\n\ndef {name}():\n    with patch(\"old.mod.make\"):\n        assert make() == \"new\"\n\n\n\n\n\n"
    )
}

/// The reviewer rejected the first of two identical `patch("old.mod.make")`
/// hunks and accepted the second; a teammate then added a test with the
/// same line above them. The saved decisions were matched by rank among
/// the copies, so they shifted by one and `apply` committed the string the
/// reviewer had rejected. Copies are told apart by their neighbourhood now.
#[test]
fn a_rejected_copy_stays_rejected_when_another_copy_is_added_above() {
    let head = "from unittest.mock import patch\n\nfrom new.mod import create as make\n";
    let p = Project::new()
        .file("canon.toml", RULES)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"old\"\n")
        .file("new/mod.py", "def create():\n    return \"new\"\n")
        .file(
            "test_x.py",
            format!("{head}{}{}", block("test_keep_old"), block("test_two")),
        )
        .git_init();
    let crate::review::Review {
        mut app,
        mut driver,
        ..
    } = crate::review::open(p.path());
    let i = app
        .entries
        .iter()
        .position(|e| e.path == "test_x.py")
        .expect("test_x.py is proposed");
    let review = &mut app.entries[i].review;
    let ids: Vec<_> = review.hunks().iter().map(|h| h.id).collect();
    assert_eq!(ids.len(), 2, "{:?}", review.hunks());
    review.decide(ids[0], Decision::Rejected).unwrap();
    review.decide(ids[1], Decision::Accepted).unwrap();
    driver.save(&app.session()).unwrap();
    drop((app, driver));

    let text = format!(
        "{head}{}{}{}",
        block("test_added_later"),
        block("test_keep_old"),
        block("test_two")
    );
    std::fs::write(p.path().join("test_x.py"), &text).unwrap();
    p.git(&["commit", "-qam", "add a test"]);
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got = p.git(&["show", "canon/migration:test_x.py"]);
    let keep = got.find("def test_keep_old").unwrap();
    let two = got.find("def test_two").unwrap();
    assert!(
        got[keep..two].contains("patch(\"old.mod.make\")"),
        "the rejection holds:\n{got}"
    );
    assert!(got[two..].contains("patch(\"new.mod.create\")"), "{got}");
    assert!(
        got[..keep].contains("patch(\"new.mod.create\")"),
        "the new copy was pending, so apply accepts it:\n{got}"
    );
}

const MAIN: &str = "from old.mod import make\nimport os\n\n\n\n\n\n\n\n\ndef a():\n    return make()\n\n\n\n\n\n\n\n\ndef b():\n    return make()\nprint(a(), b())\n";

fn two_uses() -> Project {
    Project::new()
        .file("canon.toml", RULES)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"old\"\n")
        .file("new/mod.py", "def create():\n    return \"new\"\n")
        .file("main.py", MAIN)
        .git_init()
}

/// Edit the hunk of `def a()`'s use with `text`; the error, if refused.
fn edit_use_a(p: &Project, text: &str) -> Result<(), String> {
    let crate::review::Review { mut app, .. } = crate::review::open(p.path());
    let i = app
        .entries
        .iter()
        .position(|e| e.path == "main.py")
        .unwrap();
    let review = &mut app.entries[i].review;
    let h = review.hunks()[1].clone();
    assert!(h.old.contains("return make()"), "{h:?}");
    review
        .edit(h.id, text)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// An edit Python rejects was kept: a line that lost its indentation (an
/// IndentationError), `await` in a plain def, `nonlocal` with no binding.
/// The edited file is judged as the fuzz invariants judge a proposal:
/// syntax and compile errors the base does not have refuse it.
#[test]
fn an_edit_python_would_refuse_is_not_kept() {
    let p = two_uses();
    for bad in [
        "return create()\n",
        "    return await create()\n",
        "    nonlocal zz\n    return create()\n",
    ] {
        let e = edit_use_a(&p, bad).expect_err(bad);
        assert!(e.contains("not kept"), "{bad:?}: {e}");
    }
    // A good edit is kept.
    edit_use_a(&p, "    return create()  # checked\n").unwrap();
}

/// An edit that keeps the old name while the linked import hunk swaps the
/// import: `a()` would call the unbound `make`. Refused with a note.
#[test]
fn an_edit_keeping_a_name_its_linked_import_removes_is_refused() {
    let p = two_uses();
    let e = edit_use_a(&p, "    return make()\n").expect_err("refused");
    assert!(e.contains("make") && e.contains("nothing binds"), "{e}");
    // What apply commits without that edit runs.
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    std::fs::write(
        p.path().join("main.py"),
        p.git(&["show", "canon/migration:main.py"]),
    )
    .unwrap();
    let run = p.python(&["main.py"], "the migrated file runs");
    assert_eq!(run.trim(), "new new");
}
