//! PEP 263 source encodings (issue #13): a file that declares latin-1,
//! cp1252 or iso-8859-15 on its first or second line is decoded as Python
//! decodes it, checked with character positions, fixed, and written back
//! in its own encoding (in place, on the branch and in `diff`'s patch),
//! and the result runs. An encoding canon cannot read, a BOM that
//! contradicts the declaration, or a fix the encoding cannot hold is named
//! per file while the other files go on.

use std::path::Path;

use super::{git_show, git2_blob, run_raw, write_raw};
use crate::util::{Project, git_cmd};

const FACTORY: &str = "def create_manager(ctx):\n    return ctx\n";
const MANAGER: &str = "class Manager:\n    def __init__(self, user_context=None):\n        self.user_context = user_context\n";

const LATIN1: &[u8] = b"# -*- coding: latin-1 -*-\nfrom app.ws.factory import create_manager\n\nNAME = \"caf\xe9\"\nmanager = create_manager(NAME)\n";
const LATIN1_FIXED: &[u8] = b"# -*- coding: latin-1 -*-\nfrom app.ws.manager import Manager\n\nNAME = \"caf\xe9\"\nmanager = Manager(user_context=NAME)\n";

/// A runnable package: the old and new homes, and `app/<name>` in bytes.
fn runnable(files: &[(&str, &[u8])]) -> Project {
    let p = Project::new()
        .file("app/__init__.py", "")
        .file("app/ws/__init__.py", "")
        .file("app/ws/factory.py", FACTORY)
        .file("app/ws/manager.py", MANAGER);
    for (name, bytes) in files {
        write_raw(p.path(), format!("app/{name}").as_bytes(), bytes);
    }
    p
}

/// Import `app.<module>` with python3 in `dir` and assert `check` there.
fn python_asserts(dir: &Path, module: &str, check: &str) {
    let code = format!("import app.{module} as m\n{check}\nprint('ok')");
    let out = std::process::Command::new("python3")
        .args(["-B", "-c", &code])
        .current_dir(dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python3 -c {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_latin1_file_is_fixed_in_latin1_and_still_runs() {
    let p = runnable(&[("lat.py", LATIN1)]);
    python_asserts(p.path(), "lat", "assert m.NAME == 'caf\\u00e9'");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("fixed app/lat.py (3 edits)"),
        "{}",
        out.stdout
    );
    let written = std::fs::read(p.path().join("app/lat.py")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(LATIN1_FIXED)
    );
    assert_eq!(written, LATIN1_FIXED, "written back in latin-1");
    python_asserts(
        p.path(),
        "lat",
        "assert m.NAME == 'caf\\u00e9'\nassert m.manager.user_context == 'caf\\u00e9'",
    );
}

#[test]
fn a_latin1_file_is_committed_in_latin1() {
    let p = runnable(&[("lat.py", LATIN1)]).git_init();
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        git_show(p.path(), "canon/migration", b"app/lat.py"),
        LATIN1_FIXED
    );
    assert_eq!(
        git2_blob(p.path(), "canon/migration", b"app/lat.py"),
        LATIN1_FIXED
    );
    let status = p.run(&["status", "."]);
    assert!(
        status
            .stdout
            .contains("ws-create                        move      0      1"),
        "{}",
        status.stdout
    );
}

#[test]
fn cp1252_and_iso_8859_15_declarations_are_decoded_and_kept() {
    let cp = b"# vim: set fileencoding=cp1252 :\nfrom app.ws.factory import create_manager\nPRICE = \"5 \x80\"\nm = create_manager(PRICE)\n";
    let l9 = b"#!/usr/bin/env python3\n# coding=iso-8859-15\nfrom app.ws.factory import create_manager\nPRICE = \"5 \xa4\"\nm = create_manager(PRICE)\n";
    let p = runnable(&[("cp.py", cp), ("l9.py", l9)]);
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (name, original) in [("cp.py", &cp[..]), ("l9.py", &l9[..])] {
        let written = std::fs::read(p.path().join("app").join(name)).unwrap();
        let expected = String::from_utf8_lossy(original)
            .replace(
                "from app.ws.factory import create_manager",
                "from app.ws.manager import Manager",
            )
            .replace("create_manager(PRICE)", "Manager(user_context=PRICE)");
        assert_eq!(String::from_utf8_lossy(&written), expected, "{name}");
        let euro = if name == "cp.py" { 0x80 } else { 0xa4 };
        assert!(written.contains(&euro), "{name} keeps its one-byte euro");
        let module = name.trim_end_matches(".py");
        python_asserts(p.path(), module, "assert m.m.user_context == '5 \\u20ac'");
    }
}

#[test]
fn positions_in_a_latin1_file_count_characters() {
    let src = b"# coding: latin-1\nimport app.ws.factory as f\ns = \"\xe9\xe9\xe9\"; f.create_manager(1)\n";
    let p = runnable(&[("pos.py", src)]);
    let lines = p.finding_lines();
    assert!(
        lines.contains(&"app/pos.py:3:12 ws-create move".to_string()),
        "{lines:?}"
    );
}

#[test]
fn an_explicit_utf8_declaration_reads_as_utf8() {
    let src = "# -*- coding: utf-8 -*-\nfrom app.ws.factory import create_manager\nNAME = \"café\"\nm = create_manager(NAME)\n";
    let p = runnable(&[("u.py", src.as_bytes())]);
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = std::fs::read_to_string(p.path().join("app/u.py")).unwrap();
    assert!(
        written.contains("NAME = \"café\"\nm = Manager(user_context=NAME)"),
        "{written}"
    );
    python_asserts(p.path(), "u", "assert m.m.user_context == 'caf\\u00e9'");
}

/// A user of the old name whose encoding canon cannot read, beside the
/// old name's definition: nothing may say the definition has no users.
pub fn unreadable_user() -> Project {
    runnable(&[
        (
            "koi.py",
            b"# coding: koi8-r\nfrom app.ws.factory import create_manager\nX = \"\xc1\"\n",
        ),
        ("ok.py", b"from app.ws.factory import helper\n"),
    ])
}

#[test]
fn an_unknown_encoding_is_named_per_file_and_the_others_go_on() {
    let p = unreadable_user();
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 2, "{}\n{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("app/ok.py:1:28: same-name"),
        "{}",
        check.stdout
    );
    assert!(
        check.stderr.contains("app/koi.py") && check.stderr.contains("`koi8-r`"),
        "{}",
        check.stderr
    );
    assert_eq!(check.stderr.lines().count(), 2, "{}", check.stderr);
    assert!(
        check
            .stderr
            .ends_with("error: 1 Python file could not be checked (see the warnings above)\n"),
        "{}",
        check.stderr
    );
    for args in [
        &["diff", "."][..],
        &["apply", "--write", "."],
        &["baseline", "."],
    ] {
        let out = p.run(args);
        assert!(out.code <= 1, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("app/koi.py") && out.stderr.contains("`koi8-r`"),
            "{args:?} names the file it could not read: {}",
            out.stderr
        );
    }
    let ok = std::fs::read_to_string(p.path().join("app/ok.py")).unwrap();
    assert_eq!(ok, "from app.ws.helpers import helper\n");
}

