//! `canon apply`: "accept all" on the review. It builds the same reviews
//! the TUI shows, restores the saved session (rejected and edited hunks
//! stay so), accepts what is still pending (narrowed by `--rule`,
//! `--path`), and commits through the same code as the TUI's commit
//! dialog; with `--write` it writes the same result into the working tree.

use std::path::Path;

use anyhow::Context;

use super::{EXIT_ERROR, EXIT_OK, Io};
use crate::cli::Global;
use crate::git::Repo;
use crate::pipeline::accept::{Accepted, PathGlobs, Selection, restored};
use crate::pipeline::commit::{Committer, WriteBack, write_files};
use crate::pipeline::{self, Mode, Origin, Target};
use crate::review::{self, Decision, FileReview, Hold, HunkId, Session};
use crate::rules::Config;

/// What `--rule` and `--path` narrow the accept to.
pub struct Select<'a> {
    pub rules: &'a [String],
    pub path_globs: &'a [String],
}

pub fn run(
    global: &Global,
    path: &Path,
    select: Select,
    write: bool,
    per_file: bool,
    io: &mut Io,
) -> anyhow::Result<i32> {
    if write {
        write_tree(global, path, select, io)
    } else {
        commit(global, path, select, per_file, io)
    }
}

/// `within`: the `[PATH]` given, when it is narrower than the project.
fn selection(config: &Config, select: &Select, within: Option<&Path>) -> anyhow::Result<Selection> {
    let known: Vec<&str> = config.rules.iter().map(|r| r.id.as_str()).collect();
    for r in select.rules {
        if !known.contains(&r.as_str()) {
            anyhow::bail!(
                "no rule `{r}` in {} (rules: {})",
                config.path.display(),
                known.join(", ")
            );
        }
    }
    let paths = if select.path_globs.is_empty() {
        None
    } else {
        let seen = super::seen_here(config);
        for g in select.path_globs {
            PathGlobs::new(std::slice::from_ref(g), None)
                .with_context(|| format!("bad --path glob `{g}`"))?;
        }
        Some(PathGlobs::new(select.path_globs, seen).context("bad --path globs")?)
    };
    let within = match within {
        Some(p) if !same_place(p, &config.root) => {
            let spelled = globset::escape(&p.to_string_lossy());
            Some(PathGlobs::new(&[spelled], super::seen_here(config)).context("bad PATH")?)
        }
        _ => None,
    };
    Ok(Selection {
        rules: select.rules.to_vec(),
        paths,
        within,
    })
}

