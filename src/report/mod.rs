//! Printers for findings: ruff-like text, JSON, and the CI formats (GitHub
//! workflow commands, SARIF, JUnit XML) of SPEC §7. Printers write to any
//! `io::Write`; the caller decides about colour and handles a closed pipe.

mod diff;
mod github;
mod json;
mod junit;
mod sarif;
mod text;

pub use diff::write_diff;
pub use github::write_github;
pub use json::{FindingJson, write_json};
pub use junit::write_junit;
pub use sarif::{sarif_json, write_sarif};
pub use text::{Style, shown, write_diagnostics, write_text};

use crate::analyze::Finding;
use crate::rules::{Rule, RuleKind};

/// A finding's message as every printer shows it: the message, then the
/// rule's `note` in parentheses when it has one (SPEC §2: the note is "shown
/// with each finding"). `paint` styles the parenthesised note; plain printers
/// pass [`plain`]. The one place that joins them, so no format drops the note.
pub fn message_with_note(f: &Finding, paint: impl Fn(&str) -> String) -> String {
    match &f.note {
        Some(note) => format!("{} {}", f.message, paint(&format!("({note})"))),
        None => f.message.clone(),
    }
}

/// No styling, for [`message_with_note`].
pub fn plain(s: &str) -> String {
    s.to_string()
}

/// What the rule-aware printers (SARIF, JUnit) need to know about a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: String,
    /// One sentence saying what the rule looks for.
    pub description: String,
    /// The rule's `note`, when it has one.
    pub note: Option<String>,
}

impl RuleInfo {
    pub fn of(rule: &Rule) -> RuleInfo {
        let description = match &rule.kind {
            RuleKind::Move { old, new } => format!("`{old}` moved to `{new}`"),
            RuleKind::Rewrite { pattern, fix } => match fix {
                Some(fix) => format!("`{}` is rewritten to `{}`", pattern.source, fix.source),
                None => format!("`{}` is deprecated", pattern.source),
            },
            RuleKind::Ban { symbol } => format!("`{symbol}` is banned"),
        };
        RuleInfo {
            id: rule.id.clone(),
            description,
            note: rule.note.clone(),
        }
    }

    pub fn all(rules: &[Rule]) -> Vec<RuleInfo> {
        rules.iter().map(RuleInfo::of).collect()
    }
}

/// A finding for printer tests.
#[cfg(test)]
pub(crate) fn test_finding(
    rule: &str,
    violation: bool,
    path: &str,
    start: (usize, usize),
    end: (usize, usize),
    message: &str,
) -> crate::analyze::Finding {
    use crate::analyze::{Finding, Kind, Site};
    use crate::python::Position;
    Finding {
        rule: rule.into(),
        kind: if violation { Kind::Move } else { Kind::Mention },
        site: if violation { Site::Import } else { Site::Text },
        path: path.into(),
        range: 0..1,
        start: Position {
            line: start.0,
            column: start.1,
        },
        end: Position {
            line: end.0,
            column: end.1,
        },
        message: message.into(),
        note: None,
        fix: None,
        context: None,
        fixed_by: None,
    }
}
