//! The flow from rules to proposals, built once for every driver (`check`,
//! `diff`, `apply`, `status`, `review`, the bench and the tests):
//!
//! ```text
//! Origin (working tree | a commit's tree, tree.rs)
//!   → scan: walk, prefilter, parse the parts that
//!     matter, findings                              (crate::scan)
//!   → in the same worker, for a fixable file: one
//!     whole parse, proposals rule after rule on it,
//!     re-parsed only after a rule changed the text  (crate::rewrite)
//!   → a stream of FileOutcome, progress counted     (this module)
//!   → once every file is proposed: the links between
//!     edits of different files                      (links.rs)
//! ```
//!
//! A fix's self-check asks which module-level names other files refer to,
//! which is only known once every file is scanned. Workers answer "none"
//! and record the question; a file whose questions the finished index
//! answers otherwise is proposed again (and streamed again, replacing the
//! first). So the proposals equal those made knowing everything, while
//! they stream in during the scan.

pub mod accept;
pub mod commit;
mod holds;
pub mod interrupt;
pub mod links;
mod outcome;
pub mod python_env;
mod stars;
mod tree;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

pub use outcome::{FileOutcome, FindingRow, Manual, Reviewable};
pub use tree::{TreeSource, in_project, in_repository, project_folder};

use crate::git::{Base, Repo};
use crate::python::ModuleName;
use crate::python::modules::Modules;
use crate::rewrite::{self, Facts, Proposal, verify::Referrers};
use crate::rules::{Config, Rule};
use crate::scan::{self, FileResult, Input, ScanOutput};

/// Where the files come from.
#[derive(Clone, Copy)]
pub enum Origin<'a> {
    /// Files or folders of the working tree (the project root when empty).
    WorkTree(&'a [PathBuf]),
    /// A commit's tree, read from git objects (never the working tree).
    Commit(&'a Repo, &'a Base),
}

/// Counters a progress display reads while the pipeline runs.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files the scan looked at.
    pub visited: AtomicUsize,
    /// Files proposals were made for.
    pub proposed: AtomicUsize,
}

/// What to compute per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Findings only (`check`): Python files are parsed only where it matters.
    Findings,
    /// Findings, and proposals from one whole parse per fixable file.
    Proposals,
}

/// Run the pipeline over `origin`, calling `sink` from the workers with each
/// file that has findings, as soon as it is done (in no particular order; a
/// file proposed again after the scan comes a second time, and replaces the
/// first). Returns the scan's output (findings sorted by path) and, in
/// [`Mode::Proposals`], the links between edits of different files, which
/// only the last proposals of all files tell (see [`links`]).
pub fn run(
    config: &Config,
    origin: Origin,
    mode: Mode,
    progress: &Progress,
    sink: &(dyn Fn(FileOutcome) + Sync),
) -> anyhow::Result<(ScanOutput, links::Links)> {
    match origin {
        Origin::WorkTree(targets) => {
            let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
            let module_at = |rel: &str| module_in_folder(&root, rel);
            let in_project = |name: &str| python_env::project_module(name, &module_at);
            let files = stars::WorkFiles(&root);
            let stars = stars::ProjectStars::new(&files);
            if mode == Mode::Findings {
                let everything = |_: &str| true;
                let input = Input::Paths(targets);
                return drive(
                    config,
                    input,
                    mode,
                    progress,
                    Known {
                        in_project: &in_project,
                        stars: &stars,
                    },
                    &everything,
                    sink,
                );
            }
            // Proposals for a part of the project still know who, in the
            // rest of it, refers to the names a fix would remove: the whole
            // project is scanned, the targets alone proposed and reported.
            let (wanted, walk) = relative_targets(config, &root, targets)?;
            let wants = |path: &str| in_targets(&wanted, path);
            let (mut output, links) = drive(
                config,
                Input::Paths(&walk),
                mode,
                progress,
                Known {
                    in_project: &in_project,
                    stars: &stars,
                },
                &wants,
                sink,
            )?;
            output.files.retain(|f| wants(&f.path));
            output
                .diagnostics
                .retain(|d| d.path.is_empty() || wants(&d.path));
            output.unused_suppressions.retain(|(p, _)| wants(p));
            output.links.retain(|p| wants(p));
            Ok((output, links))
        }
        Origin::Commit(repo, base) => {
            // The project's files only, named from its root, as the
            // working tree's scan names them: a sibling project's files
            // are not this one's, and module names start at its root.
            let folder = tree::project_folder(repo, config);
            let files = tree::project_files(repo.tree_files(base)?, &folder);
            let source =
                TreeSource::new(repo.root(), &folder, &files, config.settings.max_file_size);
            let module_at = |rel: &str| {
                (source.module_at(rel)).or_else(|| source.module_at(&format!("src/{rel}")))
            };
            let in_project = |name: &str| python_env::project_module(name, &module_at);
            let stars = stars::ProjectStars::new(&source);
            let everything = |_: &str| true;
            drive(
                config,
                Input::Source(&source),
                mode,
                progress,
                Known {
                    in_project: &in_project,
                    stars: &stars,
                },
                &everything,
                sink,
            )
        }
    }
}

