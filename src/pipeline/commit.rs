//! Committing a [`CommitPlan`]: the same code for the TUI's commit dialog
//! and `canon apply`. It checks where the branch is, runs `verify` on a full
//! temporary checkout of the proposed commit, commits through the git
//! layer (compare-and-swap on the branch tip), and adds the
//! `.git-blame-ignore-revs` follow-up. The migration commit stands once
//! made: a failed follow-up is a warning, never a rolled-back branch.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use git2::Oid;

use super::accept::{CommitPlan, message};
use crate::git::{Base, CommitRequest, GitError, Repo};
use crate::rules::Config;

/// The result of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    pub branch: String,
    /// Every commit made, the follow-up included, oldest first.
    pub commits: Vec<String>,
    pub paths: Vec<String>,
    /// Something that went wrong after the migration was committed.
    pub warning: Option<String>,
}

/// Why nothing was committed.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    #[error(
        "branch {branch} already exists at {tip} and the review started from {base}; pick a new name"
    )]
    BranchExists {
        branch: String,
        tip: String,
        base: String,
    },
    #[error("{0}")]
    Git(#[from] GitError),
    #[error("verify command `{command}` failed ({status}); nothing was committed{}", said(.output))]
    VerifyFailed {
        command: String,
        status: String,
        output: String,
    },
    #[error("cannot run verify command `{command}`: {reason}")]
    VerifyCannotRun { command: String, reason: String },
    #[error("interrupted before the commit; nothing was committed")]
    Interrupted,
    #[error("{path} cannot be written: {reason}; nothing was committed")]
    Unwritable { path: String, reason: String },
}

/// What a failed verify printed, after a colon; nothing when it printed
/// nothing (`false`), so the line does not end in a dangling colon.
fn said(output: &str) -> String {
    match output.is_empty() {
        true => String::new(),
        false => format!(":\n{output}"),
    }
}

impl CommitError {
    /// The branch moved under the review: the dialog says review again.
    pub fn is_moved_branch(&self) -> bool {
        matches!(self, CommitError::Git(GitError::BranchMoved { .. }))
    }
}

/// Commits plans on branches from one base, remembering each branch's tip
/// as this process last saw or made it.
pub struct Committer {
    repo: Repo,
    /// The project's folder in the repository: plans name files from it.
    folder: String,
    verify: Option<String>,
    blame_ignore: bool,
    base: Base,
    tips: HashMap<String, Option<Oid>>,
}

impl Committer {
    /// `branch` is where the run started, at `expected` (None: no branch yet).
    pub fn new(
        repo: Repo,
        config: &Config,
        base: Base,
        branch: &str,
        expected: Option<Oid>,
    ) -> Self {
        Committer {
            folder: super::project_folder(&repo, config),
            repo,
            verify: config.settings.verify.clone(),
            blame_ignore: config.settings.blame_ignore,
            base,
            tips: HashMap::from([(branch.to_string(), expected)]),
        }
    }

    pub fn repo(&self) -> &Repo {
        &self.repo
    }

    pub fn commit(&mut self, plan: &CommitPlan) -> Result<Committed, CommitError> {
        // Before `verify` runs: a name another branch blocks is known now.
        self.repo.check_branch_free(&plan.branch)?;
        let expected = match self.tips.get(&plan.branch) {
            Some(tip) => *tip,
            None => {
                // A branch named in the dialog: new, or exactly at the base.
                let tip = self.repo.branch_tip(&plan.branch)?;
                if let Some(tip) = tip
                    && tip != self.base.commit
                {
                    return Err(CommitError::BranchExists {
                        branch: plan.branch.clone(),
                        tip: tip.to_string()[..7].to_string(),
                        base: self.base.describe.clone(),
                    });
                }
                tip
            }
        };
        let changes = encoded(&plan.changes)?;
        if let Some(cmd) = &self.verify {
            verify(&self.repo, &self.base, &self.folder, cmd, &changes)?;
        }
        // The plan names files from the project; git, from its root.
        let changes: Vec<(String, Vec<u8>)> = changes
            .into_iter()
            .map(|(p, bytes)| (super::in_repository(&self.folder, &p).into_owned(), bytes))
            .collect();
        let folder = self.folder.as_str();
        if super::interrupt::requested() {
            return Err(CommitError::Interrupted);
        }
        let ids = self.repo.commit(&CommitRequest {
            branch: &plan.branch,
            base: &self.base,
            expected,
            changes: &changes,
            message: &|paths: &[String]| message(plan, folder, paths),
            per_file: plan.per_file,
            together: &plan.together,
        })?;
        let mut all = ids.clone();
        self.tips.insert(plan.branch.clone(), ids.last().copied());
        let mut warning = None;
        if self.blame_ignore
            && let Some(&tip) = ids.last()
        {
            match self.follow_up(&plan.branch, tip, &ids) {
                Ok(id) => all.extend(id),
                Err(w) => warning = Some(w),
            }
        }
        Ok(Committed {
            branch: plan.branch.clone(),
            commits: all.iter().map(|c| c.to_string()).collect(),
            paths: plan.changes.iter().map(|(p, _)| p.clone()).collect(),
            warning,
        })
    }
}

