//! Hostile pass 24c (scale and odd inputs): the defects found, each with
//! the test here.

use crate::util::moved_pair;

/// The process's umask, as `/proc/self/status` says.
#[cfg(target_os = "linux")]
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let line = (status.lines())
        .find_map(|l| l.strip_prefix("Umask:"))
        .expect("a Umask line");
    u32::from_str_radix(line.trim(), 8).expect("octal")
}

/// D7: `canon baseline` and `canon init` wrote their files 0600 whatever
/// the umask (a temporary file renamed into place): files meant to be
/// committed and shared, readable by their owner alone.
#[cfg(target_os = "linux")]
#[test]
fn baseline_and_init_write_files_as_any_new_file_is() {
    use std::os::unix::fs::PermissionsExt;
    let want = 0o666 & !umask();
    let config = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
    let p = moved_pair(
        config,
        "import warnings\n\nfrom new.mod import assist\n\n\ndef helper():\n    warnings.warn(\"use new.mod.assist\", DeprecationWarning)\n    return assist()\n",
        "def assist():\n    return 1\n",
    )
        .file("app.py", "from old.mod import helper\n\nhelper()\n")
        .git_init();
    let out = p.run(&["baseline", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mode = |f: &str| {
        std::fs::metadata(p.path().join(f))
            .expect("written")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(
        mode(".canon-baseline.json"),
        want,
        "{:o}",
        mode(".canon-baseline.json")
    );
    std::fs::remove_file(p.path().join("canon.toml")).unwrap();
    let out = p.run(&["init", "."]);
    assert!(
        out.code == 0 || out.code == 1,
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert_eq!(mode("canon.toml"), want, "{:o}", mode("canon.toml"));
}
