//! Test repositories: a temp dir driven by the git CLI with an isolated
//! config (never the user's), a test identity in the repo's own config, and
//! a snapshot of HEAD, the index and the working tree to prove canon left
//! them alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use git2::{ObjectType, Oid};
use tempfile::TempDir;

use crate::git::{Base, CommitRequest, GitError, Repo};

pub const NAME: &str = "Canon Tester";
pub const EMAIL: &str = "tester@canon.invalid";
pub const BRANCH: &str = "canon/migration";

/// Points libgit2's global, XDG, system and ProgramData config lookups at an
/// empty folder, so `repo.signature()` and friends only ever see the test
/// repo's local config.
pub fn sandbox() {
    static EMPTY: OnceLock<TempDir> = OnceLock::new();
    EMPTY.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        for level in [
            git2::ConfigLevel::Global,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::System,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: this runs once, inside `get_or_init`, before any test of
            // this module has touched libgit2 (every test calls `sandbox()`
            // first and blocks here until it is done); no other module of the
            // crate uses libgit2 in its tests.
            unsafe { git2::opts::set_search_path(level, dir.path()) }.expect("set search path");
        }
        dir
    });
}

pub struct TestRepo {
    dir: TempDir,
    /// HOME and XDG_CONFIG_HOME for the git CLI: empty.
    home: TempDir,
}

impl TestRepo {
    /// An empty repository (no commits) on branch `main`, with the test identity.
    pub fn empty() -> TestRepo {
        let repo = TestRepo::bare_dirs();
        repo.git(&["init", "-q", "-b", "main"]);
        repo.set_identity();
        repo
    }

    /// A repository whose `main` has one commit with `files`.
    pub fn with_files(files: &[(&str, &str)]) -> TestRepo {
        let repo = TestRepo::empty();
        for (path, contents) in files {
            repo.write(path, contents.as_bytes());
        }
        repo.commit_all("initial");
        repo
    }

    /// The folders only: no `git init` yet.
    pub fn bare_dirs() -> TestRepo {
        sandbox();
        TestRepo {
            dir: tempfile::tempdir().expect("temp dir"),
            home: tempfile::tempdir().expect("temp home"),
        }
    }

    pub fn set_identity(&self) {
        self.git(&["config", "user.name", NAME]);
        self.git(&["config", "user.email", EMAIL]);
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn open(&self) -> Repo {
        Repo::open(self.path()).expect("open test repo")
    }

    /// The git CLI with the user's config shut out.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_SYSTEM", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path())
            // `git status` must not refresh (rewrite) the index we compare.
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C");
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_AUTHOR_DATE",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "GIT_COMMITTER_DATE",
            "EMAIL",
        ] {
            cmd.env_remove(var);
        }
        cmd
    }

    /// Runs git and returns its stdout; panics with stderr on failure.
    pub fn git(&self, args: &[&str]) -> String {
        String::from_utf8(self.git_bytes(args)).expect("utf-8 output")
    }

    pub fn git_bytes(&self, args: &[&str]) -> Vec<u8> {
        let out = self.command(args).output().expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    pub fn rev(&self, rev: &str) -> Oid {
        Oid::from_str(self.git(&["rev-parse", "--verify", rev]).trim()).expect("oid")
    }

    pub fn write(&self, path: &str, bytes: &[u8]) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    }

    /// Sets the executable bit on disk, so `git add` records 100755.
    pub fn make_executable(&self, path: &str) {
        use std::os::unix::fs::PermissionsExt;
        let full = self.path().join(path);
        let mut perms = std::fs::metadata(&full).expect("stat").permissions();
        perms.set_mode(0o755);
        std::fs::set_permissions(full, perms).expect("chmod");
    }

    pub fn commit_all(&self, message: &str) -> Oid {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.rev("HEAD")
    }

    /// `git ls-tree -r` of a revision as "mode path" -> blob id.
    pub fn ls_tree(&self, rev: &str) -> BTreeMap<String, (String, Oid)> {
        self.git(&["ls-tree", "-r", "--full-tree", rev])
            .lines()
            .map(|line| {
                let (meta, path) = line.split_once('\t').expect("tab");
                let mut meta = meta.split(' ');
                let mode = meta.next().expect("mode").to_string();
                let id = Oid::from_str(meta.nth(1).expect("id")).expect("oid");
                (path.to_string(), (mode, id))
            })
            .collect()
    }

    /// HEAD, the index and every working-tree file, hashed.
    pub fn snapshot(&self) -> Snapshot {
        let mut files = BTreeMap::new();
        hash_tree(self.path(), self.path(), &mut files);
        let index = std::fs::read(self.path().join(".git/index")).unwrap_or_default();
        Snapshot {
            head: std::fs::read_to_string(self.path().join(".git/HEAD")).expect("HEAD"),
            head_commit: self.git(&["rev-parse", "--verify", "-q", "HEAD"]),
            index: hash(&index),
            staged: self.git(&["ls-files", "-s"]),
            status: self.git(&["status", "--porcelain=v1", "-uall"]),
            files,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    head: String,
    head_commit: String,
    index: Oid,
    staged: String,
    pub status: String,
    files: BTreeMap<PathBuf, Oid>,
}

fn hash(bytes: &[u8]) -> Oid {
    Oid::hash_object(ObjectType::Blob, bytes).expect("hash")
}

fn hash_tree(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Oid>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|name| name == ".git") {
            continue;
        }
        if path.is_dir() {
            hash_tree(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).expect("inside root").to_path_buf();
            out.insert(rel, hash(&std::fs::read(&path).expect("read file")));
        }
    }
}

/// The message template used by most tests: "migrate: a.py, b.py".
pub fn message(paths: &[String]) -> String {
    format!("migrate: {}", paths.join(", "))
}

pub fn changes(items: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
    items
        .iter()
        .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
        .collect()
}

/// `repo.commit` on BRANCH from a fresh `base()`, expecting what `base()` saw.
pub fn commit(repo: &Repo, items: &[(&str, &str)], per_file: bool) -> Result<Vec<Oid>, GitError> {
    let base = repo.base(None, BRANCH)?;
    commit_on(repo, &base, base.branch_tip, items, per_file)
}

pub fn commit_on(
    repo: &Repo,
    base: &Base,
    expected: Option<Oid>,
    items: &[(&str, &str)],
    per_file: bool,
) -> Result<Vec<Oid>, GitError> {
    let changes = changes(items);
    repo.commit(&CommitRequest {
        branch: BRANCH,
        base,
        expected,
        changes: &changes,
        message: &message,
        per_file,
        together: &[],
    })
}
