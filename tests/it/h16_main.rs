//! Hostile pass 15, defect 01: a repeated hole compared its two captures
//! with every blank removed, inside strings too, so `fix_path(s, " ", "")`
//! matched a pattern for a replace that changes nothing.

use crate::util::Project;

/// `text.fix_path(s, $A, $A)` means `s` (replacing a text with itself), so
/// the rule drops the call. A replace of `" "` by `""` is no such call.
fn no_op_replace() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"noop\"\npattern = \"{text.fix_path}($S, $A, $A)\"\nfix = \"$S\"\n",
        )
        .file(
            "text.py",
            "def fix_path(s, old, new):\n    return s.replace(old, new)\n",
        )
}

/// Only captures with the same tokens match: strings compare by their
/// exact text (`" "` is not `""`, `"a b"` is not `"ab"`, `f" {x}"` is not
/// `f"{x}"`), while blanks, line breaks and comments between tokens do not
/// count. The migrated program prints what it printed.
#[test]
fn a_repeated_hole_compares_strings_exactly_and_blanks_between_tokens_not() {
    let code = "from text import fix_path\n\
                x = 1\n\
                s = \"a b  c\"\n\
                print(repr(fix_path(s, \" \", \"\")))\n\
                print(repr(fix_path(s, \"a b\", \"ab\")))\n\
                print(repr(fix_path(s, f\" {x}\", f\"{x}\")))\n\
                print(repr(fix_path(s, \"\\t \", \"\\t\")))\n\
                print(repr(fix_path(s, b\" \".decode(), b\"\".decode())))\n\
                print(repr(fix_path(s, \"x\", \"x\")))\n\
                print(repr(fix_path(s, (  \"k\" ), (\"k\"))))\n\
                print(repr(fix_path(s, (\"a\"  # the first\n\
                                        \" b\"), (\"a\" \" b\"))))\n";
    let p = no_op_replace().file("main.py", code);
    let before = p.python(&["main.py"], code);
    let (after, stderr) = p.apply_write("main.py");
    for kept in [
        "fix_path(s, \" \", \"\")",
        "fix_path(s, \"a b\", \"ab\")",
        "fix_path(s, f\" {x}\", f\"{x}\")",
        "fix_path(s, \"\\t \", \"\\t\")",
        "fix_path(s, b\" \".decode(), b\"\".decode())",
    ] {
        assert!(
            after.contains(kept),
            "{kept} was rewritten:\n{after}\n{stderr}"
        );
    }
    for gone in [
        "fix_path(s, \"x\"",
        "fix_path(s, (  \"k",
        "fix_path(s, (\"a\"",
    ] {
        assert!(!after.contains(gone), "{gone} was left:\n{after}\n{stderr}");
    }
    assert_eq!(p.python(&["main.py"], &after), before, "{after}");
}
