//! canon: migrate a Python codebase off deprecated imports and APIs.
//!
//! The pipeline, each stage knowing only the ones before it:
//! `rules` (config → validated rules) → `scan` (walk, prefilter, parse in
//! parallel) → `python` (imports, scopes, resolution, patterns) → `analyze`
//! (rules applied to one file → findings) → `report` (text, json). The CLI
//! drives it; later stages (rewrite, review, git, TUI) build on findings.

pub mod analyze;
pub mod baseline;
pub mod cli;
mod commands;
pub mod git;
pub mod pipeline;
pub mod python;
pub mod report;
pub mod review;
pub mod rewrite;
pub mod rules;
mod run;
pub mod scan;
#[cfg(test)]
mod testing;
pub mod tui;

pub use cli::Io;
pub use run::{run, run_with};
pub use tui::review::{Prepared, prepare as prepare_review};
