//! Shared by `diff` and `apply`: scan the project, then propose fixes for
//! every file with a move or rewrite finding.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::analyze::Kind;
use crate::cli::Global;
use crate::rewrite::{self, Proposal};
use crate::rules::{self, Config, Rule};
use crate::scan::{self, ScanOutput};

pub struct Project {
    pub config: Config,
    #[allow(dead_code)] // kept for callers that report on the scan too
    pub scan: ScanOutput,
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
    let mut parser = crate::python::parser();
    let mut proposals = Vec::new();
    for file in &scan.files {
        let Some(module) = &file.module else { continue };
        let fixable = file
            .findings
            .iter()
            .any(|f| matches!(f.kind, Kind::Move | Kind::Rewrite));
        if !fixable {
            continue;
        }
        let text = std::fs::read_to_string(root.join(&file.path))
            .with_context(|| format!("cannot read {}", file.path))?;
        let rules: Vec<&Rule> = config
            .rules
            .iter()
            .filter(|r| r.applies_to(&file.path))
            .collect();
        let proposal = rewrite::propose(&file.path, module, &text, &rules, &mut parser);
        if !proposal.file.edits.is_empty() || !proposal.skipped.is_empty() {
            proposals.push(proposal);
        }
    }
    Ok(Project {
        config,
        scan,
        proposals,
    })
}
