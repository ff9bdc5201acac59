//! `--base REV` where it cannot be honoured: `check` and `diff` read the
//! files on disk, and took `--base main` silently, which looked like a
//! check of `main`. A REV that names no commit says why in git's words.

use crate::util::moved_pair;

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

#[test]
fn base_is_refused_where_no_revision_is_read_and_explained_where_it_is_bad() {
    let p = moved_pair(
        MOVE,
        "def helper(x):\n    return x\n",
        "def assist(x):\n    return x\n",
    )
    .file("app.py", "from old.mod import helper\nhelper(1)\n")
    .git_init();
    for command in [
        &["check"][..],
        &["diff"],
        &["apply", "--write"],
        &["baseline"],
        &["doctor"],
    ] {
        let args: Vec<&str> = [command, &["--base", "HEAD", "."]].concat();
        let out = p.run(&args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert_eq!(
            out.stderr,
            format!(
                "error: `--base` is for review, apply and status; `canon {}` reads the files on disk, not a revision\n",
                command.join(" ")
            )
        );
    }
    assert_eq!(
        p.bytes("app.py"),
        b"from old.mod import helper\nhelper(1)\n"
    );
    let status = p.run(&["status", "--base", "HEAD", "."]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let blob = p.run(&["apply", "--base", "HEAD:app.py", "."]);
    assert_eq!(blob.code, 2);
    assert_eq!(
        blob.stderr,
        "error: `HEAD:app.py` does not name a commit in this repository: it names a blob, not a commit\n"
    );
}
