//! Hostile pass 9, fixed in the lead's tree: `fix` in `check --format json`
//! (defect 05).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::Project;

/// A project where one move fixes imports, uses, a qualified chain, a
/// `patch` string and a CRLF file, with a non-ASCII name before an edit.
fn project() -> Project {
    Project::bare()
        .file("canon.toml", "[[move]]\nid = \"mvc\"\nold = \"old.mod.C\"\nnew = \"new.mod.D\"\n")
        .file("old/__init__.py", "")
        .file("old/mod.py", "class C:\n    tag = 'old'\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "class D:\n    tag = 'new'\n")
        .file(
            "app/users.py",
            "from unittest import mock\nfrom old.mod import C\n\n\ndef tag():\n    return C.tag\n\n\n@mock.patch(\"old.mod.C\")\ndef test_tag(m):\n    pass\n",
        )
        .file(
            "app/qualified.py",
            "import old.mod\n\nnäme = 'x'; a = old.mod.C.tag\nb = old.mod.C\n",
        )
        .file("app/crlf.py", "from old.mod import C\r\n\r\nprint(C.tag)\r\n")
        // The same name: the edit (`old.mod`) lies beside the finding (`D`).
        .file(
            "canon.toml",
            "[[move]]\nid = \"mvc\"\nold = \"old.mod.C\"\nnew = \"new.mod.D\"\n\n[[move]]\nid = \"same\"\nold = \"old.mod.D\"\nnew = \"new.mod.D\"\n",
        )
        .file("old/mod.py", "class C:\n    tag = 'old'\n\n\nclass D:\n    tag = 'old'\n")
        .file("app/same.py", "from old.mod import D\n\nb = D.tag\n")
}

/// The 1-based (line, column in characters) position as a byte offset.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    start
        + text[start..]
            .chars()
            .take(column as usize - 1)
            .map(char::len_utf8)
            .sum::<usize>()
}

