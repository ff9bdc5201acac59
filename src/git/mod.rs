//! The git layer: open the repository, pick the base commit, list and read
//! its files from git objects, and commit reviewed contents on a branch.
//!
//! Everything here works on the object database and refs only. It must never
//! write the working tree or the index (a dirty tree is fine), never move
//! HEAD, and never print: callers get data or a [`GitError`]. The one thing
//! read from the working tree is `.gitattributes`, by libgit2's filters when
//! a new blob is stored (as `git add` does).

mod commit;
mod error;

#[cfg(all(test, unix))]
mod tests;

use std::path::{Path, PathBuf};

use git2::{ErrorCode, ObjectType, Oid, Repository};

pub use commit::blame_ignore_commit;
pub use error::GitError;

/// An open repository with a working tree.
pub struct Repo {
    repo: Repository,
    root: PathBuf,
}

/// The commit a review starts from, and what the target branch looked like
/// when it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub commit: Oid,
    pub tree: Oid,
    pub branch_exists: bool,
    pub branch_tip: Option<Oid>,
    /// For messages: "HEAD (abc1234)", "canon/migration (abc1234)" or "REV (abc1234)".
    pub describe: String,
}

/// One blob of the base tree. `mode` is git's: 0o100644, 0o100755, or
/// 0o120000 for a symlink (whose "contents" is its target; callers should
/// skip it, and [`Repo::commit`] refuses to rewrite it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    pub path: String,
    pub id: Oid,
    pub mode: i32,
}

impl TreeFile {
    /// A plain (possibly executable) file, not a symlink.
    pub fn is_regular(&self) -> bool {
        is_regular_mode(self.mode)
    }
}

/// What to commit and where; see [`Repo::commit`].
pub struct CommitRequest<'a> {
    pub branch: &'a str,
    pub base: &'a Base,
    /// The branch tip observed when the review began (None: no branch yet).
    pub expected: Option<Oid>,
    /// Path (spelled as [`crate::paths`] spells it, relative to the
    /// root) and its new full contents.
    pub changes: &'a [(String, Vec<u8>)],
    /// The message for a commit, given the paths it changes.
    pub message: &'a dyn Fn(&[String]) -> String,
    /// One commit per changed path instead of one for all,
    pub per_file: bool,
    /// except for the paths of each of these groups, which go in one
    /// commit (at the place of their first path).
    pub together: &'a [Vec<String>],
}

pub(crate) fn is_regular_mode(mode: i32) -> bool {
    // 0o100664 is an obsolete spelling of 0o100644 that old trees still carry.
    matches!(mode, 0o100644 | 0o100755 | 0o100664)
}

fn branch_ref(branch: &str) -> String {
    format!("refs/heads/{branch}")
}

impl Repo {
    /// Open the repository containing `path`, searching upwards.
    pub fn open(path: &Path) -> Result<Repo, GitError> {
        // Objects come from the user's own repository: re-hashing every
        // blob read (SHA-1DC) cost as much as inflating it.
        git2::opts::strict_hash_verification(false);
        let repo = Repository::discover(path).map_err(|e| match e.code() {
            ErrorCode::NotFound => GitError::NotARepo {
                path: path.to_path_buf(),
            },
            _ => GitError::Git {
                action: format!("open the repository at {}", path.display()),
                error: e,
            },
        })?;
        Self::from_repository(repo)
    }

    /// Another handle on the same repository, for a worker thread
    /// (a handle can move between threads but not be shared).
    pub fn reopen(&self) -> Result<Repo, GitError> {
        let repo = Repository::open(self.repo.path()).map_err(GitError::git(format!(
            "reopen the repository at {}",
            self.root.display()
        )))?;
        Self::from_repository(repo)
    }

    fn from_repository(repo: Repository) -> Result<Repo, GitError> {
        let Some(workdir) = repo.workdir().filter(|_| !repo.is_bare()) else {
            return Err(GitError::BareRepo {
                path: repo.path().to_path_buf(),
            });
        };
        // libgit2 hands back "dir/"; collecting the components drops the slash.
        let root = workdir.components().collect();
        Ok(Repo { repo, root })
    }

    /// The working tree's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder `dir` as a path of the working tree, spelled as
    /// [`crate::paths`] spells paths (`""` for the root itself); None when
    /// `dir` is not in it (a project above the repository, or elsewhere).
    pub fn folder_of(&self, dir: &Path) -> Option<String> {
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        crate::paths::relative(&root, &dir)
    }

