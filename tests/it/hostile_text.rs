//! Hostile text, through the real binary: files that are not text or not
//! UTF-8 are named in one line by every command and left alone; Python in
//! odd shapes (every line ending, a BOM, form feeds, trailing whitespace)
//! is fixed with every byte outside the edits kept, and the result compiles
//! and runs; Python 2 gets a line naming the construct; Python 3.12/3.13
//! syntax is checked and fixed, and where tree-sitter cannot parse it
//! (PEP 696 defaults) canon says so and never leaves a name unbound.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Project, assert_lines, copy_dir, problems};

const IMPORT: &str = "from app.ws.factory import create_manager\n";

/// A module `app.ws.manager` with the `Manager` the fixes import, so a
/// migrated file can be run.
fn with_manager(p: Project) -> Project {
    p.file("app/__init__.py", "")
        .file("app/ws/__init__.py", "")
        .file(
            "app/ws/manager.py",
            "class Manager:\n    def __init__(self, user_context=None):\n        self.user_context = user_context\n",
        )
}

/// `python3 args…` in `dir`, without writing bytecode; whether it succeeded
/// (its stderr printed when not).
fn python_in(python: &Path, dir: &Path, args: &[&str]) -> bool {
    let out = Command::new(python)
        .args(args)
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python runs");
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    out.status.success()
}

