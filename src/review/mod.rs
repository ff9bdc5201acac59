//! Review: a file's proposal cut into hunks with stable ids, the reviewer's
//! decisions on them, the links that make some hunks go together, and the
//! session file that keeps decisions across runs (SPEC §4).
//!
//! It knows the rewrite stage (`FileProposal`) and nothing after it: no UI
//! types, no git, and no I/O except the session file functions. The TUI
//! and `canon apply` drive the same [`FileReview`]; [`accepted_text`] is a
//! pure function of a proposal, its hunks and the decisions; [`rows`] is
//! the one diff renderer, drawn by the TUI and printed by `canon diff`.

mod accepted;
pub mod across;
mod file;
mod hunk;
pub mod rows;
mod saved;
mod session;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use accepted::accepted_text;
pub use file::{Counts, FileReview, Outcome, consistent};
pub use hunk::{Hunk, HunkId, hunk_id, hunk_id_at, hunks, split};
pub use saved::{Copies, Hold, Restored, Saved};
pub use session::{
    Cursor, Filters, SESSION_VERSION, Session, SessionLock, load, process_alive, restore,
    save_atomic, session_path,
};

/// A reviewer's decision on a hunk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    #[default]
    Pending,
    Accepted,
    Rejected,
    /// The reviewer's own text for the hunk's lines (terminators included).
    /// Counts as accepted for links. The caller re-parses it before deciding.
    Edited(String),
}

impl Decision {
    /// Accepted or edited: the hunk's lines change in the result.
    pub fn is_accepted(&self) -> bool {
        matches!(self, Decision::Accepted | Decision::Edited(_))
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Pending => "pending",
            Decision::Accepted => "accepted",
            Decision::Rejected => "rejected",
            Decision::Edited(_) => "edited",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no hunk {0} in this file (was the file rescanned?)")]
    UnknownHunk(HunkId),
    #[error("cannot {action} the review session {}: {source}", path.display())]
    Io {
        /// "read" or "write".
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "another canon (process {pid}) has the review session {} open; quit it first, or use another --branch (if no canon runs, delete {})",
        path.display(),
        path.with_extension("lock").display()
    )]
    Locked { path: PathBuf, pid: u32 },
    #[error(
        "the review session {} is not valid ({source}); delete it to start a new session",
        path.display()
    )]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "the review session {} has format version {found}, this canon reads version {SESSION_VERSION}; delete it to start a new session",
        path.display()
    )]
    Version { path: PathBuf, found: u32 },
}

/// Why an edited hunk was not kept.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("the edit was not kept: the file would have a syntax error at line {line}")]
    Syntax { line: usize },
    #[error("the edit was not kept: Python would refuse the file ({0})")]
    Compile(String),
    #[error(
        "the edit was not kept: it uses {0}, which nothing binds once its linked hunks are applied (keep the hunk as it was with n, or write the new name)"
    )]
    Unbound(String),
    #[error("the edit was not kept: {0}")]
    Encoding(crate::python::encoding::EncodeError),
    #[error(transparent)]
    Review(#[from] Error),
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