    /// The `.git` folder (a worktree's own one in a linked worktree).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// The base commit: `rev` if given, else the tip of `branch` if it
    /// exists, else HEAD (detached or not).
    pub fn base(&self, rev: Option<&str>, branch: &str) -> Result<Base, GitError> {
        Self::check_branch_name(branch)?;
        if self.is_empty()? {
            return Err(GitError::EmptyRepo);
        }
        let branch_tip = self.branch_tip(branch)?;
        let (commit, name) = match (rev, branch_tip) {
            (Some(rev), _) => (self.resolve(rev)?, rev),
            (None, Some(tip)) => (tip, branch),
            (None, None) => (self.required_head()?, "HEAD"),
        };
        let tree = self
            .repo
            .find_commit(commit)
            .map_err(GitError::git(format!("read commit {commit}")))?
            .tree_id();
        Ok(Base {
            commit,
            tree,
            branch_exists: branch_tip.is_some(),
            branch_tip,
            describe: format!("{name} ({})", error::short(commit)),
        })
    }

    /// No commits anywhere. (libgit2's `is_empty` only says so when HEAD
    /// names the configured default branch, so count the refs instead.)
    fn is_empty(&self) -> Result<bool, GitError> {
        let mut refs = self
            .repo
            .references()
            .map_err(GitError::git("list the repository's refs"))?;
        Ok(refs.next().is_none())
    }