/// Where commits go and what they start from: the branch (`--branch`, else
/// `[settings] branch`), its tip now (for the compare-and-swap at commit
/// time) and the base commit (`--base`, else the branch's tip, else HEAD).
#[derive(Debug, Clone)]
pub struct Target {
    pub branch: String,
    pub expected: Option<git2::Oid>,
    pub base: Base,
}

impl Target {
    pub fn resolve(
        repo: &Repo,
        config: &Config,
        branch: Option<&str>,
        base: Option<&str>,
    ) -> Result<Target, crate::git::GitError> {
        let branch = branch.map_or_else(|| config.settings.branch.clone(), String::from);
        Repo::check_branch_name(&branch)?;
        let expected = repo.branch_tip(&branch)?;
        let base = repo.base(base, &branch)?;
        Ok(Target {
            branch,
            expected,
            base,
        })
    }

    /// Refuses a base that would lose the branch's work: commits stack on
    /// the branch's tip with a tree built from the base, so a base whose
    /// history lacks some of the tip's commits would revert them (SPEC §5:
    /// nothing on the branch is lost). A base at the tip, or one that
    /// contains it (the branch is behind), is fine.
    pub fn check_base(&self, repo: &Repo, rev: Option<&str>) -> Result<(), crate::git::GitError> {
        let Some(tip) = self.expected else {
            return Ok(());
        };
        if repo.contains(self.base.commit, tip)? {
            return Ok(());
        }
        Err(crate::git::GitError::BaseBehindBranch {
            branch: self.branch.clone(),
            base: rev.unwrap_or("HEAD").to_string(),
            tip,
            commit: self.base.commit,
        })
    }

    /// Where this branch's review session lives.
    pub fn session_file(&self, repo: &Repo) -> PathBuf {
        crate::review::session_path(repo.git_dir(), &self.branch)
    }

    /// This branch's review session, locked for this process: a review
    /// and an `apply` both write it, never two at once.
    pub fn open_session(&self, repo: &Repo) -> Result<BranchSession, crate::review::Error> {
        let file = self.session_file(repo);
        let lock = crate::review::SessionLock::acquire(&file)?;
        let saved = crate::review::load(&file)?;
        Ok(BranchSession { file, lock, saved })
    }
}

/// A branch's review session, held for writing.
#[derive(Debug)]
pub struct BranchSession {
    pub file: PathBuf,
    pub lock: crate::review::SessionLock,
    /// The decisions saved so far, if any.
    pub saved: Option<crate::review::Session>,
}

/// A whole run's result: the scan, and every file with findings, sorted by path.
pub struct Project {
    pub scan: ScanOutput,
    pub files: Vec<FileOutcome>,
}

impl Project {
    /// The files with edits or with fixes canon could not make.
    pub fn proposals(&self) -> impl Iterator<Item = &Proposal> {
        self.files
            .iter()
            .filter(|f| f.has_proposal())
            .map(|f| &f.proposal)
    }
}

