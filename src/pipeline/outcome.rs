//! What the pipeline yields per file, and the same file as a reviewer sees
//! it: findings, the proposal, and what needs a human (bans, rewrites
//! without a fix, fixes the self-check refused). The TUI lists it, and the
//! CLI prints the same rows (`check --fixes`, `status`, `diff`).

use crate::analyze::{Finding, Kind};
use crate::python::{LineIndex, ModuleName};
use crate::rewrite::{FileProposal, Proposal};
use crate::rules::{Config, RuleKind};

/// One file with findings: what the scan found and, for a Python file
/// with a move or rewrite finding, what canon proposes.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub path: String,
    pub module: Option<ModuleName>,
    pub findings: Vec<Finding>,
    /// Empty (no edits, nothing skipped) when no fix applies.
    pub proposal: Proposal,
}

impl FileOutcome {
    /// A finding a fix could address: a move or a rewrite in a Python file.
    pub fn fixable(module: Option<&ModuleName>, findings: &[Finding]) -> bool {
        module.is_some()
            && findings
                .iter()
                .any(|x| matches!(x.kind, Kind::Move | Kind::Rewrite))
    }

    /// Some finding is more than a mention. (The definition and re-export
    /// of SPEC §3.10 count: the review lists them as needing a human,
    /// though `check` passes on them.)
    pub fn violating(&self) -> bool {
        self.findings.iter().any(|x| x.kind != Kind::Mention)
    }

    /// Edits, or fixes canon could not make.
    pub fn has_proposal(&self) -> bool {
        !self.proposal.file.edits.is_empty() || !self.proposal.skipped.is_empty()
    }

    /// The file as the review shows it.
    pub fn reviewable(self, config: &Config) -> Reviewable {
        reviewable(config, self)
    }
}

/// A finding as a row of the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub line: usize,
    pub rule: String,
    pub kind: Kind,
    pub message: String,
}

/// Something a human must do: no fix exists, or canon refused to make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manual {
    /// 1-based; None for the whole file.
    pub line: Option<usize>,
    pub rule: String,
    pub text: String,
}

/// A violating file as the review shows it.
#[derive(Debug, Clone)]
pub struct Reviewable {
    pub path: String,
    pub findings: Vec<FindingRow>,
    pub proposal: FileProposal,
    pub manual: Vec<Manual>,
}

impl Reviewable {
    /// A file the proposal could not be made for: the reason is its row.
    pub fn failed(config: &Config, outcome: FileOutcome, reason: String) -> Reviewable {
        let mut r = reviewable(
            config,
            FileOutcome {
                proposal: Proposal::default(),
                ..outcome
            },
        );
        r.manual.push(Manual {
            line: None,
            rule: "canon".into(),
            text: reason,
        });
        r
    }
}

fn reviewable(config: &Config, outcome: FileOutcome) -> Reviewable {
    let FileOutcome {
        path,
        module,
        findings,
        proposal,
    } = outcome;
    let Proposal {
        file: mut proposal,
        skipped,
    } = proposal;
    if proposal.path.is_empty() {
        proposal.path = path.clone();
    }
    let no_fix = |rule: &str| {
        config.rules.iter().any(|r| {
            r.id == rule
                && matches!(
                    r.kind,
                    RuleKind::Ban { .. } | RuleKind::Rewrite { fix: None, .. }
                )
        })
    };
    let findings: Vec<FindingRow> = findings
        .into_iter()
        .filter(|x| x.kind != Kind::Mention)
        .map(|x| FindingRow {
            line: x.start.line,
            rule: x.rule,
            kind: x.kind,
            message: x.message,
        })
        .collect();
    // Lines (1-based) the proposal's edits touch: a finding elsewhere got
    // no fix (a definition, an `__all__` re-export, a deprecated module
    // imported where it cannot move) and needs a human.
    let index = LineIndex::new(&proposal.base);
    let touched: Vec<(usize, usize)> = proposal
        .edits
        .iter()
        .map(|e| {
            let end = e.range.end.max(e.range.start);
            (index.line_of(e.range.start) + 1, index.line_of(end) + 1)
        })
        .collect();
    let unfixed = |line: usize| !touched.iter().any(|&(a, b)| a <= line && line <= b);
    let mut manual: Vec<Manual> = findings
        .iter()
        .filter(|x| x.kind == Kind::Ban || no_fix(&x.rule) || module.is_none() || unfixed(x.line))
        .map(|x| Manual {
            line: Some(x.line),
            rule: x.rule.clone(),
            text: x.message.clone(),
        })
        .collect();
    // A fix that could not be made says why; it replaces the bare finding.
    manual.retain(|m| {
        !skipped
            .iter()
            .any(|s| s.rule == m.rule && Some(s.line) == m.line)
    });
    manual.extend(skipped.into_iter().map(|s| Manual {
        line: Some(s.line),
        rule: s.rule,
        text: format!("{}: {}", s.reason, s.excerpt.trim()),
    }));
    manual.sort_by_key(|m| m.line);
    Reviewable {
        path,
        findings,
        proposal,
        manual,
    }
}
