//! canon: migrate a Python codebase off deprecated imports and APIs.
//!
//! The stages, each knowing only the ones before it: `rules` (config →
//! validated rules) → `scan` (walk, prefilter, parse in parallel) →
//! `python` (imports, scopes, resolution, patterns) → `analyze` (findings)
//! → `rewrite` (edits, self-checked) → `review` (hunks, decisions, the
//! session, the diff rows) → `git` (trees and commits). [`pipeline`] builds
//! the flow from a source to a stream of per-file results once, and owns
//! the one accept and commit path. Drivers sit on top: `commands` (check,
//! diff, apply, status, baseline) and `tui` (the review) know only the
//! core, not each other; `run` parses the arguments and dispatches to them;
//! `report` prints findings and patches.

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
