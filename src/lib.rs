//! canon: migrate a Python codebase off deprecated imports and APIs.
//!
//! The core, each module knowing only the ones before it: `python`
//! (tree-sitter, imports, scopes, resolution, patterns) → `rules` (config
//! → validated rules) → `analyze` (findings in one file) → `scan` (walk,
//! prefilter, parse in parallel) → `rewrite` (edits, self-checked) →
//! `review` (hunks, decisions, the session, the diff rows) → `git` (trees
//! and commits) → [`pipeline`], which builds the flow from a source to a
//! stream of per-file results once and owns the one accept and commit
//! path. `report` prints findings and patches. The drivers sit on top:
//! `commands` (check, diff, apply, status, baseline) and `tui` (the
//! review) know the core, not each other; `run` parses the arguments and
//! dispatches to them.
//!
//! `paths` is a leaf every stage uses: a file's name as a `String` that
//! maps back to its exact bytes (names need not be UTF-8).

pub mod analyze;
pub mod baseline;
pub mod cli;
mod commands;
pub mod git;
pub mod inspect;
pub mod invariants;
pub mod paths;
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