/// [`run`], collected.
pub fn collect(
    config: &Config,
    origin: Origin,
    mode: Mode,
    progress: &Progress,
) -> anyhow::Result<Project> {
    let files = Mutex::new(BTreeMap::new());
    let (scan, mut links) = run(config, origin, mode, progress, &|f| {
        if let Ok(mut m) = files.lock() {
            m.insert(f.path.clone(), f);
        }
    })?;
    let mut files: Vec<FileOutcome> = (files.into_inner().unwrap_or_else(|e| e.into_inner()))
        .into_values()
        .collect();
    for f in &mut files {
        f.proposal.file.across = links.remove(&f.path).unwrap_or_default();
    }
    Ok(Project { scan, files })
}

/// The module at the `/`-separated `rel` of the working tree at `root`,
/// or in its `src/`: `Some(true)` a folder, `Some(false)` a file `rel.py`.
fn module_in_folder(root: &Path, rel: &str) -> Option<bool> {
    [root.to_path_buf(), root.join("src")].iter().find_map(|d| {
        match (d.join(rel).is_dir(), d.join(format!("{rel}.py")).is_file()) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    })
}

/// Whether the project file `path` is one of the `wanted` targets (see
/// [`target_paths`]) or inside one.
pub fn in_targets(wanted: &[String], path: &str) -> bool {
    wanted.iter().any(|t| {
        t.is_empty()
            || path == t
            || path
                .strip_prefix(t.as_str())
                .is_some_and(|r| r.starts_with('/'))
    })
}

/// The working-tree targets of a run as `/`-separated paths relative to
/// the project root (empty: the whole project), for [`in_targets`]: what
/// a run over them checked.
pub fn target_paths(config: &Config, targets: &[PathBuf]) -> anyhow::Result<Vec<String>> {
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    Ok(relative_targets(config, &root, targets)?.0)
}

/// The targets as `/`-separated paths relative to `root` (empty: the
/// root itself), with the scan's errors for a missing or outside one; and
/// the folders to walk (see [`scan::resolve_target`]): the root, and the
/// targets its walk does not reach through a link.
fn relative_targets(
    config: &Config,
    root: &Path,
    targets: &[PathBuf],
) -> anyhow::Result<(Vec<String>, Vec<PathBuf>)> {
    let mut walk = vec![root.to_path_buf()];
    if targets.is_empty() {
        return Ok((vec![String::new()], walk));
    }
    let mut rels = Vec::new();
    for t in targets {
        let abs = scan::resolve_target(&config.root, root, t)?;
        let rel =
            crate::paths::relative(root, &abs).ok_or_else(|| scan::ScanError::OutsideRoot {
                path: t.clone(),
                root: root.to_path_buf(),
            })?;
        rels.push(rel);
        walk.push(abs);
    }
    Ok((rels, walk))
}

/// What the driver can tell of the project's modules: whether a dotted
/// name is one (see [`python_env::project_module`]), and what a star
/// import of one binds.
#[derive(Clone, Copy)]
struct Known<'a> {
    in_project: &'a (dyn Fn(&str) -> Option<bool> + Sync),
    stars: &'a dyn crate::python::StarNames,
}

