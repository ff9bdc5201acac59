//! Hostile pass 21: defects found by running the release binary on
//! awkward Python and odd rules, each fixed with the test here.

use crate::util::{Project, moved_pair};

/// D1: a rule path spelt in a form Python normalises (`new.mod.ﬁx`, with
/// the `ﬁ` ligature, which Python reads as `fix`, PEP 3131) loaded, and
/// canon wrote `from new.mod import ﬁx` into a file whose module-level
/// `fix = 3` is, to Python, the same name: the import was shadowed and the
/// call became `3(1)`. A path in the rules that is not its own NFKC form is
/// now refused when the config loads, naming the form Python reads.
#[test]
fn a_rule_path_python_reads_otherwise_is_refused_at_load() {
    let config = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.\u{fb01}x\"\n";
    let p = moved_pair(
        config,
        "from new.mod import fix\n\n\ndef helper(x):\n    return fix(x)\n",
        "def fix(x):\n    return \"fix:%s\" % x\n",
    )
    .file(
        "app.py",
        "from old.mod import helper\n\nfix = 3\n\n\ndef out():\n    return helper(1), fix\n",
    );
    let run = "import app; print(app.out())";
    assert_eq!(p.python(&["-c", run], "the input runs"), "('fix:1', 3)\n");
    let out = p.run(&["apply", "--write", "."]);
    // Whatever canon does, the file still runs as it did.
    let text = std::fs::read_to_string(p.path().join("app.py")).expect("read");
    assert_eq!(
        p.python(&["-c", run], &format!("the output runs:\n{text}")),
        "('fix:1', 3)\n",
        "{text}"
    );
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("canon.toml:4:7: `new` spells `new.mod.\u{fb01}x`, which Python reads as `new.mod.fix` (NFKC, PEP 3131)")
            && out.stderr.contains("write `new.mod.fix`"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

/// D1, the other places a rule names a path: `old` (fullwidth `ｈ` never
/// matches the `helper` a file spells, so the rule silently found
/// nothing), `symbol`, a pattern's and a fix's `{…}`, and a fold that
/// lands on a keyword (`ｃlass` is `class`).
#[test]
fn every_rule_path_kind_is_checked_for_its_nfkc_form() {
    let cases = [
        (
            "[[move]]\nid = \"m\"\nold = \"old.mod.\u{ff48}elper\"\nnew = \"new.mod.assist\"\n",
            "canon.toml:3:7: `old` spells `old.mod.\u{ff48}elper`, which Python reads as `old.mod.helper`",
        ),
        (
            "[[ban]]\nid = \"b\"\nsymbol = \"old.mod.\u{ff48}elper\"\n",
            "canon.toml:3:10: `symbol` spells",
        ),
        (
            "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.\u{ff43}lass\"\n",
            "which Python reads as `new.class` (NFKC, PEP 3131): canon compares and writes names as written, and `class` is a Python keyword",
        ),
        (
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.\u{ff48}elper}($X)\"\nfix = \"$X\"\n",
            "canon.toml:3:11: rule `r`: bad `pattern`: `{old.mod.\u{ff48}elper}` is spelt in a form Python reads as `old.mod.helper`",
        ),
        (
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.helper}($X)\"\nfix = \"{new.mod.\u{fb01}x}($X)\"\n",
            "canon.toml:4:7: rule `r`: bad `fix`: `{new.mod.\u{fb01}x}` is spelt in a form Python reads as `new.mod.fix`",
        ),
    ];
    for (config, expected) in cases {
        let p = Project::bare()
            .file("canon.toml", config)
            .file("app.py", "from old.mod import helper\nhelper(1)\n");
        let out = p.run(&["check", "."]);
        assert_eq!(out.code, 2, "{config}\n{}", out.stderr);
        assert!(out.stderr.contains(expected), "{config}\n{}", out.stderr);
    }
    // Names that are their own NFKC form still load and fix.
    let p = moved_pair(
        "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.\u{430}\u{441}\u{441}\u{438}\u{441}\u{442}\"\n",
        "def helper(x):\n    return x\n",
        "def \u{430}\u{441}\u{441}\u{438}\u{441}\u{442}(x):\n    return \"u:%s\" % x\n",
    )
    .file("app.py", "from old.mod import helper\n\n\ndef out():\n    return helper(1)\n");
    let (text, stderr) = p.apply_write("app.py");
    assert!(
        text.contains("from new.mod import \u{430}\u{441}\u{441}\u{438}\u{441}\u{442}\n"),
        "{text}\n{stderr}"
    );
    assert_eq!(
        p.python(&["-c", "import app; print(app.out())"], &text),
        "u:1\n"
    );
}

