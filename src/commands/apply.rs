//! `canon apply`: accept every proposal (narrowed by `--rule`, `--path`) and
//! commit it on the branch (from the base commit's tree, through libgit2),
//! or with `--write` rewrite the files in place, atomically.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use globset::{Glob, GlobSetBuilder};

use std::collections::BTreeMap;

use super::branch;
use super::propose::project;
use super::{EXIT_OK, Io};
use crate::cli::Global;
use crate::git::{CommitRequest, Repo};
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
    per_file: bool,
    io: &mut Io,
) -> anyhow::Result<i32> {
    if !write {
        return commit(global, path, select, per_file, io);
    }
    let progress = super::progress::Progress::start(io.err_is_tty && !global.quiet, "scanning");
    let project = project(global, path)?;
    drop(progress);
    check_rules(&project.config, select.rules)?;
    let globs = path_globs(select.path_globs)?;
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

fn path_globs(globs: &[String]) -> anyhow::Result<globset::GlobSet> {
    let mut set = GlobSetBuilder::new();
    for g in globs {
        set.add(Glob::new(g).with_context(|| format!("bad --path glob `{g}`"))?);
    }
    set.build().context("bad --path globs")
}

fn check_rules(config: &crate::rules::Config, rules: &[String]) -> anyhow::Result<()> {
    let known: Vec<&str> = config.rules.iter().map(|r| r.id.as_str()).collect();
    for r in rules {
        if !known.contains(&r.as_str()) {
            anyhow::bail!(
                "no rule `{r}` in {} (rules: {})",
                config.path.display(),
                known.join(", ")
            );
        }
    }
    Ok(())
}

/// Accept everything selected and commit it on the branch, from the base
/// commit's tree: HEAD, the index and the working tree are never touched.
fn commit(
    global: &Global,
    path: &Path,
    select: Selection,
    per_file: bool,
    io: &mut Io,
) -> anyhow::Result<i32> {
    let repo = Repo::open(path)?;
    let config = crate::rules::load(path, global.config.as_deref())?;
    check_rules(&config, select.rules)?;
    let globs = path_globs(select.path_globs)?;
    // Compare-and-swap: the branch must still be where it is now when we commit.
    let branch::Target {
        branch,
        expected,
        base,
    } = branch::target(&repo, &config, global)?;
    let progress =
        super::progress::Progress::start(io.err_is_tty && !global.quiet, "scanning the base");
    let (files, scan) = branch::scan_commit(&repo, &config, &base)?;
    let proposals = branch::propose_commit(&repo, &config, &files, &scan)?;
    drop(progress);
    let mut changes: Vec<(String, String)> = Vec::new();
    let mut rules_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &proposals {
        if !select.path_globs.is_empty() && !globs.is_match(&p.file.path) {
            continue;
        }
        let chosen = selected(&p.file, select.rules);
        if !chosen.iter().any(|c| *c) {
            continue;
        }
        let mut ids: Vec<String> = Vec::new();
        for (e, c) in p.file.edits.iter().zip(&chosen) {
            for r in e.rules.iter().filter(|_| *c) {
                if !ids.contains(r) {
                    ids.push(r.clone());
                }
            }
        }
        rules_of.insert(p.file.path.clone(), ids);
        changes.push((p.file.path.clone(), p.file.apply_where(|i| chosen[i])));
    }
    changes.sort();
    if changes.is_empty() {
        writeln!(
            io.out,
            "Nothing to commit: no proposals on {}.",
            base.describe
        )?;
        return Ok(EXIT_OK);
    }
    if let Some(cmd) = &config.settings.verify {
        super::verify::run(cmd, &changes)?;
    }
    let template = config.settings.message.clone();
    let message = |paths: &[String]| {
        let mut rules: Vec<String> = Vec::new();
        for r in paths
            .iter()
            .flat_map(|p| rules_of.get(p).into_iter().flatten())
        {
            if !rules.contains(r) {
                rules.push(r.clone());
            }
        }
        crate::git::fill_message(&template, &rules, paths, &branch)
    };
    let ids = repo.commit(&CommitRequest {
        branch: &branch,
        base: &base,
        expected,
        changes: &changes,
        message: &message,
        per_file,
    })?;
    let mut all = ids.clone();
    if config.settings.blame_ignore
        && let Some(&tip) = ids.last()
    {
        all.push(crate::git::blame_ignore_commit(&repo, &branch, tip, &ids)?);
    }
    if !global.quiet {
        for id in &all {
            writeln!(io.out, "{id}")?;
        }
    }
    writeln!(
        io.out,
        "Committed {} file{} in {} commit{} on {branch} (base {}).",
        changes.len(),
        plural(changes.len()),
        all.len(),
        plural(all.len()),
        base.describe
    )?;
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
        .map(|e| {
            !e.kind.opt_in() && (rules.is_empty() || e.rules.iter().any(|r| rules.contains(r)))
        })
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