    /// A revision (anything `git rev-parse` takes) peeled to a commit.
    fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
        let bad = |reason: String| GitError::BadRevision {
            rev: rev.to_string(),
            reason,
        };
        let object = self.repo.revparse_single(rev).map_err(|e| {
            bad(match e.code() {
                // libgit2 says "revspec 'v1' not found", or of `HEAD~5`
                // "parent 0 does not exist".
                git2::ErrorCode::NotFound if rev.contains(['~', '^']) => {
                    "the history does not go back that far".to_string()
                }
                git2::ErrorCode::NotFound => "no branch, tag or commit has that name".to_string(),
                git2::ErrorCode::Ambiguous => {
                    "it is ambiguous (more than one object's id starts with it)".to_string()
                }
                _ => e.message().to_string(),
            })
        })?;
        let kind = object.kind();
        let commit = object.peel_to_commit().map_err(|_| {
            let kind = kind.map_or("object", |k| k.str());
            bad(format!("it names a {kind}, not a commit"))
        })?;
        Ok(commit.id())
    }

    /// HEAD's commit, or a clear error when there is none.
    fn required_head(&self) -> Result<Oid, GitError> {
        if let Some(id) = self.head_commit()? {
            return Ok(id);
        }
        let head = self
            .repo
            .find_reference("HEAD")
            .map_err(GitError::git("read HEAD"))?;
        let target = head.symbolic_target().ok().flatten().unwrap_or("HEAD");
        Err(GitError::UnbornHead {
            branch: target
                .strip_prefix("refs/heads/")
                .unwrap_or(target)
                .to_string(),
        })
    }

    /// Every blob in the base commit's tree, sorted by path. Paths are
    /// spelled as [`crate::paths`] spells them, so a name that is not UTF-8
    /// is listed too and maps back to its bytes; submodules are not blobs
    /// and are not listed.
    pub fn tree_files(&self, base: &Base) -> Result<Vec<TreeFile>, GitError> {
        let mut files = Vec::new();
        let mut pending: Vec<(Vec<u8>, Oid)> = vec![(Vec::new(), base.tree)];
        while let Some((prefix, id)) = pending.pop() {
            let tree = self
                .repo
                .find_tree(id)
                .map_err(GitError::git(format!("read tree {id}")))?;
            for entry in tree.iter() {
                let path = [&prefix[..], entry.name_bytes()].concat();
                match entry.kind() {
                    Some(ObjectType::Tree) => {
                        pending.push(([path, b"/".to_vec()].concat(), entry.id()))
                    }
                    Some(ObjectType::Blob) => files.push(TreeFile {
                        path: crate::paths::from_bytes(&path),
                        id: entry.id(),
                        mode: entry.filemode(),
                    }),
                    _ => {}
                }
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// A blob's bytes exactly as stored (no filters, no line-ending changes).
    pub fn read_blob(&self, id: Oid) -> Result<Vec<u8>, GitError> {
        let blob = self
            .repo
            .find_blob(id)
            .map_err(GitError::git(format!("read blob {id}")))?;
        Ok(blob.content().to_vec())
    }

    /// Check `name` against git's rules for branch names.
    pub fn check_branch_name(name: &str) -> Result<(), GitError> {
        let valid = git2::Branch::name_is_valid(name).unwrap_or(false)
            && git2::Reference::is_valid_name(&branch_ref(name));
        if valid {
            Ok(())
        } else {
            Err(GitError::InvalidBranchName {
                name: name.to_string(),
            })
        }
    }

    /// Refuses a new `branch` that an existing one blocks: `a` blocks
    /// `a/b`, and `a/b` blocks `a` (libgit2 would fail only when moving the
    /// ref, with "parent is not directory"). An existing branch passes.
    pub fn check_branch_free(&self, branch: &str) -> Result<(), GitError> {
        if self.branch_tip(branch)?.is_some() {
            return Ok(());
        }
        let exists = |name: &str| self.repo.find_reference(&branch_ref(name)).is_ok();
        let clash = |existing: &str, shorter: &str| GitError::BranchClash {
            branch: branch.to_string(),
            existing: existing.to_string(),
            shorter: shorter.to_string(),
        };
        let mut prefix = branch;
        while let Some((up, _)) = prefix.rsplit_once('/') {
            if exists(up) {
                return Err(clash(up, up));
            }
            prefix = up;
        }
        let under = format!("{}/*", branch_ref(branch));
        let mut below = self
            .repo
            .references_glob(&under)
            .map_err(GitError::git(format!(
                "list the branches under `{branch}/`"
            )))?;
        if let Some(Ok(r)) = below.next()
            && let Ok(name) = r.name()
        {
            let existing = name.trim_start_matches("refs/heads/");
            return Err(clash(existing, branch));
        }
        Ok(())
    }

    /// The branch's tip commit, if the branch exists.
    pub fn branch_tip(&self, branch: &str) -> Result<Option<Oid>, GitError> {
        Self::check_branch_name(branch)?;
        let reference = match self.repo.find_reference(&branch_ref(branch)) {
            Ok(reference) => reference,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(GitError::git(format!("read branch `{branch}`"))(e)),
        };
        // A compare-and-swap on a symbolic ref cannot work (libgit2 writes
        // through it): such a branch is refused, naming what it points to.
        if reference.kind() == Some(git2::ReferenceType::Symbolic) {
            return Err(GitError::SymbolicBranch {
                branch: branch.to_string(),
                target: reference
                    .symbolic_target()
                    .ok()
                    .flatten()
                    .unwrap_or("another ref")
                    .trim_start_matches("refs/heads/")
                    .to_string(),
            });
        }
        let commit = reference
            .peel_to_commit()
            .map_err(GitError::git(format!("read the tip of branch `{branch}`")))?;
        Ok(Some(commit.id()))
    }

    /// Whether every commit of `ancestor` is in `commit`'s history (true when equal).
    pub fn contains(&self, commit: Oid, ancestor: Oid) -> Result<bool, GitError> {
        if commit == ancestor {
            return Ok(true);
        }
        self.repo
            .graph_descendant_of(commit, ancestor)
            .map_err(GitError::git(format!(
                "compare commits {commit} and {ancestor}"
            )))
    }

    /// Where `branch` forked from HEAD: the merge base of its tip and HEAD,
    /// if both exist and share history.
    pub fn fork_point(&self, branch: &str) -> Result<Option<Oid>, GitError> {
        let (Some(tip), Some(head)) = (self.branch_tip(branch)?, self.head_commit()?) else {
            return Ok(None);
        };
        match self.repo.merge_base(tip, head) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(GitError::git(format!(
                "find where `{branch}` forked from HEAD"
            ))(e)),
        }
    }

    /// HEAD's commit id (None while HEAD's branch has no commits).
    pub fn head_commit(&self) -> Result<Option<Oid>, GitError> {
        let head = match self.repo.head() {
            Ok(head) => head,
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                return Ok(None);
            }
            Err(e) => return Err(GitError::git("read HEAD")(e)),
        };
        let commit = head
            .peel_to_commit()
            .map_err(GitError::git("read HEAD's commit"))?;
        Ok(Some(commit.id()))
    }
}

/// Fill a commit message template.
pub fn fill_message(template: &str, rules: &[String], paths: &[String], branch: &str) -> String {
    // "in {count} files" reads "in 1 file" for one.
    let template = if paths.len() == 1 {
        template.replace("{count} files", "{count} file")
    } else {
        template.to_string()
    };
    template
        .replace("{rules}", &rules.join(", "))
        .replace("{count}", &paths.len().to_string())
        .replace("{files}", &paths.join(" "))
        .replace("{branch}", branch)
}
