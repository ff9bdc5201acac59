//! What a refused rewrite leaves: nothing of its own. Its fix's imports
//! are planned while the fix is filled in, and a refusal after that (a
//! keyword the fix would give twice, a patched global) used to leave the
//! import behind with nothing to use it, so the file got a second note,
//! "would be imported and not used ()", about a line no one edits (hostile
//! pass 21, D5).

use crate::util::moved_pair;

const RULE: &str = "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.helper}($$$A)\"\nfix = \"{new.mod.assist}($$$A, y=2)\"\n";
const OLD: &str = "def helper(x=0, y=0):\n    return ('old', x, y)\n";
const NEW: &str = "def assist(x=0, y=0):\n    return ('new', x, y)\n";

#[test]
fn a_refused_fix_leaves_no_import_and_no_note_about_one() {
    let app = "from old.mod import helper\n\n\ndef out():\n    return helper(y=1)\n";
    let p = moved_pair(RULE, OLD, NEW).file("app.py", app);
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(text, app, "{stderr}");
    assert!(
        stderr.contains("app.py:5: r: not proposed: the keyword argument `y` would be given twice"),
        "{stderr}"
    );
    assert!(!stderr.contains("imported and not used"), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("note:")).count(),
        1,
        "{stderr}"
    );
}

/// Beside a refused match, one that is rewritten keeps the import they
/// would share, once, and the file runs: the refused call still reaches
/// the old function, the other the new one.
#[test]
fn a_fix_kept_beside_a_refused_one_keeps_the_import_they_share() {
    let app = "from old.mod import helper\n\n\ndef out():\n    return helper(y=1), helper(5)\n";
    let p = moved_pair(RULE, OLD, NEW).file("app.py", app);
    let run = "import app; print(app.out())";
    assert_eq!(
        p.python(&["-c", run], "the input runs"),
        "(('old', 0, 1), ('old', 5, 0))\n"
    );
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(
        text,
        "from old.mod import helper\nfrom new.mod import assist\n\n\ndef out():\n    return helper(y=1), assist(5, y=2)\n",
        "{stderr}"
    );
    assert_eq!(
        p.python(&["-c", run], &text),
        "(('old', 0, 1), ('new', 5, 2))\n"
    );
    assert!(!stderr.contains("imported and not used"), "{stderr}");
}
