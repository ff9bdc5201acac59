//! Hostile but valid inputs: nesting deep enough to overflow a thread's
//! stack if any walk recursed on the scan's own threads. Every command
//! finishes, the deep files are analysed on a stack of their own, and a
//! file deeper than any real code is a diagnostic naming it, not a crash.

use crate::util::Project;

const IMPORT: &str = "from app.ws.factory import create_manager\n\n";

fn chain(sep: &str, n: usize, name: char) -> String {
    (0..n)
        .map(|i| format!("{name}{i}"))
        .collect::<Vec<_>>()
        .join(sep)
}

fn deep_project() -> Project {
    Project::new()
        .file(
            "app/andc.py",
            format!(
                "{IMPORT}ok = {}\ncreate_manager(ok)\n",
                chain(" and ", 3000, 'a')
            ),
        )
        .file(
            "app/plus.py",
            format!(
                "{IMPORT}def f():\n    return create_manager({})\n",
                chain(" + ", 2000, 'x')
            ),
        )
        .file(
            "app/assign.py",
            format!("{IMPORT}{} = create_manager(1)\n", chain(" = ", 3000, 'a')),
        )
}

#[test]
fn thousands_of_terms_are_checked_and_fixed_like_any_file() {
    let p = deep_project();
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for f in ["app/andc.py", "app/plus.py", "app/assign.py"] {
        assert!(check.stdout.contains(f), "{f} is checked: {}", check.stdout);
    }
    let diff = p.run(&["diff", "."]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert_eq!(
        diff.stdout
            .matches("+from app.ws.manager import Manager")
            .count(),
        3
    );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let plus = std::fs::read_to_string(p.path().join("app/plus.py")).unwrap();
    assert!(
        plus.starts_with("from app.ws.manager import Manager\n"),
        "{plus:.200}"
    );
    assert!(
        plus.contains("return Manager(user_context=(x0 + x1"),
        "{plus:.200}"
    );
    for f in ["app/andc.py", "app/plus.py", "app/assign.py"] {
        let ok = std::process::Command::new("python3")
            .args(["-m", "py_compile"])
            .arg(p.path().join(f))
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "{f} compiles after the fix");
    }
}

#[test]
fn a_file_deeper_than_any_real_code_is_named_and_the_scan_goes_on() {
    // The chain is a finding the deep statement holds: it must be parsed
    // (`wsf` spelled bare there too, which `check`'s lexer leaves to a parse).
    let p = deep_project().file(
        "app/abyss.py",
        format!(
            "import app.ws.factory as wsf\n\nx = wsf.create_manager(wsf, {})\n",
            chain(" + ", 25_000, 'y')
        ),
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("app/abyss.py:3:1: too deeply nested to analyse"),
        "{}",
        check.stderr
    );
    assert!(check.stdout.contains("app/andc.py"), "{}", check.stdout);
}

#[test]
fn a_deep_file_whose_chains_the_lexer_reads_is_checked_and_named_by_diff() {
    // Only the imports are parsed for `check`; the chain is read by the
    // lexer, whatever the nesting. The fix needs the parse: `diff` names it.
    let p = deep_project().file(
        "app/abyss.py",
        format!(
            "import app.ws.factory as wsf\n\nx = wsf.create_manager({})\n",
            chain(" + ", 25_000, 'y')
        ),
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stdout.contains("app/abyss.py:3:5: ws-create"),
        "{}",
        check.stdout
    );
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr
            .contains("app/abyss.py: too deeply nested to propose fixes"),
        "{}",
        diff.stderr
    );
    assert!(diff.stdout.contains("app/andc.py"), "{}", diff.stdout);
}

