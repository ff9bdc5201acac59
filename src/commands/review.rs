//! `canon review`: the TUI over a base commit read from git objects. This
//! driver loads the project, streams files into the app from a loader
//! thread (scan, then proposals as they are ready), and implements the
//! app's effects: the session file and commits through the git layer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use git2::Oid;

use super::branch::{self, TreeSource};
use super::{EXIT_OK, Io};
use crate::analyze::Kind;
use crate::cli::Global;
use crate::git::{Base, CommitRequest, Repo};
use crate::review::{self, Session};
use crate::rules::{Config, RuleKind};
use crate::scan::Source;
use crate::tui::app::{FindingRow, Loaded, Manual, Target, in_folder};
use crate::tui::{App, CommitPlan, Committed, Driver, LoadMsg};

/// Where the session of `branch` lives: `.git/canon/review-<branch>.json`.
pub fn session_path(git_dir: &Path, branch: &str) -> PathBuf {
    let name: String = branch
        .chars()
        .map(|c| if c == '/' { '~' } else { c })
        .collect();
    git_dir.join("canon").join(format!("review-{name}.json"))
}

/// A review ready to run: the app (empty until the loader streams files
/// in), the loader's messages, and the driver for its effects.
pub struct Prepared {
    pub app: App,
    pub loads: Receiver<LoadMsg>,
    pub driver: Box<dyn Driver + Send>,
    pub session_file: PathBuf,
    /// `[settings] branch`: where a plain `canon review` goes.
    pub configured_branch: String,
    /// The repository's `.git` folder (sessions live in `canon/` there).
    pub git_dir: PathBuf,
}

/// Open the repository and the config, load the session, and start the
/// loader thread on the base commit. Benchmarks and `run` share it.
pub fn prepare(global: &Global, path: &Path) -> anyhow::Result<Prepared> {
    let repo = match Repo::open(path) {
        Err(crate::git::GitError::NotARepo { path }) => anyhow::bail!(
            "{} is not in a git repository; `canon review` commits on a branch, so it needs one (outside git, `canon diff` shows the fixes and `canon apply --write` writes them)",
            path.display()
        ),
        r => r?,
    };
    let config = Arc::new(crate::rules::load(path, global.config.as_deref())?);
    let branch::Target {
        branch,
        expected,
        base,
    } = branch::target(&repo, &config, global)?;
    let session_file = session_path(repo.git_dir(), &branch);
    let session = review::load(&session_file)?;
    let within = within(repo.root(), path);

    let mut target = Target::new(&config, base.describe.clone(), branch.clone());
    target.scope = within.clone();
    let app = App::new(target, session, (80, 24));
    let (tx, rx) = channel();
    {
        let (config, root, base) = (config.clone(), repo.root().to_path_buf(), base.clone());
        std::thread::spawn(move || load(&root, &config, &base, within.as_deref(), &tx));
    }
    let configured_branch = config.settings.branch.clone();
    let git_dir = repo.git_dir().to_path_buf();
    let driver = Review {
        repo,
        config,
        base,
        tips: HashMap::from([(branch, expected)]),
        session_file: session_file.clone(),
    };
    Ok(Prepared {
        app,
        loads: rx,
        driver: Box::new(driver),
        session_file,
        configured_branch,
        git_dir,
    })
}

pub fn run(global: &Global, path: &Path, io: &mut Io) -> anyhow::Result<i32> {
    if !io.out_is_tty {
        anyhow::bail!(
            "`canon review` needs a terminal; `canon diff` prints the proposals and `canon apply` commits them"
        );
    }
    let Prepared {
        mut app,
        loads,
        mut driver,
        configured_branch,
        git_dir,
        ..
    } = prepare(global, path)?;
    crate::tui::run(&mut app, loads, driver.as_mut())?;
    let t = app.totals();
    // A commit on another branch (named in the dialog) moves the session there.
    let session_file = session_path(&git_dir, &app.target.branch);
    writeln!(
        io.out,
        "Review saved in {}: {}/{} hunks decided ({} accepted, {} rejected).",
        session_file.display(),
        t.decided(),
        t.total(),
        t.accepted + t.edited,
        t.rejected,
    )?;
    for (branch, files) in &app.committed_on {
        writeln!(
            io.out,
            "Committed {files} file{} on {branch}.",
            if *files == 1 { "" } else { "s" }
        )?;
    }
    let resume = if app.target.branch == configured_branch {
        String::new()
    } else {
        format!(" --branch {}", app.target.branch)
    };
    writeln!(io.out, "`canon review{resume}` goes on from here.")?;
    Ok(EXIT_OK)
}

