//! Hostile sizes and states, through the real binary: 5,000 rules, a
//! repository with no commit, and one of 100,000 files. Each is checked,
//! committed and written correctly, or says in one line why it cannot.

use std::time::Instant;

use crate::util::{Project, RULES, assert_lines, problems};

const IMPORT: &str = "from app.ws.factory import create_manager\n";

fn fixed(call: &str) -> String {
    format!("from app.ws.manager import Manager\n{call}\n")
}

#[test]
fn five_thousand_rules_load_and_check_and_fix_exactly_their_files() {
    let mut rules = String::new();
    for i in 0..5000 {
        rules.push_str(&format!(
            "[[move]]\nid = \"m{i}\"\nold = \"legacy.mod{i}.name{i}\"\nnew = \"modern.mod{i}.name{i}\"\n\n"
        ));
    }
    let mut p = Project::bare().file("canon.toml", rules);
    let used = [0, 1, 2500, 4998, 4999];
    for i in used {
        p = p.file(
            &format!("app/u{i}.py"),
            format!("from legacy.mod{i} import name{i}\n\nname{i}()\n"),
        );
    }
    for i in 0..200 {
        p = p.file(
            &format!("app/plain{i}.py"),
            format!("import os\nx{i} = os.getcwd()\n"),
        );
    }
    let started = Instant::now();
    let check = p.bin(&["check", "--format", "json", "."]);
    let check_took = started.elapsed();
    assert_eq!(check.code, 1, "{}", check.stderr);
    let got: Vec<String> = check
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    let expected: Vec<String> = {
        let mut e: Vec<String> = used
            .iter()
            .map(|i| format!("app/u{i}.py:1:{} m{i}", 24 + i.to_string().len()))
            .collect();
        e.sort();
        e
    };
    assert_lines(
        &got,
        &expected.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let started = Instant::now();
    let write = p.bin(&["apply", "--write", "."]);
    let write_took = started.elapsed();
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert!(
        write.stdout.contains("Wrote 5 files (5 edits)."),
        "{}",
        write.stdout
    );
    for i in used {
        assert_eq!(
            std::fs::read_to_string(p.path().join(format!("app/u{i}.py"))).unwrap(),
            format!("from modern.mod{i} import name{i}\n\nname{i}()\n")
        );
    }
    eprintln!("5,000 rules: check {check_took:.1?}, apply --write {write_took:.1?}");
}

/// A repository with no commit: the commands that read files work, those
/// that need a base say so in one line, and nothing is left behind.
#[test]
fn an_empty_repository_is_checked_and_written_and_the_rest_says_commit_first() {
    let p = Project::new().file("app/a.py", format!("{IMPORT}create_manager(1)\n"));
    p.git(&["init", "-q", "-b", "main"]);
    let no_base = "error: the repository has no commits yet; commit something first so canon has a base to start from";
    for args in [
        &["apply", "."][..],
        &["apply", "--per-file", "."],
        &["status", "."],
    ] {
        let out = p.bin(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.trim_end(), no_base, "{args:?}");
    }
    let review = p.bin(&["review", "."]);
    assert_eq!(review.code, 2, "{}", review.stderr);
    assert!(
        review
            .stderr
            .starts_with("error: `canon review` needs a terminal"),
        "{}",
        review.stderr
    );
    let check = p.bin(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stdout.contains("app/a.py:1:28"), "{}", check.stdout);
    let diff = p.bin(&["diff", "."]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    let write = p.bin(&["apply", "--write", "."]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_eq!(
        std::fs::read_to_string(p.path().join("app/a.py")).unwrap(),
        fixed("Manager(user_context=1)")
    );
    // Still no commit and no ref; no lock or temporary file under .git.
    assert_eq!(p.git(&["for-each-ref"]), "");
    let repo = git2::Repository::open(p.path()).unwrap();
    assert!(repo.head().is_err(), "HEAD is still unborn");
    let canon_dir = p.path().join(".git/canon");
    let left: Vec<_> = std::fs::read_dir(&canon_dir)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.iter().all(|n| n == "tmp"), "{left:?}");
    if canon_dir.join("tmp").exists() {
        assert_eq!(std::fs::read_dir(canon_dir.join("tmp")).unwrap().count(), 0);
    }
}

/// 100,000 files (90,000 empty non-Python ones, 10,000 one-line Python
/// ones, five with a violation): generated in the test's folder, in memory
/// (`/dev/shm`) where there is one, as creating and removing that many
/// files on a busy disk takes minutes.
#[test]
fn a_hundred_thousand_files_are_checked_committed_and_written() {
    let started = Instant::now();
    let p = Project::bare_in_memory().file("canon.toml", RULES);
    let mut expected = Vec::new();
    for d in 0..100 {
        let dir = p.path().join(format!("pkg{d:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..1000 {
            let (name, body) = if i % 10 == 0 {
                (format!("m{i}.py"), "x = 1\n")
            } else {
                (format!("f{i}.txt"), "")
            };
            std::fs::write(dir.join(name), body).unwrap();
        }
        if d % 20 == 0 {
            let path = format!("pkg{d:02}/v.py");
            std::fs::write(
                p.path().join(&path),
                format!("{IMPORT}create_manager({d})\n"),
            )
            .unwrap();
            expected.push(path);
        }
    }
    let p = p.git_init();
    let generated = started.elapsed();

    let check = p.bin(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_lines(&problems(&check.stderr), &[]);
    let reported: Vec<String> = check
        .stdout
        .lines()
        .filter(|l| l.contains(": ws-create"))
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(reported, expected);
    assert!(
        check.stdout.contains("checked 100005 files"),
        "{}",
        check.stdout
    );

    let apply = p.bin(&["apply", "."]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let changed = p.git(&["diff", "--name-only", "main", "canon/migration"]);
    assert_eq!(changed.lines().collect::<Vec<_>>(), expected);
    assert_eq!(
        p.git(&["ls-tree", "-r", "--name-only", "canon/migration"])
            .lines()
            .count(),
        100_006,
        "every other file is still in the tree"
    );

    let write = p.bin(&["apply", "--write", "."]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert!(write.stdout.contains("Wrote 5 files"), "{}", write.stdout);
    let status = p.git(&["--no-optional-locks", "status", "--porcelain"]);
    let modified: Vec<&str> = status
        .lines()
        .map(|l| l.trim_start_matches(" M "))
        .collect();
    assert_eq!(modified, expected);
    eprintln!(
        "100,000 files: generated and committed in {generated:.1?}, all in {:.1?}",
        started.elapsed()
    );
}