/// Run the scan (with the proposing hook in [`Mode::Proposals`]); only
/// the files `wants` accepts are proposed and sent to `sink`.
fn drive(
    config: &Config,
    input: Input,
    mode: Mode,
    progress: &Progress,
    known: Known,
    wants: &(dyn Fn(&str) -> bool + Sync),
    sink: &(dyn Fn(FileOutcome) + Sync),
) -> anyhow::Result<(ScanOutput, links::Links)> {
    // The last proposal of each file, for the links.
    let proposed: Mutex<BTreeMap<String, links::Proposed>> = Mutex::new(BTreeMap::new());
    let noting = |f: FileOutcome| {
        if let Ok(mut p) = proposed.lock() {
            match f.proposal.file.edits.is_empty() {
                true => p.remove(&f.path),
                false => p.insert(f.path.clone(), links::Proposed::of(&f.proposal.file)),
            };
        }
        sink(f)
    };
    let proposer = Proposer {
        config,
        in_project: known.in_project,
        stars: known.stars,
        wants,
        modules: OnceLock::new(),
        asked: Mutex::new(Vec::new()),
        progress,
        sink: &noting,
    };
    let hook: Option<&dyn scan::Hook> = match mode {
        Mode::Proposals => Some(&proposer),
        Mode::Findings => None,
    };
    let options = scan::Options {
        visited: Some(&progress.visited),
        hook,
    };
    let output = scan::scan_with(config, input, options)?;
    if mode == Mode::Findings {
        for f in output.files.iter().filter(|f| wants(&f.path)) {
            sink(FileOutcome {
                path: f.path.clone(),
                module: f.module.clone(),
                findings: f.findings.clone(),
                proposal: Proposal::default(),
            });
        }
        return Ok((output, links::Links::new()));
    }
    let asked = proposer.settle(&output);
    // A module of the project, or one Python was asked about already.
    let is_module = |name: &str| {
        (known.in_project)(name) == Some(true)
            || (proposer.modules.get()).is_some_and(|m| m.is_module(name) == Some(true))
    };
    proposer.hold_patches(&output, &asked, &proposed, wants, &is_module);
    let proposed = std::mem::take(&mut *proposed.lock().unwrap_or_else(|e| e.into_inner()));
    let links = links::links(config, &output.referrals, &proposed, wants, &is_module);
    Ok((output, links))
}

/// A file whose proposal asked who refers to its names, kept until the
/// scan's index can answer.
struct Asked {
    path: String,
    module: ModuleName,
    findings: Vec<crate::analyze::Finding>,
    text: String,
    /// (module, name, except) of each question.
    questions: Vec<(String, String, String)>,
    /// (path, except, rule) of each pins question.
    pins: Vec<PinQuestion>,
}

/// A [`Referrers::pins`] question: (path, except, rule).
type PinQuestion = (String, Option<String>, Option<String>);

/// The scan's hook: proposes for each fixable file in the worker that
/// parsed it.
struct Proposer<'a> {
    config: &'a Config,
    in_project: &'a (dyn Fn(&str) -> Option<bool> + Sync),
    stars: &'a dyn crate::python::StarNames,
    /// The files to propose for and report.
    wants: &'a (dyn Fn(&str) -> bool + Sync),
    /// Asked of Python once, by the first file that needs it.
    modules: OnceLock<Modules>,
    asked: Mutex<Vec<Asked>>,
    progress: &'a Progress,
    sink: &'a (dyn Fn(FileOutcome) + Sync),
}

/// Answers "no one" and remembers the question, each once: a file asks
/// the same one at every use of a name, and what is done with them asks
/// only whether the index answers any of them differently.
#[derive(Default)]
struct Recorder {
    questions: Mutex<HashSet<(String, String, String)>>,
    /// (path, except, rule) of each [`Referrers::pins`] question.
    pins: Mutex<HashSet<PinQuestion>>,
}

/// The questions asked, in order.
fn recorded<T: Ord>(questions: Mutex<HashSet<T>>) -> Vec<T> {
    let mut out: Vec<T> = questions
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .collect();
    out.sort();
    out
}

impl Referrers for Recorder {
    fn refers(&self, module: &str, name: &str, except: &str) -> Option<String> {
        if let Ok(mut q) = self.questions.lock() {
            q.insert((module.into(), name.into(), except.into()));
        }
        None
    }

    /// Asked as [`Referrers::refers`] is: every file that patches a name
    /// refers to it, so the file is proposed again once the index knows.
    fn patches(&self, module: &str, name: &str, except: &str) -> Option<String> {
        self.refers(module, name, except)
    }

    fn checks_patched(&self, module: &str, name: &str, except: &str) -> Option<String> {
        self.refers(module, name, except)
    }

    /// Asked as [`Referrers::pins`] is, of every patch.
    fn checks_pinned(&self, path: &str) -> Option<String> {
        self.pins(path, None, None);
        None
    }

    fn pins(&self, path: &str, except: Option<&str>, rule: Option<&str>) -> Vec<(String, String)> {
        if let Ok(mut q) = self.pins.lock() {
            q.insert((path.into(), except.map(Into::into), rule.map(Into::into)));
        }
        Vec::new()
    }
}

