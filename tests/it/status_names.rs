//! `canon status` on names and refusals that broke its output: a file name
//! with a backtick ended Markdown's inline code early, and an import whose
//! two names were both held back printed the same refusal twice.

use crate::util::moved_pair;

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

#[test]
fn status_shows_a_backticked_name_and_each_refusal_once() {
    // The call does not parse, so neither it nor the import it goes with
    // is fixed: two edits of line 1 (the module and the name) are held.
    let p = moved_pair(
        MOVE,
        "def helper(x):\n    return x\n",
        "def assist(x):\n    return x\n",
    )
    .file("we`ird.py", "from old.mod import helper\nhelper(\n")
    .git_init();
    let md = p.run(&["status", ".", "--format", "markdown"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    let held: Vec<&str> = md
        .stdout
        .lines()
        .filter(|l| l.starts_with("- [ ]"))
        .collect();
    assert_eq!(
        held,
        [
            "- [ ] ``we`ird.py:1`` (m): it goes with a fix on line 2, in code canon cannot parse",
            "- [ ] ``we`ird.py:2`` (m): the statement does not parse as canon reads it (tree-sitter misreads some valid Python, such as `*x[k], = …`): a fix in it cannot be checked, so none is made",
        ],
        "{}",
        md.stdout
    );
    let text = p.run(&["status", "."]);
    let lines: Vec<&str> = (text.stdout.lines())
        .filter(|l| l.starts_with("  we`ird.py"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", text.stdout);
}
