//! Test helpers: a temporary Python project built from inline files, and a
//! way to run canon on it in-process or as the real binary.

use std::path::{Path, PathBuf};

use serde_json::Value;

pub struct Project {
    dir: tempfile::TempDir,
}

/// The rules most tests use: the SPEC's websocket migration, shortened.
/// The rules fixture the unit tests share too (`src/testing.rs`).
pub const RULES: &str = include_str!("../data/rules.toml");

impl Project {
    /// An empty project with `RULES` as its canon.toml.
    pub fn new() -> Project {
        Project::bare().file("canon.toml", RULES)
    }

    /// A copy of the bundled demo (its own canon.toml).
    pub fn demo() -> Project {
        let p = Project::bare();
        copy_dir(
            Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo")),
            p.path(),
        );
        p
    }

    /// An empty folder in memory (`/dev/shm`) where there is one, for
    /// tests that make and remove very many files; else as [`Project::bare`].
    pub fn bare_in_memory() -> Project {
        sandbox();
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm).or_else(|_| tempfile::tempdir())
        } else {
            tempfile::tempdir()
        };
        Project {
            dir: dir.expect("temp dir"),
        }
    }

    /// An empty folder.
    pub fn bare() -> Project {
        sandbox();
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn file(self, rel: &str, content: impl AsRef<[u8]>) -> Project {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("file has a parent")).expect("mkdir");
        std::fs::write(&path, content).expect("write");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run canon in-process with `args` (after `canon`), in this project.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }

    /// `canon apply --write .` (asserting it ran: 0, or 1 for work left),
    /// then what `path` holds and canon's stderr.
    pub fn apply_write(&self, path: &str) -> (String, String) {
        let out = self.run(&["apply", "--write", "."]);
        assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
        let text = std::fs::read_to_string(self.path().join(path)).expect("read");
        (text, out.stderr)
    }

    /// `python3 ARGS…` in the project: its stdout, asserting it succeeds
    /// (`context` goes into the failure message, with python's stderr).
    pub fn python(&self, args: &[&str], context: &str) -> String {
        let run = std::process::Command::new("python3")
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("python3");
        assert!(
            run.status.success(),
            "{context}\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8_lossy(&run.stdout).into_owned()
    }

    /// `canon check --format json` findings as (path, line, column, rule, kind).
    pub fn findings(&self) -> Vec<(String, usize, usize, String, String)> {
        let out = self.run(&["check", ".", "--format", "json"]);
        // 2 with a full report: files it could not read (named on stderr).
        let unread = out.code == 2 && out.stderr.contains("could not be checked");
        assert!(out.code <= 1 || unread, "canon failed: {}", out.stderr);
        out.json()
            .as_array()
            .expect("array")
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap() as usize,
                    f["column"].as_u64().unwrap() as usize,
                    f["rule"].as_str().unwrap().to_string(),
                    f["kind"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Findings as `path:line:col rule kind` lines, easy to compare and read.
    pub fn finding_lines(&self) -> Vec<String> {
        self.findings()
            .into_iter()
            .map(|(p, l, c, r, k)| format!("{p}:{l}:{c} {r} {k}"))
            .collect()
    }
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}):\n{}", self.stdout))
    }
}

/// Run canon in-process with the arguments given, relative paths resolved
/// against `dir` (the process's cwd is shared between tests, so never changed).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    sandbox();
    let mut full: Vec<String> = vec!["canon".into()];
    for a in args {
        // Positional "." means the project; flags and values pass through.
        full.push(if *a == "." {
            dir.display().to_string()
        } else {
            (*a).to_string()
        });
    }
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = canon::run_with(
        &full,
        &mut canon::Io {
            out: &mut out,
            err: &mut err,
            out_is_tty: false,
            err_is_tty: false,
        },
    );
    Output {
        code,
        stdout: String::from_utf8(out).expect("utf-8 stdout"),
        stderr: String::from_utf8(err).expect("utf-8 stderr"),
    }
}

pub fn canon_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_canon"))
}

/// Assert two lists are equal, printing both in full when they are not.
#[track_caller]
pub fn assert_lines(got: &[String], expected: &[&str]) {
    let got: Vec<&str> = got.iter().map(String::as_str).collect();
    if got != expected {
        panic!(
            "\nexpected:\n  {}\ngot:\n  {}\n",
            expected.join("\n  "),
            got.join("\n  ")
        );
    }
}