impl Proposer<'_> {
    fn modules(&self) -> &Modules {
        self.modules
            .get_or_init(|| python_env::modules(self.config, self.in_project))
    }

    fn rules(&self, path: &str) -> Vec<&Rule> {
        self.config
            .rules
            .iter()
            .filter(|r| r.applies_to(path))
            .collect()
    }

    /// Propose again, knowing the whole index, for the files whose
    /// questions it answers differently. Returns every file that asked,
    /// or was proposed edits.
    fn settle(&self, output: &ScanOutput) -> Vec<Asked> {
        let asked = std::mem::take(&mut *self.asked.lock().unwrap_or_else(|e| e.into_inner()));
        for a in asked.iter().filter(|a| {
            a.questions
                .iter()
                .any(|(m, n, e)| output.referrals.refers(m, n, e).is_some())
                || a.pins.iter().any(|(p, e, r)| {
                    !(output.referrals)
                        .pinners(p, e.as_deref(), r.as_deref())
                        .is_empty()
                })
        }) {
            self.propose_again(a, &output.referrals);
        }
        asked
    }

    /// Propose `a` again with `referrers`, and send it on.
    fn propose_again(&self, a: &Asked, referrers: &dyn Referrers) {
        let facts = Facts {
            modules: self.modules(),
            referrers,
            stars: self.stars,
            project: self.in_project,
        };
        let rules = self.rules(&a.path);
        // Rare, and the file may nest deep: a stack for the deepest kind.
        let proposal = crate::python::on_stack_for(crate::python::DEEPEST, || {
            let mut parser = crate::python::parser();
            rewrite::propose_with(&a.path, &a.module, &a.text, &rules, &mut parser, &facts)
        });
        (self.sink)(FileOutcome {
            path: a.path.clone(),
            module: Some(a.module.clone()),
            findings: a.findings.clone(),
            proposal,
        });
    }

    /// Hold on the old path the patches whose code elsewhere stays there,
    /// and propose again the files that changes (see [`holds`]), until
    /// nothing more is held. `asked`: the files [`Proposer::settle`]
    /// returned; `proposed`: the last proposals, which the sink updates.
    fn hold_patches(
        &self,
        output: &ScanOutput,
        asked: &[Asked],
        proposed: &Mutex<BTreeMap<String, links::Proposed>>,
        wanted: &dyn Fn(&str) -> bool,
        is_module: &dyn Fn(&str) -> bool,
    ) {
        if output.referrals.patches().is_empty() {
            return;
        }
        let by_path: BTreeMap<&str, &Asked> = asked.iter().map(|a| (a.path.as_str(), a)).collect();
        let mut holds = holds::Holds::default();
        loop {
            let found = {
                let last = proposed.lock().unwrap_or_else(|e| e.into_inner());
                // Asked once per file and round, not once per patch that
                // reaches into it: a test file of 1,000 `@patch`es is
                // analysed once, not 1,000 times.
                let known =
                    std::cell::RefCell::new(BTreeMap::<String, Option<Rc<holds::Reaches>>>::new());
                let reaches = |path: &str| {
                    if let Some(known) = known.borrow().get(path) {
                        return known.clone();
                    }
                    let (a, p) = (by_path.get(path)?, last.get(path)?);
                    let now = self.reaches_after(a, p).map(Rc::new);
                    known.borrow_mut().insert(path.to_string(), now.clone());
                    now
                };
                let at = holds::Final {
                    config: self.config,
                    referrals: &output.referrals,
                    proposed: &last,
                    reaches: &reaches,
                    wanted,
                    is_module,
                };
                holds::stuck(&at, &holds)
            };
            if found.is_empty() {
                return;
            }
            let before = holds.clone();
            holds.extend(found);
            let (was, now) = (
                holds::Settled {
                    referrals: &output.referrals,
                    holds: &before,
                },
                holds::Settled {
                    referrals: &output.referrals,
                    holds: &holds,
                },
            );
            for a in asked {
                let pins_differ = a.pins.iter().any(|(p, e, r)| {
                    let (e, r) = (e.as_deref(), r.as_deref());
                    was.pins(p, e, r).len() != now.pins(p, e, r).len()
                });
                if pins_differ || holds.new_in(&a.module.name, &before) {
                    self.propose_again(a, &now);
                }
            }
        }
    }

    /// What `a`'s code reaches under the moves' old paths with its
    /// proposal `p` applied.
    fn reaches_after(
        &self,
        a: &Asked,
        p: &links::Proposed,
    ) -> Option<Vec<(String, crate::analyze::Reach)>> {
        let text = p.applied(&a.text)?;
        let rules = self.rules(&a.path);
        Some(crate::python::on_stack_for(crate::python::DEEPEST, || {
            let mut parser = crate::python::parser();
            let tree = crate::python::parse(&mut parser, &text);
            let mut reaches =
                crate::analyze::analyze_python(&a.path, &a.module, &text, &tree, &rules).reaches;
            // Once each: every patch asks about all of them.
            reaches.sort();
            reaches.dedup();
            reaches
        }))
    }
}