impl Committer {
    /// The `.git-blame-ignore-revs` follow-up on `branch` at `tip`: it lists
    /// `ids` and every earlier migration commit of the branch it does not
    /// list yet (a follow-up that failed, or `blame_ignore` turned on
    /// since). `Ok(None)`: nothing to list. `Err`: the warning to show.
    fn follow_up(&mut self, branch: &str, tip: Oid, ids: &[Oid]) -> Result<Option<Oid>, String> {
        let mut pending = self.repo.unlisted_migrations(branch).unwrap_or_default();
        for id in ids {
            if !pending.contains(id) {
                pending.push(*id);
            }
        }
        if pending.is_empty() {
            return Ok(None);
        }
        match crate::git::blame_ignore_commit(&self.repo, branch, tip, &pending) {
            Ok(id) => {
                self.tips.insert(branch.to_string(), Some(id));
                Ok(Some(id))
            }
            Err(crate::git::GitError::NothingToCommit) => Ok(None),
            Err(e) => Err(format!(
                "the .git-blame-ignore-revs follow-up failed ({e}); add {} to it by hand (or run canon apply again)",
                pending
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        }
    }

    /// With nothing new to commit: the follow-up an earlier run could not
    /// make, if `blame_ignore` is on and the branch has unlisted migration
    /// commits. Returns the follow-up's id, if one was made.
    pub fn catch_up(&mut self, branch: &str) -> Result<Option<Oid>, String> {
        if !self.blame_ignore {
            return Ok(None);
        }
        let tip = match self.repo.branch_tip(branch) {
            Ok(Some(tip)) if self.tips.get(branch).is_none_or(|t| *t == Some(tip)) => tip,
            _ => return Ok(None),
        };
        self.follow_up(branch, tip, &[])
    }
}

/// Each text as the bytes of the encoding it declares (PEP 263; UTF-8
/// when none), or why the first that cannot be is not committed.
fn encoded(changes: &[(String, String)]) -> Result<Vec<(String, Vec<u8>)>, CommitError> {
    changes
        .iter()
        .map(|(path, text)| match crate::python::encoding::encode(text) {
            Ok(bytes) => Ok((path.clone(), bytes.into_owned())),
            Err(e) => Err(CommitError::Unwritable {
                path: path.clone(),
                reason: e.to_string(),
            }),
        })
        .collect()
}

/// Run `command` in a temporary checkout of the proposed commit: every
/// file of the base tree, read from git objects, with `changes` written
/// over it. It runs in the project's `folder` of that checkout, as the
/// project's own commands would, and `{files}` is replaced by the changed
/// paths (the project's, as `changes` names them), each quoted for the
/// shell with its exact bytes. A failure returns its output; nothing else
/// is touched.
pub fn verify(
    repo: &Repo,
    base: &Base,
    folder: &str,
    command: &str,
    changes: &[(String, Vec<u8>)],
) -> Result<(), CommitError> {
    let cannot = |reason: String| CommitError::VerifyCannotRun {
        command: command.to_string(),
        reason,
    };
    // Named for this process, so that a later run removes what a kill -9
    // (which no destructor survives) left behind.
    let tmp = std::env::temp_dir();
    remove_stale(&tmp, VERIFY_PREFIX);
    let dir = tempfile::Builder::new()
        .prefix(&format!("{VERIFY_PREFIX}{}-", std::process::id()))
        .tempdir_in(&tmp)
        .map_err(|e| cannot(format!("cannot create a temporary folder: {e}")))?;
    let in_repo: Vec<(String, Vec<u8>)> = changes
        .iter()
        .map(|(p, bytes)| (super::in_repository(folder, p).into_owned(), bytes.clone()))
        .collect();
    materialise(repo, base, dir.path(), &in_repo).map_err(cannot)?;
    let project = dir.path().join(crate::paths::os(folder));
    std::fs::create_dir_all(&project)
        .map_err(|e| cannot(format!("cannot create {}: {e}", project.display())))?;
    let (run_line, line) = command_line(command, changes);
    // stdout and stderr into one pipe, so the output reads as it was printed.
    let (mut reader, writer) = std::io::pipe().map_err(|e| cannot(e.to_string()))?;
    let err_writer = writer.try_clone().map_err(|e| cannot(e.to_string()))?;
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(os_string(run_line))
        .current_dir(&project)
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(err_writer);
    // Its own process group, so that an interrupt stops all it started.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().map_err(|e| cannot(e.to_string()))?;
    drop(command);
    // The command holds the pipe's only writers now: read to its end.
    let read = std::thread::spawn(move || {
        let mut output = Vec::new();
        let _ = std::io::Read::read_to_end(&mut reader, &mut output);
        output
    });
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| cannot(e.to_string()))? {
            break status;
        }
        if super::interrupt::requested() {
            stop(&mut child);
            let _ = read.join();
            return Err(CommitError::Interrupted);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let output = read.join().unwrap_or_default();
    if !status.success() {
        return Err(CommitError::VerifyFailed {
            command: line,
            status: status.to_string(),
            output: String::from_utf8_lossy(&output).trim_end().to_string(),
        });
    }
    Ok(())
}

/// `command` with `{files}` replaced by the changed paths, each one shell
/// word: with the paths' bytes (to run), and as canon spells them (to show).
fn command_line(command: &str, changes: &[(String, Vec<u8>)]) -> (Vec<u8>, String) {
    let words = |spell: &dyn Fn(&str) -> Vec<u8>| {
        let quoted: Vec<Vec<u8>> = changes
            .iter()
            .map(|(p, _)| shell_quote(&spell(p)))
            .collect();
        quoted.join(&b' ')
    };
    let list = words(&|p| crate::paths::bytes(p).into_owned());
    let mut run = Vec::with_capacity(command.len() + list.len());
    for (i, part) in command.split("{files}").enumerate() {
        if i > 0 {
            run.extend_from_slice(&list);
        }
        run.extend_from_slice(part.as_bytes());
    }
    let shown = words(&|p| p.as_bytes().to_vec());
    (
        run,
        command.replace("{files}", &String::from_utf8_lossy(&shown)),
    )
}

/// Stop a verify run and everything it started (its process group).
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) on the group this process created for the child.
        unsafe {
            libc::kill(-pid, libc::SIGTERM);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Write the base tree and `changes` under `dir`: files with their
/// executable bit (a changed file keeps its base mode), symlinks as
/// symlinks. Not a git repository, and nothing untracked is there.
fn materialise(
    repo: &Repo,
    base: &Base,
    dir: &Path,
    changes: &[(String, Vec<u8>)],
) -> Result<(), String> {
    let files = repo.tree_files(base).map_err(|e| e.to_string())?;
    let changed: std::collections::HashMap<&str, &[u8]> = changes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_slice()))
        .collect();
    for f in &files {
        let dest = place(dir, &f.path)?;
        if f.mode == 0o120000 {
            let target = repo.read_blob(f.id).map_err(|e| e.to_string())?;
            symlink(&target, &dest)?;
            continue;
        }
        if !f.is_regular() {
            continue;
        }
        let bytes = match changed.get(f.path.as_str()) {
            Some(bytes) => bytes.to_vec(),
            None => repo.read_blob(f.id).map_err(|e| e.to_string())?,
        };
        write_file(&dest, &bytes, f.mode == 0o100755)?;
    }
    // Changed files the base tree does not have (none today): plain files.
    for (path, text) in changes {
        if !files.iter().any(|f| f.path == *path) {
            write_file(&place(dir, path)?, text, false)?;
        }
    }
    Ok(())
}

