//! The non-interactive commands, one module each over the core's pipeline
//! (`check`, `diff`, `apply`, `status`, `baseline`, `doctor`, `init`); `crate::run`
//! dispatches to them.

pub mod apply;
pub mod baseline;
pub mod check;
pub mod diff;
pub mod doctor;
pub mod init;
mod progress;
pub mod status;

pub use crate::cli::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Io, use_color};

/// `path` exists and can be resolved: a clear error for a missing one and
/// for one that cannot be (a symlink loop, a folder canon may not enter).
fn must_exist(path: &std::path::Path) -> anyhow::Result<()> {
    match std::fs::metadata(path) {
        Ok(_) => Ok(()),
        Err(e) => Err(crate::scan::ScanError::unresolved(path, e).into()),
    }
}

/// The configuration of the project around `path` (a folder, or a file's
/// folder), which must exist.
fn config_for(
    global: &crate::cli::Global,
    path: &std::path::Path,
) -> anyhow::Result<crate::rules::Config> {
    must_exist(path)?;
    let start = if path.is_file() {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
    } else {
        path
    };
    Ok(crate::rules::load(start, global.config.as_deref())?)
}

/// How the project's paths read from the current folder (SPEC §7), see
/// [`crate::paths::Seen`]: from a folder of the project (`sub/b.py` is
/// `b.py` from `sub`), of its repository (a sibling, or the repository's
/// root above a project in `services/api`), or above the project. From
/// elsewhere, and from the root itself, None: paths stay relative to the
/// root.
fn seen_here(config: &crate::rules::Config) -> Option<crate::paths::Seen> {
    let root = std::fs::canonicalize(&config.root).ok()?;
    let here = std::env::current_dir().ok()?.canonicalize().ok()?;
    let base = here.ancestors().find(|a| root.starts_with(a))?;
    let in_repo = || {
        let repo = crate::git::Repo::open(&root).ok();
        let top = repo.and_then(|r| std::fs::canonicalize(r.root()).ok());
        top.is_some_and(|top| base.starts_with(top))
    };
    if !(base == here || base == root || in_repo()) {
        return None;
    }
    let seen = crate::paths::Seen {
        dir: crate::paths::relative(base, &here)?,
        prefix: crate::paths::relative(base, &root)?,
    };
    (seen.dir != seen.prefix).then_some(seen)
}

/// Whether the current folder is the project's root.
fn folder_is_root(config: &crate::rules::Config) -> bool {
    let root = std::fs::canonicalize(&config.root).ok();
    let here = std::env::current_dir().and_then(|d| d.canonicalize()).ok();
    root.is_some() && root == here
}

/// Load the configuration for `path` (a folder, or a file's folder) and
/// run the pipeline over it in the working tree, proposing fixes.
fn working_tree_project(
    global: &crate::cli::Global,
    path: &std::path::Path,
    progress: &crate::pipeline::Progress,
) -> anyhow::Result<(crate::rules::Config, crate::pipeline::Project)> {
    let config = config_for(global, path)?;
    let targets = [path.to_path_buf()];
    let project = crate::pipeline::collect(
        &config,
        crate::pipeline::Origin::WorkTree(&targets),
        crate::pipeline::Mode::Proposals,
        progress,
    )?;
    Ok((config, project))
}

/// The scan's diagnostics (a file skipped, unreadable or not parsed) on
/// stderr, as `check` prints them; nothing with `-q`.
fn write_diagnostics(
    global: &crate::cli::Global,
    diagnostics: &[crate::scan::Diagnostic],
    io: &mut Io,
) -> anyhow::Result<()> {
    if !global.quiet {
        let style = crate::report::Style {
            color: use_color(global.color, io.err_is_tty),
        };
        crate::report::write_diagnostics(io.err, diagnostics, style)?;
    }
    Ok(())
}

/// The violations that need a human (see
/// [`crate::pipeline::FileOutcome::needs_human`]), one line each on stderr
/// with the reason (`diff` and `apply` alike), of the (path, rule) pairs
/// `wanted`: the fixes canon would not propose, and those it has none for;
/// nothing with `-q`.
fn write_not_proposed(
    global: &crate::cli::Global,
    config: &crate::rules::Config,
    outcomes: &[crate::pipeline::FileOutcome],
    wanted: impl Fn(&str, &str) -> bool,
    io: &mut Io,
) -> anyhow::Result<()> {
    if global.quiet {
        return Ok(());
    }
    for o in outcomes {
        let manual = o.needs_human(config);
        for m in manual
            .iter()
            .filter(|m| m.violation && wanted(&o.path, &m.rule))
        {
            let line = m.line.unwrap_or(1);
            match &m.excerpt {
                Some(excerpt) => writeln!(
                    io.err,
                    "note: {}:{line}: {}: not proposed: {} ({excerpt})",
                    o.path, m.rule, m.reason
                )?,
                None => writeln!(
                    io.err,
                    "note: {}:{line}: {}: needs a human, no fix proposed: {}",
                    o.path, m.rule, m.reason
                )?,
            }
        }
    }
    Ok(())
}
