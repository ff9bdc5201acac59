//! `canon baseline` and `canon check --baseline`: only new violations fail,
//! matched by rule, path and the line's text (not its number).

use crate::util::Project;

const A: &str = "from app.ws.factory import create_manager\nimport app.legacy.events\n";

#[test]
fn baseline_survives_line_shifts_and_fails_only_on_new_violations() {
    let p = Project::new().file("app/a.py", A);
    let out = p.run(&["baseline", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "Wrote .canon-baseline.json (2 violations on 2 lines).\n"
    );
    let file = p.path().join(".canon-baseline.json");
    let base = file.to_str().unwrap().to_string();
    assert_eq!(p.run(&["check", ".", "--baseline", &base]).code, 0);

    // Unrelated lines above shift everything down: still known.
    std::fs::write(
        p.path().join("app/a.py"),
        format!("\"\"\"Module.\"\"\"\n\nimport os\n{A}"),
    )
    .unwrap();
    let out = p.run(&["check", ".", "--baseline", &base]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    // A new violation fails, and it is the only one shown.
    std::fs::write(
        p.path().join("app/b.py"),
        "import app.legacy.events as ev\n",
    )
    .unwrap();
    let out = p.run(&["check", ".", "--baseline", &base, "--format", "json"]);
    assert_eq!(out.code, 1);
    let paths: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["app/b.py"]);

    // Fixing a baselined line makes its entry stale.
    std::fs::write(
        p.path().join("app/a.py"),
        "from app.ws.factory import create_manager\n",
    )
    .unwrap();
    std::fs::remove_file(p.path().join("app/b.py")).unwrap();
    let out = p.run(&["check", ".", "--baseline", &base, "-v"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("note: 1 baseline entry is no longer found"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("stale: legacy-events app/a.py: import app.legacy.events"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_baseline_file_is_a_clear_error() {
    let p = Project::new()
        .file("app/a.py", A)
        .file("b.json", "{not json");
    let file = p.path().join("b.json");
    let out = p.run(&["check", ".", "--baseline", file.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("is not a canon baseline"),
        "{}",
        out.stderr
    );
}
