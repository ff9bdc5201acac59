//! The scan: walk the project in parallel, read each file once, keep only
//! files that mention a name some rule cares about (literal prefilter), parse
//! those with one tree-sitter parser per thread, and analyse them.
//!
//! The walk honours `.gitignore` (via the `ignore` crate, as ripgrep does)
//! for untracked files only (a file git tracks is the project's), the
//! `include`/`exclude`/`mentions` settings and well-known tool folders.
//! A file that cannot be read, is binary, is not text (UTF-8, or the PEP
//! 263 encoding a Python file declares) or does not parse becomes a
//! diagnostic; the scan goes on. Results are sorted by path.

mod prefilter;
mod visit;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ignore::{WalkBuilder, WalkState};

use crate::analyze::Finding;
use crate::python::{ModuleName, Position};
use crate::rules::Config;

pub use prefilter::Prefilter;
use visit::Local;

/// What a scan is given beyond the config: a counter of files visited (for
/// a progress display) and a hook that sees each file with findings, in
/// the worker, with its text and whole tree.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    pub visited: Option<&'a AtomicUsize>,
    pub hook: Option<&'a dyn Hook>,
}

/// Sees every file with findings, in the worker that analysed it, with
/// the file's text and a tree to propose on when it asks for one.
pub trait Hook: Sync {
    /// Whether `file` (a Python file with findings) needs a tree to propose
    /// on. The scan parses only the parts that matter for findings; such a
    /// file is parsed once more, in the same worker: a big one as the
    /// [`crate::analyze::View`] its rules need, any other whole.
    fn wants_tree(&self, file: &FileResult) -> bool;
    /// `parsed` is the text and its tree, when asked for.
    fn file(&self, file: &FileResult, parsed: Option<(&str, Parsed)>);
}

/// The tree a file is proposed on.
pub enum Parsed {
    /// The whole text's.
    Whole(tree_sitter::Tree),
    /// A view's, with what cannot matter blanked.
    View(crate::analyze::View),
}

impl Parsed {
    pub fn tree(&self) -> &tree_sitter::Tree {
        match self {
            Parsed::Whole(t) => t,
            Parsed::View(v) => &v.tree,
        }
    }
}

