//! Migration rules: where the configuration lives, and its compilation from
//! raw serde structs (`raw`) into validated, typed rules.
//!
//! Every error names the file, line and column at fault and says what was
//! expected. Rules keep the order in which they are written in the file
//! (across `[[move]]`, `[[rewrite]]` and `[[ban]]` tables): later stages
//! apply them in that order.

mod compile;
mod pyproject;
pub mod raw;
mod template;

use std::path::{Path, PathBuf};

use globset::GlobSet;

pub use compile::{check_message, compile};
pub use pyproject::{canon_table_ranges, has_canon_table};
pub use template::{Template, TemplatePart};

use crate::python::Pattern;

pub const DEFAULT_BRANCH: &str = "canon/migration";
pub const DEFAULT_MESSAGE: &str = "refactor: migrate {rules} in {count} files";
pub const DEFAULT_INCLUDE: &[&str] = &["**/*.py", "**/*.pyi"];
pub const DEFAULT_MENTIONS: &[&str] = &[
    "**/*.toml",
    "**/*.cfg",
    "**/*.ini",
    "**/*.y*ml",
    "**/*.md",
    "**/*.rst",
    "**/*.txt",
    // logging `dictConfig` files (`"()": "pkg.mod.Handler"`), Jupyter
    // configs, shell scripts that run `python -m pkg.mod`.
    "**/*.json",
    "**/*.sh",
    "**/*.bash",
    // What starts and builds the code: `web: gunicorn wsgi:app`, a
    // Dockerfile's `CMD`, a recipe's `python -m pkg.mod`; notebooks
    // (their cells are JSON strings) and Cython sources.
    "**/Procfile",
    "**/Dockerfile",
    "**/Dockerfile.*",
    "**/*.dockerfile",
    "**/Makefile",
    "**/*.mk",
    "**/*.ipynb",
    "**/*.pyx",
    "**/*.pxd",
];

#[derive(Debug)]
pub struct Config {
    /// The file the rules came from.
    pub path: PathBuf,
    /// The project root: module names and reported paths are relative to it.
    pub root: PathBuf,
    pub settings: Settings,
    pub rules: Vec<Rule>,
}

#[derive(Debug)]
pub struct Settings {
    pub branch: String,
    pub message: String,
    pub verify: Option<String>,
    pub include: GlobSet,
    pub exclude: GlobSet,
    pub mentions: GlobSet,
    pub blame_ignore: bool,
    /// Files larger than this (in bytes) are not read: a diagnostic names
    /// each one. Default [`DEFAULT_MAX_FILE_SIZE`].
    pub max_file_size: u64,
}

/// 16 MiB: hand-written Python stays far below; above it is generated
/// data, whose whole parse costs seconds and a gigabyte.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 << 20;

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    /// The line of the rule's `id` in the configuration file, for messages
    /// about the rule itself (`canon doctor`).
    pub line: usize,
    pub note: Option<String>,
    pub kind: RuleKind,
    pub paths: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    /// A move whose `strings = "all"`: every string equal to the old path
    /// is an import path in this project (a plugin registry, say), not data.
    pub all_strings: bool,
    /// [`Rule::literals`], worked out on the first ask: every file asks.
    literals: std::sync::OnceLock<Option<Vec<String>>>,
}

#[derive(Debug)]
pub enum RuleKind {
    /// A symbol or module moved (and maybe renamed).
    Move { old: String, new: String },
    /// A structural pattern and its replacement.
    Rewrite {
        pattern: Pattern,
        fix: Option<Box<Template>>,
    },
    /// Detect only.
    Ban { symbol: String },
}

impl RuleKind {
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Move { .. } => "move",
            RuleKind::Rewrite { .. } => "rewrite",
            RuleKind::Ban { .. } => "ban",
        }
    }
}