/// SPEC §7: `fix` holds the edits that fix the finding, with their ranges
/// and an applicability. Applying every fix's edits gives exactly what
/// `canon apply --write` writes, so the ranges are right and no edit is
/// missing or given twice; fixes that need each other share a group.
#[test]
fn every_fix_in_json_applied_gives_what_apply_writes() {
    let p = project();
    let out = p.run(&["check", ".", "--format", "json", "--fixes"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.json();
    let mut edits: BTreeMap<String, Vec<(usize, usize, String)>> = BTreeMap::new();
    for f in findings.as_array().unwrap() {
        let path = f["path"].as_str().unwrap().to_string();
        if f["severity"] == "info" {
            assert_eq!(f["fix"], Value::Null, "{f}");
            continue;
        }
        let fix = &f["fix"];
        assert_eq!(fix["applicability"], "safe", "{f}");
        assert!(fix["group"].is_u64(), "{f}");
        let text = String::from_utf8(p.bytes(&path)).unwrap();
        for e in fix["edits"].as_array().unwrap() {
            let at =
                |l: &str, c: &str| offset(&text, e[l].as_u64().unwrap(), e[c].as_u64().unwrap());
            let (start, end) = (at("line", "column"), at("end_line", "end_column"));
            edits.entry(path.clone()).or_default().push((
                start,
                end,
                e["content"].as_str().unwrap().to_string(),
            ));
        }
    }
    assert_eq!(
        edits.keys().collect::<Vec<_>>(),
        [
            "app/crlf.py",
            "app/qualified.py",
            "app/same.py",
            "app/users.py"
        ]
    );
    let mut by_json = BTreeMap::new();
    for (path, mut list) in edits {
        list.sort();
        let text = String::from_utf8(p.bytes(&path)).unwrap();
        let mut fixed = String::new();
        let mut at = 0;
        for (start, end, content) in list {
            assert!(start >= at, "{path}: overlapping edits");
            fixed.push_str(&text[at..start]);
            fixed.push_str(&content);
            at = end;
        }
        fixed.push_str(&text[at..]);
        by_json.insert(path, fixed);
    }
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (path, fixed) in by_json {
        assert_eq!(String::from_utf8(p.bytes(&path)).unwrap(), fixed, "{path}");
    }
    p.python(
        &["-c", "import app.users, app.qualified, app.crlf, app.same\nassert app.users.tag() == 'new'\nassert app.qualified.a == 'new'\nassert app.same.b == 'new'"],
        "the fixed code runs",
    );
}

/// A use renamed 300 times gives 300 small fixes, one edit each beside the
/// import's, not 300 copies of the whole group: output stays linear.
#[test]
fn a_group_of_linked_edits_is_split_among_its_findings() {
    let uses: String = (0..300).map(|i| format!("x{i} = old.mod.C\n")).collect();
    let p = project().file("app/many.py", format!("import old.mod\n{uses}"));
    let file = p.path().join("app/many.py");
    let out = p.run(&[
        "check",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--fixes",
    ]);
    let findings = out.json();
    let fixes: Vec<&Value> = (findings.as_array().unwrap().iter())
        .map(|f| &f["fix"])
        .collect();
    assert_eq!(fixes.len(), 300);
    let total: usize = fixes
        .iter()
        .map(|f| f["edits"].as_array().unwrap().len())
        .sum();
    // Each use's rename, and the import's once.
    assert_eq!(total, 301, "{}", out.stdout);
    let groups: std::collections::BTreeSet<u64> =
        fixes.iter().map(|f| f["group"].as_u64().unwrap()).collect();
    assert_eq!(groups.len(), 1, "the import's rename needs every use's");
}

/// Without `--fixes` the proposals are not worked out: a dotted-path string
/// still carries its fix, which analysis alone knows; other findings say
/// null rather than guess.
#[test]
fn without_fixes_only_a_dotted_path_string_carries_its_fix() {
    let p = project();
    let file = p.path().join("app/users.py");
    let out = p.run(&["check", file.to_str().unwrap(), "--format", "json"]);
    let findings = out.json();
    let fixes: Vec<(u64, &Value)> = (findings.as_array().unwrap().iter())
        .map(|f| (f["line"].as_u64().unwrap(), &f["fix"]))
        .collect();
    assert_eq!(fixes.len(), 2, "{}", out.stdout);
    assert_eq!(fixes[0], (2, &Value::Null));
    assert_eq!(fixes[1].0, 9);
    assert_eq!(fixes[1].1["edits"][0]["content"], "new.mod.D");
    assert_eq!(fixes[1].1["edits"][0]["column"], 14);
    assert_eq!(fixes[1].1["edits"][0]["end_column"], 23);
}

/// SARIF carries the same edits as `fixes`, valid against the schema.
#[test]
fn sarif_results_carry_the_fix_edits_with_fixes() {
    let p = project();
    let out = p.run(&["check", ".", "--format", "sarif", "--fixes"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let log = out.json();
    crate::formats::assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let users = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/users.py"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
        })
        .expect("the import's result");
    let replacements = &users["fixes"][0]["artifactChanges"][0]["replacements"];
    let texts: Vec<&str> = (replacements.as_array().unwrap().iter())
        .map(|r| r["insertedContent"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["new.mod", "D", "D"], "{replacements}");
    assert_eq!(replacements[2]["deletedRegion"]["startLine"], 6);
}

/// Lead's find in pass 9 (while fixing defects 04 and 07): the second
/// `if` imports `f` on its own line, but the fix's `g` was bound only by
/// the first `if`'s new import, and the second import went as unused: with
/// A false and B true, a `NameError`. Whatever canon writes, the code runs
/// as it did on every path. Since hostile pass 12 (defect 05) a fix reuses
/// only an import that surely binds at the use, so the second `if` gets an
/// import of its own and both calls move.
#[test]
fn a_fix_whose_import_runs_on_only_some_paths_is_not_proposed() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.f}($X)\"\nfix = \"{new.mod.g}(user=$X)\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def f(x):\n    return ('old', x)\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def g(user):\n    return ('new', user)\n")
        .file(
            "a.py",
            "import os\nA = os.environ.get('A') == '1'\nB = os.environ.get('B') == '1'\nif A:\n    from old.mod import f\n    print(f(2))\nif B: from old.mod import f; print(f(3))\n",
        );
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("not proposed"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(p.path().join("a.py")).unwrap(),
        "import os\nA = os.environ.get('A') == '1'\nB = os.environ.get('B') == '1'\nif A:\n    from new.mod import g\n    print(g(user=2))\nif B: from new.mod import g; print(g(user=3))\n"
    );
    for (a, b, want) in [
        ("1", "0", "('new', 2)\n"),
        ("0", "1", "('new', 3)\n"),
        ("1", "1", "('new', 2)\n('new', 3)\n"),
    ] {
        let run = std::process::Command::new("python3")
            .arg("a.py")
            .env("A", a)
            .env("B", b)
            .current_dir(p.path())
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "A={a} B={b}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&run.stdout), want, "A={a} B={b}");
    }
}

/// Hostile pass 10, defect 05: a symbol move and a move of its module both
/// report `patch("old.mod.helper")`. The symbol move runs first, so its
/// fix is the string's; the module move's finding had a second, different
/// fix (`new.mod.helper`, a name that does not exist) for the same range.
#[test]
fn a_string_two_rules_report_has_the_fix_of_the_rule_that_runs_first() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"h\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n\n[[move]]\nid = \"modmove\"\nold = \"old.mod\"\nnew = \"new.mod\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def helper(x): return x\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def assist(x): return x\n")
        .file("test_a.py", "from unittest.mock import patch\n\n@patch(\"old.mod.helper\")\ndef test(m):\n    return m\n");
    for fixes in [false, true] {
        let mut args = vec!["check", ".", "--format", "json"];
        if fixes {
            args.push("--fixes");
        }
        let out = p.run(&args);
        let contents: Vec<(String, String)> = (out.json().as_array().unwrap().iter())
            .filter(|f| f["path"] == "test_a.py" && f["line"] == 3)
            .flat_map(|f| {
                let rule = f["rule"].as_str().unwrap().to_string();
                (f["fix"]["edits"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter())
                .map(move |e| (rule.clone(), e["content"].as_str().unwrap().to_string()))
            })
            .collect();
        assert_eq!(
            contents,
            [("h".to_string(), "new.mod.assist".to_string())],
            "--fixes {fixes}"
        );
    }
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        String::from_utf8(p.bytes("test_a.py"))
            .unwrap()
            .contains("@patch(\"new.mod.assist\")")
    );
}
