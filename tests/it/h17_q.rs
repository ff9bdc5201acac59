//! Hostile pass 17, defects 04, 06 and 12: the order CPython evaluates a
//! call's arguments in (positional and `*` splats before keywords); a
//! capture pasted into the fix's own f-string field; a multi-line fix in
//! a CRLF file.

use crate::util::Project;

/// `old/log.py` and `new/log.py` with an `emit`, a rule from `pattern` to
/// `fix`, and `app.py` recording the order its arguments are evaluated in.
fn emit_project(pattern: &str, fix: &str, call: &str) -> Project {
    let rule = format!("[[rewrite]]\nid = \"emit\"\npattern = '{pattern}'\nfix = '{fix}'\n");
    let def = "def emit(*parts, level=None, **kw):\n    return (level, parts, kw)\n";
    Project::bare()
        .file("canon.toml", rule)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/log.py", def)
        .file("new/log.py", def)
        .file(
            "app.py",
            format!(
                "from old.log import emit\n\ncalls = []\n\n\ndef t(name, value):\n    calls.append(name)\n    return value\n\n\nresult = {call}\nprint(calls, result)\n"
            ),
        )
}

/// Hostile 17, defect 04: CPython evaluates every positional argument, a
/// `*` splat included, before any keyword argument, whatever the text
/// order: `f(level=a(), *b())` runs `b()` first. A fix written that way
/// reversed the effects of the captures it pasted, with no note.
#[test]
fn a_fix_with_a_keyword_before_a_splat_runs_the_splat_first() {
    let p = emit_project(
        "{old.log.emit}($LEVEL, $PARTS)",
        "{new.log.emit}(level=$LEVEL, *$PARTS)",
        "emit(t(\"level\", 10), t(\"parts\", [\"msg\"]))",
    );
    let before = p.python(&["app.py"], "before");
    assert!(before.starts_with("['level', 'parts']"), "{before}");
    let (app, stderr) = p.apply_write("app.py");
    assert!(
        app.contains("result = emit(t(\"level\", 10), t(\"parts\", [\"msg\"]))"),
        "{app}\n{stderr}"
    );
    assert!(
        stderr.contains("the fix evaluates `$PARTS` (`t(\"parts\", [\"msg\"])`) before `$LEVEL`"),
        "{stderr}"
    );
    assert_eq!(p.python(&["app.py"], &app), before);
}

/// The same model the other way: a pattern that matched a keyword before
/// a splat (the code ran the splat first) and a fix that writes the splat
/// first keep the order, and are rewritten (they were refused as
/// reordered); a fix that puts the splat's capture after a keyword that
/// ran first in the code is refused.
#[test]
fn a_call_with_a_keyword_before_a_splat_is_read_in_cpythons_order() {
    let p = emit_project(
        "{old.log.emit}(level=$LEVEL, *$PARTS)",
        "{new.log.emit}(*$PARTS, level=$LEVEL)",
        "emit(level=t(\"level\", 10), *t(\"parts\", [\"msg\"]))",
    );
    let before = p.python(&["app.py"], "before");
    assert!(before.starts_with("['parts', 'level']"), "{before}");
    let (app, stderr) = p.apply_write("app.py");
    assert!(
        app.contains("from new.log import emit\n")
            && app.contains("result = emit(*t(\"parts\", [\"msg\"]), level=t(\"level\", 10))"),
        "{app}\n{stderr}"
    );
    assert_eq!(p.python(&["app.py"], &app), before);

    // The order the arguments ran in (the new `emit` takes them as
    // another shape).
    let calls = |out: String| out.split(']').next().unwrap_or("").to_string();
    // `**` runs after the keywords before it, as written: kept.
    let p = emit_project(
        "{old.log.emit}($LEVEL, $KW)",
        "{new.log.emit}(level=$LEVEL, **$KW)",
        "emit(t(\"level\", 10), t(\"kw\", {\"x\": 1}))",
    );
    let before = p.python(&["app.py"], "before");
    let (app, stderr) = p.apply_write("app.py");
    assert!(
        app.contains("result = emit(level=t(\"level\", 10), **t(\"kw\", {\"x\": 1}))"),
        "{app}\n{stderr}"
    );
    assert_eq!(calls(p.python(&["app.py"], &app)), calls(before));

    // A keyword between splats: `*$A, *$C` run first, then `k=$B`.
    let p = emit_project(
        "{old.log.emit}($A, $B, $C)",
        "{new.log.emit}(*$A, level=$B, *$C)",
        "emit(t(\"a\", [1]), t(\"b\", 2), t(\"c\", [3]))",
    );
    let before = p.python(&["app.py"], "before");
    let (app, stderr) = p.apply_write("app.py");
    assert!(
        app.contains("result = emit(t(\"a\", [1]), t(\"b\", 2), t(\"c\", [3]))"),
        "{app}\n{stderr}"
    );
    assert!(
        stderr.contains("the fix evaluates `$C` (`t(\"c\", [3])`) before `$B`"),
        "{stderr}"
    );
    assert_eq!(calls(p.python(&["app.py"], &app)), calls(before));
}

