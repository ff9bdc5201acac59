//! Hostile pass 14, defects 12 and 08: saved review decisions after the
//! base changed. A rejected copy of a repeated change stays rejected
//! through a teammate's edit next to it, and one that cannot be told apart
//! from its copies any more is left out of `apply` (never committed),
//! said with its lines; a resumed split hunk is counted as resumed. The
//! review is the real `prepare()` driven by keys (`review::open`); the
//! branch is read with the `git` CLI and with git2.

use crate::review::open;
use crate::util::Project;

const RULES: &str =
    "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n";

/// Two functions with the same body: two identical hunks.
const TWO: &str = "def one():\n    from oldpkg.util import helper\n    return helper(1)\n\n\n\n\n\ndef two():\n    from oldpkg.util import helper\n    return helper(1)\n";

/// A change with no copy (the import and its use, linked).
const SOLO: &str = "from oldpkg.util import helper\n\n\n\nprint(helper(2))\n";

fn project() -> Project {
    Project::bare()
        .file("canon.toml", RULES)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/util.py", "def helper(*a):\n    return 'old'\n")
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist(*a):\n    return 'new'\n")
        .file("app.py", TWO)
        .file("solo.py", SOLO)
        .git_init()
}

/// In `canon review`: reject the second copy in app.py, and solo.py's hunks.
fn reject_two_and_solo(p: &Project) {
    let mut r = open(p.path());
    let at = |r: &crate::review::Review, path: &str| {
        r.app
            .visible
            .iter()
            .position(|&i| r.app.entries[i].path == path)
            .unwrap_or_else(|| panic!("{path} in the list"))
    };
    r.app.selected = at(&r, "app.py");
    r.app.hunk = 0;
    r.press("]n");
    r.app.selected = at(&r, "solo.py");
    r.app.hunk = 0;
    r.press("n");
    let e = |path: &str| r.app.entries.iter().find(|e| e.path == path).unwrap();
    assert_eq!(e("app.py").review.counts().rejected, 1);
    let solo = e("solo.py").review.counts();
    assert_eq!((solo.pending, solo.accepted), (0, 0), "{solo:?}");
}

/// A teammate's commit: `edit` applied to `path` on disk and committed.
fn teammate(p: &Project, path: &str, edit: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(p.path().join(path)).unwrap();
    std::fs::write(p.path().join(path), edit(&text)).unwrap();
    p.git(&["commit", "-qam", "a teammate's edit"]);
}

/// `path` on the migration branch (the CLI and git2 agree on it).
fn on_branch(p: &Project, path: &str) -> String {
    String::from_utf8(p.git_bytes("canon/migration", path)).unwrap()
}

#[test]
fn a_rejected_copy_is_not_committed_after_a_teammates_comment_next_to_it() {
    let p = project();
    reject_two_and_solo(&p);
    // Comments right above `def two` and above solo.py's print: both
    // change the lines around the rejected hunks.
    teammate(&p, "app.py", |t| {
        t.replace("\n\n\ndef two", "\n\n# TODO: merge with one()\ndef two")
    });
    teammate(&p, "solo.py", |t| t.replace("\n\nprint", "\n# note\nprint"));
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(!out.stderr.contains("dropped"), "{}", out.stderr);
    let app = on_branch(&p, "app.py");
    assert!(
        app.starts_with("def one():\n    from newpkg.tools import assist\n    return assist(1)\n"),
        "{app}"
    );
    assert!(
        app.ends_with("def two():\n    from oldpkg.util import helper\n    return helper(1)\n"),
        "the rejected copy is not committed:\n{app}"
    );
    // The unique hunk kept its rejection too: solo.py is as the teammate left it.
    assert_eq!(
        on_branch(&p, "solo.py"),
        SOLO.replace("\n\nprint", "\n# note\nprint")
    );
    // And the next review still shows the copy rejected.
    let r = open(p.path());
    let e = r.app.entries.iter().find(|e| e.path == "app.py").unwrap();
    assert_eq!(e.review.counts().rejected, 1, "{:?}", r.app.notice);
    assert_eq!(r.app.dropped, 0);
}

#[test]
fn copies_a_rejection_cannot_be_placed_on_are_left_out_of_apply_and_named() {
    let p = project();
    reject_two_and_solo(&p);
    // A third copy: the change has 3 copies where the rejection was for
    // one of 2, and the second's neighbourhood changed.
    teammate(&p, "app.py", |t| {
        format!("{t}\n\ndef three():\n    from oldpkg.util import helper\n    return helper(1)\n")
    });
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: app.py:10: a rejection saved for one of 2 copies of this change could not be placed, as the copies changed since (3 now); apply leaves out the 2 it may be for (lines 10, 15): run `canon review` to decide them"
        ],
        "{}",
        out.stderr
    );
    let app = on_branch(&p, "app.py");
    assert_eq!(
        app.matches("from newpkg.tools import assist").count(),
        1,
        "only the copy that is where it was:\n{app}"
    );
    assert!(app.starts_with("def one():\n    from newpkg.tools import assist\n"));
    let tip = p.git(&["rev-parse", "canon/migration"]);

    // A second apply, on the branch's tip: still left out, still said.
    let again = p.run(&["apply", "."]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("2 held for review"),
        "{}",
        again.stdout
    );
    assert!(
        again.stderr.contains("app.py:10:") && again.stderr.contains("run `canon review`"),
        "{}",
        again.stderr
    );
    assert_eq!(p.git(&["rev-parse", "canon/migration"]), tip);

    // The review shows them held until decided.
    let r = open(p.path());
    let e = r.app.entries.iter().find(|e| e.path == "app.py").unwrap();
    let held = e
        .review
        .hunks()
        .iter()
        .filter(|h| e.review.is_held(h.id))
        .count();
    assert_eq!(held, 2);
    let notice = &r.app.notice.as_ref().unwrap().1;
    assert!(notice.contains("2 copies held until decided"), "{notice}");
}

/// Hostile 14, defect 08.
#[test]
fn resuming_a_split_hunk_says_its_decisions_were_resumed_and_apply_drops_none() {
    let p = Project::bare()
        .file(
            "canon.toml",
            format!("{RULES}\n[[move]]\nid = \"m2\"\nold = \"oldpkg.models.Thing\"\nnew = \"newpkg.models.Widget\"\n"),
        )
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/util.py", "def helper(*a):\n    return 'old'\n")
        .file("oldpkg/models.py", "class Thing:\n    pass\n")
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist(*a):\n    return 'new'\n")
        .file("newpkg/models.py", "class Widget:\n    pass\n")
        .file(
            "main.py",
            "from oldpkg.util import helper\nfrom oldpkg.models import Thing\nprint(helper(1), Thing())\n",
        )
        .git_init();
    let mut r = open(p.path());
    assert_eq!(r.app.current().unwrap().path, "main.py");
    r.press("syn");
    let first = r.app.totals();
    assert!(first.accepted > 0 && first.rejected > 0, "{first:?}");
    drop(r);
    let r = open(p.path());
    assert_eq!(r.app.totals(), first);
    assert_eq!(r.app.dropped, 0, "{:?}", r.app.notice);
    assert_eq!(r.app.restored, first.decided());
    let notice = &r.app.notice.as_ref().unwrap().1;
    assert_eq!(notice, &format!("Resumed {} decisions", first.decided()));
    drop(r);
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("dropped"), "{}", out.stderr);
}