/// The repository-relative folder `path` narrows the review to, if any.
fn within(root: &Path, path: &Path) -> Option<String> {
    let full = std::fs::canonicalize(path).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = full.strip_prefix(&root).ok()?;
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    (!rel.is_empty()).then_some(rel)
}

/// The loader thread: scan the base tree, then send each violating file
/// as soon as its proposal is ready.
fn load(root: &Path, config: &Config, base: &Base, within: Option<&str>, tx: &Sender<LoadMsg>) {
    let result = (|| -> anyhow::Result<()> {
        let repo = Repo::open(root)?;
        let (files, scan) = branch::scan_commit(&repo, config, base)?;
        let violating: Vec<&crate::scan::FileResult> = scan
            .files
            .iter()
            .filter(|f| in_folder(&f.path, within))
            .filter(|f| f.findings.iter().any(|x| x.kind != Kind::Mention))
            .collect();
        let _ = tx.send(LoadMsg::Scanned {
            files: violating.len(),
        });
        let (fixable, manual_only): (Vec<_>, Vec<_>) = violating.into_iter().partition(|f| {
            f.module.is_some()
                && f.findings
                    .iter()
                    .any(|x| matches!(x.kind, Kind::Move | Kind::Rewrite))
        });
        for f in manual_only {
            let proposal = crate::rewrite::FileProposal {
                path: f.path.clone(),
                ..Default::default()
            };
            let _ = tx.send(LoadMsg::File(Box::new(loaded(
                config,
                f,
                proposal,
                Vec::new(),
            ))));
        }
        let source = TreeSource::new(repo.root(), &files);
        let tx = std::sync::Mutex::new(tx.clone());
        branch::propose_each(
            config,
            &scan.referrals,
            &fixable,
            &|| {
                let mut read = source.reader();
                Box::new(move |path: &str| {
                    let bytes = read(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
                    String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8"))
                })
            },
            &|f, p| {
                let msg = match p {
                    Ok(p) => LoadMsg::File(Box::new(loaded(config, f, p.file, p.skipped))),
                    Err(e) => {
                        let proposal = crate::rewrite::FileProposal {
                            path: f.path.clone(),
                            ..Default::default()
                        };
                        let mut l = loaded(config, f, proposal, Vec::new());
                        l.manual.push(Manual {
                            line: None,
                            rule: "canon".into(),
                            text: e,
                        });
                        LoadMsg::File(Box::new(l))
                    }
                };
                if let Ok(tx) = tx.lock() {
                    let _ = tx.send(msg);
                }
            },
        );
        Ok(())
    })();
    let _ = tx.send(match result {
        Ok(()) => LoadMsg::Done,
        Err(e) => LoadMsg::Failed(super::one_line(&e)),
    });
}

/// A scanned file as the app shows it: findings, proposal, and what needs
/// a human (bans, rewrites without a fix, fixes that could not be made).
pub(crate) fn loaded(
    config: &Config,
    f: &crate::scan::FileResult,
    proposal: crate::rewrite::FileProposal,
    skipped: Vec<crate::rewrite::Skipped>,
) -> Loaded {
    let no_fix = |rule: &str| {
        config.rules.iter().any(|r| {
            r.id == rule
                && matches!(
                    r.kind,
                    RuleKind::Ban { .. } | RuleKind::Rewrite { fix: None, .. }
                )
        })
    };
    let findings: Vec<FindingRow> = f
        .findings
        .iter()
        .filter(|x| x.kind != Kind::Mention)
        .map(|x| FindingRow {
            line: x.start.line,
            rule: x.rule.clone(),
            kind: x.kind,
            message: x.message.clone(),
        })
        .collect();
    // Lines (1-based) the proposal's edits touch: a finding elsewhere got
    // no fix (a definition, an `__all__` re-export, a deprecated module
    // imported where it cannot move) and needs a human.
    let index = crate::python::LineIndex::new(&proposal.base);
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
        .filter(|x| x.kind == Kind::Ban || no_fix(&x.rule) || f.module.is_none() || unfixed(x.line))
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
    Loaded {
        path: f.path.clone(),
        findings,
        proposal,
        manual,
    }
}

/// The app's effects over the git layer and the session file.
struct Review {
    repo: Repo,
    config: Arc<Config>,
    base: Base,
    /// Each branch's tip as this review last saw or made it (None: no branch).
    tips: HashMap<String, Option<Oid>>,
    session_file: PathBuf,
}

impl Driver for Review {
    fn save(&mut self, session: &Session) -> Result<(), String> {
        review::save_atomic(&self.session_file, session).map_err(|e| e.to_string())
    }

    fn commit(&mut self, plan: &CommitPlan) -> Result<Committed, String> {
        self.try_commit(plan).map_err(|e| super::one_line(&e))
    }
}

impl Review {
    fn try_commit(&mut self, plan: &CommitPlan) -> anyhow::Result<Committed> {
        let expected = match self.tips.get(&plan.branch) {
            Some(tip) => *tip,
            None => {
                // A branch named in the dialog: new, or exactly at the base.
                let tip = self.repo.branch_tip(&plan.branch)?;
                if let Some(tip) = tip
                    && tip != self.base.commit
                {
                    anyhow::bail!(
                        "branch {} already exists at {} and the review started from {}; pick a new name",
                        plan.branch,
                        &tip.to_string()[..7],
                        self.base.describe
                    );
                }
                tip
            }
        };
        if let Some(cmd) = &self.config.settings.verify {
            super::verify::run(cmd, &plan.changes)?;
        }
        let message = |paths: &[String]| {
            let mut rules: Vec<String> = Vec::new();
            for r in paths
                .iter()
                .flat_map(|p| plan.rules.get(p).into_iter().flatten())
            {
                if !rules.contains(r) {
                    rules.push(r.clone());
                }
            }
            crate::git::fill_message(&plan.template, &rules, paths, &plan.branch)
        };
        let ids = self.repo.commit(&CommitRequest {
            branch: &plan.branch,
            base: &self.base,
            expected,
            changes: &plan.changes,
            message: &message,
            per_file: plan.per_file,
        })?;
        let mut all = ids.clone();
        self.tips.insert(plan.branch.clone(), ids.last().copied());
        let mut warning = None;
        if self.config.settings.blame_ignore
            && let Some(&tip) = ids.last()
        {
            // The migration is committed by now: a failed follow-up is a
            // warning, not a failed commit (the branch did move).
            match crate::git::blame_ignore_commit(&self.repo, &plan.branch, tip, &ids) {
                Ok(id) => {
                    all.push(id);
                    self.tips.insert(plan.branch.clone(), Some(id));
                }
                Err(e) => {
                    warning = Some(format!("the .git-blame-ignore-revs follow-up failed: {e}"))
                }
            }
        }
        // Committing on another branch moves the session with it: the next
        // `canon review --branch` there starts from that branch's tip.
        let moved = session_path(self.repo.git_dir(), &plan.branch);
        if moved != self.session_file {
            let _ = std::fs::remove_file(&self.session_file);
            self.session_file = moved;
        }
        Ok(Committed {
            branch: plan.branch.clone(),
            commits: all.iter().map(|c| c.to_string()).collect(),
            paths: plan.changes.iter().map(|(p, _)| p.clone()).collect(),
            warning,
        })
    }
}
