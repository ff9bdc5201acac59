//! `canon apply --write` on the demo: every changed file compiles, a second
//! run changes nothing, and what is left are the findings canon cannot fix.

use std::path::Path;
use std::process::Command;

use crate::util::{Project, assert_lines, copy_dir, run_in};

fn py_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(py_files(&p));
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p.display().to_string());
        }
    }
    out
}

#[test]
fn applying_the_demo_compiles_and_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo"));
    copy_dir(demo, tmp.path());
    let out = run_in(tmp.path(), &["apply", ".", "--write"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("Wrote 17 files"),
        "{}",
        out.stdout
    );

    let compile = Command::new("python3")
        .args(["-m", "py_compile"])
        .args(py_files(tmp.path()))
        .output()
        .expect("python3 runs");
    assert!(
        compile.status.success(),
        "{}",
        String::from_utf8_lossy(&compile.stderr)
    );

    let again = run_in(tmp.path(), &["apply", ".", "--write"]);
    assert_eq!(again.stdout.trim(), "Wrote 0 files (0 edits).");

    // Left: definitions, re-exports, bans, getter calls where `await` cannot
    // go, and constructor calls a test checks on a stand-in (moved there).
    let json = run_in(tmp.path(), &["check", ".", "--format", "json"]).json();
    let mut left: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "move" || f["kind"] == "rewrite")
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    left.sort();
    assert_lines(
        &left,
        &[
            "netra_backend/app/agents/supervisor/agent_runner.py:23 ws-manager-ctor",
            "netra_backend/app/agents/tool_dispatcher.py:17 ws-manager-ctor",
            "netra_backend/app/agents/tool_dispatcher.py:34 ws-factory-getter",
            "netra_backend/app/handlers/message_handler.py:13 ws-factory-getter",
            "netra_backend/app/legacy/events/__init__.py:1 legacy-events",
            "netra_backend/app/routes/chat_routes.py:24 ws-factory-getter",
            // Tests patch `create_websocket_manager` in these three modules
            // with stand-ins for the old calls (`lambda ctx: manager`): the
            // import stays, or `ws-manager-ctor` would call the stand-ins
            // with `user_context=`.
            "netra_backend/app/routes/websocket_routes.py:10 ws-factory-create",
            "netra_backend/app/services/chat_service.py:10 ws-factory-create",
            "netra_backend/app/services/chat_service.py:26 ws-manager-ctor",
            "netra_backend/app/services/notification_service.py:11 ws-factory-getter",
            "netra_backend/app/services/notification_service.py:17 ws-manager-ctor",
            "netra_backend/app/services/presence_service.py:22 ws-manager-ctor",
            "netra_backend/app/services/presence_service.py:31 ws-manager-ctor",
            "netra_backend/app/services/session_service.py:8 ws-factory-create",
            "netra_backend/app/websocket_core/__init__.py:3 ws-factory-create",
            "netra_backend/app/websocket_core/__init__.py:3 ws-package-reexport",
            "netra_backend/app/websocket_core/__init__.py:8 ws-factory-create",
            "netra_backend/app/websocket_core/websocket_manager_factory.py:46 ws-factory-create",
        ],
    );
}

#[test]
fn apply_narrowed_by_rule_and_path() {
    let p = Project::new()
        .file(
            "app/a.py",
            "from app.ws.factory import create_manager\nimport app.legacy.events\n",
        )
        .file("lib/b.py", "import app.legacy.events\n");
    let out = p.run(&[
        "apply",
        ".",
        "--write",
        "--rule",
        "legacy-events",
        "--path",
        "app/**",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(p.path().join("app/a.py")).unwrap(),
        "from app.ws.factory import create_manager\nimport app.events\n"
    );
    assert_eq!(
        std::fs::read_to_string(p.path().join("lib/b.py")).unwrap(),
        "import app.legacy.events\n"
    );
    let bad = p.run(&["apply", ".", "--write", "--rule", "nope"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("no rule `nope`"), "{}", bad.stderr);
}

#[test]
fn diff_prints_git_style_hunks_and_exits_1() {
    let p = Project::new().file(
        "app/a.py",
        "from app.ws.factory import create_manager\n\n\ndef build(ctx):\n    return create_manager(ctx)\n",
    );
    let out = p.run(&["diff", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "diff --git a/app/a.py b/app/a.py\n--- a/app/a.py\n+++ b/app/a.py\n@@ -1,5 +1,5 @@ ws-create, ws-ctor\n\
         -from app.ws.factory import create_manager\n+from app.ws.manager import Manager\n \n \n def build(ctx):\n\
         -    return create_manager(ctx)\n+    return Manager(user_context=ctx)\n"
    );
    assert_eq!(out.stderr, "3 edits in 1 file\n");
    // Nothing to propose: exit 0, and the files are never written by `diff`.
    let clean = Project::new().file("app/b.py", "import os\n");
    assert_eq!(clean.run(&["diff", "."]).code, 0);
    assert!(
        std::fs::read_to_string(p.path().join("app/a.py"))
            .unwrap()
            .contains("create_manager")
    );
}

#[test]
fn apply_lists_what_it_cannot_propose_for_the_rules_it_applies() {
    let p = Project::new()
        .file(
            "app/s.py",
            "from app.ws.factory import get_factory\n\ndef sync():\n    return get_factory()\n",
        )
        .file(
            "app/a.py",
            "from app.ws.factory import create_manager\n\n\ndef build(ctx):\n    return create_manager(ctx)\n",
        );
    let note = "note: app/s.py:4: ws-getter: not proposed: the fix adds `await`";
    // Another rule only: the getter's refusal is not this run's business.
    let other = p.run(&[
        "apply",
        "--write",
        ".",
        "--rule",
        "ws-create",
        "--rule",
        "ws-ctor",
    ]);
    assert_eq!(other.code, 0, "{}", other.stderr);
    assert!(!other.stderr.contains(note), "{}", other.stderr);
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains(note), "{}", out.stderr);
    let quiet = p.run(&["-q", "apply", "--write", "."]);
    assert!(!quiet.stderr.contains("not proposed"), "{}", quiet.stderr);
}

#[test]
fn diff_lists_what_it_cannot_propose() {
    let p = Project::new().file(
        "app/s.py",
        "from app.ws.factory import get_factory\n\ndef sync():\n    return get_factory()\n",
    );
    let out = p.run(&["diff", "."]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.contains("note: app/s.py:4: ws-getter: not proposed: the fix adds `await`, which is not allowed in non-async def `sync`"),
        "{}",
        out.stderr
    );
}
