//! The one error type of the git layer: each case is a sentence a user can
//! act on, without knowing libgit2.

use std::path::PathBuf;

use git2::Oid;

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "{} is not inside a git repository; run canon from inside one, or use `--write` to rewrite the files on disk instead",
        path.display()
    )]
    NotARepo { path: PathBuf },
    #[error(
        "{} is a bare repository; canon needs a repository with a working tree",
        path.display()
    )]
    BareRepo { path: PathBuf },
    #[error(
        "the repository has no commits yet; commit something first so canon has a base to start from"
    )]
    EmptyRepo,
    #[error(
        "HEAD points to branch `{branch}`, which has no commits yet; commit first or pass `--base REV`"
    )]
    UnbornHead { branch: String },
    #[error("`{rev}` does not name a commit in this repository: {reason}")]
    BadRevision { rev: String, reason: String },
    #[error("`{name}` is not a valid branch name (see `git check-ref-format --branch`)")]
    InvalidBranchName { name: String },
    #[error(
        "branch `{branch}` is checked out in {}; committing to it would leave that index and working tree out of sync, so pick another branch",
        worktree.display()
    )]
    BranchCheckedOut { branch: String, worktree: PathBuf },
    #[error(
        "branch `{branch}` is locked by another git process ({} exists); try again when it has finished, or delete that file if no git process is running",
        lock.display()
    )]
    BranchLocked { branch: String, lock: PathBuf },
    #[error(
        "branch `{branch}` moved since the review began (expected {}, found {}); nothing was committed, review again on top of the new tip",
        tip(.expected),
        tip(.actual)
    )]
    BranchMoved {
        branch: String,
        expected: Option<Oid>,
        actual: Option<Oid>,
    },
    #[error(
        "branch `{branch}` is a symbolic ref to `{target}`; canon commits only on a plain branch, so pick another name (--branch) or commit on `{target}`"
    )]
    SymbolicBranch { branch: String, target: String },
    /// Git keeps `refs/heads/a` as a file and `refs/heads/a/b` under a
    /// folder of the same name, so one branch blocks the other.
    #[error(
        "branch `{branch}` cannot be created because branch `{existing}` exists (git cannot hold both `{shorter}` and `{shorter}/…`); pick another name with --branch NAME (or `[settings] branch`)"
    )]
    BranchClash {
        branch: String,
        existing: String,
        /// The one of the two that is a prefix of the other.
        shorter: String,
    },
    #[error(
        "no git identity is configured; set both `user.name` and `user.email` (e.g. `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`)"
    )]
    NoIdentity,
    /// `--base REV` on a branch whose tip holds commits REV lacks: a commit
    /// of REV's files on that tip would revert them.
    #[error(
        "branch `{branch}` is at {} and has commits that --base {base} ({}) does not; committing files built from {base} on it would revert them, so drop --base (build on the branch's tip) or pick another --branch",
        short(*.tip),
        short(*.commit)
    )]
    BaseBehindBranch {
        branch: String,
        base: String,
        tip: Oid,
        commit: Oid,
    },
    #[error("the accepted changes are identical to the base, so there is nothing to commit")]
    NothingToCommit,
    #[error("`{path}` cannot be committed: {reason}")]
    InvalidPath { path: String, reason: &'static str },
    #[error(
        "`{path}` is not a regular file in the base commit (a symlink, folder or submodule), so canon will not rewrite it"
    )]
    NotAFile { path: String },
    /// libgit2's message only: its error is not the source (its Display
    /// adds `; class=Os (2)` and the like, which mean nothing to a user).
    #[error("git failed to {action}: {}", error.message())]
    Git {
        /// What canon was doing, e.g. "read blob 1a2b3c".
        action: String,
        error: git2::Error,
    },
}

impl GitError {
    /// Wraps a libgit2 error with what canon was doing when it failed.
    pub(crate) fn git(action: impl Into<String>) -> impl FnOnce(git2::Error) -> GitError {
        let action = action.into();
        move |error| GitError::Git { action, error }
    }
}

/// A branch tip for messages: a short id, or "no branch" when it did not exist.
fn tip(id: &Option<Oid>) -> String {
    match id {
        Some(id) => short(*id),
        None => "no branch".to_string(),
    }
}

/// The first 7 hex digits of an id, as git prints them by default.
pub(crate) fn short(id: Oid) -> String {
    let mut hex = id.to_string();
    hex.truncate(7);
    hex
}
