//! Hostile pass 19, helper k: an extensionless script with a Python
//! shebang (`bin/tool`) is Python source, in the working tree and in a
//! commit; a file with lone-CR line ends has one line model, so a
//! rewrite `diff` fixes is not also "needs a human" and its JSON fix sits
//! where its finding is; SIGTERM/SIGINT to `canon review` exits 2 saying so.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use crate::tui::{Tmux, tmux_installed};
use crate::util::{Project, canon_bin};

const MODS: [(&str, &str); 4] = [
    ("old/__init__.py", ""),
    ("new/__init__.py", ""),
    ("old/mod.py", "def helper(x):\n    return (\"old\", x)\n"),
    ("new/mod.py", "def assist(x):\n    return (\"new\", x)\n"),
];

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

fn project(config: &str) -> Project {
    let mut p = Project::bare().file("canon.toml", config);
    for (rel, text) in MODS {
        p = p.file(rel, text);
    }
    p
}

fn executable(p: &Project, rel: &str) {
    let path = p.path().join(rel);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// `python3 bin/tool` with the project on the path: its stdout.
fn run_script(p: &Project, rel: &str) -> String {
    let out = std::process::Command::new("python3")
        .arg(rel)
        .env("PYTHONPATH", p.path())
        .current_dir(p.path())
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{rel}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const TOOL: &str = "from old.mod import helper\n\n\ndef main():\n    print(helper(1))\n\n\nif __name__ == \"__main__\":\n    main()\n";

/// Each Python shebang makes `bin/tool` a Python file: checked (a
/// violation, so `status` does not call the definition ready to delete)
/// and fixed as a `.py` file is; the script runs the new function after.
#[test]
fn an_extensionless_python_script_is_checked_and_fixed() {
    for shebang in [
        "#!/usr/bin/env python3",
        "#!/usr/bin/python3.11",
        "#! /usr/bin/env -S python3 -u",
        "#!/opt/venv/bin/python",
    ] {
        let script = format!("{shebang}\n{TOOL}");
        let p = project(MOVE).file("bin/tool", &script).git_init();
        executable(&p, "bin/tool");
        assert_eq!(run_script(&p, "bin/tool"), "('old', 1)\n");
        let check = p.run(&["check", "."]);
        assert_eq!(check.code, 1, "{shebang}\n{}{}", check.stdout, check.stderr);
        assert!(
            check.stdout.contains("bin/tool:1:21: m") || check.stdout.contains("bin/tool:2:21: m"),
            "{shebang}\n{}",
            check.stdout
        );
        let status = p.run(&["status", "."]);
        assert!(
            !status.stdout.contains("ready to delete"),
            "{shebang}\n{}",
            status.stdout
        );
        let (after, stderr) = p.apply_write("bin/tool");
        assert!(
            after.starts_with(&format!("{shebang}\nfrom new.mod import assist\n")),
            "{shebang}\n{after}\n{stderr}"
        );
        assert_eq!(run_script(&p, "bin/tool"), "('new', 1)\n", "{after}");
        let mode = std::fs::metadata(p.path().join("bin/tool"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755, "{shebang}");
    }
}

/// Not every extensionless file is Python: a shell script naming the old
/// path is not analysed (nor a mention: no `mentions` glob takes it).
/// `exclude` takes a script as the `.py` file it would be: excluded, it
/// is no violation but still a user of the definition.
#[test]
fn a_shell_script_is_not_python_and_an_excluded_script_still_uses_the_name() {
    let p = project(MOVE)
        .file(
            "bin/sh-tool",
            "#!/bin/sh\npython3 -c 'from old.mod import helper'\n",
        )
        .git_init();
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);

    let config = format!("[settings]\nexclude = [\"bin/*.py\"]\n\n{MOVE}");
    let p = project(&config)
        .file("bin/tool", format!("#!/usr/bin/env python3\n{TOOL}"))
        .git_init();
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let status = p.run(&["status", "."]);
    assert!(
        !status.stdout.contains("ready to delete"),
        "{}",
        status.stdout
    );
}

/// `apply` reads the base commit's tree: the script is fixed on the
/// branch, still executable, and the committed script runs.
#[test]
fn an_extensionless_python_script_is_fixed_in_the_commit() {
    let p = project(MOVE).file("bin/tool", format!("#!/usr/bin/env python3\n{TOOL}"));
    executable(&p, "bin/tool");
    let p = p.git_init();
    let out = p.bin(&["apply", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let tree = p.git(&["ls-tree", "canon/migration", "bin/tool"]);
    assert!(tree.starts_with("100755 "), "{tree}");
    p.git(&["checkout", "-q", "canon/migration"]);
    let after = std::fs::read_to_string(p.path().join("bin/tool")).unwrap();
    assert!(after.contains("from new.mod import assist"), "{after}");
    assert_eq!(run_script(&p, "bin/tool"), "('new', 1)\n");
}

/// A rewrite in a file whose lines end in lone CRs (as Python reads
/// them): the fix `diff` proposes is not also "needs a human" (status,
/// `check --fixes`, diff's note), and the JSON fix's edits are on the
/// finding's line and column, where applying them gives the fixed file.
#[test]
fn lone_cr_rewrite_is_one_line_model_for_fixes_and_needs_a_human() {
    let config = "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.helper}($A)\"\nfix = \"{new.mod.assist}(x=$A)\"\n";
    let app = "from old.mod import helper\rdef f():\r    return helper(1)\rprint(f())\r";
    let p = project(config).file("app.py", app).git_init();
    assert_eq!(p.python(&["app.py"], "before"), "('old', 1)\n");

    let json = p.run(&["check", "--fixes", "--format", "json", "."]);
    let findings = json.json();
    let f = &findings.as_array().unwrap()[0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(12))
    );
    let edits = f["fix"]["edits"].as_array().expect("a fix");
    // Apply the edits by line/column (Python's lines), last first.
    let lines: Vec<&str> = app.split_inclusive('\r').collect();
    let offset = |line: u64, col: u64| -> usize {
        let before: usize = lines[..line as usize - 1].iter().map(|l| l.len()).sum();
        let within: usize = (lines.get(line as usize - 1).unwrap_or(&""))
            .chars()
            .take(col as usize - 1)
            .map(char::len_utf8)
            .sum();
        before + within
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let at = |l: &str, c: &str| offset(e[l].as_u64().unwrap(), e[c].as_u64().unwrap());
            (
                at("line", "column"),
                at("end_line", "end_column"),
                e["content"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let last = edits.last().unwrap();
    assert_eq!(
        (last["line"].as_u64(), last["column"].as_u64()),
        (Some(3), Some(12))
    );
    spans.sort();
    let mut fixed = app.to_string();
    for (start, end, content) in spans.into_iter().rev() {
        fixed.replace_range(start..end, &content);
    }
    let p2 = project(config).file("app.py", &fixed);
    assert_eq!(p2.python(&["app.py"], &fixed), "('new', 1)\n", "{fixed:?}");

    let text = p.run(&["check", "--fixes", "."]);
    assert!(!text.stdout.contains("needs a human"), "{}", text.stdout);
    let status = p.run(&["status", "."]);
    assert!(
        !status.stdout.contains("needs a human"),
        "{}",
        status.stdout
    );
    let diff = p.run(&["diff", "."]);
    assert!(diff.stdout.contains("assist(x=1)"), "{}", diff.stdout);
    assert!(!diff.stderr.contains("needs a human"), "{}", diff.stderr);
    let (after, stderr) = p.apply_write("app.py");
    assert!(!stderr.contains("needs a human"), "{stderr}");
    assert_eq!(after, fixed);
    assert_eq!(p.python(&["app.py"], &after), "('new', 1)\n");
}

/// SIGTERM and SIGINT sent to `canon review` stop it at a safe point:
/// the terminal restored, the session saved, a line saying it was
/// interrupted, exit status 2 (a `q` is 0).
#[test]
fn a_signal_to_review_exits_2_saying_so() {
    if !tmux_installed() {
        assert!(
            std::env::var_os("CANON_REQUIRE_TMUX").is_none_or(|v| v != "1"),
            "CANON_REQUIRE_TMUX=1 but tmux is not installed"
        );
        eprintln!("skipping: tmux not found");
        return;
    }
    let tmux = Tmux::start();
    for (signal, name) in [("TERM", "term"), ("INT", "int"), ("", "quit")] {
        let p = project(MOVE)
            .file("app.py", "from old.mod import helper\nprint(helper(1))\n")
            .git_init();
        let dir = p.path();
        let quote = |p: &std::path::Path| format!("'{}'", p.display());
        let shell = format!(
            "cd {d} && sh -c 'echo $$ > pid.tmp && mv pid.tmp pid.txt && exec {c} review 2>err.txt'; echo $? > rc.tmp && mv rc.tmp rc.txt",
            d = quote(dir),
            c = canon_bin().display(),
        );
        tmux.new_session(name, &shell);
        tmux.wait_for(name, "the review loaded", |s| {
            s.contains("app.py") && s.contains("decided")
        });
        if signal.is_empty() {
            tmux.keys(name, &["q"]);
        } else {
            let pid = std::fs::read_to_string(dir.join("pid.txt")).expect("pid");
            let kill = std::process::Command::new("kill")
                .args([&format!("-{signal}"), pid.trim()])
                .status()
                .expect("kill");
            assert!(kill.success());
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        let rc = loop {
            if let Ok(rc) = std::fs::read_to_string(dir.join("rc.txt")) {
                break rc.trim().to_string();
            }
            assert!(Instant::now() < deadline, "{}", tmux.screen(name));
            std::thread::sleep(Duration::from_millis(20));
        };
        let err = std::fs::read_to_string(dir.join("err.txt")).unwrap_or_default();
        let screen = tmux.screen(name);
        assert!(screen.contains("goes on from here"), "{signal}: {screen}");
        if signal.is_empty() {
            assert_eq!(rc, "0", "{err}");
            assert!(!err.contains("interrupted"), "{err}");
        } else {
            assert_eq!(rc, "2", "SIG{signal}: {err}\n{screen}");
            assert!(
                err.contains("interrupted by a signal"),
                "SIG{signal}: {err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
}