impl Rule {
    /// Whether the rule's `paths`/`exclude` globs let it apply to `rel_path`.
    pub fn applies_to(&self, rel_path: &str) -> bool {
        self.paths.as_ref().is_none_or(|g| g.is_match(rel_path))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(rel_path))
    }

    /// Dotted paths whose textual mention (comments, docs, config files) is
    /// worth reporting: the old path of a move, the banned symbol.
    pub fn mentionable(&self) -> Option<&str> {
        match &self.kind {
            RuleKind::Move { old, .. } => Some(old),
            RuleKind::Ban { symbol } => Some(symbol),
            RuleKind::Rewrite { .. } => None,
        }
    }

    /// Every dotted path the rule names.
    /// Module boundaries the rule's author marked (`{datetime:timezone.utc}`
    /// in a fix): (dotted name, whether it is a module).
    pub fn module_marks(&self) -> &[(String, bool)] {
        match &self.kind {
            RuleKind::Rewrite { fix: Some(f), .. } => &f.marks,
            _ => &[],
        }
    }

    /// The function a rewrite's pattern calls and its fix replaces (`{a.f}`
    /// of `{a.f}($X)` → `{b.g}($X)`): code that passes it on as a value
    /// (`Depends(f)`, `map(f, xs)`) keeps using it, and no fix reaches it.
    /// `None` when the fix names it too: a signature change
    /// (`{m.C}($X)` → `{m.C}(ctx=$X)`), whose symbol is not going away.
    pub fn replaced_callee(&self) -> Option<&str> {
        let RuleKind::Rewrite {
            pattern,
            fix: Some(fix),
        } = &self.kind
        else {
            return None;
        };
        let callee = pattern.callee()?;
        (!fix.symbols().any(|s| s == callee)).then_some(callee)
    }

    pub fn dotted_paths(&self) -> Vec<&str> {
        match &self.kind {
            RuleKind::Move { old, new } => vec![old, new],
            RuleKind::Ban { symbol } => vec![symbol],
            RuleKind::Rewrite { pattern, fix } => {
                let mut v: Vec<&str> = pattern.symbols.iter().map(String::as_str).collect();
                v.extend(fix.iter().flat_map(|f| f.symbols()));
                v
            }
        }
    }

    /// Identifiers one of which appears in the text of any file this rule can
    /// match: the prefilter reads files for these before parsing anything.
    /// `None` means the rule could match any file.
    pub fn literals(&self) -> Option<&[String]> {
        self.literals
            .get_or_init(|| self.literals_anew())
            .as_deref()
    }

    fn literals_anew(&self) -> Option<Vec<String>> {
        let last = |p: &str| p.rsplit('.').next().unwrap_or(p).to_string();
        match &self.kind {
            // Any reference to a.b.NAME spells NAME (in the import, at least);
            // the same holds for a moved module's last component.
            RuleKind::Move { old, new } => Some(move_literals(old, new)),
            RuleKind::Ban { symbol } => Some(vec![last(symbol)]),
            RuleKind::Rewrite { pattern, .. } => {
                if let Some(s) = pattern.symbols.first() {
                    Some(vec![last(s)])
                } else {
                    pattern.literals.first().map(|l| vec![l.clone()])
                }
            }
        }
    }

    /// [`Rule::literals`], and for a move its new path as a whole: a file
    /// that spells it (`patch("new.mod.f")`) is read for what it patches
    /// there, which the move's callers may escape (see `rewrite::moves`).
    pub fn candidate_literals(&self) -> Option<Vec<String>> {
        let mut out = self.literals()?.to_vec();
        if let RuleKind::Move { new, .. } = &self.kind
            && new.contains('.')
            && !out.contains(new)
        {
            out.push(new.clone());
        }
        Some(out)
    }

    /// For a move, the last two names of its new path (`http` and
    /// `assist` of `modern.http.assist`): a file spelling both may patch
    /// the new path through the module object (`from modern import
    /// http`, `patch.object(http, "assist")`) without spelling it whole,
    /// and is read for that as one spelling it is. Both, not either: the
    /// new name alone is in every file already migrated.
    pub fn paired_literals(&self) -> Option<[String; 2]> {
        let RuleKind::Move { new, .. } = &self.kind else {
            return None;
        };
        let mut parts = new.rsplit('.');
        let (name, parent) = (parts.next()?, parts.next()?);
        Some([parent.to_string(), name.to_string()])
    }
}

