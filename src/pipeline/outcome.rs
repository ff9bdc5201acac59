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

    /// What in the file needs a human, and why, by line: a finding of a
    /// `ban` or of a rewrite without a fix, one in a file canon proposes
    /// nothing for, one on a line no edit of the proposal touches (a
    /// definition, an `__all__` re-export, a star import, a use of a name
    /// it brings in, a deprecated module imported where it cannot move),
    /// and each fix canon refused (the self-check, an `await` where it
    /// cannot go), which replaces the bare finding. The review lists these,
    /// and `check --fixes`, `diff`, `apply` and `status` print the
    /// violations among them.
    pub fn needs_human(&self, config: &Config) -> Vec<Manual> {
        needs_human(
            config,
            self.module.is_some(),
            &self.findings,
            &self.proposal,
        )
    }
}

/// See [`FileOutcome::needs_human`].
fn needs_human(
    config: &Config,
    python: bool,
    findings: &[Finding],
    proposal: &Proposal,
) -> Vec<Manual> {
    let no_fix = |rule: &str| {
        config.rules.iter().any(|r| {
            r.id == rule
                && matches!(
                    r.kind,
                    RuleKind::Ban { .. } | RuleKind::Rewrite { fix: None, .. }
                )
        })
    };
    // Lines (1-based) the proposal's edits touch: a finding elsewhere got
    // no fix.
    let index = LineIndex::new(&proposal.file.base);
    let touched: Vec<(usize, usize)> = (proposal.file.edits.iter())
        .map(|e| {
            let end = e.range.end.max(e.range.start);
            (index.line_of(e.range.start) + 1, index.line_of(end) + 1)
        })
        .collect();
    let unfixed = |line: usize| !touched.iter().any(|&(a, b)| a <= line && line <= b);
    let bare: Vec<&Finding> = (findings.iter())
        .filter(|x| x.kind != Kind::Mention)
        .filter(|x| {
            let line = x.start.line;
            x.kind == Kind::Ban || no_fix(&x.rule) || !python || unfixed(line)
        })
        .collect();
    // A star import of the rule left as it is: the names it brings in
    // cannot be re-pointed either.
    let star = |rule: &str| {
        (bare.iter()).find(|x| x.rule == rule && x.site == crate::analyze::Site::StarImport)
    };
    let mut manual: Vec<Manual> = (bare.iter())
        .map(|x| {
            let reason = match star(&x.rule) {
                Some(s) if x.site != crate::analyze::Site::StarImport && x.kind == Kind::Move => {
                    format!(
                        "the name comes in through the star import on line {}; import names explicitly",
                        s.start.line
                    )
                }
                _ => x.message.clone(),
            };
            // The review says what the command line says.
            let text = match reason == x.message {
                true => x.message.clone(),
                false => format!("{}; {reason}", x.message),
            };
            Manual {
                line: Some(x.start.line),
                rule: x.rule.clone(),
                text,
                reason,
                excerpt: None,
                violation: x.is_violation(),
            }
        })
        .collect();
    // A fix that could not be made says why; it replaces the bare finding.
    let skipped = &proposal.skipped;
    manual.retain(|m| {
        !skipped
            .iter()
            .any(|s| s.rule == m.rule && Some(s.line) == m.line)
    });
    manual.extend(skipped.iter().map(|s| Manual {
        line: Some(s.line),
        rule: s.rule.clone(),
        text: format!("{}: {}", s.reason, s.excerpt.trim()),
        reason: s.reason.clone(),
        excerpt: Some(s.excerpt.clone()),
        violation: true,
    }));
    manual.sort_by_key(|m| m.line);
    manual
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
    /// As the review shows it: the finding, or why canon refused its fix
    /// and the code.
    pub text: String,
    /// Why there is no fix, as the command line says it: the reason canon
    /// refused it, or what the finding says (for a use of a name a star
    /// import brings in: that it does).
    pub reason: String,
    /// For a fix canon refused: the code it concerns.
    pub excerpt: Option<String>,
    /// A violation, which fails `check` (a definition or an `__all__`
    /// re-export does not).
    pub violation: bool,
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
            text: reason.clone(),
            reason,
            excerpt: None,
            violation: true,
        });
        r
    }
}

fn reviewable(config: &Config, outcome: FileOutcome) -> Reviewable {
    let manual = outcome.needs_human(config);
    let FileOutcome {
        path,
        findings,
        proposal,
        ..
    } = outcome;
    let mut proposal = proposal.file;
    if proposal.path.is_empty() {
        proposal.path = path.clone();
    }
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
    Reviewable {
        path,
        findings,
        proposal,
        manual,
    }
}

#[cfg(test)]
mod tests {
    /// The review's rows and what the command line prints come from one
    /// classification: a use a star import brings in says so in both.
    #[test]
    fn the_review_and_the_command_line_give_one_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = [
            (
                "canon.toml",
                "[[move]]\nid = \"ms\"\nold = \"pkg.legacy.f\"\nnew = \"pkg.modern.f\"\n",
            ),
            ("pkg/__init__.py", ""),
            ("pkg/legacy.py", "def f():\n    return 1\n"),
            ("pkg/modern.py", "def f():\n    return 1\n"),
            ("pkg/app.py", "from .legacy import *\n\nx = f()\n"),
        ];
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = crate::rules::load(dir.path(), None).expect("config");
        let targets = [dir.path().to_path_buf()];
        let project = crate::pipeline::collect(
            &config,
            crate::pipeline::Origin::WorkTree(&targets),
            crate::pipeline::Mode::Proposals,
            &Default::default(),
        )
        .expect("scan");
        let app = (project.files.into_iter())
            .find(|f| f.path == "pkg/app.py")
            .expect("pkg/app.py has findings");
        let needs = app.needs_human(&config);
        let lines: Vec<(Option<usize>, bool)> =
            needs.iter().map(|m| (m.line, m.violation)).collect();
        assert_eq!(lines, vec![(Some(1), true), (Some(3), true)]);
        let through =
            "the name comes in through the star import on line 1; import names explicitly";
        assert_eq!(needs[1].reason, through);
        let review = app.reviewable(&config);
        assert_eq!(review.manual, needs);
        assert!(
            review.manual[1].text.ends_with(through),
            "{:?}",
            review.manual
        );
    }
}
