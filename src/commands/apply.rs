//! `canon apply`: accept every proposal (narrowed by `--rule`, `--path`).
//! With `--write`, files are rewritten in place, atomically; committing on
//! a branch is the git layer's job (not built yet).

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use globset::{Glob, GlobSetBuilder};

use super::propose::project;
use super::{EXIT_OK, Io};
use crate::cli::Global;
use crate::rewrite::FileProposal;

pub struct Selection<'a> {
    pub rules: &'a [String],
    pub path_globs: &'a [String],
}

pub fn run(
    global: &Global,
    path: &Path,
    select: Selection,
    write: bool,
    io: &mut Io,
) -> anyhow::Result<i32> {
    if !write {
        anyhow::bail!(
            "committing on a branch is not built yet (it arrives with issue #4); use `canon apply --write` to rewrite the files in place"
        );
    }
    let project = project(global, path)?;
    let known: Vec<&str> = project.config.rules.iter().map(|r| r.id.as_str()).collect();
    for r in select.rules {
        if !known.contains(&r.as_str()) {
            anyhow::bail!(
                "no rule `{r}` in {} (rules: {})",
                project.config.path.display(),
                known.join(", ")
            );
        }
    }
    let mut globs = GlobSetBuilder::new();
    for g in select.path_globs {
        globs.add(Glob::new(g).with_context(|| format!("bad --path glob `{g}`"))?);
    }
    let globs = globs.build().context("bad --path globs")?;
    let root =
        std::fs::canonicalize(&project.config.root).unwrap_or_else(|_| project.config.root.clone());
    let (mut files, mut edits) = (0, 0);
    for p in &project.proposals {
        if !select.path_globs.is_empty() && !globs.is_match(&p.file.path) {
            continue;
        }
        let chosen = selected(&p.file, select.rules);
        let count = chosen.iter().filter(|c| **c).count();
        if count == 0 {
            continue;
        }
        let text = p.file.apply_where(|i| chosen[i]);
        write_atomic(&root.join(&p.file.path), &text)?;
        files += 1;
        edits += count;
        if !global.quiet {
            writeln!(
                io.out,
                "fixed {} ({count} edit{})",
                p.file.path,
                if count == 1 { "" } else { "s" }
            )?;
        }
    }
    if !global.quiet {
        writeln!(
            io.out,
            "Wrote {files} file{} ({edits} edit{}).",
            plural(files),
            plural(edits)
        )?;
    }
    Ok(EXIT_OK)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Edits of the chosen rules (all when none given), plus everything they
/// require, so the result is always consistent.
pub fn selected(file: &FileProposal, rules: &[String]) -> Vec<bool> {
    let mut chosen: Vec<bool> = file
        .edits
        .iter()
        .map(|e| rules.is_empty() || e.rules.iter().any(|r| rules.contains(r)))
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for &(a, b) in &file.requires {
            if chosen[a] && !chosen[b] {
                chosen[b] = true;
                changed = true;
            }
        }
    }
    chosen
}

/// Write via a temp file in the same folder and a rename, keeping permissions.
pub fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}