#[test]
fn status_never_calls_a_definition_unused_while_a_user_is_unreadable() {
    let p = unreadable_user().git_init();
    let out = p.run(&["status", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("ready to delete"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("definitions with no users left: not known while 1 Python file"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("app/koi.py") && out.stdout.contains("koi8-r"),
        "the unread file needs a human: {}",
        out.stdout
    );
    let json = p.run(&["status", ".", "--format", "json"]).json();
    assert_eq!(json["ready_to_delete"], serde_json::json!([]), "{json}");
    let humans = json["needs_human"].as_array().unwrap();
    assert!(humans.iter().any(|h| h["path"] == "app/koi.py"), "{json}");
    let apply = p.run(&["apply", "."]);
    assert!(apply.stderr.contains("app/koi.py"), "{}", apply.stderr);
}

#[test]
fn a_bom_with_a_latin1_declaration_is_refused_as_python_refuses_it() {
    let src = b"\xef\xbb\xbf# coding: latin-1\nfrom app.ws.factory import create_manager\n";
    let p = runnable(&[
        ("bom.py", src),
        ("ok.py", b"from app.ws.factory import helper\n"),
    ]);
    let py = std::process::Command::new("python3")
        .args(["-B", "-c", "import app.bom"])
        .current_dir(p.path())
        .output()
        .unwrap();
    assert!(!py.status.success(), "python3 refuses it too");
    let check = p.run(&["check", "."]);
    assert!(!check.stdout.contains("app/bom.py"), "{}", check.stdout);
    assert!(check.stdout.contains("app/ok.py"), "{}", check.stdout);
    assert!(
        check.stderr.contains("app/bom.py") && check.stderr.contains("BOM"),
        "{}",
        check.stderr
    );
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read(p.path().join("app/bom.py")).unwrap(), src);
}

#[test]
fn a_fix_latin1_cannot_hold_is_refused_for_that_file_only() {
    let rules = "[[move]]\nid = \"hat\"\nold = \"app.ws.factory.create_manager\"\nnew = \"app.ws.manager.Mana\u{11d}er\"\n";
    let p = Project::bare().file("canon.toml", rules);
    write_raw(p.path(), b"app/lat.py", LATIN1);
    write_raw(
        p.path(),
        b"app/u.py",
        b"from app.ws.factory import create_manager\ncreate_manager(1)\n",
    );
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr.contains("app/lat.py")
            && diff.stderr.contains("latin-1")
            && diff.stderr.contains("\u{11d}"),
        "{}",
        diff.stderr
    );
    let fixes = p.run(&["check", ".", "--fixes"]);
    assert!(fixes.stdout.contains("needs a human"), "{}", fixes.stdout);
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read(p.path().join("app/lat.py")).unwrap(), LATIN1);
    let u = std::fs::read_to_string(p.path().join("app/u.py")).unwrap();
    assert!(u.contains("Mana\u{11d}er(1)"), "{u}");
}

#[test]
fn diff_of_a_latin1_file_is_a_latin1_patch_git_apply_takes() {
    let p = runnable(&[("lat.py", LATIN1)]).git_init();
    let out = run_raw(p.path(), &["diff", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.windows(5).any(|w| w == b"caf\xe9\""),
        "context in latin-1"
    );
    let patch = p.path().join("../canon-latin1.patch");
    std::fs::write(&patch, &out.stdout).unwrap();
    let applied = git_cmd(p.path()).arg("apply").arg(&patch).output().unwrap();
    let _ = std::fs::remove_file(&patch);
    assert!(
        applied.status.success(),
        "git apply: {}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert_eq!(
        std::fs::read(p.path().join("app/lat.py")).unwrap(),
        LATIN1_FIXED
    );
}