/// Whether two paths name the same folder or file.
fn same_place(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The project's proposals read from `origin`, with a spinner saying
/// `doing`; what could not be read, and the selected fixes canon would
/// not propose, said on stderr.
fn proposals(
    global: &Global,
    config: &Config,
    origin: Origin,
    selection: &Selection,
    doing: &'static str,
    io: &mut Io,
) -> anyhow::Result<pipeline::Project> {
    let progress = super::progress::Progress::start(io.err_is_tty && !global.quiet, doing);
    let project = pipeline::collect(config, origin, Mode::Proposals, progress.counters())?;
    drop(progress);
    super::write_diagnostics(global, &project.scan.diagnostics, io)?;
    let wanted = |p: &str, r: &str| selection.wants(p, r);
    super::write_not_proposed(global, config, &project.files, wanted, io)?;
    Ok(project)
}

/// The project's reviews with the session restored and the selection's
/// pending hunks accepted. Saved decisions whose hunk changed since are
/// dropped, as the review drops them, and said so on stderr, as is a
/// `--path` that matches no file with proposals; copies held by a saved
/// rejection that could not be placed are left out, and said so with
/// their lines.
fn accept_all(
    config: &Config,
    project: &pipeline::Project,
    session: Option<&Session>,
    selection: &Selection,
    io: &mut Io,
) -> anyhow::Result<(Vec<FileReview>, usize)> {
    let mut dropped = 0;
    let mut along = Vec::new();
    let mut reviews: Vec<FileReview> = project
        .files
        .iter()
        .filter(|f| !f.proposal.file.edits.is_empty())
        .map(|f| {
            let (mut review, report) = restored(f.proposal.file.clone(), session);
            dropped += report.dropped.len();
            let before = review.decisions().clone();
            selection.accept_pending(&mut review);
            for (rule, lines) in selection.came_along(&review, &before) {
                along.push((review.path().to_string(), rule, lines));
            }
            review
        })
        .collect();
    let held = hold_linked(&mut reviews, selection, io)?;
    // `--rule` takes whole edits: one both rules made, or one a selected
    // hunk needs, brings the other rule's change too. Said, never silent.
    for (path, rule, lines) in along {
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        writeln!(
            io.err,
            "note: {path}: rule {rule}'s edits come along (line{} {}): they share an edit with the selected rule{}'s hunks or are required by them; `canon review` takes hunks one by one",
            plural(lines.len()),
            lines.join(", "),
            plural(selection.rules.len()),
        )?;
    }
    if dropped > 0 {
        writeln!(
            io.err,
            "note: dropped {dropped} saved review decision{} whose hunk changed since; their hunks count as pending",
            plural(dropped)
        )?;
    }
    if let Some(globs) = &selection.paths {
        let proposed = reviews.iter().map(FileReview::path);
        for g in globs.unmatched(proposed) {
            writeln!(
                io.err,
                "warning: --path {g} matches no file with proposals (paths are relative to {})",
                globs_folder(config)
            )?;
        }
    }
    for review in &reviews {
        for hold in review.held() {
            writeln!(io.err, "warning: {}", held_note(review, &hold))?;
        }
    }
    Ok((reviews, held))
}

/// The folder `--path` globs are read from, for a message.
fn globs_folder(config: &Config) -> String {
    match super::seen_here(config) {
        Some(_) => match std::env::current_dir() {
            Ok(here) => format!("the current folder, {}", here.display()),
            Err(_) => "the current folder".to_string(),
        },
        None => match super::folder_is_root(config) {
            true => format!(
                "the current folder, the project root {}",
                config.root.display()
            ),
            false => format!("the project root {}", config.root.display()),
        },
    }
}

/// The line `apply` says about copies it leaves out: where they are, and
/// what to do.
fn held_note(review: &FileReview, hold: &Hold) -> String {
    let lines: Vec<String> = hold
        .hunks
        .iter()
        .filter_map(|id| review.hunk(*id))
        .map(|h| (h.lines.start + 1).to_string())
        .collect();
    let n = hold.hunks.len();
    let them = if n == 1 { "it" } else { "them" };
    format!(
        "{}:{}: {} saved for one of {} copies of this change could not be placed, as the copies changed since ({} now); apply leaves out the {} it may be for (line{} {}): run `canon review` to decide {them}",
        crate::report::shown(review.path()),
        lines.first().map_or("1", String::as_str),
        hold.what(),
        hold.was,
        hold.now,
        if n == 1 {
            "one".to_string()
        } else {
            n.to_string()
        },
        plural(lines.len()),
        lines.join(", "),
    )
}

/// Leave pending the accepted hunks linked to hunks of other files that
/// are not accepted (a patch string and the code it intercepts, see
/// `pipeline::links`), and say so: one line per file, other file and
/// patch, with what would take the other side too. Returns how many
/// hunks were held back.
fn hold_linked(
    reviews: &mut [FileReview],
    selection: &Selection,
    io: &mut Io,
) -> anyhow::Result<usize> {
    if !reviews.iter().any(FileReview::has_across) {
        return Ok(0);
    }
    let held = {
        let mut open: Vec<&mut FileReview> = reviews.iter_mut().collect();
        review::across::hold_back(&mut open)
    };
    let mut lines: Vec<HeldLine> = Vec::new();
    for b in &held {
        let other = crate::report::shown(&b.link.path).into_owned();
        let why = match &b.other {
            None => format!("; {other} is not among the paths given: give it too"),
            Some((id, _)) if held.iter().any(|h| h.path == b.link.path && h.hunk == *id) => {
                format!("; the hunk of {other} is held back too")
            }
            Some((_, Decision::Rejected)) => format!(
                "; the hunk of {other} is rejected in the review (`canon review` decides them together)"
            ),
            Some(_) if !selection.wants_file(&b.link.path) => format!("; add --path {other}"),
            Some(_) => format!("; the hunk of {other} stays pending"),
        };
        let patched = &b.link.patched;
        let reason = match b.link.patch {
            true => format!("the code its patch(\"{patched}\") intercepts must move with it"),
            false => format!("its patch(\"{patched}\") must move with this code"),
        };
        let rest = format!("left pending: it goes with {other} ({reason}){why}");
        let at = match lines
            .iter()
            .position(|l| l.path == b.path && l.rest == rest)
        {
            Some(at) => at,
            None => {
                lines.push(HeldLine {
                    path: b.path.clone(),
                    rest,
                    hunks: Vec::new(),
                    rules: Vec::new(),
                });
                lines.len() - 1
            }
        };
        let line = &mut lines[at];
        if !line.hunks.contains(&b.hunk) {
            line.hunks.push(b.hunk);
        }
        if !line.rules.contains(&b.link.rule) {
            line.rules.push(b.link.rule.clone());
        }
    }
    for l in &lines {
        writeln!(
            io.err,
            "note: {}: {} hunk{} of rule{} {} {}",
            crate::report::shown(&l.path),
            l.hunks.len(),
            plural(l.hunks.len()),
            plural(l.rules.len()),
            l.rules.join(", "),
            l.rest,
        )?;
    }
    let mut count: Vec<(&str, HunkId)> = held.iter().map(|b| (b.path.as_str(), b.hunk)).collect();
    count.sort();
    count.dedup();
    Ok(count.len())
}

/// One line of what [`hold_linked`] held back: a file, the hunks and
/// rules it counts, and the rest of the line (the other file, the patch,
/// what would take both).
struct HeldLine {
    path: String,
    rest: String,
    hunks: Vec<HunkId>,
    rules: Vec<String>,
}

/// Why nothing is to be committed: no proposal, or none left pending
/// (`linked` of them held back with hunks of other files they go with).
fn nothing_to_do(reviews: &[FileReview], base: &str, linked: usize) -> String {
    let rejected: usize = reviews.iter().map(|r| r.counts().rejected).sum();
    let held: usize = reviews
        .iter()
        .flat_map(|r| r.held())
        .map(|h| h.hunks.len())
        .sum();
    let pending = reviews
        .iter()
        .flat_map(|r| {
            r.hunks()
                .iter()
                .filter(|h| *r.decision(h.id) == Decision::Pending && !r.is_held(h.id))
        })
        .count();
    if reviews.is_empty() {
        format!("Nothing to commit: no proposals on {base}.")
    } else if held + linked > 0 {
        format!(
            "Nothing to commit on {base}: {rejected} hunk{} rejected in the review, {held} held for review, {} pending outside the selection, {linked} held back with the hunks of other files they go with.",
            plural(rejected),
            pending - linked.min(pending)
        )
    } else {
        format!(
            "Nothing to commit on {base}: {rejected} hunk{} rejected in the review, {pending} pending outside the selection.",
            plural(rejected)
        )
    }
}

/// Accept and commit on the branch, from the base commit's tree: HEAD, the
/// index and the working tree are never touched.
fn commit(
    global: &Global,
    path: &Path,
    select: Select,
    per_file: bool,
    io: &mut Io,
) -> anyhow::Result<i32> {
    let repo = Repo::open(path)?;
    let config = crate::rules::load(path, global.config.as_deref())?;
    let selection = selection(&config, &select, Some(path))?;
    let target = Target::resolve(
        &repo,
        &config,
        global.branch.as_deref(),
        global.base.as_deref(),
    )?;
    // Before the scan: a base that would revert the branch's own commits.
    target.check_base(&repo, global.base.as_deref())?;
    // Before the scan: a branch another one blocks is known now.
    repo.check_branch_free(&target.branch)?;
    // Not while a review of the branch is open: its saves would undo ours.
    let crate::pipeline::BranchSession {
        file: session_file,
        lock: _lock,
        saved: mut session,
    } = target.open_session(&repo)?;
    let origin = Origin::Commit(&repo, &target.base);
    let project = proposals(global, &config, origin, &selection, "scanning the base", io)?;
    let (reviews, held) = accept_all(&config, &project, session.as_ref(), &selection, io)?;
    let plan = Accepted::of(&reviews).plan(&target.branch, &config.settings.message, per_file);
    let mut committer = Committer::new(
        repo,
        &config,
        target.base.clone(),
        &target.branch,
        target.expected,
    );
    if plan.changes.is_empty() {
        writeln!(
            io.out,
            "{}",
            nothing_to_do(&reviews, &target.base.describe, held)
        )?;
        // A follow-up an earlier run could not make is made now.
        return match committer.catch_up(&target.branch) {
            Ok(Some(id)) => {
                writeln!(
                    io.out,
                    "{id}\nListed the branch's earlier migration commits in .git-blame-ignore-revs on {}.",
                    target.branch
                )?;
                Ok(EXIT_OK)
            }
            Ok(None) => Ok(EXIT_OK),
            Err(w) => {
                writeln!(io.err, "error: {w}")?;
                Ok(EXIT_ERROR)
            }
        };
    }
    // From here on a signal stops the work at a safe point.
    crate::pipeline::interrupt::catch();
    let base = target.base.describe.clone();
    let done = committer.commit(&plan)?;
    save_remaining(
        &session_file,
        session.get_or_insert_with(Session::default),
        &reviews,
    )?;
    if !global.quiet {
        for id in &done.commits {
            writeln!(io.out, "{id}")?;
        }
    }
    let n = plan.changes.len();
    writeln!(
        io.out,
        "Committed {n} file{} in {} commit{} on {} (base {base}).",
        plural(n),
        done.commits.len(),
        plural(done.commits.len()),
        done.branch,
    )?;
    if let Some(w) = &done.warning {
        writeln!(io.err, "error: the migration is committed, but {w}")?;
        return Ok(EXIT_ERROR);
    }
    Ok(EXIT_OK)
}

/// Save what the next review of the branch finds: the rejections, on the
/// committed text; pending hunks left by `--rule`/`--path` stay pending.
fn save_remaining(
    file: &Path,
    session: &mut Session,
    reviews: &[FileReview],
) -> Result<(), review::Error> {
    for r in reviews {
        session.files.remove(r.path());
        if let Some(next) = r.remaining()
            && !next.saved().is_empty()
        {
            session.files.insert(r.path().to_string(), next.saved());
        }
    }
    review::save_atomic(file, session)
}

/// Accept and write into the working tree, each file atomically and only
/// if it still holds what the scan read. In a git repository, the branch's
/// saved review decisions count here too.
fn write_tree(global: &Global, path: &Path, select: Select, io: &mut Io) -> anyhow::Result<i32> {
    let config = super::config_for(global, path)?;
    // The scan reads only `path` (see `Origin::WorkTree`).
    let selection = selection(&config, &select, None)?;
    let repo = Repo::open(&config.root).ok();
    let session = match &repo {
        Some(repo) => {
            let branch = global
                .branch
                .clone()
                .unwrap_or_else(|| config.settings.branch.clone());
            // Read only: the branch's review may stay open meanwhile.
            review::load(&review::session_path(repo.git_dir(), &branch))?
        }
        None => None,
    };
    let targets = [path.to_path_buf()];
    let origin = Origin::WorkTree(&targets);
    let project = proposals(global, &config, origin, &selection, "scanning", io)?;
    let (reviews, _) = accept_all(&config, &project, session.as_ref(), &selection, io)?;
    let accepted = Accepted::of(&reviews);
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let files: Vec<WriteBack> = accepted
        .changes
        .iter()
        .filter_map(|(p, text)| {
            let review = reviews.iter().find(|r| r.path() == p)?;
            Some(WriteBack {
                path: p,
                read: &review.proposal().base,
                text,
            })
        })
        .collect();
    // Temporary files under .git, so a kill leaves none in the working tree.
    let staging = repo.as_ref().map(|r| r.git_dir().join("canon").join("tmp"));
    // From here on a signal stops the writing between two files.
    crate::pipeline::interrupt::catch();
    let done = write_files(&root, staging.as_deref(), &files)?;
    let mut edits = 0;
    for r in reviews
        .iter()
        .filter(|r| done.written.iter().any(|w| w == r.path()))
    {
        let count: usize = r
            .hunks()
            .iter()
            .filter(|h| r.decision(h.id).is_accepted())
            .map(|h| h.edits.len())
            .sum();
        edits += count;
        if !global.quiet {
            writeln!(
                io.out,
                "fixed {} ({count} edit{})",
                crate::report::shown(r.path()),
                plural(count)
            )?;
        }
    }
    if !global.quiet {
        let files = done.written.len();
        writeln!(
            io.out,
            "Wrote {files} file{} ({edits} edit{}).",
            plural(files),
            plural(edits)
        )?;
    }
    for p in &done.changed {
        writeln!(
            io.err,
            "error: {} changed since canon read it, so it was not written; run canon again",
            crate::report::shown(p)
        )?;
    }
    for (path, reason) in &done.refused {
        writeln!(
            io.err,
            "error: {} was not written: {reason}",
            crate::report::shown(path)
        )?;
    }
    Ok(if done.changed.is_empty() && done.refused.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
