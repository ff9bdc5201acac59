//! The compile-error check of a layer walks first only the top-level
//! statements its edits touch: what it must still refuse and accept.

use super::*;

const RULE: &str = "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.helper}($A)\"\nfix = \"{new.mod.assist}(x=$A)\"\n";

#[test]
fn an_error_added_in_one_function_is_refused_next_to_an_old_one_elsewhere() {
    // `untouched` already has an error of the kind the edit in `edited`
    // adds (a name used before its `global`): two now, one before.
    let code = "from old.mod import helper\n\n\ndef untouched():\n    print(y)\n    global y\n\n\ndef edited():\n    helper(1)\n    global assist\n";
    let (out, skipped) = with_rules(RULE, "app/a.py", code);
    assert_eq!(out, code);
    assert!(
        skipped.iter().any(|s| s.contains("Python would refuse")),
        "{skipped:?}"
    );
}

#[test]
fn an_old_error_in_an_untouched_function_does_not_block_an_edit() {
    let code = "from old.mod import helper\n\n\ndef untouched():\n    print(y)\n    global y\n\n\ndef edited():\n    return helper(1)\n";
    let (out, skipped) = with_rules(RULE, "app/a.py", code);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(
        out,
        "from new.mod import assist\n\n\ndef untouched():\n    print(y)\n    global y\n\n\ndef edited():\n    return assist(x=1)\n"
    );
}

#[test]
fn a_module_level_global_in_an_untouched_statement_reads_the_edited_ones() {
    // The error is the `global`'s, in a statement no edit touches; the
    // edit at module level above it is what makes it one.
    let code = "from old.mod import helper\n\nhelper(1)\nif True:\n    global assist\n";
    let (out, skipped) = with_rules(RULE, "app/b.py", code);
    assert_eq!(out, code);
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("'assist' is used prior to its global")),
        "{skipped:?}"
    );
}
