//! The review session file (SPEC §4): decisions per file keyed by hunk id,
//! the cursor and the filters, as JSON. Saved atomically after every
//! decision so that quitting or a crash loses nothing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::file::FileReview;
use super::hunk::HunkId;
use super::{Decision, Error};

/// The session format written by this version of canon.
pub const SESSION_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub version: u32,
    /// Path (`/`-separated, relative to the root) -> hunk id -> decision.
    /// Pending hunks are not stored.
    #[serde(default)]
    pub files: BTreeMap<String, BTreeMap<HunkId, Decision>>,
    #[serde(default)]
    pub cursor: Option<Cursor>,
    #[serde(default)]
    pub filters: Filters,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            version: SESSION_VERSION,
            files: BTreeMap::new(),
            cursor: None,
            filters: Filters::default(),
        }
    }
}

/// Where the reviewer was: a file and the index of a hunk in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub path: String,
    pub hunk: usize,
}

/// The file list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    /// A path or folder the file list is narrowed to.
    #[serde(default)]
    pub path: Option<String>,
    /// A rule id the file list is narrowed to.
    #[serde(default)]
    pub rule: Option<String>,
}

impl Session {
    /// Store `review`'s decisions (replacing the file's earlier ones).
    pub fn record(&mut self, review: &FileReview) {
        if review.decisions().is_empty() {
            self.files.remove(review.path());
        } else {
            self.files
                .insert(review.path().to_string(), review.decisions().clone());
        }
    }

    /// The saved decisions of `path` (empty if none).
    pub fn decisions(&self, path: &str) -> BTreeMap<HunkId, Decision> {
        self.files.get(path).cloned().unwrap_or_default()
    }
}

/// Where the session of `branch` lives: `.git/canon/review-<branch>.json`.
pub fn session_path(git_dir: &Path, branch: &str) -> PathBuf {
    let name: String = branch
        .chars()
        .map(|c| if c == '/' { '~' } else { c })
        .collect();
    git_dir.join("canon").join(format!("review-{name}.json"))
}

/// Restore `saved` decisions into `review`; returns how many were dropped
/// (their hunk no longer exists, or an accept lost the hunk it required).
pub fn restore(review: &mut FileReview, saved: &BTreeMap<HunkId, Decision>) -> usize {
    review.restore(saved)
}

/// Write `session` to `path` through a temporary file in the same directory
/// (created if missing) and a rename, so a reader sees the old file or the
/// new one, never half of one.
pub fn save_atomic(path: &Path, session: &Session) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |source| Error::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let json = serde_json::to_vec_pretty(session).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".canon-session")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    tmp.write_all(&json).map_err(io)?;
    tmp.write_all(b"\n").map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // On failure the temporary file is dropped, which deletes it.
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Read a session file; `None` if there is none.
pub fn load(path: &Path) -> Result<Option<Session>, Error> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Io {
                action: "read",
                path: path.to_path_buf(),
                source,
            });
        }
    };
    // Read the version first, so a newer format gets a clear error rather
    // than a confusing one about a field.
    #[derive(Deserialize)]
    struct Version {
        version: u32,
    }
    let json = |source| Error::Json {
        path: path.to_path_buf(),
        source,
    };
    let v: Version = serde_json::from_slice(&bytes).map_err(json)?;
    if v.version != SESSION_VERSION {
        return Err(Error::Version {
            path: path.to_path_buf(),
            found: v.version,
        });
    }
    serde_json::from_slice(&bytes).map(Some).map_err(json)
}
