//! The CI formats of `check` (github, sarif, junit), shell completions and
//! the pre-commit hook.

use std::collections::BTreeMap;
use std::process::Command;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use crate::json_schema;
use crate::util::{Project, canon_bin};

/// The SARIF 2.1.0 schema, vendored (see tests/data/README.md).
pub const SARIF_SCHEMA: &str = include_str!("../data/sarif-schema-2.1.0.json");

const A_PY: &str = "from app.ws.factory import create_manager\n\
                    from app.ws.factory import ManagerFactory\n";
const NOTES: &str = "# use app.ws.factory.create_manager, not this\n";

fn project() -> Project {
    Project::new()
        .file("app/a.py", A_PY)
        .file("docs/notes.md", NOTES)
}

// ---------------------------------------------------------------- github

#[test]
fn github_prints_one_exact_workflow_command_per_finding() {
    let out = project().run(&["check", ".", "--format", "github"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "::error file=app/a.py,line=1,col=28,endLine=1,endColumn=42,title=ws-create::\
         `app.ws.factory.create_manager` moved to `app.ws.manager.Manager` (The factory module is deprecated.)\n\
         ::error file=app/a.py,line=2,col=28,endLine=2,endColumn=42,title=ws-factory-class::\
         import of banned `app.ws.factory.ManagerFactory`\n\
         ::notice file=docs/notes.md,line=1,col=7,endLine=1,endColumn=36,title=ws-create::\
         text mentions deprecated `app.ws.factory.create_manager` (The factory module is deprecated.)\n"
    );
}

#[test]
fn github_quiet_drops_the_notices_and_clean_prints_nothing() {
    let out = project().run(&["check", ".", "--format", "github", "-q"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    assert!(out.stdout.lines().all(|l| l.starts_with("::error ")));

    let clean = Project::new().file("app/a.py", "import os\n");
    let out = clean.run(&["check", ".", "--format", "github"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

#[test]
fn github_escapes_commas_colons_and_percents_in_paths() {
    let p = Project::new().file("docs/a,b:100%.md", NOTES);
    let out = p.run(&["check", ".", "--format", "github"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "::notice file=docs/a%2Cb%3A100%25.md,line=1,col=7,endLine=1,endColumn=36,\
         title=ws-create::text mentions deprecated `app.ws.factory.create_manager` (The factory module is deprecated.)\n"
    );
}

// ----------------------------------------------------------------- sarif

/// Valid against the SARIF 2.1.0 schema, plus what the schema cannot say
/// and GitHub code scanning needs, checked field by field.
pub fn assert_valid_sarif(log: &Value) {
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).expect("schema is JSON");
    let errors = json_schema::validate(&schema, log);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    let obj = |v: &Value, what: &str| {
        assert!(v.is_object(), "{what} must be an object: {v}");
    };
    let text = |v: &Value, what: &str| {
        assert!(
            v["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{what}.text must be a non-empty string: {v}"
        );
    };
    let positive = |v: &Value, what: &str| {
        assert!(
            v.as_u64().is_some_and(|n| n >= 1),
            "{what} must be an integer >= 1: {v}"
        );
    };
    obj(log, "log");
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .unwrap()
            .ends_with("sarif-2.1.0.json")
    );
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    obj(driver, "tool.driver");
    assert_eq!(driver["name"], "canon");
    let rules = driver["rules"].as_array().expect("rules is an array");
    let mut ids = std::collections::BTreeSet::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("rule id is a string");
        assert!(ids.insert(id), "duplicate rule id {id}");
        text(&rule["shortDescription"], "shortDescription");
        text(&rule["fullDescription"], "fullDescription");
        text(&rule["help"], "help");
        assert_eq!(rule["defaultConfiguration"]["level"], "error");
    }
    assert!(["utf16CodeUnits", "unicodeCodePoints"].contains(&run["columnKind"].as_str().unwrap()));
    for result in run["results"].as_array().expect("results is an array") {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at its rule");
        assert!(["error", "warning", "note", "none"].contains(&result["level"].as_str().unwrap()));
        text(&result["message"], "message");
        let locations = result["locations"].as_array().expect("locations");
        assert!(!locations.is_empty());
        for loc in locations {
            let phys = &loc["physicalLocation"];
            let artifact = &phys["artifactLocation"];
            let uri = artifact["uri"].as_str().expect("uri");
            assert!(
                !uri.starts_with('/') && !uri.contains(':'),
                "relative uri: {uri}"
            );
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
            let region = &phys["region"];
            for field in ["startLine", "startColumn", "endLine", "endColumn"] {
                positive(&region[field], field);
            }
            let start = (region["startLine"].as_u64(), region["startColumn"].as_u64());
            let end = (region["endLine"].as_u64(), region["endColumn"].as_u64());
            assert!(start <= end, "region ends before it starts: {region}");
        }
    }
}

#[test]
fn sarif_is_a_valid_log_linking_results_to_rules() {
    let out = project().run(&["check", ".", "--format", "sarif"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let log = out.json();
    assert_valid_sarif(&log);
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // Every configured rule, in config order, whether it matched or not.
    assert_eq!(
        rules,
        [
            "ws-create",
            "same-name",
            "legacy-events",
            "ws-getter",
            "ws-ctor",
            "ws-factory-class"
        ]
    );
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["help"]["text"],
        "`app.ws.factory.create_manager` moved to `app.ws.manager.Manager`. \
         The factory module is deprecated."
    );
    let results: Vec<String> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            format!(
                "{} {} {}:{}:{}",
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                loc["artifactLocation"]["uri"].as_str().unwrap(),
                loc["region"]["startLine"],
                loc["region"]["startColumn"],
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            "ws-create error app/a.py:1:28",
            "ws-factory-class error app/a.py:2:28",
            "ws-create note docs/notes.md:1:7",
        ]
    );
}

#[test]
fn sarif_of_a_clean_project_has_rules_and_no_results() {
    let out = Project::new()
        .file("app/a.py", "import os\n")
        .run(&["check", ".", "--format", "sarif"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log = out.json();
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

// ----------------------------------------------------------------- junit

/// testcase name → failure (message attribute, text), parsed with a real
/// XML reader so malformed output fails the test.
fn parse_junit(xml: &str) -> (BTreeMap<String, String>, BTreeMap<String, (String, String)>) {
    let mut reader = Reader::from_str(xml);
    let mut suite = BTreeMap::new();
    let mut cases = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_failure: Option<String> = None;
    let mut suites = 0;
    let attrs = |e: &quick_xml::events::BytesStart| -> BTreeMap<String, String> {
        e.attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("valid escapes")
                        .to_string(),
                )
            })
            .collect()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testsuite" => {
                suites += 1;
                suite = attrs(&e);
            }
            Event::Start(e) if e.name().as_ref() == b"testcase" => {
                let a = attrs(&e);
                assert_eq!(a["classname"], "canon");
                current = Some(a["name"].clone());
            }
            Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                let a = attrs(&e);
                assert_eq!(a["classname"], "canon");
                cases.insert(a["name"].clone(), (String::new(), String::new()));
            }
            Event::Start(e) if e.name().as_ref() == b"failure" => {
                in_failure = Some(attrs(&e)["message"].clone());
            }
            Event::Text(t) => {
                if let (Some(name), Some(message)) = (&current, &in_failure) {
                    let text = t.decode().expect("utf-8").to_string();
                    let text = quick_xml::escape::unescape(&text).unwrap().to_string();
                    let entry = cases
                        .entry(name.clone())
                        .or_insert_with(|| (message.clone(), String::new()));
                    entry.1.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(name), Some(message)) = (&current, &in_failure) {
                    let entity = format!("&{};", r.decode().unwrap());
                    let text = quick_xml::escape::unescape(&entity).unwrap().to_string();
                    let entry = cases
                        .entry(name.clone())
                        .or_insert_with(|| (message.clone(), String::new()));
                    entry.1.push_str(&text);
                }
            }
            Event::End(e) if e.name().as_ref() == b"failure" => in_failure = None,
            Event::End(e) if e.name().as_ref() == b"testcase" => {
                if let Some(name) = current.take() {
                    cases.entry(name).or_default();
                }
            }
            _ => {}
        }
    }
    assert_eq!(suites, 1, "exactly one testsuite");
    (suite, cases)
}

#[test]
fn junit_has_a_testcase_per_rule_and_failures_listing_locations() {
    let p = project().file(
        "app/b & <c>.py",
        "from app.ws.factory import create_manager\n",
    );
    let out = p.run(&["check", ".", "--format", "junit"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let (suite, cases) = parse_junit(&out.stdout);
    assert_eq!(suite["name"], "canon");
    assert_eq!(suite["tests"], "6");
    assert_eq!(suite["failures"], "2");
    let names: Vec<&str> = cases.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "legacy-events",
            "same-name",
            "ws-create",
            "ws-ctor",
            "ws-factory-class",
            "ws-getter"
        ]
    );
    assert_eq!(cases["legacy-events"], (String::new(), String::new()));
    let (message, text) = &cases["ws-create"];
    assert_eq!(
        message,
        "2 violations of ws-create: `app.ws.factory.create_manager` moved to `app.ws.manager.Manager`"
    );
    // Mentions (docs/notes.md) do not fail the rule.
    assert_eq!(
        text,
        "app/a.py:1:28 `app.ws.factory.create_manager` moved to `app.ws.manager.Manager` (The factory module is deprecated.)\n\
         app/b & <c>.py:1:28 `app.ws.factory.create_manager` moved to `app.ws.manager.Manager` (The factory module is deprecated.)\n"
    );
    assert_eq!(
        cases["ws-factory-class"].1,
        "app/a.py:2:28 import of banned `app.ws.factory.ManagerFactory`\n"
    );
}

#[test]
fn junit_of_a_clean_project_passes_every_rule() {
    let out = Project::new()
        .file("app/a.py", "import os\n")
        .run(&["check", ".", "--format", "junit"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (suite, cases) = parse_junit(&out.stdout);
    assert_eq!(
        (suite["tests"].as_str(), suite["failures"].as_str()),
        ("6", "0")
    );
    assert!(cases.values().all(|c| c.0.is_empty() && c.1.is_empty()));
}

// ----------------------------------------------------------- completions

#[test]
fn completions_are_generated_for_every_shell() {
    let p = Project::new();
    let bash = p.run(&["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(bash.stdout.contains("canon"), "{}", bash.stdout);
    assert!(bash.stdout.contains("check"), "{}", bash.stdout);
    assert!(bash.stdout.contains("--format"), "{}", bash.stdout);
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = p.run(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains("check"), "{shell}: {}", out.stdout);
    }
    assert_eq!(p.run(&["completions", "tcsh"]).code, 2);
}

#[test]
fn the_commands_spec_names_are_all_built() {
    // `doctor` and `init` were stubs that exited 2 saying "not built yet".
    let p = Project::new();
    let help = p.run(&["--help"]);
    for command in ["doctor", "init"] {
        assert!(help.stdout.contains(command), "{}", help.stdout);
        let before = walkdir(p.path());
        let out = p.run(&[command, "."]);
        assert!(
            !out.stderr.contains("not built"),
            "{command}: {}",
            out.stderr
        );
        // Doctor only reads; init refuses, since there is a canon.toml.
        assert_eq!(
            walkdir(p.path()).len(),
            before.len(),
            "{command} wrote nothing"
        );
    }
}

/// Every path under `dir`, relative to it.
fn walkdir(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            out.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out
}

// ------------------------------------------------------------- pre-commit

#[test]
fn the_pre_commit_hook_runs_canon_check_on_the_changed_files() {
    let hooks = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .expect("hooks file");
    for line in [
        "- id: canon",
        "  entry: canon check",
        "  language: rust",
        "  types_or: [python, toml, yaml, ini, markdown]",
        "  pass_filenames: true",
    ] {
        assert!(
            hooks.lines().any(|l| l == line),
            "missing {line:?}:\n{hooks}"
        );
    }

    // What pre-commit runs: the entry, then the staged files it selected,
    // from the repository root.
    let p = project()
        .file("app/clean.py", "import os\n")
        .file("setup.cfg", "[x]\n")
        .file("conf.yaml", "a: 1\n");
    let run = |files: &[&str]| {
        let out = Command::new(canon_bin())
            .arg("check")
            .args(files)
            .current_dir(p.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("canon runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let (code, stdout) = run(&["app/clean.py", "setup.cfg", "conf.yaml", "canon.toml"]);
    assert_eq!(code, Some(0), "{stdout}");
    let (code, stdout) = run(&["app/clean.py", "app/a.py", "docs/notes.md"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.starts_with("app/a.py:1:28: ws-create "), "{stdout}");
    assert!(!stdout.contains("clean.py"), "{stdout}");
}