impl Project {
    /// Run the `git` CLI here with an isolated configuration; panics on failure.
    pub fn git(&self, args: &[&str]) -> String {
        let out = git_cmd(self.path()).args(args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// The first parent of `branch`'s tip, read with git2 (not the CLI).
    pub fn tip_parent(&self, branch: &str) -> String {
        let repo = git2::Repository::open(self.path()).expect("a repository");
        let tip = repo
            .find_branch(branch, git2::BranchType::Local)
            .expect("the branch")
            .get()
            .peel_to_commit()
            .expect("a commit");
        tip.parent_id(0).expect("a parent").to_string()
    }

    /// `git init` and one commit of everything, with no identity in the
    /// repository's config (the commit's own comes from the environment).
    pub fn git_init_anonymous(self) -> Project {
        self.git(&["init", "-q", "-b", "main"]);
        self.git(&["add", "-A"]);
        let out = git_cmd(self.path())
            .args([
                "-c",
                "user.name=x",
                "-c",
                "user.email=x@x.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(["commit", "-q", "-m", "base"])
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }

    /// `git init` with a test identity in the repository's own config, and
    /// one commit of everything.
    pub fn git_init(self) -> Project {
        self.git(&["init", "-q", "-b", "main"]);
        self.git(&["config", "user.name", "Canon Test"]);
        self.git(&["config", "user.email", "test@canon.invalid"]);
        self.git(&["config", "commit.gpgsign", "false"]);
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", "base"]);
        self
    }
}

/// A `git` command that ignores the user's and the system's configuration.
pub fn git_cmd(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

/// Copy the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Points libgit2's global, XDG, system and ProgramData config lookups at
/// an empty folder, so the in-process canon (libgit2) never reads the
/// user's or the machine's git config: only the test repository's own.
/// Every entry point here calls it first (`Project::bare`, `run_in`).
pub fn sandbox() {
    static EMPTY: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        for level in [
            git2::ConfigLevel::Global,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::System,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: runs once, inside `get_or_init`, before this test
            // process touches libgit2: every test reaches libgit2 only
            // through a `Project` or `run_in`, which call this first and
            // block here until it is done.
            unsafe { git2::opts::set_search_path(level, dir.path()) }.expect("set search path");
        }
        dir
    });
}

/// The real `canon` binary, run in `dir` with an isolated HOME and git
/// configuration (the repository's own config still counts).
pub fn bin_cmd(dir: &Path) -> std::process::Command {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let home = HOME.get_or_init(|| tempfile::tempdir().expect("temp home"));
    let mut cmd = std::process::Command::new(canon_bin());
    cmd.current_dir(dir)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(std::process::Stdio::null());
    cmd
}

/// Run the real binary with `cmd`'s settings; its exit code and output
/// (lossy UTF-8). A death by a signal is code -1.
pub fn bin_output(cmd: &mut std::process::Command) -> Output {
    let out = cmd.output().expect("canon runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Project {
    /// Run the real `canon` binary in this project with `args`.
    pub fn bin(&self, args: &[&str]) -> Output {
        bin_output(bin_cmd(self.path()).args(args))
    }

    /// The bytes of `path` on disk.
    pub fn bytes(&self, path: &str) -> Vec<u8> {
        std::fs::read(self.path().join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
    }

    /// The bytes of `path` in commit `rev`, read with the `git` CLI and
    /// with git2; both must agree.
    pub fn git_bytes(&self, rev: &str, path: &str) -> Vec<u8> {
        let out = git_cmd(self.path())
            .args(["cat-file", "blob", &format!("{rev}:{path}")])
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git cat-file {rev}:{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let repo = git2::Repository::open(self.path()).expect("a repository");
        let tree = repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_tree())
            .expect("a tree");
        let blob = tree
            .get_path(Path::new(path))
            .and_then(|e| e.to_object(&repo))
            .and_then(|o| o.peel_to_blob())
            .expect("a blob");
        assert_eq!(
            blob.content(),
            &out.stdout[..],
            "git2 and git agree on {path}"
        );
        out.stdout
    }
}

/// stderr's lines that start with `warning:` or `error:`.
pub fn problems(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning:") || l.starts_with("error:"))
        // `check`'s count of the files its warnings named unread.
        .filter(|l| !l.ends_with("could not be checked (see the warnings above)"))
        .map(String::from)
        .collect()
}

/// The move of pass 16/17's shim projects: `old.mod.helper` to `new.mod.assist`.
pub const SHIM_MOVE: &str =
    "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

/// `old.mod.helper` is a shim of `new.mod.assist` (which returns
/// `"assist:X"`), moved by [`SHIM_MOVE`]; `app.py` (given) uses it.
pub fn shim_project(app: &str) -> Project {
    moved_pair(
        SHIM_MOVE,
        "from new.mod import assist\n\n\ndef helper(x):\n    return assist(x)\n",
        "def assist(x):\n    return \"assist:%s\" % x\n",
    )
    .file("app.py", app)
}

/// The packages `old` and `new` with `old/mod.py` and `new/mod.py` as
/// given, under `config`: the shape of most move tests.
pub fn moved_pair(config: &str, old_mod: &str, new_mod: &str) -> Project {
    Project::bare()
        .file("canon.toml", config)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", old_mod)
        .file("new/mod.py", new_mod)
}