/// Where the files come from.
#[derive(Clone, Copy)]
pub enum Input<'a> {
    /// Files or folders of the working tree (the root when empty).
    Paths(&'a [PathBuf]),
    /// Another source, such as a git tree.
    Source(&'a dyn Source),
}

/// Folders no one wants linted, skipped even when not git-ignored (as ruff does).
const SKIPPED_DIRS: &[&str] = &[
    ".bzr",
    ".cache",
    ".direnv",
    ".idea",
    ".pytest_cache",
    ".vscode",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pypackages__",
    "_build",
    "buck-out",
    "node_modules",
    "site-packages",
    "venv",
    "__pycache__",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub position: Option<Position>,
    pub message: String,
    /// A Python file that was not analysed (unreadable, binary, in an
    /// encoding canon cannot read, too deep): it may use any rule's names.
    pub unread: bool,
}

#[derive(Debug, Default)]
pub struct FileResult {
    pub path: String,
    /// The module name, for Python files (later stages resolve with it).
    pub module: Option<ModuleName>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// Files matched by `include` or `mentions`.
    pub files: usize,
    /// Files that passed the literal prefilter.
    pub candidates: usize,
    /// Python files parsed.
    pub parsed: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

/// Who refers to which module-level name of another module, over every
/// Python file the scan parsed: dotted symbol → (path, module) of each
/// referrer. Only names the rules spell are indexed (see
/// [`crate::analyze::FileAnalysis::referrals`]).
#[derive(Debug, Default)]
pub struct Referrals {
    by_symbol: HashMap<String, Vec<(String, String)>>,
    /// Of those, the referrers that may patch the symbol (see
    /// [`crate::analyze::FileAnalysis::patches`]).
    patched: HashMap<String, Vec<(String, String)>>,
    /// The patches of symbols rules are about (see
    /// [`crate::analyze::FileAnalysis::pins`]): symbol → (path, module,
    /// line, the moves that rewrite the patch), sorted.
    pinned: HashMap<String, Vec<PinnedBy>>,
    /// What each file's code reaches under the moves' old paths (see
    /// [`crate::analyze::FileAnalysis::reaches`]): symbol → (path, by
    /// import), sorted.
    reached: HashMap<String, Vec<(String, crate::analyze::Reach)>>,
    /// Of the patching files, those that check how their stand-ins were
    /// called (see [`crate::analyze::checks_calls`]).
    checking: std::collections::HashSet<String>,
}

/// A patch the scan saw of a symbol a rule is about (see
/// [`Referrals::patches`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Patch<'a> {
    /// The dotted path it patches.
    pub symbol: &'a str,
    /// The file that makes it, and its module.
    pub file: &'a str,
    pub module: &'a str,
    pub line: usize,
    /// The moves that rewrite its string with the uses.
    pub moved_by: &'a [String],
}

/// (symbol, path, module, line, moved by) of a patch (see
/// [`crate::analyze::Pin`]).
pub(crate) type Pinned = (String, String, String, usize, Vec<String>);

/// (path, module, line, moved by) of a patch of a symbol.
type PinnedBy = (String, String, usize, Vec<String>);

impl Referrals {
    /// A file other than module `except` that refers to `symbol`, if any:
    /// by name, or, for a public name (`a.get`, not `a._get`), by taking
    /// every public name of its module (`from a import *`, indexed `a.*`).
    pub fn referrer(&self, symbol: &str, except: &str) -> Option<&str> {
        let star = symbol
            .rsplit_once('.')
            .filter(|(_, name)| !name.starts_with('_'))
            .map(|(module, _)| format!("{module}.*"));
        [Some(symbol), star.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(|s| self.by_symbol.get(s))
            .flatten()
            .find(|(_, module)| module != except)
            .map(|(path, _)| path.as_str())
    }

    /// The files that reach a public `symbol` (`a.C`) through a module
    /// re-exporting it by a star import: `pkg` does `from a import *` and
    /// `u.py` does `from pkg import C` (or names `pkg.C`), through any
    /// number of such modules. Deleting `a.C` breaks them.
    pub fn star_users(&self, symbol: &str) -> Vec<&str> {
        let Some((module, name)) = symbol.rsplit_once('.') else {
            return Vec::new();
        };
        if name.starts_with('_') {
            return Vec::new();
        }
        let mut out: Vec<&str> = Vec::new();
        let mut seen: Vec<String> = vec![module.to_string()];
        let mut todo: Vec<String> = vec![module.to_string()];
        while let Some(m) = todo.pop() {
            for (_, star) in self.by_symbol.get(&format!("{m}.*")).into_iter().flatten() {
                if star.is_empty() || seen.contains(star) {
                    continue;
                }
                seen.push(star.clone());
                todo.push(star.clone());
                let users = self.by_symbol.get(&format!("{star}.{name}"));
                for (path, user) in users.into_iter().flatten() {
                    if user != star && !out.contains(&path.as_str()) {
                        out.push(path);
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// The patches of symbols at or under `path` (see
    /// [`crate::analyze::FileAnalysis::pins`]) by files other than module
    /// `except` (by any file for `None`), less those move rule `rule`
    /// rewrites along with the uses (none for `None`, a rewrite): (file,
    /// line, symbol), in file and line order.
    pub fn pinners(
        &self,
        path: &str,
        except: Option<&str>,
        rule: Option<&str>,
    ) -> Vec<(&str, usize, &str)> {
        self.pinners_holding(path, except, rule, &|_, _, _| false)
    }

    /// [`Referrals::pinners`], counting the patches `held` says the rule
    /// leaves as they are after all, (module, symbol, rule), as patches it
    /// does not rewrite (see `pipeline::holds`).
    pub fn pinners_holding(
        &self,
        path: &str,
        except: Option<&str>,
        rule: Option<&str>,
        held: &dyn Fn(&str, &str, &str) -> bool,
    ) -> Vec<(&str, usize, &str)> {
        let mut out: Vec<(&str, usize, &str)> = self
            .pinned
            .iter()
            .filter(|(symbol, _)| crate::python::semantic::is_at_or_under(symbol, path))
            .flat_map(|(symbol, by)| {
                by.iter()
                    .filter(move |(_, module, _, moved_by)| {
                        except.is_none_or(|e| module != e)
                            && rule.is_none_or(|r| {
                                !moved_by.iter().any(|m| m == r) || held(module, symbol, r)
                            })
                    })
                    .map(move |(file, _, line, _)| (file.as_str(), *line, symbol.as_str()))
            })
            .collect();
        out.sort();
        out
    }

    /// Every patch the scan saw of a symbol a rule is about: (symbol, file,
    /// line, the moves that rewrite the patch's string with the uses), in
    /// symbol, file and line order.
    pub fn patches(&self) -> Vec<Patch<'_>> {
        let mut out: Vec<Patch<'_>> = (self.pinned.iter())
            .flat_map(|(symbol, by)| {
                by.iter().map(move |(file, module, line, moved_by)| Patch {
                    symbol,
                    file,
                    module,
                    line: *line,
                    moved_by,
                })
            })
            .collect();
        out.sort();
        out
    }

    /// The files whose code reaches `path`, or a name above it that is at
    /// or under `old` (`old.C` for `old.C.f`): (file, what it reaches,
    /// whether a `from` import takes it by name), in that order.
    pub fn reaching(&self, path: &str, old: &str) -> Vec<(&str, &str, crate::analyze::Reach)> {
        let mut out: Vec<(&str, &str, crate::analyze::Reach)> = Vec::new();
        if !crate::python::semantic::is_at_or_under(path, old) {
            return out;
        }
        let mut at = old.len();
        loop {
            if let Some((symbol, by)) = self.reached.get_key_value(&path[..at]) {
                for (file, by_import) in by {
                    out.push((file.as_str(), symbol.as_str(), *by_import));
                }
            }
            match path[at..].strip_prefix('.') {
                Some(rest) => at += 1 + rest.find('.').unwrap_or(rest.len()),
                None => break,
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// A file other than module `except` that may patch `symbol` (name it
    /// in a patch's string, `patch.object`, `setattr`, `patch.multiple`).
    pub fn patcher(&self, symbol: &str, except: &str) -> Option<&str> {
        self.patched
            .get(symbol)?
            .iter()
            .find(|(_, module)| module != except)
            .map(|(path, _)| path.as_str())
    }

    /// Whether file `path` checks how its stand-ins were called (see
    /// [`crate::analyze::checks_calls`]).
    pub fn checks(&self, path: &str) -> bool {
        self.checking.contains(path)
    }

    /// [`Referrals::patcher`], among the files that check how their
    /// stand-ins were called.
    pub fn checking_patcher(&self, symbol: &str, except: &str) -> Option<&str> {
        self.patched
            .get(symbol)?
            .iter()
            .find(|(path, module)| module != except && self.checking.contains(path))
            .map(|(path, _)| path.as_str())
    }
}

/// A use of what a rule is about that the scan does not report: the line
/// is suppressed, or the rule does not apply to the file (`[settings]
/// exclude`, the rule's `exclude` or `paths`). The code still needs the
/// old definition, so `status` does not call it free to delete.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct KeptUse {
    pub path: String,
    pub line: usize,
    pub rule: String,
    pub why: Kept,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kept {
    /// A `# canon: ignore` on the line.
    Suppressed,
    /// The rule does not apply to the file.
    Excluded,
    /// The old symbol's own module uses its definition.
    OwnModule,
}

impl Kept {
    pub fn describe(self) -> &'static str {
        match self {
            Kept::Suppressed => "canon: ignore",
            Kept::Excluded => "excluded from the rule",
            Kept::OwnModule => "used by its own module",
        }
    }
}

#[derive(Debug, Default)]
pub struct ScanOutput {
    /// Files with at least one finding, sorted by path.
    pub files: Vec<FileResult>,
    /// Who refers to which name, for the self-check of fixes.
    pub referrals: Referrals,
    /// (path, line) of suppression comments that suppressed nothing, sorted.
    pub unused_suppressions: Vec<(String, usize)>,
    /// Uses kept out of the findings by a suppression or an exclusion, sorted.
    pub kept: Vec<KeptUse>,
    /// Symbolic links the walk met and did not follow (as ripgrep and `git
    /// grep` do; named on the command line, one is checked), sorted: `-v`
    /// names them, so a skip is never silent.
    pub links: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
}

impl ScanOutput {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }

    /// The Python files the scan could not analyse, and why.
    pub fn unread(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.unread)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{path} is not inside the project root {root}")]
    OutsideRoot { path: PathBuf, root: PathBuf },
    #[error("{path} does not exist")]
    Missing { path: PathBuf },
    #[error("{path}: cannot resolve it ({source})")]
    Unresolvable {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ScanError {
    /// Why target `path` could not be resolved: missing, or a symlink
    /// loop, a folder canon may not enter, ….
    pub fn unresolved(path: &Path, source: std::io::Error) -> ScanError {
        match source.kind() {
            std::io::ErrorKind::NotFound => ScanError::Missing {
                path: path.to_path_buf(),
            },
            _ => ScanError::Unresolvable {
                path: path.to_path_buf(),
                source,
            },
        }
    }
}

/// Where target `t` (as the user named it, relative to the current folder)
/// is under the project `root` (canonical; `named_root` is the root as
/// the configuration was found, which may go through a link): the root
/// joined with the target's path inside the project. Inside is decided by the name, as
/// ruff and ripgrep do (`vendor` in the project is in it even when it
/// links elsewhere), else by the file system (a link from outside into the
/// project). The path walked keeps the link, so files are named by it.
/// A missing target, a dangling link or a loop is an error.
pub fn resolve_target(named_root: &Path, root: &Path, t: &Path) -> Result<PathBuf, ScanError> {
    std::fs::metadata(t).map_err(|e| ScanError::unresolved(t, e))?;
    let here = std::env::current_dir().unwrap_or_default();
    let named = crate::paths::absolute_in(&here, t);
    let named_root = crate::paths::absolute_in(&here, named_root);
    for r in [root, named_root.as_path()] {
        if let Ok(rest) = named.strip_prefix(r) {
            return Ok(root.join(rest));
        }
    }
    let real = std::fs::canonicalize(t).map_err(|e| ScanError::unresolved(t, e))?;
    if real.starts_with(root) {
        return Ok(real);
    }
    Err(ScanError::OutsideRoot {
        path: t.to_path_buf(),
        root: root.to_path_buf(),
    })
}

/// Whether walking `from` (which does not follow links) reaches `to`: it
/// is at or under `from` and no part of its path below `from` is a link.
fn reaches(from: &Path, to: &Path) -> bool {
    let Ok(rest) = to.strip_prefix(from) else {
        return false;
    };
    let mut at = from.to_path_buf();
    rest.components().all(|c| {
        at.push(c);
        !std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// Reads one file by its relative path.
pub type Reader<'a> = Box<dyn FnMut(&str) -> std::io::Result<Vec<u8>> + 'a>;

/// Where files come from when not from the filesystem: a list of paths
/// (relative, `/`-separated) and a way to read them. Each worker thread
/// gets its own reader (a git repository handle is not shareable).
pub trait Source: Sync {
    fn paths(&self) -> Vec<String>;
    fn reader(&self) -> Reader<'_>;
    /// Whether the folder (`/`-separated, relative) is a package.
    fn has_init(&self, dir: &str) -> bool;
}

/// What the walker threads share.
struct Shared<'a> {
    config: &'a Config,
    /// The config file's path relative to the root, if inside it (never
    /// scanned); not a `pyproject.toml`, whose entry points and other
    /// tables are the project's (only canon's own table is left out, see
    /// [`crate::rules::canon_table_ranges`]).
    config_rel: Option<String>,
    source: Option<&'a dyn Source>,
    root: PathBuf,
    prefilter: Prefilter,
    /// Top-level package names the rules mention (for namespace packages).
    tops: Vec<String>,
    /// The package the root folder itself is, if any.
    root_package: Vec<String>,
    results: Mutex<Vec<FileResult>>,
    diagnostics: Mutex<Vec<Diagnostic>>,
    unused: Mutex<Vec<(String, usize)>>,
    kept: Mutex<Vec<KeptUse>>,
    links: Mutex<Vec<String>>,
    /// (symbol, path, module, whether it may patch) of each referral.
    referrals: Mutex<Vec<(String, String, String, bool)>>,
    /// The files that patch a name and check how stand-ins were called.
    checking: Mutex<Vec<String>>,
    /// Each patch a file makes (see [`Pinned`]).
    pins: Mutex<Vec<Pinned>>,
    /// (symbol, path, by import) of what each file's code reaches.
    reaches: Mutex<Vec<(String, String, crate::analyze::Reach)>>,
    stats: Mutex<Stats>,
    options: Options<'a>,
}

thread_local! {
    static PARSER: RefCell<tree_sitter::Parser> = RefCell::new(crate::python::parser());
}

/// Scan `targets` (files or folders inside the project; the root when empty).
pub fn scan(config: &Config, targets: &[PathBuf]) -> Result<ScanOutput, ScanError> {
    scan_with(config, Input::Paths(targets), Options::default())
}

/// Scan the files of another source (a git tree), on all cores, with the
/// same filters, prefilter and analysis as the filesystem scan.
pub fn scan_source(config: &Config, source: &dyn Source) -> ScanOutput {
    scan_source_with(config, source, Options::default())
}

/// Scan `input` with `options`.
pub fn scan_with(config: &Config, input: Input, options: Options) -> Result<ScanOutput, ScanError> {
    match input {
        Input::Paths(targets) => scan_paths(config, targets, options),
        Input::Source(source) => Ok(scan_source_with(config, source, options)),
    }
}

fn scan_paths(
    config: &Config,
    targets: &[PathBuf],
    options: Options,
) -> Result<ScanOutput, ScanError> {
    let started = Instant::now();
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let mut walk_roots = Vec::new();
    for t in targets {
        walk_roots.push(resolve_target(&config.root, &root, t)?);
    }
    if walk_roots.is_empty() {
        walk_roots.push(root.clone());
    }
    // A target inside another is walked once (`check pkg pkg/a.py`); one
    // the other's walk does not reach, through a link, is walked too.
    walk_roots.sort();
    walk_roots.dedup();
    let all = walk_roots.clone();
    walk_roots.retain(|r| !all.iter().any(|o| o != r && reaches(o, r)));

    let shared = Shared::new(config, root, None, options);
    let builder = walker(&walk_roots);
    let shared_ref = &shared;
    // What the walk met, so that the files git tracks which an ignore
    // rule hid from it are visited after it.
    let walked: Mutex<std::collections::HashSet<String>> = Mutex::default();
    let walked_ref = &walked;
    builder.build_parallel().run(|| {
        let mut local = Local::new(shared_ref);
        Box::new(move |entry| {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    // Any name, UTF-8 or not: its spelling maps back to its
                    // bytes (see crate::paths).
                    if let Some(rel) = relative(&shared_ref.root, e.path()) {
                        if let Ok(mut seen) = walked_ref.lock() {
                            seen.insert(rel.clone());
                        }
                        let path = e.path().to_path_buf();
                        let max = shared_ref.config.settings.max_file_size;
                        local.visit(rel, || read_head(&path), || read_at_most(&path, max));
                    }
                }
                // A FIFO, socket or device: its name may say Python, but it
                // holds no file to check, so it is that file's diagnostic
                // (opening a FIFO could wait for a writer: it is never opened).
                Ok(e)
                    if e.file_type()
                        .is_some_and(|t| !t.is_dir() && !t.is_symlink())
                        && let Some(rel) = relative(&shared_ref.root, e.path()) =>
                {
                    local.visit(rel, || None, || Err(not_regular()));
                }
                // Not followed, so not checked: `-v` says so.
                Ok(e) if e.depth() > 0 && e.path_is_symlink() => {
                    if let Some(rel) = relative(&shared_ref.root, e.path())
                        && let Ok(mut links) = shared_ref.links.lock()
                    {
                        links.push(rel);
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let (path, message) = walk_error(&shared_ref.root, &err);
                    local.diag(&path, None, message)
                }
            }
            WalkState::Continue
        })
    });
    let walked = walked.into_inner().unwrap_or_default();
    let tracked = tracked_unwalked(&shared.root, &walk_roots, &walked);
    if !tracked.is_empty() {
        let mut local = Local::new(&shared);
        let max = config.settings.max_file_size;
        for (rel, path) in tracked {
            local.visit(rel, || read_head(&path), || read_at_most(&path, max));
        }
    }
    Ok(shared.finish(started))
}

/// The files git tracks under `roots` that the walk did not meet: an
/// ignore rule matched them, but git ignores only untracked files, so a
/// tracked one (`git add -f`, committed generated code) is the project's
/// as it is when the scan reads git objects. Tool folders, links and
/// submodules stay out, as in the walk. Empty outside a repository.
fn tracked_unwalked(
    root: &Path,
    roots: &[PathBuf],
    walked: &std::collections::HashSet<String>,
) -> Vec<(String, PathBuf)> {
    let Ok(repo) = git2::Repository::discover(root) else {
        return Vec::new();
    };
    let Some(workdir) = repo.workdir().and_then(|w| std::fs::canonicalize(w).ok()) else {
        return Vec::new();
    };
    let Ok(index) = repo.index() else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for e in index.iter() {
        // A regular file (not a link, not a submodule's commit).
        if e.mode & 0o170000 != 0o100000 {
            continue;
        }
        let spelled = crate::paths::from_bytes(&e.path);
        let abs = crate::paths::to_path(&workdir, &spelled);
        let Some(rel) = relative(root, &abs) else {
            continue;
        };
        if walked.contains(&rel)
            || rel.split('/').any(|part| SKIPPED_DIRS.contains(&part))
            || !roots.iter().any(|r| reaches(r, &abs))
            || !std::fs::symlink_metadata(&abs).is_ok_and(|m| m.is_file())
            || !seen.insert(rel.clone())
        {
            continue;
        }
        out.push((rel, abs));
    }
    out.sort();
    out
}

/// The walk over `roots` (at least one) every command shares: hidden files
/// count (`.github/workflows/*.yml` names entry points too), `.gitignore`
/// is honoured, tool folders are skipped by name, and a folder below the
/// roots with a `.git` of its own is another repository (a submodule, a
/// vendored checkout): not this project's.
fn walker(roots: &[PathBuf]) -> WalkBuilder {
    let mut builder = WalkBuilder::new(&roots[0]);
    for extra in &roots[1..] {
        builder.add(extra);
    }
    builder.hidden(false).require_git(false).filter_entry(|e| {
        let dir = e.file_type().is_some_and(|t| t.is_dir());
        !(dir
            && (SKIPPED_DIRS.iter().any(|d| e.file_name() == *d)
                || (e.depth() > 0 && e.path().join(".git").exists())))
    });
    builder
}

/// Every Python file (`.py`, `.pyi`) the scan's walk meets under `root`,
/// relative to it and sorted, whatever the rules' `include` says: the
/// modules a rule's target may live in (`canon doctor`), the files shims
/// are looked for in (`canon init`). Unreadable folders are left out.
pub fn python_files(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walker(&[root.to_path_buf()])
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter_map(|e| relative(root, e.path()))
        .collect();
    // The files git tracks count though an ignore rule matches them.
    let walked = out.iter().cloned().collect();
    let real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    out.extend(
        tracked_unwalked(&real, std::slice::from_ref(&real), &walked)
            .into_iter()
            .map(|(rel, _)| rel),
    );
    out.retain(|rel| rel.ends_with(".py") || rel.ends_with(".pyi"));
    out.sort();
    out
}

fn scan_source_with(config: &Config, source: &dyn Source, options: Options) -> ScanOutput {
    let started = Instant::now();
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let shared = Shared::new(config, root, Some(source), options);
    let paths: Vec<String> = source
        .paths()
        .into_iter()
        .filter(|p| !p.split('/').any(|part| SKIPPED_DIRS.contains(&part)))
        .collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let work = || {
                let mut local = Local::new(&shared);
                let mut read = source.reader();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(rel) = paths.get(i) else { break };
                    // A blob is read whole: an extensionless one's first
                    // bytes come from that one read.
                    if visit::is_extensionless(rel) {
                        let bytes = read(rel);
                        let head = bytes
                            .as_ref()
                            .ok()
                            .map(|b| b[..b.len().min(visit::SHEBANG_HEAD)].to_vec());
                        local.visit(rel.clone(), || head, || bytes);
                    } else {
                        local.visit(rel.clone(), || None, || read(rel));
                    }
                }
            };
            // Belt and braces: deep files get a stack of their own anyway.
            // A worker that cannot start leaves the files to the others,
            // and to this thread when none could.
            let worker = std::thread::Builder::new().stack_size(16 << 20);
            if worker.spawn_scoped(scope, work).is_err() {
                work();
            }
        }
    });
    shared.finish(started)
}

impl<'a> Shared<'a> {
    fn new(
        config: &'a Config,
        root: PathBuf,
        source: Option<&'a dyn Source>,
        options: Options<'a>,
    ) -> Self {
        let config_path =
            std::fs::canonicalize(&config.path).unwrap_or_else(|_| config.path.clone());
        Shared {
            config,
            config_rel: relative(&root, &config_path)
                .filter(|rel| rel.rsplit('/').next() != Some("pyproject.toml")),
            source,
            prefilter: Prefilter::new(&config.rules),
            tops: config
                .rules
                .iter()
                .flat_map(|r| r.dotted_paths())
                .filter_map(|p| p.split('.').next())
                .map(String::from)
                .collect(),
            root_package: crate::python::root_package(&root),
            root,
            results: Mutex::new(Vec::new()),
            diagnostics: Mutex::new(Vec::new()),
            unused: Mutex::new(Vec::new()),
            kept: Mutex::new(Vec::new()),
            links: Mutex::new(Vec::new()),
            referrals: Mutex::new(Vec::new()),
            checking: Mutex::new(Vec::new()),
            pins: Mutex::new(Vec::new()),
            reaches: Mutex::new(Vec::new()),
            stats: Mutex::new(Stats::default()),
            options,
        }
    }

    /// Sorted results, once every worker has flushed.
    fn finish(self, started: Instant) -> ScanOutput {
        let mut files = self.results.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut diagnostics = self
            .diagnostics
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        diagnostics.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
        let mut stats = self.stats.into_inner().unwrap_or_else(|e| e.into_inner());
        stats.elapsed = started.elapsed();
        let mut unused_suppressions = self.unused.into_inner().unwrap_or_else(|e| e.into_inner());
        unused_suppressions.sort();
        let mut kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        kept.sort();
        kept.dedup();
        let mut links = self.links.into_inner().unwrap_or_else(|e| e.into_inner());
        links.sort();
        links.dedup();
        let mut referrals = Referrals {
            checking: (self.checking.into_inner())
                .unwrap_or_else(|e| e.into_inner())
                .into_iter()
                .collect(),
            ..Referrals::default()
        };
        let mut found = self
            .referrals
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        found.sort();
        for (symbol, path, module, patch) in found {
            if patch {
                referrals
                    .patched
                    .entry(symbol.clone())
                    .or_default()
                    .push((path.clone(), module.clone()));
            }
            referrals
                .by_symbol
                .entry(symbol)
                .or_default()
                .push((path, module));
        }
        let mut pins = self.pins.into_inner().unwrap_or_else(|e| e.into_inner());
        pins.sort();
        // A file read twice (its rules, then the rules left out of it)
        // says the same patch twice: the moves that rewrite it are those
        // of either reading.
        for (symbol, path, module, line, moved_by) in pins {
            let by = referrals.pinned.entry(symbol).or_default();
            match by.last_mut() {
                Some(last) if last.0 == path && last.2 == line => last.3.extend(moved_by),
                _ => by.push((path, module, line, moved_by)),
            }
        }
        let mut reaches = self.reaches.into_inner().unwrap_or_else(|e| e.into_inner());
        reaches.sort();
        reaches.dedup();
        for (symbol, path, by_import) in reaches {
            referrals
                .reached
                .entry(symbol)
                .or_default()
                .push((path, by_import));
        }
        for by in referrals.pinned.values_mut() {
            for (_, _, _, moved_by) in by {
                moved_by.sort();
                moved_by.dedup();
            }
        }
        ScanOutput {
            files,
            referrals,
            unused_suppressions,
            kept,
            links,
            diagnostics,
            stats,
        }
    }
}

/// A walk error as a diagnostic: the path it is about (relative to the
/// root when inside it) and what went wrong (`cannot read: Permission
/// denied` for a folder canon may not enter).
fn walk_error(root: &Path, err: &ignore::Error) -> (String, String) {
    let mut at: Option<&Path> = None;
    let mut e = err;
    loop {
        match e {
            ignore::Error::WithPath { path, err } => {
                at.get_or_insert(path);
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            _ => break,
        }
    }
    let message = match e {
        ignore::Error::Io(io) => format!("cannot read: {io}"),
        other => other.to_string(),
    };
    let path = at.map_or_else(String::new, |p| {
        relative(root, p).unwrap_or_else(|| p.display().to_string())
    });
    (path, message)
}

/// The error for a file over `max_file_size`: it is not read (a huge or
/// sparse file would be read whole before being found to be data).
pub fn too_large(len: u64, max: u64) -> std::io::Error {
    let size = |n: u64| match n >= 1 << 20 {
        true => format!("{:.1} MiB", n as f64 / f64::from(1 << 20)),
        false => format!("{n} bytes"),
    };
    std::io::Error::other(format!(
        "{}, over max_file_size ({}); skipped",
        size(len),
        size(max)
    ))
}

/// The error for a path that is not a regular file.
fn not_regular() -> std::io::Error {
    std::io::Error::other("not a regular file (a FIFO, socket or device), skipped")
}

/// Read `path` unless it is over `max` bytes or not a regular file. The
/// walk saw a file, but it may have become a FIFO since (whose `open`
/// would wait for a writer forever): it is opened without blocking and
/// looked at through the open handle before anything is read.
fn read_at_most(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    let len = meta.len();
    if len > max {
        return Err(too_large(len, max));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The first bytes of the regular file at `path` (for a shebang), `None`
/// when it cannot be read.
fn read_head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut head = Vec::with_capacity(visit::SHEBANG_HEAD);
    file.take(visit::SHEBANG_HEAD as u64)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// `/`-separated path of `abs` relative to `root` (see [`crate::paths`]).
fn relative(root: &Path, abs: &Path) -> Option<String> {
    crate::paths::relative(root, abs)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("a.py");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo(3) on a path in a fresh temporary folder.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let err = read_at_most(&fifo, 1 << 20).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        std::fs::remove_file(&fifo).unwrap();
        std::fs::write(&fifo, "x = 1\n").unwrap();
        assert_eq!(read_at_most(&fifo, 1 << 20).unwrap(), b"x = 1\n");
    }
}