/// D2: a patch target spelt with escape sequences (`"old.mod.\x68elper"`,
/// `"ol\x64.mod.helper"`, `\u0068`, octal, a backslash-newline inside the
/// literal) is the old path to Python, but canon read the text as written,
/// so it saw no patch: it moved the calls to `new.mod.assist` and left the
/// patch on the old module, and the test's mock silently stopped
/// applying. Such a literal is now folded to its value, like a path built
/// from constants: the patch moves with the calls, written out plainly.
#[test]
fn a_patch_target_spelt_with_escapes_moves_with_the_code_it_patches() {
    let targets = [
        r"'old.mod.\x68elper'",
        r"'ol\x64.mod.helper'",
        r"'old.mod.\u0068elper'",
        r"'old.mod.\150elper'",
        "'old.mod.\\\nhelper'",
        r"TARGET",
    ];
    for target in targets {
        let app = format!(
            "from unittest import mock\nimport old.mod\n\nTARGET = 'old.\\x6dod.helper'\n\n\ndef out():\n    with mock.patch({target}, lambda x: 'patched'):\n        return old.mod.helper(1), TARGET\n"
        );
        let p = crate::util::shim_project(&app);
        let run = "import app; print(app.out())";
        let before = p.python(&["-c", run], "the input runs");
        assert_eq!(before, "('patched', 'old.mod.helper')\n", "{target}");
        let (text, stderr) = p.apply_write("app.py");
        let after = p.python(&["-c", run], &format!("the output runs:\n{text}"));
        assert_eq!(after, before, "{target}\n{text}\n{stderr}");
        assert!(
            text.contains("mock.patch(\"new.mod.assist\", lambda x: 'patched')")
                && text.contains("return new.mod.assist(1), TARGET"),
            "{target}\n{text}\n{stderr}"
        );
        // The constant is data, left as it is; a rerun proposes nothing.
        assert!(text.contains("TARGET = 'old.\\x6dod.helper'"), "{text}");
        let again = p.run(&["diff", "."]);
        assert_eq!(
            again.code, 0,
            "{target}\n{}\n{}",
            again.stdout, again.stderr
        );
    }
}

/// D2's decoding keeps what is not a path a non-path: a raw string's
/// backslash stays a backslash, and a `\N{…}` of a name canon has no table
/// for (it decodes those of ASCII letters, digits, `.`, `_`, `:`, `-`, see
/// `dyn.rs`) is not guessed at.
#[test]
fn raw_and_named_escapes_are_not_taken_for_a_path() {
    for target in [
        r"r'old.mod.\x68elper'",
        r"'old.mod.\N{LATIN SMALL LETTER H WITH STROKE}elper'",
    ] {
        let app = format!(
            "from unittest import mock\nimport old.mod\n\n\ndef out():\n    with mock.patch({target}, lambda x: 'patched'):\n        return 1\n"
        );
        let p = crate::util::shim_project(&app);
        let out = p.run(&["diff", "."]);
        assert!(
            !out.stdout.contains("new.mod.assist"),
            "{target}\n{}",
            out.stdout
        );
    }
}

