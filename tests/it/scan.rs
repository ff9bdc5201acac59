//! The walk and per-file robustness: ignore rules, settings, bad files,
//! line endings, determinism.

use crate::util::{Project, RULES, assert_lines, run_in};

const IMPORT: &str = "from app.ws.factory import create_manager\n";

#[test]
fn gitignore_tool_folders_and_settings_are_honoured() {
    let rules = format!("[settings]\nexclude = [\"**/migrations/**\"]\n{RULES}");
    let p = Project::bare()
        .file("canon.toml", rules)
        .file(".gitignore", "generated/\n")
        .file("generated/a.py", IMPORT)
        .file("venv/lib/b.py", IMPORT)
        .file(".venv/c.py", IMPORT)
        .file("app/migrations/0001.py", IMPORT)
        .file("app/ok.py", IMPORT)
        .file("app/notes.txt.bak", IMPORT);
    assert_lines(&p.finding_lines(), &["app/ok.py:1:28 ws-create move"]);
}

#[test]
fn rule_paths_and_exclude_limit_a_rule() {
    let rules = "[[move]]\nid = \"m\"\nold = \"app.ws.factory.create_manager\"\nnew = \"app.ws.manager.create_manager\"\n\
                 paths = [\"services/**\"]\nexclude = [\"services/legacy/**\"]\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("services/a.py", IMPORT)
        .file("services/legacy/b.py", IMPORT)
        .file("scripts/c.py", IMPORT);
    assert_lines(&p.finding_lines(), &["services/a.py:1:28 m move"]);
}

#[test]
fn bad_files_become_diagnostics_and_the_scan_goes_on() {
    let p = Project::new()
        .file("app/binary.py", b"create_manager\x00\x01\x02")
        .file(
            "app/latin1.py",
            b"# caf\xe9\nfrom app.ws.factory import create_manager\n",
        )
        .file(
            "app/broken.py",
            "from app.ws.factory import create_manager\ndef f(:\n    pass\n",
        )
        .file("app/good.py", IMPORT);
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 2);
    assert_lines(
        &out.stderr.lines().map(String::from).collect::<Vec<_>>(),
        &[
            "warning: app/binary.py: binary file (contains NUL bytes), skipped",
            "warning: app/broken.py:2:7: syntax error; code inside the error is not checked",
            "warning: app/latin1.py: not valid UTF-8 (at byte 5), skipped",
            "error: 2 Python files could not be checked (see the warnings above)",
        ],
    );
    // The file with a syntax error still reports what parses.
    assert_lines(
        &p.finding_lines(),
        &[
            "app/broken.py:1:28 ws-create move",
            "app/good.py:1:28 ws-create move",
        ],
    );
}

#[test]
fn crlf_bom_and_tabs_keep_positions_right() {
    let p = Project::new()
        .file(
            "app/crlf.py",
            "import os\r\n\r\nfrom app.ws.factory import create_manager\r\n",
        )
        .file(
            "app/bom.py",
            "\u{feff}from app.ws.factory import create_manager\n",
        )
        .file(
            "app/tabs.py",
            "def f():\n\tfrom app.ws.factory import create_manager\n\treturn create_manager\n",
        )
        .file(
            "app/unicode.py",
            "é = 'ü'; from app.ws.factory import create_manager\n",
        );
    assert_lines(
        &p.finding_lines(),
        &[
            "app/bom.py:1:28 ws-create move",
            "app/crlf.py:3:28 ws-create move",
            "app/tabs.py:2:29 ws-create move",
            "app/unicode.py:1:37 ws-create move",
        ],
    );
}

#[test]
fn results_are_sorted_and_deterministic() {
    let mut p = Project::new();
    for i in (0..60).rev() {
        p = p.file(&format!("pkg{}/mod{i}.py", i % 7), IMPORT);
    }
    let first = p.finding_lines();
    assert_eq!(first.len(), 60);
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(first, sorted);
    for _ in 0..3 {
        assert_eq!(p.finding_lines(), first);
    }
}

