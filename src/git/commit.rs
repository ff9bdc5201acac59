//! Writing: blobs, trees and commits go into the object database, then the
//! branch ref moves with a compare-and-swap. The working tree, the index and
//! HEAD are never touched, so a branch checked out anywhere is refused
//! (moving it would silently desync that checkout).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use git2::build::TreeUpdateBuilder;
use git2::{Commit, ErrorCode, FileMode, ObjectType, Oid, Signature};

use super::{CommitRequest, GitError, Repo, branch_ref, is_regular_mode};

const BLAME_IGNORE_FILE: &str = ".git-blame-ignore-revs";
const NEW_FILE_MODE: i32 = 0o100644;

/// One path whose blob changes.
struct Update {
    path: String,
    blob: Oid,
    mode: i32,
}

/// The commits of a per-file run: one per update (sorted by path), but
/// the updates of a `together` group in one, where its first path is.
fn per_file<'u>(updates: &'u [Update], together: &[Vec<String>]) -> Vec<Vec<&'u Update>> {
    let group_of = |path: &str| together.iter().position(|g| g.iter().any(|p| p == path));
    let mut out: Vec<Vec<&Update>> = Vec::new();
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for u in updates {
        match group_of(&u.path) {
            Some(g) => match placed.iter().find(|(x, _)| *x == g) {
                Some(&(_, at)) => out[at].push(u),
                None => {
                    placed.push((g, out.len()));
                    out.push(vec![u]);
                }
            },
            None => out.push(vec![u]),
        }
    }
    out
}

impl Repo {
    /// Commit `req.changes` on `req.branch` and move the branch, only if it
    /// still points at `req.expected`. Returns the new commits, oldest first.
    ///
    /// The parent is the branch tip (`req.expected`) when the branch exists,
    /// else `req.base.commit`. The new tree is the parent's tree plus the
    /// changes, so paths nobody touched stay exactly as they are on the
    /// branch; when the base is the branch tip (the default) that is the base
    /// tree. Paths whose contents do not actually change are left out (and not
    /// passed to `req.message`); if nothing changes: [`GitError::NothingToCommit`].
    pub fn commit(&self, req: &CommitRequest<'_>) -> Result<Vec<Oid>, GitError> {
        Self::check_branch_name(req.branch)?;
        self.check_branch_free(req.branch)?;
        self.check_writable(req.branch)?;
        let signature = self.signature()?;
        // Fail early when the branch already moved; the compare-and-swap in
        // `move_branch` still guards the race after this check.
        self.check_unmoved(req.branch, req.expected)?;
        let parent_id = req.expected.unwrap_or(req.base.commit);
        let parent = self.find_commit(parent_id)?;

        let updates = self.write_blobs(&parent, req.changes)?;
        if updates.is_empty() {
            return Err(GitError::NothingToCommit);
        }
        let groups: Vec<Vec<&Update>> = if req.per_file {
            per_file(&updates, req.together)
        } else {
            vec![updates.iter().collect()]
        };
        let mut commits = Vec::with_capacity(groups.len());
        let mut tip = parent;
        let mut last_message = String::new();
        for group in groups {
            let paths: Vec<String> = group.iter().map(|u| u.path.clone()).collect();
            last_message = (req.message)(&paths);
            let id = self.commit_on(&tip, &group, &signature, &last_message)?;
            commits.push(id);
            tip = self.find_commit(id)?;
        }
        let reflog = format!("canon: {}", first_line(&last_message));
        self.move_branch(req.branch, req.expected, tip.id(), &reflog)?;
        Ok(commits)
    }

