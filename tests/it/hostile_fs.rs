//! Hostile file systems, through the real binary: files that change,
//! vanish or turn into FIFOs while canon works, unreadable files and
//! folders, symlink loops, odd file names (sizes: `hostile_scale`). Each
//! has one outcome: a line naming the file (or a silent skip, as `git grep`
//! and ripgrep do for symlinks), the rest checked and fixed, nothing hung,
//! nothing clobbered.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Output, Project, RULES, assert_lines, bin_cmd, bin_output, problems};

const IMPORT: &str = "from app.ws.factory import create_manager\n";

fn fixed(call: &str) -> String {
    format!("from app.ws.manager import Manager\n{call}\n")
}

/// Run `cmd` (the real binary), failing the test if it takes longer than
/// `limit` (a hang): killed then, by its id.
fn within(limit: Duration, cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("canon starts");
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("canon hung: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A `python3` for canon (`$CANON_PYTHON`) that first runs `action` (shell)
/// and leaves a mark: canon asks it once, while proposing, after the scan
/// read the file to fix and before anything is written.
fn meddling_python(dir: &Path, action: &str) -> (PathBuf, PathBuf) {
    let script = dir.join("python3");
    let mark = dir.join("asked");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n{action}\ntouch '{}'\nexec python3 \"$@\"\n",
            mark.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (script, mark)
}

/// A rule on a module outside the project, so canon asks Python about it.
fn rules_asking_python() -> String {
    format!("{RULES}\n[[move]]\nid = \"mock\"\nold = \"mock\"\nnew = \"unittest.mock\"\n")
}

#[test]
fn apply_write_leaves_a_file_changed_or_removed_after_the_scan_read_it_and_says_so() {
    let original = format!("{IMPORT}create_manager(1)\n");
    for (case, action) in [
        ("changed", "printf '# edited meanwhile\\n' >> \"$TARGET\""),
        ("removed", "rm -f \"$TARGET\""),
        ("untouched", ":"),
    ] {
        let p = Project::bare()
            .file("canon.toml", rules_asking_python())
            .file("app/a.py", &original)
            .file("app/other.py", "import os\n");
        let tools = tempfile::tempdir().unwrap();
        let (python, mark) = meddling_python(tools.path(), action);
        let out = bin_output(
            bin_cmd(p.path())
                .args(["apply", "--write", "."])
                .env("CANON_PYTHON", &python)
                .env("TARGET", p.path().join("app/a.py")),
        );
        assert!(mark.exists(), "{case}: canon asked the meddling Python");
        let now = std::fs::read_to_string(p.path().join("app/a.py")).ok();
        match case {
            "untouched" => {
                assert_eq!(out.code, 0, "{}", out.stderr);
                assert_eq!(
                    now.as_deref(),
                    Some(fixed("Manager(user_context=1)").as_str())
                );
            }
            _ => {
                assert_eq!(out.code, 2, "{case}: {}", out.stderr);
                assert_lines(
                    &problems(&out.stderr),
                    &[
                        "error: app/a.py changed since canon read it, so it was not written; run canon again",
                    ],
                );
                assert!(out.stdout.contains("Wrote 0 files"), "{}", out.stdout);
                let expected =
                    (case == "changed").then(|| format!("{original}# edited meanwhile\n"));
                assert_eq!(now, expected, "{case}: the other hand's work stands");
            }
        }
        // No temporary file anywhere in the project.
        let mut names: Vec<String> = std::fs::read_dir(p.path().join("app"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let expected: &[&str] = if case == "removed" {
            &["other.py"]
        } else {
            &["a.py", "other.py"]
        };
        assert_eq!(names, expected, "{case}");
    }
}

#[test]
fn write_files_writes_the_unchanged_names_the_changed_and_clears_stale_temporaries() {
    let root = tempfile::tempdir().unwrap();
    let staging = root.path().join(".git/canon/tmp");
    std::fs::create_dir_all(&staging).unwrap();
    // A temporary file left by a process that was killed (its id is gone).
    let dead = Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    let _ = { dead }.wait();
    let stale = staging.join(format!("write-{dead_pid}-abc.tmp"));
    std::fs::write(&stale, "half").unwrap();
    for (name, text) in [("same.py", "old\n"), ("edited.py", "someone else's\n")] {
        std::fs::write(root.path().join(name), text).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            root.path().join("same.py"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }
    use canon::pipeline::commit::{WriteBack, write_files};
    let done = write_files(
        root.path(),
        Some(&staging),
        &[
            WriteBack {
                path: "edited.py",
                read: "old\n",
                text: "new\n",
            },
            WriteBack {
                path: "gone.py",
                read: "old\n",
                text: "new\n",
            },
            WriteBack {
                path: "same.py",
                read: "old\n",
                text: "new\n",
            },
        ],
    )
    .unwrap();
    assert_eq!(done.written, ["same.py"]);
    assert_eq!(done.changed, ["edited.py", "gone.py"]);
    let read = |n: &str| std::fs::read_to_string(root.path().join(n)).ok();
    assert_eq!(read("same.py").as_deref(), Some("new\n"));
    assert_eq!(read("edited.py").as_deref(), Some("someone else's\n"));
    assert_eq!(read("gone.py"), None);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(root.path().join("same.py"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755, "permissions kept");
    }
    assert_eq!(
        std::fs::read_dir(&staging).unwrap().count(),
        0,
        "the stale temporary file is gone and no new one is left"
    );
}

/// While `check` runs, another thread removes, rewrites, empties and
/// replaces files with FIFOs and folders, over and over. Every run ends
/// (a FIFO opened to read would wait for a writer forever), exits 1, names
/// nothing but churned files in its warnings, and reports every stable file.
#[cfg(unix)]
#[test]
fn files_that_vanish_change_or_become_fifos_during_a_scan_never_hang_it() {
    let mut p = Project::new();
    for i in 0..150 {
        p = p.file(
            &format!("app/stable/s{i}.py"),
            format!("{IMPORT}create_manager({i})\n"),
        );
    }
    for i in 0..150 {
        p = p.file(
            &format!("app/churn/c{i}.py"),
            format!("{IMPORT}create_manager({i})\n"),
        );
    }
    let churn_dir = p.path().join("app/churn");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churner = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut round = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for i in 0..150 {
                    let path = churn_dir.join(format!("c{i}.py"));
                    let _ = std::fs::remove_file(&path);
                    let _ = std::fs::remove_dir(&path);
                    match (round + i) % 5 {
                        0 => {}
                        1 => {
                            let _ = std::fs::write(&path, format!("{IMPORT}create_manager({i})\n"));
                        }
                        2 => {
                            let _ = std::fs::write(&path, "");
                        }
                        3 => {
                            let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
                            // SAFETY: mkfifo(3) on a path in the test's folder.
                            unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
                        }
                        _ => {
                            let _ = std::fs::create_dir(&path);
                        }
                    }
                }
                round += 1;
            }
        })
    };
    for _ in 0..6 {
        let out = within(
            Duration::from_secs(60),
            bin_cmd(p.path()).args(["check", "."]),
        );
        // 2 when a churned file was there but could not be read (a FIFO, a
        // folder by then): the check is incomplete; 1 when each was read or gone.
        let incomplete = out.stderr.contains("could not be checked");
        assert_eq!(out.code, if incomplete { 2 } else { 1 }, "{}", out.stderr);
        assert!(
            !out.stderr.contains("panicked") && !out.stderr.contains("internal error"),
            "{}",
            out.stderr
        );
        for line in problems(&out.stderr) {
            assert!(
                line.starts_with("warning: app/churn/c"),
                "an unexpected warning: {line}"
            );
        }
        for i in 0..150 {
            assert!(
                out.stdout.contains(&format!("app/stable/s{i}.py:1:28")),
                "s{i}.py reported:\n{}",
                out.stdout
            );
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churner.join().unwrap();
}

/// `canon` as a process that cannot read what its mode bits forbid: as
/// is when not root; as root, with the capabilities that override them
/// dropped (`setpriv`). `None` (with the reason printed) when neither works.
#[cfg(unix)]
fn without_read_override(dir: &Path, probe: &Path) -> Option<Command> {
    // SAFETY: geteuid(2) has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some(bin_cmd(dir));
    }
    let drop_caps = [
        "--bounding-set=-dac_override,-dac_read_search",
        "--inh-caps=-dac_override,-dac_read_search",
        "--",
    ];
    let blocked = Command::new("setpriv")
        .args(drop_caps)
        .arg("cat")
        .arg(probe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| !s.success());
    if !blocked {
        eprintln!(
            "skipping the unreadable-file assertions: running as root, and setpriv cannot drop CAP_DAC_OVERRIDE here"
        );
        return None;
    }
    let inner = bin_cmd(dir);
    let mut cmd = Command::new("setpriv");
    cmd.args(drop_caps)
        .arg(inner.get_program())
        .current_dir(dir);
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    Some(cmd)
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_named_and_the_rest_is_fixed() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new()
        .file("app/secret.py", format!("{IMPORT}create_manager(1)\n"))
        .file(
            "app/locked/inner.py",
            format!("{IMPORT}create_manager(2)\n"),
        )
        .file("app/good.py", format!("{IMPORT}create_manager(3)\n"));
    let mode = |path: &str, m: u32| {
        std::fs::set_permissions(p.path().join(path), std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode("app/secret.py", 0o000);
    mode("app/locked", 0o000);
    let cmd = without_read_override(p.path(), &p.path().join("app/secret.py"));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let Some(mut cmd) = cmd else { return };
        let expected = [
            "warning: app/locked: cannot read: Permission denied (os error 13)",
            "warning: app/secret.py: cannot read: Permission denied (os error 13)",
        ];
        let check = bin_output(cmd.args(["check", "."]));
        assert_eq!(check.code, 2, "{}", check.stderr);
        assert_lines(&problems(&check.stderr), &expected);
        assert!(
            check.stdout.contains("app/good.py:1:28"),
            "{}",
            check.stdout
        );
        let mut cmd = without_read_override(p.path(), &p.path().join("app/secret.py")).unwrap();
        let write = bin_output(cmd.args(["apply", "--write", "."]));
        assert_eq!(write.code, 0, "{}", write.stderr);
        assert_lines(&problems(&write.stderr), &expected);
        assert_eq!(
            std::fs::read_to_string(p.path().join("app/good.py")).unwrap(),
            fixed("Manager(user_context=3)")
        );
    }));
    // Readable again, so the temporary folder can go.
    mode("app/locked", 0o755);
    mode("app/secret.py", 0o644);
    assert_eq!(
        std::fs::read_to_string(p.path().join("app/secret.py")).unwrap(),
        format!("{IMPORT}create_manager(1)\n"),
        "the unreadable file is untouched"
    );
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// Symlinks are not followed (as `git grep` and ripgrep by default): loops
/// of files, a folder linking to its parent, a dangling link are skipped
/// without a word, and the scan ends. Named on the command line, a loop is
/// a one-line error. A link to a Python file stays a link after a fix.
#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_silently_and_named_when_asked_for() {
    use std::os::unix::fs::symlink;
    let p = Project::new()
        .file("app/a.py", format!("{IMPORT}create_manager(1)\n"))
        .file("app/sub/b.py", format!("{IMPORT}create_manager(2)\n"));
    let app = p.path().join("app");
    symlink("loop_b.py", app.join("loop_a.py")).unwrap();
    symlink("loop_a.py", app.join("loop_b.py")).unwrap();
    symlink("self.py", app.join("self.py")).unwrap();
    symlink("..", app.join("sub/up")).unwrap();
    symlink(".", app.join("here")).unwrap();
    symlink("a.py", app.join("alias.py")).unwrap();
    symlink("/nonexistent/canon", app.join("dangling.py")).unwrap();
    let p = p.git_init();

    let check = within(
        Duration::from_secs(60),
        bin_cmd(p.path()).args(["check", "."]),
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_lines(&problems(&check.stderr), &[]);
    let reported: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains(": ws-create"))
        .collect();
    assert_eq!(reported.len(), 2, "{}", check.stdout);
    assert!(
        reported[0].starts_with("app/a.py:1:28") && reported[1].starts_with("app/sub/b.py:1:28")
    );

    for target in ["app/loop_a.py", "app/self.py"] {
        let out = within(
            Duration::from_secs(60),
            bin_cmd(p.path()).args(["check", target]),
        );
        assert_eq!(out.code, 2, "{target}: {}", out.stderr);
        assert_eq!(
            out.stderr.trim_end(),
            format!(
                "error: {target}: cannot resolve it (Too many levels of symbolic links (os error 40))"
            )
        );
    }

    // The commit reads git's tree, where links are links: the same two files.
    let apply = within(
        Duration::from_secs(60),
        bin_cmd(p.path()).args(["apply", "."]),
    );
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert_eq!(
        p.git(&["diff", "--name-only", "main", "canon/migration"]),
        "app/a.py\napp/sub/b.py\n"
    );
    let links = p.git(&[
        "ls-tree",
        "-r",
        "canon/migration",
        "app/alias.py",
        "app/sub/up",
    ]);
    assert_eq!(links.matches("120000 blob").count(), 2, "{links}");

    let write = within(
        Duration::from_secs(60),
        bin_cmd(p.path()).args(["apply", "--write", "."]),
    );
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_eq!(
        std::fs::read_to_string(app.join("a.py")).unwrap(),
        fixed("Manager(user_context=1)")
    );
    let alias = std::fs::symlink_metadata(app.join("alias.py")).unwrap();
    assert!(alias.file_type().is_symlink(), "alias.py is still a link");
}
