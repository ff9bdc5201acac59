//! `canon review`: the TUI over a base commit read from git objects. It
//! runs the core pipeline on a loader thread, streaming each file into the
//! app as soon as its proposal is ready, and implements the app's effects:
//! the session file, and commits through the core's `Committer` (the same
//! one `canon apply` uses).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::app::{Setup, in_folder};
use super::{App, CommitPlan, Committed, Driver, LoadMsg};
use crate::cli::Global;
use crate::cli::{EXIT_ERROR, EXIT_OK, Io, one_line};
use crate::git::Repo;
use crate::pipeline::commit::{CommitError, Committer};
use crate::pipeline::{self, Mode, Origin, Progress, Reviewable, Target};
use crate::review::{self, Session, session_path};
use crate::rules::Config;

/// A review ready to run: the app (empty until the loader streams files
/// in), the loader's messages, and the driver for its effects.
pub struct Prepared {
    pub app: App,
    pub loads: Receiver<LoadMsg>,
    pub driver: Box<dyn Driver + Send>,
    /// What the loader has done so far, for the progress display.
    pub progress: Arc<Progress>,
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
    let target = Target::resolve(
        &repo,
        &config,
        global.branch.as_deref(),
        global.base.as_deref(),
    )?;
    // Before the scan: a base that would revert the branch's own commits.
    target.check_base(&repo, global.base.as_deref())?;
    // One review of a branch at a time: a second would save over it.
    let pipeline::BranchSession {
        file: session_file,
        lock,
        saved: session,
    } = target.open_session(&repo)?;
    // The pipeline names files from the project's root, as `check` does.
    let within = within(&config.root, path);

    let mut shown = Setup::new(&config, target.base.describe.clone(), target.branch.clone());
    shown.scope = within.clone();
    let app = App::new(shown, session, (80, 24));
    let (tx, rx) = channel();
    let progress = Arc::new(Progress::default());
    {
        let (config, root, base) = (
            config.clone(),
            repo.root().to_path_buf(),
            target.base.clone(),
        );
        let progress = progress.clone();
        std::thread::spawn(move || load(&root, &config, &base, within.as_deref(), &progress, &tx));
    }
    let configured_branch = config.settings.branch.clone();
    let git_dir = repo.git_dir().to_path_buf();
    let driver = Review {
        committer: Committer::new(
            repo,
            &config,
            target.base.clone(),
            &target.branch,
            target.expected,
        ),
        session_file: session_file.clone(),
        lock,
    };
    Ok(Prepared {
        app,
        loads: rx,
        driver: Box::new(driver),
        progress,
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
        progress,
        configured_branch,
        git_dir,
        ..
    } = prepare(global, path)?;
    super::run(&mut app, loads, driver.as_mut(), &progress)?;
    // SIGINT or SIGTERM ended the loop at a safe point (the session saved,
    // the terminal restored): said, and not a plain quit's status.
    let interrupted = crate::pipeline::interrupt::requested();
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
    if interrupted {
        writeln!(
            io.err,
            "error: interrupted by a signal: the review stopped at a safe point, its decisions saved; nothing more was committed"
        )?;
        return Ok(EXIT_ERROR);
    }
    Ok(EXIT_OK)
}

/// The project-relative folder `path` narrows the review to, if any.
fn within(root: &Path, path: &Path) -> Option<String> {
    let full = std::fs::canonicalize(path).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = crate::paths::relative(&root, &full)?;
    (!rel.is_empty()).then_some(rel)
}

/// The loader thread: run the pipeline on the base tree and send each
/// violating file as soon as its proposal is ready, then each Python file
/// the scan could not analyse, as one a human must look at.
fn load(
    root: &Path,
    config: &Config,
    base: &crate::git::Base,
    within: Option<&str>,
    progress: &Progress,
    tx: &Sender<LoadMsg>,
) {
    // Paths sent (a file the pipeline sends again counts once).
    let sent = std::sync::Mutex::new(std::collections::BTreeSet::new());
    let tx_files = std::sync::Mutex::new(tx.clone());
    let result = (|| -> anyhow::Result<()> {
        let repo = Repo::open(root)?;
        let send = |path: String, loaded: Reviewable| {
            if let Ok(tx) = tx_files.lock()
                && tx.send(LoadMsg::File(Box::new(loaded))).is_ok()
                && let Ok(mut sent) = sent.lock()
            {
                sent.insert(path);
            }
        };
        let (scan, links) = pipeline::run(
            config,
            Origin::Commit(&repo, base),
            Mode::Proposals,
            progress,
            &|f| {
                if in_folder(&f.path, within) && f.violating() {
                    send(f.path.clone(), f.reviewable(config));
                }
            },
        )?;
        // Every file is in: the links between files' hunks are known.
        if !links.is_empty() {
            let _ = tx.send(LoadMsg::Links(links));
        }
        for d in scan.unread().filter(|d| in_folder(&d.path, within)) {
            let outcome = pipeline::FileOutcome {
                path: d.path.clone(),
                module: None,
                findings: Vec::new(),
                proposal: Default::default(),
            };
            let why = format!("not analysed: {}", d.message);
            send(d.path.clone(), Reviewable::failed(config, outcome, why));
        }
        let files = sent.lock().map_or(0, |s| s.len());
        let warnings = scan
            .diagnostics
            .iter()
            .filter(|d| in_folder(&d.path, within))
            .map(|d| {
                let at = match d.position {
                    Some(p) => format!("{}:{}", crate::report::shown(&d.path), p.line),
                    None => crate::report::shown(&d.path).into_owned(),
                };
                format!("{at}: {}", d.message)
            })
            .collect();
        let _ = tx.send(LoadMsg::Scanned { files, warnings });
        Ok(())
    })();
    let _ = tx.send(match result {
        Ok(()) => LoadMsg::Done,
        Err(e) => LoadMsg::Failed(one_line(&e)),
    });
}

/// The app's effects: the session file, and commits through the one
/// commit path `canon apply` uses too.
struct Review {
    committer: Committer,
    session_file: PathBuf,
    /// Held while the review runs; it follows the session to a new branch.
    lock: review::SessionLock,
}

impl Driver for Review {
    fn save(&mut self, session: &Session) -> Result<(), review::Error> {
        review::save_atomic(&self.session_file, session)
    }

    fn commit(&mut self, plan: &CommitPlan) -> Result<Committed, CommitError> {
        let done = self.committer.commit(plan)?;
        // Committing on another branch moves the session with it: the next
        // `canon review --branch` there starts from that branch's tip.
        let moved = session_path(self.committer.repo().git_dir(), &plan.branch);
        if moved != self.session_file {
            let _ = std::fs::remove_file(&self.session_file);
            if let Ok(lock) = review::SessionLock::acquire(&moved) {
                self.lock = lock;
            }
            self.session_file = moved;
        }
        Ok(done)
    }
}
