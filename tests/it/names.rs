//! Odd file names (issue #13): not UTF-8, backslashes, spaces, newlines,
//! quotes, leading dashes, NFC/NFD, very long — in the working tree and
//! tracked in git. Every command finds each file and fixes it under its
//! exact byte name (in place, and in the branch's tree), or names it in a
//! one-line message while the others go on. Names that are not plain
//! UTF-8 print with `\xHH` escapes. Checked with git2 and the `git` CLI.
//! PEP 263 source encodings are in `names/pep263.rs`, the review in
//! `names/review.rs`.

mod pep263;
mod review;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use crate::util::{Project, git_cmd};

pub const USER: &str = "from app.ws.factory import create_manager\n\ncreate_manager(1)\n";
pub const FIXED: &str = "from app.ws.manager import Manager\n\nManager(user_context=1)\n";

/// Names (under `app/`) no file system or git tree forbids on Linux.
const ODD: &[&[u8]] = &[
    b"caf\xe9.py",
    b"a\\b.py",
    b"my file.py",
    b"new\nline.py",
    b"q'uo\"te.py",
    b"-dash.py",
    b"tab\there.py",
    "caf\u{e9}_nfc.py".as_bytes(),
    "cafe\u{301}_nfd.py".as_bytes(),
];

/// How canon prints each of `ODD` (relative to the project).
pub const SHOWN: &[&str] = &[
    "app/caf\\xe9.py",
    "app/a\\b.py",
    "app/my file.py",
    "app/new\\x0aline.py",
    "app/q'uo\"te.py",
    "app/-dash.py",
    "app/tab\\x09here.py",
    "app/caf\u{e9}_nfc.py",
    "app/cafe\u{301}_nfd.py",
];

/// `dir/rel` for a name given as bytes.
pub fn at(dir: &Path, rel: &[u8]) -> PathBuf {
    dir.join(OsStr::from_bytes(rel))
}