    /// Validates the changes and writes their blobs; returns the ones that
    /// differ from `parent`, sorted by path.
    fn write_blobs(
        &self,
        parent: &Commit<'_>,
        changes: &[(String, Vec<u8>)],
    ) -> Result<Vec<Update>, GitError> {
        let tree = parent
            .tree()
            .map_err(GitError::git(format!("read the tree of {}", parent.id())))?;
        let mut sorted: Vec<&(String, Vec<u8>)> = changes.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(pair) = sorted.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(invalid(&pair[0].0, "it is listed twice"));
        }
        let mut updates = Vec::new();
        for (path, contents) in sorted {
            check_path(path)?;
            let (old, mode) = match tree.get_path(&crate::paths::os(path)) {
                Ok(entry)
                    if entry.kind() == Some(ObjectType::Blob)
                        && is_regular_mode(entry.filemode()) =>
                {
                    (Some(entry.id()), entry.filemode())
                }
                Ok(_) => return Err(GitError::NotAFile { path: path.clone() }),
                Err(e) if e.code() == ErrorCode::NotFound => {
                    check_parents(&tree, path)?;
                    (None, NEW_FILE_MODE)
                }
                Err(e) => {
                    return Err(GitError::git(format!("look up `{path}` in the base tree"))(
                        e,
                    ));
                }
            };
            let blob = self.write_blob(path, contents)?;
            if old != Some(blob) {
                updates.push(Update {
                    path: path.clone(),
                    blob,
                    mode,
                });
            }
        }
        Ok(updates)
    }

    /// Stores `contents` as the blob for `path`. The blob goes through
    /// libgit2's filters for `path` (the `.gitattributes` of the working
    /// tree and `core.autocrlf`: CRLF and `ident`), as `git add` would.
    fn write_blob(&self, path: &str, contents: &[u8]) -> Result<Oid, GitError> {
        let action = || format!("store the new contents of `{path}`");
        let mut writer = self
            .repo
            .blob_writer(Some(&crate::paths::os(path)))
            .map_err(|e| GitError::git(action())(e))?;
        writer.write_all(contents).map_err(|e| GitError::Git {
            action: action(),
            error: git2::Error::from_str(&e.to_string()),
        })?;
        writer.commit().map_err(|e| GitError::git(action())(e))
    }

    /// One commit on top of `parent` with `updates` applied to its tree.
    fn commit_on(
        &self,
        parent: &Commit<'_>,
        updates: &[&Update],
        signature: &Signature<'_>,
        message: &str,
    ) -> Result<Oid, GitError> {
        let base_tree = parent
            .tree()
            .map_err(GitError::git(format!("read the tree of {}", parent.id())))?;
        let mut builder = TreeUpdateBuilder::new();
        for update in updates {
            let path = crate::paths::bytes(&update.path).into_owned();
            builder.upsert(path, update.blob, file_mode(update.mode));
        }
        let tree_id = builder
            .create_updated(&self.repo, &base_tree)
            .map_err(GitError::git("build the new tree"))?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(GitError::git(format!("read tree {tree_id}")))?;
        self.repo
            .commit(None, signature, signature, message, &tree, &[parent])
            .map_err(GitError::git("write the commit"))
    }

    fn find_commit(&self, id: Oid) -> Result<Commit<'_>, GitError> {
        self.repo
            .find_commit(id)
            .map_err(GitError::git(format!("read commit {id}")))
    }

    /// Author and committer from git config (`user.name`, `user.email`).
    fn signature(&self) -> Result<Signature<'static>, GitError> {
        self.repo.signature().map_err(|e| match e.code() {
            ErrorCode::NotFound => GitError::NoIdentity,
            _ => GitError::git("read user.name and user.email from git config")(e),
        })
    }

    fn check_unmoved(&self, branch: &str, expected: Option<Oid>) -> Result<(), GitError> {
        let actual = self.branch_tip(branch)?;
        if actual == expected {
            Ok(())
        } else {
            Err(GitError::BranchMoved {
                branch: branch.to_string(),
                expected,
                actual,
            })
        }
    }

    /// Refuses a branch that is checked out somewhere or locked.
    fn check_writable(&self, branch: &str) -> Result<(), GitError> {
        let refname = branch_ref(branch);
        if let Some(worktree) = self.checked_out_in(&refname) {
            return Err(GitError::BranchCheckedOut {
                branch: branch.to_string(),
                worktree,
            });
        }
        let lock = self.repo.commondir().join(format!("{refname}.lock"));
        if lock.exists() {
            return Err(GitError::BranchLocked {
                branch: branch.to_string(),
                lock,
            });
        }
        Ok(())
    }

    /// The working tree that has `refname` checked out: this one, the main
    /// one (when this is a linked worktree) or another linked worktree.
    fn checked_out_in(&self, refname: &str) -> Option<PathBuf> {
        let head_is = |repo: &git2::Repository| {
            repo.find_reference("HEAD")
                .ok()
                .and_then(|head| head.symbolic_target().ok().flatten().map(|t| t == refname))
                .unwrap_or(false)
        };
        if head_is(&self.repo) {
            return Some(self.root.clone());
        }
        let common = self.repo.commondir();
        let this_gitdir = canonical(self.repo.path());
        if canonical(common) != this_gitdir {
            if let Ok(main) = git2::Repository::open(common) {
                if !main.is_bare() && head_is(&main) {
                    return main.workdir().map(Path::to_path_buf);
                }
            }
        }
        // Linked worktrees keep their HEAD in <common>/worktrees/<name>/HEAD.
        // Read the files directly so a worktree whose folder is gone still
        // counts, as it does for git.
        let entries = std::fs::read_dir(common.join("worktrees")).ok()?;
        for entry in entries.flatten() {
            let dir = entry.path();
            if canonical(&dir) == this_gitdir {
                continue;
            }
            let Ok(head) = std::fs::read_to_string(dir.join("HEAD")) else {
                continue;
            };
            if head.trim().strip_prefix("ref:").map(str::trim) == Some(refname) {
                let gitfile = std::fs::read_to_string(dir.join("gitdir")).unwrap_or_default();
                let worktree = Path::new(gitfile.trim()).parent().map(Path::to_path_buf);
                return Some(worktree.unwrap_or(dir));
            }
        }
        None
    }

    /// Points `branch` at `new` if it still points at `expected` (None: the
    /// branch must not exist). The check and the write happen under the
    /// ref's lock in libgit2 (a zero id means "must not exist").
    fn move_branch(
        &self,
        branch: &str,
        expected: Option<Oid>,
        new: Oid,
        reflog: &str,
    ) -> Result<(), GitError> {
        let refname = branch_ref(branch);
        let current = expected.unwrap_or(Oid::ZERO_SHA1);
        match self
            .repo
            .reference_matching(&refname, new, true, current, reflog)
        {
            Ok(_) => Ok(()),
            Err(e) => match e.code() {
                ErrorCode::Modified | ErrorCode::Exists | ErrorCode::NotFound => {
                    Err(GitError::BranchMoved {
                        branch: branch.to_string(),
                        expected,
                        actual: self.branch_tip(branch).ok().flatten(),
                    })
                }
                ErrorCode::Locked => Err(GitError::BranchLocked {
                    branch: branch.to_string(),
                    lock: self.repo.commondir().join(format!("{refname}.lock")),
                }),
                _ => Err(GitError::git(format!("move branch `{branch}`"))(e)),
            },
        }
    }
}