#[test]
fn targets_narrow_the_scan_but_paths_stay_project_relative() {
    let p = Project::new()
        .file("app/a.py", IMPORT)
        .file("app/sub/b.py", IMPORT)
        .file("lib/c.py", IMPORT);
    let sub = p.path().join("app/sub");
    let out = run_in(
        p.path(),
        &["check", sub.to_str().unwrap(), "--format", "json"],
    );
    let paths: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["app/sub/b.py"]);
    // A single file, with the configuration found above it.
    let file = p.path().join("lib/c.py");
    let out = run_in(
        p.path(),
        &["check", file.to_str().unwrap(), "--format", "json"],
    );
    let paths: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["lib/c.py"]);
}

#[test]
fn pyproject_tool_canon_is_used_when_there_is_no_canon_toml() {
    let pyproject = "[project]\nname = \"app\"\n\n[[tool.canon.move]]\nid = \"m\"\nold = \"app.ws.factory.create_manager\"\nnew = \"app.ws.manager.create_manager\"\n";
    let p = Project::bare()
        .file("pyproject.toml", pyproject)
        .file("app/a.py", IMPORT);
    // The rule's own dotted path inside [tool.canon] is not a mention.
    assert_lines(&p.finding_lines(), &["app/a.py:1:28 m move"]);
}

#[test]
fn a_moved_module_file_is_reported_even_without_the_literal() {
    let p = Project::new().file(
        "app/legacy/events.py",
        "def publish(name):\n    return name\n",
    );
    assert_lines(
        &p.finding_lines(),
        &["app/legacy/events.py:1:1 legacy-events move"],
    );
}

/// Files from memory: what a git tree source looks like to the scan.
struct MemSource(std::collections::BTreeMap<String, Vec<u8>>);

impl canon::scan::Source for MemSource {
    fn paths(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
    fn reader(&self) -> canon::scan::Reader<'_> {
        Box::new(|p| {
            self.0
                .get(p)
                .cloned()
                .ok_or_else(|| std::io::Error::other("missing"))
        })
    }
    fn has_init(&self, dir: &str) -> bool {
        self.0.contains_key(&format!("{dir}/__init__.py"))
    }
}

fn collect(
    dir: &std::path::Path,
    rel: &str,
    out: &mut std::collections::BTreeMap<String, Vec<u8>>,
) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        let r = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            collect(&e.path(), &r, out);
        } else {
            out.insert(r, std::fs::read(e.path()).unwrap());
        }
    }
}

#[test]
fn a_file_source_scans_like_the_filesystem() {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo"));
    let config = canon::rules::load(root, None).unwrap();
    let mut files = std::collections::BTreeMap::new();
    collect(root, "", &mut files);
    let from_fs = canon::scan::scan(&config, &[root.to_path_buf()]).unwrap();
    let from_mem = canon::scan::scan_source(&config, &MemSource(files));
    let flat = |o: &canon::scan::ScanOutput| -> Vec<String> {
        o.findings()
            .map(|f| format!("{}:{}:{} {}", f.path, f.start.line, f.start.column, f.rule))
            .collect()
    };
    assert_eq!(flat(&from_mem), flat(&from_fs));
    assert_eq!(flat(&from_fs).len(), 73);
}

/// SPEC §3.10: the old symbol's own definition and an `__all__` re-export
/// are reported at info level, like mentions, and never fail `check`.
#[test]
fn a_definition_and_an_all_re_export_are_info_and_pass_check() {
    let p = Project::new()
        .file(
            "app/ws/factory.py",
            "def create_manager(ctx=None):\n    return 1\n",
        )
        .file(
            "app/ws/__init__.py",
            "from app.ws.factory import create_manager\n\n__all__ = [\"create_manager\"]\n",
        );
    let out = p.run(&["check", ".", "--format", "json"]);
    let json = out.json();
    let severities: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert!(
        severities.contains(&("app/ws/factory.py", "info")),
        "{severities:?}"
    );
    // The import in `__init__` is a violation; the definition is not.
    assert!(
        severities.contains(&("app/ws/__init__.py", "error")),
        "{severities:?}"
    );
    let only_definition = Project::new().file(
        "app/ws/factory.py",
        "def create_manager(ctx=None):\n    return 1\n",
    );
    let out = only_definition.run(&["check", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}