/// Write `content` at the byte path `rel` under `dir`.
pub fn write_raw(dir: &Path, rel: &[u8], content: &[u8]) {
    let path = at(dir, rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn app(name: &[u8]) -> Vec<u8> {
    [b"app/", name].concat()
}

/// A project with a user of the old name under each odd name.
pub fn odd_project() -> Project {
    let p = Project::new().file("app/__init__.py", "");
    for name in ODD {
        write_raw(p.path(), &app(name), USER.as_bytes());
    }
    p
}

/// The output of canon run in-process, stdout as bytes.
pub struct Raw {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Run canon in-process in `dir` ("." is the project), keeping stdout's bytes.
pub fn run_raw(dir: &Path, args: &[&str]) -> Raw {
    crate::util::sandbox();
    let mut full: Vec<String> = vec!["canon".into()];
    full.extend(args.iter().map(|a| {
        if *a == "." {
            dir.display().to_string()
        } else {
            a.to_string()
        }
    }));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = canon::run_with(
        &full,
        &mut canon::Io {
            out: &mut out,
            err: &mut err,
            out_is_tty: false,
            err_is_tty: false,
        },
    );
    Raw {
        code,
        stdout: out,
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// `git ls-tree -r -z --name-only REV`: the exact byte names.
pub fn git_names(dir: &Path, rev: &str) -> Vec<Vec<u8>> {
    let out = git_cmd(dir)
        .args(["ls-tree", "-r", "-z", "--name-only", rev])
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
        .split(|b| *b == 0)
        .filter(|n| !n.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

/// `git cat-file blob REV:PATH`, the path given as bytes.
pub fn git_show(dir: &Path, rev: &str, path: &[u8]) -> Vec<u8> {
    let spec = [rev.as_bytes(), b":", path].concat();
    let out = git_cmd(dir)
        .arg("cat-file")
        .arg("blob")
        .arg(OsStr::from_bytes(&spec))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git cat-file {}: {}",
        String::from_utf8_lossy(&spec),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The blob at the byte path `path` of `branch`'s tree, read with git2.
pub fn git2_blob(dir: &Path, branch: &str, path: &[u8]) -> Vec<u8> {
    let repo = git2::Repository::open(dir).unwrap();
    let tree = repo
        .revparse_single(branch)
        .unwrap()
        .peel_to_tree()
        .unwrap();
    let entry = tree.get_path(Path::new(OsStr::from_bytes(path))).unwrap();
    repo.find_blob(entry.id()).unwrap().content().to_vec()
}

#[test]
fn check_finds_every_odd_name_and_prints_it_on_one_line() {
    let p = odd_project();
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for shown in SHOWN {
        let line = format!("{shown}:1:28: ws-create");
        assert!(out.stdout.contains(&line), "{line} in:\n{}", out.stdout);
    }
    assert!(
        out.stdout
            .contains(&format!("Found {n} violations in {n} files", n = ODD.len())),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\u{fffd}'), "{}", out.stdout);
    assert_eq!(out.stdout.lines().count(), ODD.len() + 1, "{}", out.stdout);
}

#[test]
fn check_formats_carry_the_name_and_sarif_the_exact_bytes() {
    let p = odd_project();
    let json = p.run(&["check", ".", "--format", "json"]).json();
    let mut paths: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort();
    // JSON has escapes of its own for a tab or a line feed: the name is
    // given as it is, and only a name that is not UTF-8 as canon spells it.
    let mut expected: Vec<String> = SHOWN
        .iter()
        .map(|s| s.replace("\\x0a", "\n").replace("\\x09", "\t"))
        .collect();
    expected.sort();
    assert_eq!(paths, expected);
    for path in paths.iter().filter(|p| !p.contains("\\x")) {
        assert!(p.path().join(path).exists(), "{path:?} names no file");
    }
    // Only the name that is not UTF-8 has its bytes beside its spelling,
    // which a UTF-8 name (`caf\xe9.py`, literally) could also have.
    let raw: Vec<(&str, Vec<u8>)> = (json.as_array().unwrap().iter())
        .filter_map(|f| {
            let bytes = f.get("path_bytes")?.as_array()?;
            let bytes = bytes.iter().map(|b| b.as_u64().unwrap() as u8).collect();
            Some((f["path"].as_str().unwrap(), bytes))
        })
        .collect();
    assert_eq!(raw, [("app/caf\\xe9.py", b"app/caf\xe9.py".to_vec())]);
    let sarif = p.run(&["check", ".", "--format", "sarif"]).json();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    // The URI is the name's own bytes, percent-encoded.
    for uri in ["app/caf%E9.py", "app/new%0Aline.py", "app/a%5Cb.py"] {
        assert!(uris.contains(&uri), "{uri} in {uris:?}");
    }
    let github = p.run(&["check", ".", "--format", "github"]).stdout;
    assert!(github.contains("file=app/caf\\xe9.py,"), "{github}");
    assert_eq!(github.lines().count(), ODD.len(), "{github}");
    let junit = p.run(&["check", ".", "--format", "junit"]).stdout;
    assert!(junit.contains("app/caf\\xe9.py:1:28"), "{junit}");
    assert!(!junit.contains("new\nline"), "{junit}");
}

#[test]
fn apply_write_fixes_each_odd_name_in_place_and_adds_no_file() {
    let p = odd_project();
    let before: Vec<_> = names_in(&p.path().join("app"));
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(&format!("Wrote {} files", ODD.len())),
        "{}",
        out.stdout
    );
    assert_eq!(
        names_in(&p.path().join("app")),
        before,
        "no file added or lost"
    );
    for name in ODD {
        let text = std::fs::read(at(p.path(), &app(name))).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&text),
            FIXED,
            "{}",
            String::from_utf8_lossy(name)
        );
    }
    assert!(
        out.stdout.contains("fixed app/caf\\xe9.py (3 edits)"),
        "{}",
        out.stdout
    );
}

fn names_in(dir: &Path) -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().as_bytes().to_vec())
        .collect();
    v.sort();
    v
}

#[test]
fn diff_of_odd_names_is_a_patch_git_apply_takes() {
    let p = odd_project().git_init();
    let out = run_raw(p.path(), &["diff", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let patch = p.path().join("../canon-names.patch");
    std::fs::write(&patch, &out.stdout).unwrap();
    let applied = git_cmd(p.path()).arg("apply").arg(&patch).output().unwrap();
    let _ = std::fs::remove_file(&patch);
    assert!(
        applied.status.success(),
        "git apply: {}\n{}",
        String::from_utf8_lossy(&applied.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    for name in ODD {
        let text = std::fs::read(at(p.path(), &app(name))).unwrap();
        assert_eq!(String::from_utf8_lossy(&text), FIXED);
    }
}

#[test]
fn apply_commits_odd_names_under_their_exact_bytes() {
    let p = odd_project().git_init();
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("Committed {} files in 1 commit", ODD.len())),
        "{}",
        out.stdout
    );
    let branch = "canon/migration";
    let mut names = git_names(p.path(), branch);
    names.sort();
    let mut base = git_names(p.path(), "main");
    base.sort();
    assert_eq!(names, base, "the branch has the very names of the base");
    for name in ODD {
        let path = app(name);
        assert_eq!(git_show(p.path(), branch, &path), FIXED.as_bytes());
        assert_eq!(git2_blob(p.path(), branch, &path), FIXED.as_bytes());
    }
    // Nothing is left for a second run.
    let again = p.run(&["apply", "."]);
    assert!(
        again.stdout.contains("Nothing to commit"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_backslash_in_a_tracked_name_does_not_block_the_commit() {
    let p = Project::new().file("app/ok.py", USER);
    write_raw(p.path(), b"app/a\\b.py", USER.as_bytes());
    let p = p.git_init();
    let out = p.run(&["apply", "--per-file", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Committed 2 files in 2 commits"),
        "{}",
        out.stdout
    );
    let log = git_cmd(p.path())
        .args([
            "log",
            "-z",
            "--format=",
            "--name-only",
            "main..canon/migration",
        ])
        .output()
        .unwrap()
        .stdout;
    let mut touched: Vec<&[u8]> = log
        .split(|b| *b == 0 || *b == b'\n')
        .filter(|n| !n.is_empty())
        .collect();
    touched.sort();
    assert_eq!(touched, [&b"app/a\\b.py"[..], b"app/ok.py"]);
    assert_eq!(
        git2_blob(p.path(), "canon/migration", b"app/a\\b.py"),
        FIXED.as_bytes()
    );
}

#[test]
fn status_counts_a_non_utf8_named_user_before_and_after_apply() {
    let p = Project::new()
        .file(
            "app/ws/factory.py",
            "def create_manager(ctx):\n    return ctx\n",
        )
        .file("app/ok.py", USER);
    write_raw(p.path(), b"app/caf\xe9.py", USER.as_bytes());
    let p = p.git_init();
    let status = p.run(&["status", "."]);
    assert!(
        status
            .stdout
            .contains("ws-create                        move      2"),
        "{}",
        status.stdout
    );
    assert!(
        !status.stdout.contains("ready to delete"),
        "{}",
        status.stdout
    );
    let out = p.run(&["apply", "."]);
    assert!(out.stdout.contains("Committed 2 files"), "{}", out.stdout);
    let status = p.run(&["status", "."]);
    assert!(
        status
            .stdout
            .contains("ws-create                        move      0      2"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("ready to delete"),
        "{}",
        status.stdout
    );
}

#[test]
fn verify_runs_on_the_exact_names_quoted_for_the_shell() {
    let names: &[&[u8]] = &[b"-lead.py", b"it's here.py", b"caf\xe9.py", b"a\\b.py"];
    let toml = format!(
        "[settings]\nverify = \"python3 -m py_compile {{files}} && ls -d {{files}}\"\n\n{}",
        crate::util::RULES
    );
    let p = Project::bare().file("canon.toml", toml);
    for name in names {
        write_raw(p.path(), name, USER.as_bytes());
    }
    let p = p.git_init();
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    for name in names {
        assert_eq!(
            git2_blob(p.path(), "canon/migration", name),
            FIXED.as_bytes()
        );
    }
}

#[test]
fn a_name_of_255_bytes_not_utf8_and_a_deep_path_are_fixed_everywhere() {
    // 255 bytes: NAME_MAX. Spelt lossily (U+FFFD for each 0xe9) it
    // would not fit in a name.
    let long = [&[b'n'; 236][..], &[0xe9; 16], b".py"].concat();
    assert_eq!(long.len(), 255);
    let long_path = app(&long);
    let deep = format!("{}/d.py", vec!["pkg"; 60].join("/"));
    let p = Project::new().file(&deep, USER);
    write_raw(p.path(), &long_path, USER.as_bytes());
    let p = p.git_init();
    let check = p.run(&["check", "."]);
    assert!(
        check.stdout.contains(&format!(
            "app/{}{}.py:1:28",
            "n".repeat(236),
            "\\xe9".repeat(16)
        )),
        "{}",
        check.stdout
    );
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Committed 2 files"), "{}", out.stdout);
    let branch = "canon/migration";
    assert_eq!(git_show(p.path(), branch, &long_path), FIXED.as_bytes());
    assert_eq!(
        git_show(p.path(), branch, deep.as_bytes()),
        FIXED.as_bytes()
    );
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read(at(p.path(), &long_path)).unwrap(),
        FIXED.as_bytes()
    );
    assert_eq!(
        std::fs::read_to_string(p.path().join(&deep)).unwrap(),
        FIXED
    );
}

#[test]
fn a_name_that_reads_like_an_escape_stays_apart_from_the_one_it_spells() {
    // `lit\xe9.py` spelled with a backslash, and `lit<0xe9>.py`: two files.
    let p = Project::new();
    write_raw(p.path(), b"app/lit\\xe9.py", USER.as_bytes());
    write_raw(
        p.path(),
        b"app/lit\xe9.py",
        b"x = 1\nfrom app.ws.factory import create_manager\n",
    );
    let out = p.run(&["check", "."]);
    assert!(
        out.stdout.contains("app/lit\\\\xe9.py:1:28"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("app/lit\\xe9.py:2:28"),
        "{}",
        out.stdout
    );
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let literal = std::fs::read_to_string(at(p.path(), b"app/lit\\xe9.py")).unwrap();
    assert_eq!(literal, FIXED);
    let byte = std::fs::read_to_string(at(p.path(), b"app/lit\xe9.py")).unwrap();
    assert_eq!(byte, "x = 1\nfrom app.ws.manager import Manager\n");
}

#[test]
fn baseline_reads_the_line_of_a_non_utf8_named_file() {
    let p = Project::new();
    write_raw(p.path(), b"app/caf\xe9.py", USER.as_bytes());
    let out = p.run(&["baseline", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let baseline = std::fs::read_to_string(p.path().join(".canon-baseline.json")).unwrap();
    assert!(baseline.contains("app/caf\\\\xe9.py"), "{baseline}");
    assert!(
        baseline.contains("\"from app.ws.factory import create_manager\""),
        "{baseline}"
    );
    let file = p.path().join(".canon-baseline.json");
    let check = p.run(&["check", ".", "--baseline", file.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn a_target_named_with_odd_bytes_is_diffed_and_written() {
    let p = odd_project();
    let target = at(p.path(), b"app/caf\xe9.py");
    let mut out = Vec::new();
    let mut err = Vec::new();
    crate::util::sandbox();
    let args: Vec<std::ffi::OsString> = vec![
        "canon".into(),
        "apply".into(),
        "--write".into(),
        target.clone().into(),
    ];
    let code = canon::run_with(
        &args,
        &mut canon::Io {
            out: &mut out,
            err: &mut err,
            out_is_tty: false,
            err_is_tty: false,
        },
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    assert!(
        String::from_utf8_lossy(&out).contains("Wrote 1 file"),
        "{}",
        String::from_utf8_lossy(&out)
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), FIXED);
    let other = std::fs::read_to_string(at(p.path(), b"app/my file.py")).unwrap();
    assert_eq!(other, USER, "only the target is written");
}