/// Appends `ids` to `.git-blame-ignore-revs` (created if missing) in a new
/// commit on `branch`, whose parent is `expected_tip`; the branch moves only
/// if it still points there. Ids already in the file are not added twice;
/// each new one gets a `# summary` comment line above it.
pub fn blame_ignore_commit(
    repo: &Repo,
    branch: &str,
    expected_tip: Oid,
    ids: &[Oid],
) -> Result<Oid, GitError> {
    Repo::check_branch_name(branch)?;
    repo.check_writable(branch)?;
    let signature = repo.signature()?;
    repo.check_unmoved(branch, Some(expected_tip))?;
    let parent = repo.find_commit(expected_tip)?;
    let tree = parent
        .tree()
        .map_err(GitError::git(format!("read the tree of {expected_tip}")))?;
    let (mut text, mode) = match tree.get_path(Path::new(BLAME_IGNORE_FILE)) {
        Ok(entry)
            if entry.kind() == Some(ObjectType::Blob) && is_regular_mode(entry.filemode()) =>
        {
            (repo.read_blob(entry.id())?, entry.filemode())
        }
        Ok(_) => {
            return Err(GitError::NotAFile {
                path: BLAME_IGNORE_FILE.to_string(),
            });
        }
        Err(e) if e.code() == ErrorCode::NotFound => (Vec::new(), NEW_FILE_MODE),
        Err(e) => return Err(GitError::git(format!("look up {BLAME_IGNORE_FILE}"))(e)),
    };

    let listed: HashSet<String> = String::from_utf8_lossy(&text)
        .lines()
        .map(|line| line.trim().to_ascii_lowercase())
        .collect();
    let mut seen = HashSet::new();
    let fresh: Vec<Oid> = ids
        .iter()
        .copied()
        .filter(|id| !listed.contains(&id.to_string()) && seen.insert(*id))
        .collect();
    if fresh.is_empty() {
        return Err(GitError::NothingToCommit);
    }
    // Keep the file's own line endings.
    let eol: &[u8] = if text.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    if !text.is_empty() && !text.ends_with(b"\n") {
        text.extend_from_slice(eol);
    }
    for id in &fresh {
        let commit = repo.find_commit(*id)?;
        let summary = commit.summary().ok().flatten().unwrap_or("").to_string();
        text.extend_from_slice(format!("# {summary}").trim_end().as_bytes());
        text.extend_from_slice(eol);
        text.extend_from_slice(id.to_string().as_bytes());
        text.extend_from_slice(eol);
    }

    let blob = repo.write_blob(BLAME_IGNORE_FILE, &text)?;
    let update = Update {
        path: BLAME_IGNORE_FILE.to_string(),
        blob,
        mode,
    };
    let plural = if fresh.len() == 1 { "" } else { "s" };
    let message = format!(
        "Add {} migration commit{plural} to {BLAME_IGNORE_FILE}\n",
        fresh.len()
    );
    let id = repo.commit_on(&parent, &[&update], &signature, &message)?;
    repo.move_branch(
        branch,
        Some(expected_tip),
        id,
        &format!("canon: {}", first_line(&message)),
    )?;
    Ok(id)
}