/// D3: a fix that binds a name with `:=` was written where CPython refuses
/// an assignment expression: in a comprehension's iterable
/// (`[1 for i in (y := 'ab')]`), rebinding the comprehension's own
/// iteration variable (`[(y := y) for y in …]`), in a comprehension in a
/// class body. Tree-sitter accepts all three, and canon wrote files that
/// no longer compiled. The compile-error check now counts these, so such a
/// site is refused with CPython's reason and the rest is fixed.
#[test]
fn a_walrus_fix_where_cpython_refuses_one_is_not_proposed() {
    let config =
        "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.helper}($X)\"\nfix = \"(y := $X)\"\n";
    let app = "from old.mod import helper\n\n\
               class C:\n    v = [helper(i) for i in range(2)]\n\n\n\
               def out():\n    a = [1 for i in helper('ab')]\n    b = [helper(y) for y in range(2)]\n    c = helper(3)\n    return a, b, c, C.v\n";
    let p = crate::util::shim_project(app).file("canon.toml", config);
    let (text, stderr) = p.apply_write("app.py");
    p.python(
        &["-m", "py_compile", "app.py"],
        &format!("the output compiles:\n{text}\n{stderr}"),
    );
    // The one site Python allows is fixed; the three others are kept.
    assert!(text.contains("    c = (y := 3)\n"), "{text}\n{stderr}");
    assert!(
        text.contains("    v = [helper(i) for i in range(2)]\n"),
        "{text}"
    );
    assert!(
        text.contains("    a = [1 for i in helper('ab')]\n"),
        "{text}"
    );
    assert!(
        text.contains("    b = [helper(y) for y in range(2)]\n"),
        "{text}"
    );
    for reason in [
        "assignment expression cannot be used in a comprehension iterable expression",
        "assignment expression cannot rebind comprehension iteration variable 'y'",
        "assignment expression within a comprehension cannot be used in a class body",
    ] {
        assert!(stderr.contains(reason), "{reason}\n{stderr}");
    }
}

/// D4: a patch whose target canon cannot read (`patch(TARGETS[0])` with
/// `TARGETS = ["old.mod.helper"]`, `patch(".".join(parts))`) in a file that
/// names the old path in a string: canon moved the calls to
/// `new.mod.assist` and the patch kept patching `old.mod.helper`, so the
/// mock silently stopped applying. The uses of a path a string of the file
/// names now stay with such a patch, with the reason.
#[test]
fn uses_stay_with_a_patch_canon_cannot_read_when_a_string_names_their_path() {
    let app = "from unittest import mock\nimport old.mod\n\n\
               TARGETS = ['old.mod.helper']\n\n\n\
               def out():\n    with mock.patch(TARGETS[0], lambda x: 'patched'):\n        return old.mod.helper(1)\n";
    let p = crate::util::shim_project(app);
    let run = "import app; print(app.out())";
    assert_eq!(p.python(&["-c", run], "the input runs"), "patched\n");
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(
        p.python(&["-c", run], &format!("the output runs:\n{text}\n{stderr}")),
        "patched\n",
        "{text}\n{stderr}"
    );
    assert!(text.contains("return old.mod.helper(1)"), "{text}");
    // A patch that reads plainly still moves with its uses.
    let app = "from unittest import mock\nimport old.mod\n\n\n\
               def out():\n    with mock.patch('old.mod.helper', lambda x: 'patched'):\n        return old.mod.helper(1)\n";
    let p = crate::util::shim_project(app);
    let (text, _) = p.apply_write("app.py");
    assert!(
        text.contains("mock.patch('new.mod.assist'") && text.contains("new.mod.assist(1)"),
        "{text}"
    );
}

/// D6 (a message): a fix that rebinds a name the code reads
/// (`(y := $X)` above `return r, y`) was refused with "`y` meant a local of
/// `out` and would mean a local of `out`", which reads as no change at all.
#[test]
fn a_refusal_for_a_name_the_fix_rebinds_says_it_is_another_binding() {
    let config =
        "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.helper}($X)\"\nfix = \"(y := $X)\"\n";
    let app = "from old.mod import helper\n\n\ndef out():\n    y = 'mine'\n    r = helper(1)\n    return r, y\n";
    let p = crate::util::shim_project(app).file("canon.toml", config);
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(text, app, "{stderr}");
    assert!(
        stderr.contains("line 7: `y` meant a local of `out`, and would mean another binding of it, one the edits make"),
        "{stderr}"
    );
    assert!(!stderr.contains("would mean a local of `out`"), "{stderr}");
}
