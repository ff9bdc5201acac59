//! Baselines: today's violations, recorded so CI fails only on new ones.
//!
//! An entry is (rule, path, the offending line's text, trimmed), with a
//! count for identical lines: unrelated edits that shift lines do not break
//! the match, and an entry no finding uses any more is stale.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analyze::Finding;

pub const FILE_NAME: &str = ".canon-baseline.json";
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub line: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read the baseline {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a canon baseline: {source}")]
    Parse {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path} is a version {found} baseline; this canon reads version {VERSION}")]
    Version { path: String, found: u32 },
}

/// The key of a finding: its rule, path and the trimmed text of its line.
fn key(f: &Finding, line_text: &dyn Fn(&str, usize) -> Option<String>) -> (String, String, String) {
    let text = line_text(&f.path, f.start.line).unwrap_or_default();
    (f.rule.clone(), f.path.clone(), line_key(&text))
}

/// A line's text as a baseline matches it: without a byte order mark (an
/// encoding mark an editor may add or drop, not text; `trim` keeps it, as
/// U+FEFF is not white space), the line terminator (CR included) and the
/// white space around it. Entries are read through it too, so a baseline
/// written before from a file with a BOM still matches.
fn line_key(text: &str) -> String {
    text.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_string()
}

impl Baseline {
    /// Today's violations (mentions are not recorded). `line_text(path, line)`
    /// gives a file's 1-based line.
    pub fn from_findings<'a>(
        findings: impl Iterator<Item = &'a Finding>,
        line_text: &dyn Fn(&str, usize) -> Option<String>,
    ) -> Baseline {
        let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for f in findings.filter(|f| f.is_violation()) {
            *counts.entry(key(f, line_text)).or_default() += 1;
        }
        Baseline {
            version: VERSION,
            entries: counts
                .into_iter()
                .map(|((rule, path, line), count)| Entry {
                    rule,
                    path,
                    line,
                    count,
                })
                .collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: shown.clone(),
            source,
        })?;
        let b: Baseline = serde_json::from_str(&text).map_err(|source| BaselineError::Parse {
            path: shown.clone(),
            source,
        })?;
        if b.version != VERSION {
            return Err(BaselineError::Version {
                path: shown,
                found: b.version,
            });
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Split violations into new ones (not in the baseline) and report the
    /// baseline entries nothing matched (stale). Mentions always pass.
    pub fn filter<'a>(
        &self,
        findings: impl Iterator<Item = &'a Finding>,
        line_text: &dyn Fn(&str, usize) -> Option<String>,
    ) -> (Vec<&'a Finding>, Vec<Entry>) {
        let mut left: BTreeMap<(String, String, String), usize> =
            self.entries.iter().fold(BTreeMap::new(), |mut m, e| {
                // Two old entries may agree once read through `line_key`.
                *m.entry((e.rule.clone(), e.path.clone(), line_key(&e.line)))
                    .or_default() += e.count;
                m
            });
        let mut new = Vec::new();
        for f in findings.filter(|f| f.is_violation()) {
            match left.get_mut(&key(f, line_text)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => new.push(f),
            }
        }
        let stale = left
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((rule, path, line), count)| Entry {
                rule,
                path,
                line,
                count,
            })
            .collect();
        (new, stale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Kind, Site};
    use crate::python::Position;

    fn finding(rule: &str, path: &str, line: usize, kind: Kind) -> Finding {
        let p = Position { line, column: 1 };
        Finding {
            rule: rule.into(),
            kind,
            site: Site::Import,
            path: path.into(),
            range: 0..1,
            start: p,
            end: p,
            message: String::new(),
            note: None,
            fix: None,
            context: None,
            fixed_by: None,
        }
    }

    #[test]
    fn matches_by_line_text_across_shifts_and_reports_stale() {
        let old_lines = ["import a.old", "x = 1", "import a.old"];
        let old = |_: &str, l: usize| old_lines.get(l - 1).map(|s| s.to_string());
        let today = [
            finding("r", "m.py", 1, Kind::Move),
            finding("r", "m.py", 3, Kind::Move),
            finding("r", "m.py", 2, Kind::Mention),
        ];
        let b = Baseline::from_findings(today.iter(), &old);
        assert_eq!(
            b.entries,
            [Entry {
                rule: "r".into(),
                path: "m.py".into(),
                line: "import a.old".into(),
                count: 2
            }]
        );
        let back: Baseline = serde_json::from_str(&b.to_json()).unwrap();
        assert_eq!(back, b);

        // Lines shifted down by two, one old use left, one new one elsewhere.
        let new_lines = [
            "# header",
            "",
            "import a.old",
            "x = 1",
            "from a.old import y",
        ];
        let new = |_: &str, l: usize| new_lines.get(l - 1).map(|s| s.to_string());
        let later = [
            finding("r", "m.py", 3, Kind::Move),
            finding("r", "m.py", 5, Kind::Move),
        ];
        let (fresh, stale) = b.filter(later.iter(), &new);
        assert_eq!(fresh.iter().map(|f| f.start.line).collect::<Vec<_>>(), [5]);
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].count, 1);
    }

    #[test]
    fn a_byte_order_mark_is_not_line_text() {
        type Lines<'a> = &'a dyn Fn(&str, usize) -> Option<String>;
        let plain: Lines = &|_, _| Some("from old.mod import make".to_string());
        let marked: Lines = &|_, _| Some("\u{feff}from old.mod import make\r".to_string());
        let today = [finding("r", "a.py", 1, Kind::Move)];
        // Recorded without the mark, checked with it; and an older
        // baseline that kept the mark in its entry, checked without it.
        for (before, after) in [(plain, marked), (marked, plain)] {
            let mut b = Baseline::from_findings(today.iter(), before);
            b.entries[0].line = before("a.py", 1).unwrap();
            let (fresh, stale) = b.filter(today.iter(), after);
            assert!(fresh.is_empty() && stale.is_empty(), "{fresh:?} {stale:?}");
        }
    }
}