thread_local! {
    static PARSER: std::cell::RefCell<tree_sitter::Parser> =
        std::cell::RefCell::new(crate::python::parser());
}

impl scan::Hook for Proposer<'_> {
    fn wants_tree(&self, file: &FileResult) -> bool {
        (self.wants)(&file.path) && FileOutcome::fixable(file.module.as_ref(), &file.findings)
    }

    fn file(&self, file: &FileResult, parsed: Option<(&str, scan::Parsed)>) {
        if !(self.wants)(&file.path) {
            return;
        }
        let mut outcome = FileOutcome {
            path: file.path.clone(),
            module: file.module.clone(),
            findings: file.findings.clone(),
            proposal: Proposal::default(),
        };
        if let (Some(module), Some((text, parsed))) = (&file.module, parsed)
            && FileOutcome::fixable(Some(module), &file.findings)
        {
            let recorder = Recorder::default();
            let facts = Facts {
                modules: self.modules(),
                referrers: &recorder,
                stars: self.stars,
                project: self.in_project,
            };
            let rules = self.rules(&file.path);
            outcome.proposal = PARSER.with_borrow_mut(|parser| match parsed {
                scan::Parsed::Whole(tree) => rewrite::propose_parsed(
                    &file.path,
                    module,
                    text,
                    Some(tree),
                    &rules,
                    parser,
                    &facts,
                ),
                scan::Parsed::View(view) => {
                    rewrite::propose_viewed(&file.path, module, text, view, &rules, parser, &facts)
                }
            });
            self.progress.proposed.fetch_add(1, Ordering::Relaxed);
            let questions = recorded(recorder.questions);
            let pins = recorded(recorder.pins);
            // Kept for the patches held once every file is proposed.
            let edits = !outcome.proposal.file.edits.is_empty();
            if !(questions.is_empty() && pins.is_empty() && !edits)
                && let Ok(mut asked) = self.asked.lock()
            {
                asked.push(Asked {
                    path: file.path.clone(),
                    module: module.clone(),
                    findings: file.findings.clone(),
                    text: text.to_string(),
                    questions,
                    pins,
                });
            }
        }
        (self.sink)(outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file asks the same question at every use of a name: it is kept
    /// once (a proposal held one per edit), and the answers it stands for
    /// are the same.
    #[test]
    fn the_recorder_keeps_each_question_once() {
        let r = Recorder::default();
        for _ in 0..3 {
            assert_eq!(r.refers("old.mod", "helper", "app"), None);
            assert!(r.pins("old.mod.helper", Some("app"), Some("m")).is_empty());
        }
        assert_eq!(r.refers("old.mod", "other", "app"), None);
        r.checks_pinned("old.mod.helper");
        let questions = recorded(r.questions);
        let q = |m: &str, n: &str| (m.to_string(), n.to_string(), "app".to_string());
        assert_eq!(questions, [q("old.mod", "helper"), q("old.mod", "other")]);
        let pins = recorded(r.pins);
        let path = "old.mod.helper".to_string();
        assert_eq!(
            pins,
            [
                (path.clone(), None, None),
                (path, Some("app".to_string()), Some("m".to_string()))
            ]
        );
    }
}