/// The names a file may spell to refer to what a move's fix can take
/// away: the old last name, and each name of the old path from the first
/// one the new path changes (`from old import mod` re-pointed to `from new
/// import other` takes `mod` from the module; `import old.mod` re-pointed
/// to `import new.other` takes `old`). Another file's `a2.mod.keep()`
/// spells `mod`, not `make`: without these it would be no candidate, and
/// no referrer of `a2.mod`.
fn move_literals(old: &str, new: &str) -> Vec<String> {
    let (o, n): (Vec<&str>, Vec<&str>) = (old.split('.').collect(), new.split('.').collect());
    let same = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let mut out = vec![o.last().copied().unwrap_or(old).to_string()];
    // Not the module of a two-name path (`typing` of `typing.List`): every
    // file that imports it would spell every such rule's words, and the
    // names-everywhere shape took twice as long. Left out: another file's
    // `a3.typing.List` through `a3`'s `import typing` is not seen.
    let from = if o.len() <= 2 { same.max(1) } else { same };
    for part in o.iter().take(o.len().saturating_sub(1)).skip(from) {
        if !out.iter().any(|p| p == part) {
            out.push(part.to_string());
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "no canon configuration found: looked for canon.toml or [tool.canon] in pyproject.toml in {dir} and its parents (pass --config FILE)"
    )]
    NotFound { dir: PathBuf },
    #[error("{path} has no [tool.canon] table")]
    NoToolTable { path: PathBuf },
}

/// Find and compile the configuration for a project at or above `dir`
/// (`canon.toml`, else `[tool.canon]` in `pyproject.toml`), or from an
/// explicit `--config` file, whose project root is `dir`.
///
/// The folders above `dir` are those of its name (`proj/vendor` is in
/// `proj` even when `vendor` links elsewhere, as ruff and ripgrep read
/// it); only when they hold no configuration are the real folders above
/// its target searched.
pub fn load(dir: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let here = std::env::current_dir().unwrap_or_default();
    let named = crate::paths::absolute_in(&here, dir);
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| named.clone());
    if explicit.is_some() {
        return load_from(&named, explicit);
    }
    match load_from(&named, None) {
        Err(ConfigError::NotFound { .. }) if real != named => {
            load_from(&real, None).map_err(|e| match e {
                ConfigError::NotFound { .. } => ConfigError::NotFound {
                    dir: dir.to_path_buf(),
                },
                e => e,
            })
        }
        Err(ConfigError::NotFound { .. }) => Err(ConfigError::NotFound {
            dir: dir.to_path_buf(),
        }),
        found => found,
    }
}

/// [`load`] from the absolute folder `start`.
fn load_from(start: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let start = start.to_path_buf();
    if let Some(file) = explicit {
        let file = std::fs::canonicalize(file).map_err(|source| ConfigError::Io {
            path: file.to_path_buf(),
            source,
        })?;
        let text = read(&file)?;
        // The project is the repository around the checked path, else the path itself.
        let root = start
            .ancestors()
            .find(|a| a.join(".git").exists())
            .unwrap_or(&start)
            .to_path_buf();
        let is_pyproject = file.file_name().is_some_and(|n| n == "pyproject.toml");
        let config = if is_pyproject {
            compile::compile_pyproject(&file, &text, &root)?
                .ok_or_else(|| ConfigError::NoToolTable { path: file.clone() })?
        } else {
            compile(&file, &text, &root)?
        };
        return Ok(config);
    }
    for ancestor in start.ancestors() {
        let canon_toml = ancestor.join("canon.toml");
        if canon_toml.is_file() {
            let text = read(&canon_toml)?;
            return compile(&canon_toml, &text, ancestor);
        }
        let pyproject = ancestor.join("pyproject.toml");
        if pyproject.is_file() {
            let text = read(&pyproject)?;
            // Someone else's broken pyproject.toml is not our business.
            if !has_canon_table(&text) {
                continue;
            }
            if let Some(config) = compile::compile_pyproject(&pyproject, &text, ancestor)? {
                return Ok(config);
            }
        }
    }
    Err(ConfigError::NotFound { dir: start })
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    })
}
