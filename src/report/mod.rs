//! Printers for findings: ruff-like text and JSON (SPEC §7). Printers write
//! to any `io::Write`; the caller decides about colour and handles a closed pipe.

mod diff;
mod json;
mod text;

pub use diff::write_diff;
pub use json::{finding_json, write_json};
pub use text::{Style, write_diagnostics, write_text};