/// SIGTERM to `canon apply` while verify runs: the verify's processes are
/// stopped, its temporary checkout is removed, nothing is committed, and
/// canon says so and exits 2.
#[cfg(unix)]
#[test]
fn sigterm_during_verify_stops_it_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let marker = tmp.path().join("started");
    let rules = format!(
        "[settings]\nverify = \"touch {} && sleep 37.5\"\n{}",
        marker.display(),
        crate::util::RULES
    );
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("app/a.py", format!("{IMPORT}create_manager(1)\n"))
        .git_init();
    let scratch = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(crate::util::canon_bin())
        .args(["apply", "."])
        .current_dir(p.path())
        .env("TMPDIR", scratch.path())
        .env("HOME", p.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !marker.exists() {
        assert!(std::time::Instant::now() < deadline, "verify never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: kill(2) on the child this test spawned.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let started = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed().as_secs() < 10, "canon stopped promptly");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(p.git(&["branch", "--list", "canon/migration"]), "");
    let left: Vec<_> = std::fs::read_dir(scratch.path()).unwrap().collect();
    assert!(left.is_empty(), "the verify checkout is gone: {left:?}");
    let sleeping = std::process::Command::new("pgrep")
        .args(["-f", "sleep 37.5"])
        .output()
        .map(|o| o.stdout.is_empty())
        .unwrap_or(true);
    assert!(sleeping, "the verify's sleep was stopped");
}

#[cfg(unix)]
#[test]
fn a_huge_sparse_file_is_skipped_by_its_size_without_being_read() {
    let p = Project::new().file("app/a.py", format!("{IMPORT}create_manager(1)\n"));
    // 2 GiB of holes: reading it whole would take seconds and 2 GiB.
    let huge = std::fs::File::create(p.path().join("app/huge.py")).unwrap();
    huge.set_len(2 << 30).unwrap();
    let started = std::time::Instant::now();
    let out = p.run(&["check", "."]);
    assert!(started.elapsed().as_secs() < 5, "not read");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "app/huge.py: cannot read: 2048.0 MiB, over max_file_size (16.0 MiB); skipped"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains("app/a.py"),
        "the scan goes on: {}",
        out.stdout
    );
}

#[test]
fn a_nested_repository_is_not_part_of_the_project() {
    let p = Project::new()
        .file("app/a.py", format!("{IMPORT}create_manager(1)\n"))
        .file("vendor/lib/b.py", format!("{IMPORT}create_manager(2)\n"))
        // A submodule's checkout has a `.git` file pointing at its gitdir.
        .file("vendor/lib/.git", "gitdir: ../../.git/modules/lib\n");
    let out = p.run(&["check", "."]);
    assert!(out.stdout.contains("app/a.py"), "{}", out.stdout);
    assert!(!out.stdout.contains("vendor/lib"), "{}", out.stdout);
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let b = std::fs::read_to_string(p.path().join("vendor/lib/b.py")).unwrap();
    assert!(
        b.contains("app.ws.factory"),
        "the submodule is untouched: {b}"
    );
}

/// `max_file_size` bounds every read, from the working tree and from git
/// objects alike: a bigger file is named, counted as needing a human, and
/// the others are checked; a bad value is a config error with its line.
#[test]
fn max_file_size_bounds_reads_from_the_tree_and_from_git() {
    let big = format!("{IMPORT}create_manager(1)\n{}", "x = 1\n".repeat(400));
    let p = Project::bare()
        .file(
            "canon.toml",
            format!(
                "[settings]\nmax_file_size = \"1KiB\"\n\n{}",
                crate::util::RULES
            ),
        )
        .file("app/big.py", &big)
        .file("app/small.py", format!("{IMPORT}create_manager(2)\n"))
        .git_init();
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert!(
        check.stderr.contains(&format!(
            "app/big.py: cannot read: {} bytes, over max_file_size (1024 bytes); skipped",
            big.len()
        )),
        "{}",
        check.stderr
    );
    assert!(check.stdout.contains("app/small.py"), "{}", check.stdout);
    assert!(!check.stdout.contains("app/big.py:"), "{}", check.stdout);
    // The base read from git objects: the same bound.
    let status = p.run(&["status", "."]);
    assert!(status.stdout.contains("app/big.py"), "{}", status.stdout);
    let apply = p.run(&["apply", "."]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert!(
        apply.stderr.contains("app/big.py: cannot read:"),
        "{}",
        apply.stderr
    );
    assert_eq!(
        p.git(&["diff", "--name-only", "main", "canon/migration"]),
        "app/small.py\n"
    );
    for (value, line) in [("0", 2), ("\"12 parsecs\"", 2), ("-5", 2), ("true", 2)] {
        let bad = Project::bare().file(
            "canon.toml",
            format!(
                "[settings]\nmax_file_size = {value}\n\n{}",
                crate::util::RULES
            ),
        );
        let out = bad.run(&["check", "."]);
        assert_eq!(out.code, 2, "{value}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!("canon.toml:{line}:"))
                && out.stderr.contains("`max_file_size` must be"),
            "{value}: {}",
            out.stderr
        );
    }
}
