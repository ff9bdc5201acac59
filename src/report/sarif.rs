//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning uploads
//! (`github/codeql-action/upload-sarif`). One run; the driver lists every
//! configured rule, each result points at a rule by id and index.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::RuleInfo;
use crate::analyze::Finding;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log for `findings` of `rules`.
pub fn sarif_json(rules: &[RuleInfo], findings: &[&Finding]) -> Value {
    let driver_rules: Vec<Value> = rules.iter().map(rule_json).collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| result_json(f, rules.iter().position(|r| r.id == f.rule)))
        .collect();
    let mut driver = json!({
        "name": "canon",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": driver_rules,
    });
    let repository = env!("CARGO_PKG_REPOSITORY");
    if !repository.is_empty() {
        driver["informationUri"] = json!(repository);
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            // canon's columns count characters, not UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn write_sarif(
    out: &mut dyn Write,
    rules: &[RuleInfo],
    findings: &[&Finding],
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif_json(rules, findings))?;
    writeln!(out)
}

fn rule_json(rule: &RuleInfo) -> Value {
    let help = match &rule.note {
        Some(note) => format!("{}. {note}", rule.description),
        None => format!("{}.", rule.description),
    };
    json!({
        "id": rule.id,
        "shortDescription": { "text": rule.description },
        "fullDescription": { "text": help },
        "help": { "text": help },
        "defaultConfiguration": { "level": "error" },
    })
}

fn result_json(f: &Finding, rule_index: Option<usize>) -> Value {
    let location = json!({
        "uri": uri_path(&f.path),
        "uriBaseId": "%SRCROOT%",
    });
    let region = json!({
        "startLine": f.start.line,
        "startColumn": f.start.column,
        "endLine": f.end.line,
        "endColumn": f.end.column,
    });
    let mut result = json!({
        "ruleId": f.rule,
        "level": if f.is_violation() { "error" } else { "note" },
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": region,
            },
        }],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if let Some(fix) = &f.fixed_by {
        let replacements: Vec<Value> = (fix.edits.iter())
            .map(|e| {
                json!({
                    "deletedRegion": {
                        "startLine": e.start.line,
                        "startColumn": e.start.column,
                        "endLine": e.end.line,
                        "endColumn": e.end.column,
                    },
                    "insertedContent": { "text": e.content },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": format!("canon's fix (group {} of this file: apply the group together)", fix.group) },
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": replacements,
            }],
        }]);
    } else if let Some(fix) = &f.fix {
        result["fixes"] = json!([{
            "description": { "text": format!("Replace with `{fix}`") },
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{
                    "deletedRegion": region,
                    "insertedContent": { "text": fix },
                }],
            }],
        }]);
    }
    result
}

/// A `/`-separated relative path as a URI reference: every byte of the
/// name (its own bytes, see [`crate::paths`]) outside the unreserved set
/// and `/` percent-encoded.
fn uri_path(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for &b in crate::paths::bytes(path).iter() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_finding;

    fn rules() -> Vec<RuleInfo> {
        vec![
            RuleInfo {
                id: "ws-create".into(),
                description: "`a.b` moved to `c.d`".into(),
                note: Some("The factory is deprecated.".into()),
            },
            RuleInfo {
                id: "ban-x".into(),
                description: "`x` is banned".into(),
                note: None,
            },
        ]
    }

    #[test]
    fn rules_and_results_are_linked_by_id_and_index() {
        let v = test_finding(
            "ban-x",
            true,
            "pkg/my file.py",
            (2, 3),
            (2, 9),
            "`x` is banned",
        );
        let m = test_finding("ws-create", false, "README.md", (1, 1), (1, 4), "mention");
        let log = sarif_json(&rules(), &[&v, &m]);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "canon");
        assert_eq!(driver["rules"][0]["id"], "ws-create");
        assert_eq!(
            driver["rules"][0]["help"]["text"],
            "`a.b` moved to `c.d`. The factory is deprecated."
        );
        assert_eq!(
            driver["rules"][1]["fullDescription"]["text"],
            "`x` is banned."
        );
        assert_eq!(driver["rules"][1]["defaultConfiguration"]["level"], "error");
        let r = &run["results"][0];
        assert_eq!(r["ruleId"], "ban-x");
        assert_eq!(r["ruleIndex"], 1);
        assert_eq!(r["level"], "error");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "pkg/my%20file.py");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(
            loc["region"],
            json!({"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 9})
        );
        assert!(r.get("fixes").is_none());
        assert_eq!(run["results"][1]["level"], "note");
        assert_eq!(run["results"][1]["ruleIndex"], 0);
    }

    #[test]
    fn a_known_fix_becomes_a_replacement() {
        let mut f = test_finding("ban-x", true, "a.py", (1, 6), (1, 9), "m");
        f.fix = Some("new".into());
        let log = sarif_json(&rules(), &[&f]);
        let change = &log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "a.py");
        let rep = &change["replacements"][0];
        assert_eq!(rep["insertedContent"]["text"], "new");
        assert_eq!(rep["deletedRegion"]["startColumn"], 6);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("a/b-c_d.py"), "a/b-c_d.py");
        assert_eq!(uri_path("a b/100%/é.py"), "a%20b/100%25/%C3%A9.py");
    }
}
