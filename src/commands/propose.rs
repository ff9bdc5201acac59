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
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let todo = super::branch::fixable(&scan);
    let texts: Vec<String> = todo
        .iter()
        .map(|f| {
            std::fs::read_to_string(root.join(&f.path))
                .with_context(|| format!("cannot read {}", f.path))
        })
        .collect::<anyhow::Result<_>>()?;
    let jobs: Vec<(&crate::scan::FileResult, &String)> = todo.into_iter().zip(&texts).collect();
    let proposals = super::branch::propose_all(&config, &scan.referrals, &jobs);
    Ok(Project { config, proposals })
}