/// Where `rel` goes under `dir`, its folder created.
fn place(dir: &Path, rel: &str) -> Result<PathBuf, String> {
    let dest = safe_join(dir, rel).ok_or_else(|| format!("`{rel}` is not a plain path"))?;
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    Ok(dest)
}

fn write_file(dest: &Path, bytes: &[u8], exec: bool) -> Result<(), String> {
    std::fs::write(dest, bytes).map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
    #[cfg(unix)]
    if exec {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dest, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot make {} executable: {e}", dest.display()))?;
    }
    #[cfg(not(unix))]
    let _ = exec;
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &[u8], dest: &Path) -> Result<(), String> {
    use std::os::unix::ffi::OsStrExt;
    let target = std::ffi::OsStr::from_bytes(target);
    std::os::unix::fs::symlink(target, dest)
        .map_err(|e| format!("cannot link {}: {e}", dest.display()))
}

#[cfg(not(unix))]
fn symlink(_: &[u8], _: &Path) -> Result<(), String> {
    Ok(())
}

/// `dir/rel` when `rel` is relative and has no `..`.
fn safe_join(dir: &Path, rel: &str) -> Option<PathBuf> {
    let p = crate::paths::os(rel);
    p.components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        .then(|| dir.join(p))
}

/// A path's bytes as one shell word; one that starts with `-` gets a
/// `./` first, so that no command takes it for an option.
fn shell_quote(path: &[u8]) -> Vec<u8> {
    let lead: &[u8] = if path.starts_with(b"-") { b"./" } else { b"" };
    if path
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(b))
    {
        return [lead, path].concat();
    }
    let mut out = [b"'", lead].concat();
    for &b in path {
        if b == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(b);
        }
    }
    out.push(b'\'');
    out
}