/// A Python of at least 3.`minor`: `python3` if it is one, else
/// `python3.13`/`python3.12` on PATH, else one pyenv installed.
fn python_at_least(minor: u32) -> Option<PathBuf> {
    let is_enough = |p: &Path| {
        Command::new(p)
            .args([
                "-c",
                &format!("import sys; sys.exit(sys.version_info < (3, {minor}))"),
            ])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut candidates: Vec<PathBuf> = ["python3", "python3.14", "python3.13", "python3.12"]
        .iter()
        .map(PathBuf::from)
        .collect();
    let pyenv = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pyenv")));
    if let Some(Ok(versions)) = pyenv.map(|r| std::fs::read_dir(r.join("versions"))) {
        let mut found: Vec<PathBuf> = versions
            .flatten()
            .map(|v| v.path().join("bin/python3"))
            .collect();
        found.sort();
        candidates.extend(found.into_iter().rev());
    }
    candidates.into_iter().find(|p| is_enough(p))
}

fn python3() -> PathBuf {
    PathBuf::from("python3")
}

#[test]
fn binary_nul_and_invalid_utf8_files_are_named_by_every_command_and_left_alone() {
    let binary = b"from app.ws.factory import create_manager\n\x00\x01\x02\xff".to_vec();
    let latin1 =
        b"# caf\xe9\nfrom app.ws.factory import create_manager\ncreate_manager(1)\n".to_vec();
    let nul_late = format!("{IMPORT}create_manager(1)\n\0").into_bytes();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(IMPORT.encode_utf16().flat_map(u16::to_le_bytes));
    let p = Project::new()
        .file("app/binary.py", &binary)
        .file("app/latin1.py", &latin1)
        .file("app/nul_late.py", &nul_late)
        // Not Python and not a mention: not even opened.
        .file("assets/logo.png", b"\x89PNG\r\n\x1a\n\0create_manager")
        .file("app/good.py", format!("{IMPORT}create_manager(1)\n"))
        // No rule's name in its bytes: named all the same, not called clean.
        .file("app/blob.py", b"\x00\x01\x02 data\n")
        .file("app/utf16.py", utf16)
        .git_init();
    let expected = [
        "warning: app/binary.py: binary file (contains NUL bytes), skipped",
        "warning: app/blob.py: binary file (contains NUL bytes), skipped",
        "warning: app/latin1.py: not valid UTF-8 (at byte 5), skipped",
        "warning: app/nul_late.py: binary file (contains NUL bytes), skipped",
        "warning: app/utf16.py: UTF-16 text (it starts with a UTF-16 byte order mark), which Python does not read as source: skipped",
    ];

    let check = p.bin(&["check", "."]);
    // Violations elsewhere, and files canon could not read: incomplete.
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("Python files could not be checked (see the warnings above)"),
        "{}",
        check.stderr
    );
    assert_lines(&problems(&check.stderr), &expected);
    // `-q` keeps the warnings in, not the names: the error line has them.
    let quiet = p.bin(&["check", "-q", "."]);
    assert_eq!(quiet.code, 2, "{}", quiet.stderr);
    assert_eq!(
        quiet.stderr.trim_end(),
        "error: 5 Python files could not be checked: app/binary.py, app/blob.py, app/latin1.py, app/nul_late.py, app/utf16.py"
    );
    assert!(
        check.stdout.contains("app/good.py:1:28"),
        "{}",
        check.stdout
    );
    for f in ["binary.py", "latin1.py", "nul_late.py"] {
        assert!(!check.stdout.contains(f), "{}", check.stdout);
    }

    let diff = p.bin(&["diff", "."]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert_lines(&problems(&diff.stderr), &expected);
    assert_eq!(diff.stdout.matches("+++ b/").count(), 1, "{}", diff.stdout);
    assert!(diff.stdout.contains("+++ b/app/good.py"), "{}", diff.stdout);

    // On the commit: the same lines, and only the good file changes.
    let apply = p.bin(&["apply", "."]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert_lines(&problems(&apply.stderr), &expected);
    assert_eq!(
        p.git(&["diff", "--name-only", "main", "canon/migration"]),
        "app/good.py\n"
    );

    let write = p.bin(&["apply", "--write", "."]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_lines(&problems(&write.stderr), &expected);
    assert_eq!(p.bytes("app/binary.py"), binary);
    assert_eq!(p.bytes("app/latin1.py"), latin1);
    assert_eq!(p.bytes("app/nul_late.py"), nul_late);
    assert_eq!(
        String::from_utf8(p.bytes("app/good.py")).unwrap(),
        "from app.ws.manager import Manager\nManager(user_context=1)\n"
    );
}

/// The lines of the line-endings file before and after the fix: an
/// encoding comment, trailing blanks and tabs, form feeds (alone on a line
/// and before a statement, where Python ignores them for indentation), a
/// tab-indented block.
const BEFORE: [&str; 7] = [
    "# -*- coding: utf-8 -*-",
    "import os  ",
    "\x0c",
    "from app.ws.factory import create_manager\t",
    "\x0cif os:",
    "\tx = create_manager(1)   ",
    "y = 2",
];
const AFTER: [&str; 7] = [
    "# -*- coding: utf-8 -*-",
    "import os  ",
    "\x0c",
    "from app.ws.manager import Manager\t",
    "\x0cif os:",
    "\tx = Manager(user_context=1)   ",
    "y = 2",
];

/// `lines` joined, line `i` ending in `endings[i % len]`; the last line
/// ends too when `final_eol`.
fn with_endings(lines: &[&str], endings: &[&str], bom: bool, final_eol: bool) -> Vec<u8> {
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if i + 1 < lines.len() || final_eol {
            out.push_str(endings[i % endings.len()]);
        }
    }
    out.into_bytes()
}

/// (name, line endings, BOM, final line ending)
const SHAPES: &[(&str, &[&str], bool, bool)] = &[
    ("lf", &["\n"], false, true),
    ("crlf", &["\r\n"], false, true),
    ("cr", &["\r"], false, true),
    ("mixed", &["\r\n", "\n", "\r"], false, true),
    ("mixed_cr_first", &["\r", "\r\n", "\n"], false, true),
    ("bom_crlf", &["\r\n"], true, true),
    ("bom_cr", &["\r"], true, true),
    ("no_final_eol", &["\n"], false, false),
    ("crlf_no_final_eol", &["\r\n"], false, false),
];

#[test]
fn every_line_ending_bom_and_form_feed_is_fixed_byte_for_byte_and_runs() {
    let mut p = with_manager(Project::new());
    for (name, endings, bom, eol) in SHAPES {
        p = p.file(
            &format!("app/v_{name}.py"),
            with_endings(&BEFORE, endings, *bom, *eol),
        );
    }
    let p = p.git_init();

    // Python's line numbers (a lone CR ends a line), columns without the BOM.
    let mut expected: Vec<String> = SHAPES
        .iter()
        .map(|(name, ..)| format!("app/v_{name}.py:4:28 ws-create move"))
        .collect();
    expected.sort();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    let check = p.bin(&["check", "--format", "json", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_lines(&problems(&check.stderr), &[]);
    assert_lines(&p.finding_lines(), &expected);

    // On the branch, through libgit2's blobs: the exact bytes.
    let apply = p.bin(&["apply", "."]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert_lines(&problems(&apply.stderr), &[]);
    for (name, endings, bom, eol) in SHAPES {
        let path = format!("app/v_{name}.py");
        assert_eq!(
            p.git_bytes("canon/migration", &path),
            with_endings(&AFTER, endings, *bom, *eol),
            "{path} on the branch"
        );
    }

    // In the working tree: the same bytes, and each file compiles and runs.
    let write = p.bin(&["apply", "--write", "."]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_lines(&problems(&write.stderr), &[]);
    for (name, endings, bom, eol) in SHAPES {
        let path = format!("app/v_{name}.py");
        assert_eq!(
            p.bytes(&path),
            with_endings(&AFTER, endings, *bom, *eol),
            "{path} written"
        );
        let run = format!("import app.v_{name} as m; assert m.x.user_context == 1 and m.y == 2");
        assert!(
            python_in(&python3(), p.path(), &["-c", &run]),
            "{path} runs after the fix"
        );
    }
    // Nothing is left to do.
    let again = p.bin(&["diff", "."]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
}

/// Every `.py` file under `dir`, relative.
fn py_files(dir: &Path, rel: &str, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir.join(rel)).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let r = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            py_files(dir, &r, out);
        } else if name.ends_with(".py") {
            out.push(r);
        }
    }
}

fn convert(bytes: &[u8], eol: &str) -> Vec<u8> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .replace('\n', eol)
        .into_bytes()
}

/// The demo with CRLF and with lone-CR line endings: the same findings at
/// the same positions, and the same fixes, line endings kept.
#[test]
fn the_demo_with_crlf_or_lone_cr_endings_gets_the_fixes_it_gets_with_lf() {
    let demo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo"));
    let mut files = Vec::new();
    py_files(demo, "", &mut files);
    let copies: Vec<(&str, tempfile::TempDir)> = ["\n", "\r\n", "\r"]
        .into_iter()
        .map(|eol| {
            let dir = tempfile::tempdir().unwrap();
            copy_dir(demo, dir.path());
            for f in &files {
                let path = dir.path().join(f);
                std::fs::write(&path, convert(&std::fs::read(&path).unwrap(), eol)).unwrap();
            }
            (eol, dir)
        })
        .collect();
    let run = |dir: &Path, args: &[&str]| {
        let out = crate::util::bin_output(crate::util::bin_cmd(dir).args(args));
        assert!(out.code <= 1, "{}", out.stderr);
        out
    };
    // Each finding as `path:line:col-end_line:end_col rule`.
    let findings = |dir: &Path| -> Vec<String> {
        let out = run(dir, &["check", "--format", "json", "."]);
        out.json()
            .as_array()
            .expect("an array")
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{}-{}:{} {}",
                    f["path"], f["line"], f["column"], f["end_line"], f["end_column"], f["rule"]
                )
            })
            .collect()
    };
    let lf_findings = findings(copies[0].1.path());
    assert!(lf_findings.len() > 40, "{lf_findings:?}");
    for (eol, dir) in &copies {
        let got = findings(dir.path());
        assert_lines(
            &got,
            &lf_findings.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        // `canon diff` is a patch git takes, whatever the line endings
        // (git's lines end at LF only: a lone CR stays inside one).
        let patch = run(dir.path(), &["diff", "."]).stdout;
        std::fs::write(dir.path().join("canon.patch"), &patch).unwrap();
        let check = std::process::Command::new("git")
            .args(["apply", "--check", "canon.patch"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{eol:?}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        std::fs::remove_file(dir.path().join("canon.patch")).unwrap();
        let wrote = run(dir.path(), &["apply", "--write", "."]).stdout;
        assert!(
            wrote.contains("Wrote 17 files (51 edits)."),
            "{eol:?}: {wrote}"
        );
    }
    for f in &files {
        let lf = std::fs::read(copies[0].1.path().join(f)).unwrap();
        for (eol, dir) in &copies[1..] {
            assert_eq!(
                std::fs::read(dir.path().join(f)).unwrap(),
                convert(&lf, eol),
                "{f} with {eol:?} endings"
            );
        }
    }
}

#[test]
fn python2_files_get_a_line_naming_the_construct_and_the_scan_goes_on() {
    let p = Project::new()
        .file(
            "app/py2_print.py",
            format!("{IMPORT}print \"hello\"\nx = create_manager(1)\n"),
        )
        .file(
            "app/py2_except.py",
            format!("{IMPORT}try:\n    pass\nexcept ValueError, e:\n    create_manager(e)\n"),
        )
        .file(
            "app/py2_exec.py",
            format!("{IMPORT}exec \"y = 1\" in globals()\ncreate_manager(2)\n"),
        )
        .file(
            "app/py2_octal.py",
            format!("{IMPORT}mode = 0755\ncreate_manager(mode)\n"),
        )
        // Over 1 KiB, so only the statements naming a rule are parsed to
        // check it; the print statement far from them is still named.
        .file("app/py2_big.py", {
            let defs: String = (0..60)
                .map(|i| format!("def f{i}():\n    return {i}\n"))
                .collect();
            format!("{IMPORT}x = create_manager(1)\n{defs}print \"done\"\n")
        })
        .file("app/good.py", format!("{IMPORT}create_manager(3)\n"));
    let expected = [
        "warning: app/py2_big.py:123:1: Python 2 syntax (a print statement), which Python 3 cannot run",
        "warning: app/py2_except.py:4:1: Python 2 syntax (`except E, name:`), which Python 3 cannot run",
        "warning: app/py2_exec.py:2:1: Python 2 syntax (an exec statement), which Python 3 cannot run",
        "warning: app/py2_octal.py:2:8: Python 2 syntax (an octal literal without `0o`), which Python 3 cannot run",
        "warning: app/py2_print.py:2:1: Python 2 syntax (a print statement), which Python 3 cannot run",
    ];
    let check = p.bin(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_lines(&problems(&check.stderr), &expected);
    // Every file is still checked.
    for f in [
        "app/good.py",
        "app/py2_big.py",
        "app/py2_except.py",
        "app/py2_exec.py",
        "app/py2_octal.py",
        "app/py2_print.py",
    ] {
        assert!(
            check.stdout.contains(&format!("{f}:1:28")),
            "{f}: {}",
            check.stdout
        );
    }
    // The fixes leave the Python 2 statements as they are.
    let write = p.bin(&["apply", "--write", "."]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_lines(&problems(&write.stderr), &expected);
    assert_eq!(
        String::from_utf8(p.bytes("app/py2_print.py")).unwrap(),
        "from app.ws.manager import Manager\nprint \"hello\"\nx = Manager(user_context=1)\n"
    );
    assert_eq!(
        String::from_utf8(p.bytes("app/good.py")).unwrap(),
        "from app.ws.manager import Manager\nManager(user_context=3)\n"
    );
}

const MODERN: &str = r#"from app.ws.factory import create_manager

type Factory = create_manager
type Pair[T] = tuple[T, T]


def make[T](x: T) -> T:
    return create_manager(x)


class Box[T]:
    made = create_manager(2)


label = f"{f"{create_manager(3)}"}"
quoted = f"{'\n'.join(['a', 'b'])}{create_manager(4)!r:>{10}}"


def handle(cmd):
    match cmd:
        case ["go", d]:
            return create_manager(d)
        case {"k": v} if v:
            return create_manager(v)
        case _:
            return None


try:
    pass
except* ValueError as eg:
    create_manager(eg)
"#;

#[test]
fn python_3_12_syntax_is_checked_and_fixed_inside_every_new_construct() {
    let p = with_manager(Project::new()).file("app/modern.py", MODERN);
    let check = p.bin(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_lines(&problems(&check.stderr), &[]);
    assert!(
        check.stdout.contains("app/modern.py:1:28"),
        "{}",
        check.stdout
    );
    let write = p.bin(&["apply", "--write", "."]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_lines(&problems(&write.stderr), &[]);
    let expected = MODERN
        .replace(
            "from app.ws.factory import create_manager",
            "from app.ws.manager import Manager",
        )
        .replace("type Factory = create_manager", "type Factory = Manager")
        .replace("create_manager(x)", "Manager(user_context=x)")
        .replace("create_manager(2)", "Manager(user_context=2)")
        .replace("create_manager(3)", "Manager(user_context=3)")
        .replace("create_manager(4)", "Manager(user_context=4)")
        .replace("create_manager(d)", "Manager(user_context=d)")
        .replace("create_manager(v)", "Manager(user_context=v)")
        .replace("create_manager(eg)", "Manager(user_context=eg)");
    assert!(!expected.contains("create_manager"));
    assert_eq!(
        String::from_utf8(p.bytes("app/modern.py")).unwrap(),
        expected
    );
    let again = p.bin(&["diff", "."]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    match python_at_least(12) {
        Some(python) => assert!(
            python_in(
                &python,
                p.path(),
                &[
                    "-c",
                    "import app.modern as m; assert m.make(5).user_context == 5 \
                     and m.Box.made.user_context == 2 and m.handle(['go', 7]).user_context == 7"
                ]
            ),
            "app/modern.py runs under {}",
            python.display()
        ),
        None => eprintln!("note: no Python 3.12 or later found; app/modern.py not compiled"),
    }
}

/// PEP 696 type-parameter defaults (Python 3.13) are beyond tree-sitter's
/// grammar: canon names the line, fixes what is outside the error, and
/// leaves a file alone when the error's code uses the name it would move.
#[test]
fn pep_696_defaults_are_a_syntax_error_named_by_line_and_no_name_is_left_unbound() {
    let defaults = format!(
        "{IMPORT}\n\ndef make[T = int](x: T) -> T:\n    return create_manager(x)\n\n\nclass Box[T = str]:\n    made = create_manager(2)\n"
    );
    let uses = format!(
        "{IMPORT}\n\nclass Box[T = create_manager]:\n    pass\n\n\nbox = create_manager(1)\n"
    );
    let p = with_manager(Project::new())
        .file("app/defaults.py", &defaults)
        .file("app/uses.py", &uses);
    let expected = [
        "warning: app/defaults.py:4:10: syntax error; code inside the error is not checked",
        "warning: app/uses.py:4:11: syntax error; code inside the error is not checked",
    ];
    let check = p.bin(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_lines(&problems(&check.stderr), &expected);
    let diff = p.bin(&["diff", "."]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert!(
        diff.stderr.contains(
            "note: app/uses.py:1: ws-create: not proposed: `create_manager` is also used on line 4, in code canon cannot parse"
        ),
        "{}",
        diff.stderr
    );
    let write = p.bin(&["apply", "--write", "."]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_eq!(
        String::from_utf8(p.bytes("app/defaults.py")).unwrap(),
        defaults
            .replace(IMPORT, "from app.ws.manager import Manager\n")
            .replace("create_manager(x)", "Manager(user_context=x)")
            .replace("create_manager(2)", "Manager(user_context=2)")
    );
    assert_eq!(String::from_utf8(p.bytes("app/uses.py")).unwrap(), uses);
    match python_at_least(13) {
        Some(python) => assert!(
            python_in(&python, p.path(), &["-m", "py_compile", "app/defaults.py"]),
            "app/defaults.py compiles under {}",
            python.display()
        ),
        None => eprintln!("note: no Python 3.13 or later found; app/defaults.py not compiled"),
    }
}