/// Rejects paths git would refuse or that escape the tree. `path` is
/// spelled as [`crate::paths`] spells it; its bytes are checked. A
/// backslash is an ordinary byte of a name in a git tree (Windows cannot
/// check such a file out, but the tree holds it, as git's does).
fn check_path(path: &str) -> Result<(), GitError> {
    let raw = crate::paths::bytes(path);
    let mut parts = raw.split(|b| *b == b'/');
    let reason = if raw.is_empty() {
        "the path is empty"
    } else if raw.contains(&0) {
        "it contains a NUL byte"
    } else if raw.starts_with(b"/") {
        "it must be relative and `/`-separated"
    } else if parts.clone().any(|part| matches!(part, b"" | b"." | b"..")) {
        "it has an empty, `.` or `..` component"
    } else if parts.any(|part| part.eq_ignore_ascii_case(b".git")) {
        "it is inside `.git`"
    } else {
        return Ok(());
    };
    Err(invalid(path, reason))
}

/// A new file's folders must not be files (or submodules) in `tree`.
fn check_parents(tree: &git2::Tree<'_>, path: &str) -> Result<(), GitError> {
    for (end, _) in path.match_indices('/') {
        if let Ok(entry) = tree.get_path(&crate::paths::os(&path[..end])) {
            if entry.kind() != Some(ObjectType::Tree) {
                return Err(invalid(
                    path,
                    "a folder on its path is a file or submodule in the base commit",
                ));
            }
        }
    }
    Ok(())
}

fn invalid(path: &str, reason: &'static str) -> GitError {
    GitError::InvalidPath {
        path: path.to_string(),
        reason,
    }
}

fn file_mode(mode: i32) -> FileMode {
    match mode {
        0o100755 => FileMode::BlobExecutable,
        0o100664 => FileMode::BlobGroupWritable,
        _ => FileMode::Blob,
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or("")
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

impl Repo {
    /// The commits on `branch` (not on HEAD), oldest first, that change
    /// more than `.git-blame-ignore-revs` and that its copy at the tip does
    /// not list: migration commits whose follow-up failed, or was not asked
    /// for when they were made. The next follow-up lists them too.
    pub fn unlisted_migrations(&self, branch: &str) -> Result<Vec<Oid>, GitError> {
        let (Some(tip), Some(fork)) = (self.branch_tip(branch)?, self.fork_point(branch)?) else {
            return Ok(Vec::new());
        };
        let walk = || -> Result<Vec<Oid>, git2::Error> {
            let mut walk = self.repo.revwalk()?;
            walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
            walk.push(tip)?;
            walk.hide(fork)?;
            walk.collect()
        };
        let ids = walk().map_err(GitError::git(format!("walk the history of `{branch}`")))?;
        let tip_tree = self.find_commit(tip)?.tree().ok();
        let listed: HashSet<String> = tip_tree
            .as_ref()
            .and_then(|t| t.get_path(Path::new(BLAME_IGNORE_FILE)).ok())
            .and_then(|e| self.read_blob(e.id()).ok())
            .map(|text| {
                String::from_utf8_lossy(&text)
                    .lines()
                    .map(|l| l.trim().to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        let mut out = Vec::new();
        for id in ids {
            if !listed.contains(&id.to_string()) && !self.only_blame_ignore(id)? {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Whether commit `id` changes only `.git-blame-ignore-revs` (a follow-up).
    fn only_blame_ignore(&self, id: Oid) -> Result<bool, GitError> {
        let commit = self.find_commit(id)?;
        let read = || GitError::git(format!("read commit {id}"));
        let tree = commit.tree().map_err(read())?;
        let parent = match commit.parent(0) {
            Ok(p) => Some(p.tree().map_err(read())?),
            Err(_) => None,
        };
        let diff = self
            .repo
            .diff_tree_to_tree(parent.as_ref(), Some(&tree), None)
            .map_err(read())?;
        Ok(diff.deltas().len() > 0
            && diff
                .deltas()
                .all(|d| d.new_file().path() == Some(Path::new(BLAME_IGNORE_FILE))))
    }
}