#[cfg(unix)]
fn os_string(bytes: Vec<u8>) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStringExt;
    std::ffi::OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_string(bytes: Vec<u8>) -> std::ffi::OsString {
    String::from_utf8_lossy(&bytes).into_owned().into()
}

/// One file for [`write_files`]: its path (relative to the root), the
/// text canon read and worked from, and the text to write.
#[derive(Debug, Clone, Copy)]
pub struct WriteBack<'a> {
    pub path: &'a str,
    pub read: &'a str,
    pub text: &'a str,
}

/// What [`write_files`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// The paths written.
    pub written: Vec<String>,
    /// The paths left alone: they no longer hold the text canon read
    /// (someone changed or removed them meanwhile).
    pub changed: Vec<String>,
    /// The paths whose new text their declared encoding cannot hold (PEP
    /// 263), with the reason: left alone too.
    pub refused: Vec<(String, String)>,
}

/// Write the files into the working tree at `root`, each through a
/// temporary file and a rename (permissions kept), in the encoding its
/// text declares, and only if it still holds the text canon read: a file changed meanwhile is left alone and
/// listed in [`Written::changed`], the others are written. A signal stops
/// it between two files (see [`super::interrupt`]): every file is then
/// either written whole or untouched.
///
/// The temporary files go in `staging` when given (a folder under `.git`,
/// on the same filesystem as the working tree), so that a `kill -9` leaves
/// nothing in the working tree; stale ones of dead processes are removed
/// there first. Without it (or across filesystems) they go beside the file.
pub fn write_files(
    root: &Path,
    staging: Option<&Path>,
    files: &[WriteBack],
) -> anyhow::Result<Written> {
    let staging = staging.and_then(|dir| {
        std::fs::create_dir_all(dir).ok()?;
        remove_stale(dir, STAGED_PREFIX);
        Some(dir)
    });
    let mut out = Written::default();
    for (done, f) in files.iter().enumerate() {
        if super::interrupt::requested() {
            anyhow::bail!(
                "interrupted: {done} of {} files written, the others untouched",
                files.len()
            );
        }
        let path = crate::paths::to_path(root, f.path);
        // A link (checked because it was named) stays a link: the file
        // it points to is the one written, as an editor does.
        let path = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(&path).unwrap_or(path),
            _ => path,
        };
        // Compare, then swap: the window between the two is a rename away.
        let unchanged = std::fs::read(&path)
            .ok()
            .and_then(|now| crate::python::encoding::decode(now).ok())
            .is_some_and(|now| now == f.read);
        if !unchanged {
            out.changed.push(f.path.to_string());
            continue;
        }
        match crate::python::encoding::encode(f.text) {
            Ok(bytes) => write_replacing(&path, &bytes, staging)?,
            Err(e) => {
                out.refused.push((f.path.to_string(), e.to_string()));
                continue;
            }
        }
        out.written.push(f.path.to_string());
    }
    Ok(out)
}

