//! Shared by `diff` and `apply`: scan the project, then propose fixes for
//! every file with a move or rewrite finding.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::Global;
use crate::rewrite::Proposal;
use crate::rules::{self, Config};
use crate::scan;

pub struct Project {
    pub config: Config,
    /// Files with edits or with fixes that could not be proposed, by path.
    pub proposals: Vec<Proposal>,
}

/// Load the configuration for `path`, scan it and propose fixes.
pub fn project(global: &Global, path: &Path) -> anyhow::Result<Project> {
    if !path.exists() {
        anyhow::bail!("{} does not exist", path.display());
    }
    let start = if path.is_file() {
        path.parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    } else {
        path.to_path_buf()
    };
    let config = rules::load(&start, global.config.as_deref())?;
    let scan = scan::scan(&config, &[path.to_path_buf()]).context("scan failed")?;
    let proposals = propose_scanned(&config, &scan)?;
    Ok(Project { config, proposals })
}

/// Proposals for the fixable files of a scan of the working tree, read
/// from disk.
pub fn propose_scanned(config: &Config, scan: &scan::ScanOutput) -> anyhow::Result<Vec<Proposal>> {
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let todo = super::branch::fixable(scan);
    let texts: Vec<String> = todo
        .iter()
        .map(|f| {
            std::fs::read_to_string(root.join(&f.path))
                .with_context(|| format!("cannot read {}", f.path))
        })
        .collect::<anyhow::Result<_>>()?;
    let jobs: Vec<(&crate::scan::FileResult, &String)> = todo.into_iter().zip(&texts).collect();
    Ok(super::branch::propose_all(config, &scan.referrals, &jobs))
}

/// Mark every finding whose fix canon refused with the reason, so `check`
/// and `status` say which violations need a human and why. A refusal
/// names the line as it read when its rule ran; earlier rules' fixes may
/// have moved it a line or two, so the nearest finding of the rule wins.
pub fn mark_refused(scan: &mut scan::ScanOutput, proposals: &[Proposal]) -> usize {
    let mut marked = 0;
    for p in proposals {
        let Some(file) = scan.files.iter_mut().find(|f| f.path == p.file.path) else {
            continue;
        };
        for s in &p.skipped {
            let nearest = file
                .findings
                .iter_mut()
                .filter(|f| f.rule == s.rule && f.kind.is_violation())
                .min_by_key(|f| f.start.line.abs_diff(s.line));
            if let Some(f) = nearest
                && f.start.line.abs_diff(s.line) <= 2
                && !f.message.contains("needs a human")
            {
                f.message
                    .push_str(&format!("; needs a human, no fix proposed: {}", s.reason));
                marked += 1;
            }
        }
    }
    marked
}