/// A project whose rule rewrites `warn($MSG)` to `warning(FIELD)`, `fix`
/// the text of `warning(…)`'s argument, in TOML literal quotes.
fn warn_project(fix: &str, app: &str) -> Project {
    let rule = format!(
        "[[rewrite]]\nid = \"log-warning\"\npattern = \"{{old.log.warn}}($MSG)\"\nfix = '''{{new.log.warning}}({fix})'''\n"
    );
    Project::bare()
        .file("canon.toml", rule)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/log.py",
            "def warn(msg):\n    return \"WARN \" + str(msg)\n",
        )
        .file(
            "new/log.py",
            "def warning(text):\n    return \"WARN \" + text\n",
        )
        .file("app.py", app)
}

/// Hostile 17, defect 06: a capture pasted into a replacement field of the
/// fix's own f-string kept its text: `warn("disk full")` became
/// `warning(f"{"disk full"}")`, which only Python 3.12 (PEP 701) parses;
/// on the project's Python the migrated file did not compile. A capture
/// holding that f-string's quote, a backslash, a comment or (in a
/// single-quoted one) a line break is refused; others are pasted.
#[test]
fn a_capture_pasted_into_the_fixs_own_f_string_field_keeps_it_compiling() {
    let app = "from old.log import warn\n\ncfg = {\"name\": \"db\"}\nname = \"n\"\nprint(warn(\"disk full\"))\nprint(warn(cfg[\"name\"]))\nprint(warn(\"tab\\there\"))\nprint(warn(\n    'two '\n    'lines'\n))\nprint(warn('single'))\nprint(warn(cfg['name']))\nprint(warn(name))\n";
    let p = warn_project("f\"{$MSG}\"", app);
    let before = p.python(&["app.py"], "before");
    let (out, stderr) = p.apply_write("app.py");
    for kept in [
        "print(warn(\"disk full\"))",
        "print(warn(cfg[\"name\"]))",
        "print(warn(\"tab\\there\"))",
        "print(warn(\n    'two '\n    'lines'\n))",
    ] {
        assert!(out.contains(kept), "{kept}\n{out}\n{stderr}");
    }
    for done in [
        "print(warning(f\"{'single'}\"))",
        "print(warning(f\"{cfg['name']}\"))",
        "print(warning(f\"{name}\"))",
    ] {
        assert!(out.contains(done), "{done}\n{out}\n{stderr}");
    }
    assert!(
        stderr.contains("the fix pastes `\"disk full\"` into its own f-string field `{\"disk full\"}`, and it holds its quote `\"`"),
        "{stderr}"
    );
    assert!(stderr.contains("and it holds a backslash"), "{stderr}");
    assert!(stderr.contains("and it holds a line break"), "{stderr}");
    assert_eq!(p.python(&["app.py"], &out), before);

    // A triple-quoted f-string takes the other quote, a line break and
    // its own single quote; not its three quotes, nor a comment.
    let app = "from old.log import warn\n\ncfg = {\"name\": \"db\"}\nprint(warn(cfg[\"name\"]))\nprint(warn(\n    \"two \"  # first\n    \"lines\"\n))\nprint(warn(\"\"\"tri\"\"\"))\nprint(warn(\n    'two '\n    'lines'\n))\n";
    let p = warn_project("f\"\"\"{$MSG}\"\"\"", app);
    let before = p.python(&["app.py"], "before");
    let (out, stderr) = p.apply_write("app.py");
    assert!(
        out.contains("print(warning(f\"\"\"{cfg[\"name\"]}\"\"\"))"),
        "{out}\n{stderr}"
    );
    assert!(
        out.contains("print(warning(f\"\"\"{'two '\n    'lines'}\"\"\"))"),
        "{out}\n{stderr}"
    );
    assert!(
        out.contains("print(warn(\"\"\"tri\"\"\"))"),
        "{out}\n{stderr}"
    );
    assert!(out.contains("# first"), "{out}\n{stderr}");
    assert!(stderr.contains("and it holds a comment"), "{stderr}");
    assert!(
        stderr.contains("and it holds the quotes `\"\"\"` that end it"),
        "{stderr}"
    );
    assert_eq!(p.python(&["app.py"], &out), before);
}