/// The prefix of a process's staged files: `write-<pid>-`.
const STAGED_PREFIX: &str = "write-";

/// The prefix of a process's verify checkouts in the temporary folder:
/// `canon-verify-<pid>-`.
const VERIFY_PREFIX: &str = "canon-verify-";

/// Remove the entries of `dir` named `<prefix><pid>-…` whose process is
/// gone (killed mid-write or mid-verify): files, and folders with all
/// they hold.
fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !crate::review::process_alive(pid)
        {
            let path = e.path();
            let _ = match e.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
        }
    }
}

/// Replace `path` by `text` through a temporary file in `staging` (else in
/// the file's folder) and a rename, keeping its permissions.
fn write_replacing(path: &Path, text: &[u8], staging: Option<&Path>) -> anyhow::Result<()> {
    use anyhow::Context;
    let Some(dir) = staging else {
        return write_atomic(path, text);
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{STAGED_PREFIX}{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(text)
        .with_context(|| format!("cannot write {}", path.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    match tmp.persist(path) {
        Ok(_) => Ok(()),
        // Another filesystem: the temporary file goes beside the file.
        Err(e) if e.error.kind() == std::io::ErrorKind::CrossesDevices => write_atomic(path, text),
        Err(e) => Err(e.error).with_context(|| format!("cannot replace {}", path.display())),
    }
}

/// Write via a temp file in the same folder and a rename, keeping permissions.
pub fn write_atomic(path: &Path, text: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(text)
        .with_context(|| format!("cannot write {}", path.display()))?;
    match std::fs::metadata(path) {
        Ok(meta) => {
            let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
        }
        Err(_) => as_a_new_file(tmp.path()),
    }
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Give the temporary file at `tmp` the mode a file created in its place
/// would have (0666 less the umask): a temporary file is 0600, and a new
/// `.canon-baseline.json` or `canon.toml`, meant to be committed and
/// shared, was left readable by its owner alone.
pub fn as_a_new_file(tmp: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: umask only sets the process's file mode mask; it is set
        // back at once (no file is created in between by this thread).
        let mask = unsafe { libc::umask(0o022) };
        unsafe { libc::umask(mask) };
        let mode = 0o666 & !(mask as u32);
        let _ = std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = tmp;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_stale_takes_what_dead_processes_left_and_only_that() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::id();
        let stale = dir.path().join(format!("{VERIFY_PREFIX}{dead}-abc"));
        std::fs::create_dir_all(stale.join("pkg")).unwrap();
        std::fs::write(stale.join("pkg/m.py"), "x = 1\n").unwrap();
        let mine = dir.path().join(format!("{VERIFY_PREFIX}{live}-def"));
        std::fs::create_dir(&mine).unwrap();
        let staged = dir.path().join(format!("{STAGED_PREFIX}{dead}-x.tmp"));
        std::fs::write(&staged, "").unwrap();
        // Not canon's: another prefix, or no process id.
        let other = dir.path().join(format!("other-{dead}-x"));
        std::fs::create_dir(&other).unwrap();
        let unnumbered = dir.path().join(format!("{VERIFY_PREFIX}3saD4s"));
        std::fs::create_dir(&unnumbered).unwrap();

        remove_stale(dir.path(), VERIFY_PREFIX);
        assert!(
            !stale.exists(),
            "a dead run's checkout goes, with its files"
        );
        assert!(mine.exists(), "a live run's checkout stays");
        assert!(staged.exists(), "another prefix's files stay");
        assert!(other.exists() && unnumbered.exists());
        remove_stale(dir.path(), STAGED_PREFIX);
        assert!(!staged.exists());
    }
}