/// A rule with a multi-line fix (`fix = """…"""`), its lines ending in
/// `rule_nl`, and `app.py` (given, as bytes).
fn multi_line_fix(rule_nl: &str, app: &str) -> Project {
    let rule = "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.get}($A)\"\nfix = \"\"\"{new.mod.fetch}(\n    $A,\n    retries=3,\n)\"\"\"\n";
    Project::bare()
        .file("canon.toml", rule.replace('\n', rule_nl))
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", "def get(a):\n    return (\"got\", a)\n")
        .file(
            "new/mod.py",
            "def fetch(a, retries=0):\n    return (\"got\", a)\n",
        )
        .file("app.py", app)
}

/// Hostile 17, defect 12: a multi-line fix template was pasted with its
/// own LF line ends into a CRLF file, which then mixed CRLF and bare LF.
/// The template's line breaks follow the file's style, whichever the
/// rule file uses.
#[test]
fn a_multi_line_fix_takes_the_files_line_endings() {
    let lf = "from old.mod import get\n\n\nclass Loader:\n    def load(self):\n        return get(\"cfg\")\n\n\nprint(Loader().load())\n";
    let crlf = lf.replace('\n', "\r\n");
    for rule_nl in ["\n", "\r\n"] {
        for app in [&crlf, lf] {
            let p = multi_line_fix(rule_nl, app);
            let before = p.python(&["app.py"], "before");
            let (out, stderr) = p.apply_write("app.py");
            // Laid out under the line it replaces, whatever the rule's indent.
            let want =
                "        return fetch(\n            \"cfg\",\n            retries=3,\n        )\n";
            let nl = if app.contains('\r') { "\r\n" } else { "\n" };
            assert!(out.contains(&want.replace('\n', nl)), "{out:?}\n{stderr}");
            assert!(
                out.starts_with(&format!("from new.mod import fetch{nl}")),
                "{out:?}\n{stderr}"
            );
            // Every line ends as the file's did: no bare LF in a CRLF
            // file, no CR in an LF one.
            let lines = out.matches('\n').count();
            assert_eq!(out.matches(nl).count(), lines, "{out:?}");
            assert_eq!(
                out.matches('\r').count(),
                if nl == "\n" { 0 } else { lines }
            );
            assert_eq!(p.python(&["app.py"], &out), before);
        }
    }
}

/// A multi-line fix is laid out under the line it replaces, but the lines
/// of a triple-quoted string in it are the string's value: they keep the
/// rule's text as written, and the program prints the same banner.
#[test]
fn a_multi_line_fix_is_laid_out_but_its_strings_keep_their_lines() {
    let rule = "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.get}($A)\"\nfix = '''{new.mod.fetch}(\n    $A,\n    banner=\"\"\"first\n  second\"\"\",\n)'''\n";
    let p = Project::bare()
        .file("canon.toml", rule)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", "def get(a):\n    return (a, 'first\\n  second')\n")
        .file("new/mod.py", "def fetch(a, banner=''):\n    return (a, banner)\n")
        .file(
            "app.py",
            "from old.mod import get\n\n\ndef run():\n    if True:\n        return get(\"cfg\")\n\n\nprint(run())\n",
        );
    let before = p.python(&["app.py"], "before");
    let (out, stderr) = p.apply_write("app.py");
    let want = "        return fetch(\n            \"cfg\",\n            banner=\"\"\"first\n  second\"\"\",\n        )\n";
    assert!(out.contains(want), "{out}\n{stderr}");
    assert_eq!(p.python(&["app.py"], &out), before);
}

/// Hostile 19, defect 01: a multi-line fix in a field of a single-quoted
/// f-string would end the string before Python 3.12 (a line break there is
/// PEP 701 syntax), so it is refused with a note; in a triple-quoted one a
/// line break is fine, and the fix is made there.
#[test]
fn a_multi_line_fix_is_refused_in_a_single_quoted_f_string_field() {
    let app = "from old.mod import get\n\nprint(f\"value={get('cfg')}\")\nprint(f\"\"\"value={get('cfg')}\"\"\")\n";
    let p = multi_line_fix("\n", app);
    let before = p.python(&["app.py"], "before");
    let (out, stderr) = p.apply_write("app.py");
    assert!(
        out.contains("print(f\"value={get('cfg')}\")\n"),
        "{out}\n{stderr}"
    );
    assert!(
        out.contains("print(f\"\"\"value={fetch(\n    'cfg',\n    retries=3,\n)}\"\"\")\n"),
        "{out}\n{stderr}"
    );
    assert!(
        stderr.contains("a line break inside the field of a single-quoted f-string"),
        "{stderr}"
    );
    // Both imports stay bound: the old for the call left, the new for the fix.
    assert_eq!(p.python(&["app.py"], &out), before);
}
