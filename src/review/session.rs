//! The review session file (SPEC §4): decisions per file keyed by hunk id,
//! the cursor and the filters, as JSON. Saved atomically after every
//! decision so that quitting or a crash loses nothing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::file::FileReview;
use super::hunk::HunkId;
use super::saved::{Copies, Restored, Saved};
use super::{Decision, Error};

/// The session format written by this version of canon.
pub const SESSION_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Json", into = "Json")]
pub struct Session {
    pub version: u32,
    /// Path (`/`-separated, relative to the root) -> its saved decisions.
    pub files: BTreeMap<String, Saved>,
    pub cursor: Option<Cursor>,
    pub filters: Filters,
}

/// The file's JSON: `files` maps path -> hunk id -> decision (pending
/// hunks are not stored), as it always has; `copies`, beside it, the
/// copies of the changes that have some (see `saved.rs`), which an older
/// canon ignores.
#[derive(Serialize, Deserialize)]
struct Json {
    version: u32,
    #[serde(default)]
    files: BTreeMap<String, BTreeMap<HunkId, Decision>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    copies: BTreeMap<String, Vec<Copies>>,
    #[serde(default)]
    cursor: Option<Cursor>,
    #[serde(default)]
    filters: Filters,
}

impl From<Json> for Session {
    fn from(mut j: Json) -> Self {
        let files = j
            .files
            .into_iter()
            .map(|(path, decisions)| {
                let copies = j.copies.remove(&path).unwrap_or_default();
                (path, Saved { decisions, copies })
            })
            .collect();
        Session {
            version: j.version,
            files,
            cursor: j.cursor,
            filters: j.filters,
        }
    }
}

impl From<Session> for Json {
    fn from(s: Session) -> Self {
        let mut files = BTreeMap::new();
        let mut copies = BTreeMap::new();
        for (path, saved) in s.files {
            if !saved.copies.is_empty() {
                copies.insert(path.clone(), saved.copies);
            }
            files.insert(path, saved.decisions);
        }
        Json {
            version: s.version,
            files,
            copies,
            cursor: s.cursor,
            filters: s.filters,
        }
    }
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
        let saved = review.saved();
        if saved.is_empty() {
            self.files.remove(review.path());
        } else {
            self.files.insert(review.path().to_string(), saved);
        }
    }

    /// The saved decisions of `path` (empty if none).
    pub fn saved(&self, path: &str) -> Saved {
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

/// Who may write a branch's session: one canon at a time. A second review
/// (or an `apply`) on the same branch would save its own decisions over
/// the first's. The lock is a file beside the session holding the owner's
/// process id (and, on Linux, its start time, so that another process that
/// got the id of a killed canon since is not taken for it), created
/// exclusively and removed when dropped; one left by a process that is
/// gone (killed) is taken over.
#[derive(Debug)]
pub struct SessionLock {
    path: PathBuf,
}

impl SessionLock {
    pub fn acquire(session: &Path) -> Result<SessionLock, Error> {
        let path = session.with_extension("lock");
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let me = std::process::id();
                    let _ = match start_time(me) {
                        Some(start) => writeln!(f, "{me} {start}"),
                        None => writeln!(f, "{me}"),
                    };
                    remove_stale_temps(session);
                    return Ok(SessionLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match owner(&path) {
                    Some(pid) => {
                        return Err(Error::Locked {
                            path: session.to_path_buf(),
                            pid,
                        });
                    }
                    // Its owner is gone: take it over.
                    None => {
                        let _ = std::fs::remove_file(&path);
                    }
                },
                Err(source) => {
                    return Err(Error::Io {
                        action: "lock",
                        path: path.clone(),
                        source,
                    });
                }
            }
        }
        Err(Error::Locked {
            path: session.to_path_buf(),
            pid: 0,
        })
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The live process that holds lock file `path`, if any. A lock just
/// created may not hold its id yet: an empty one is given a moment.
fn owner(path: &Path) -> Option<u32> {
    let fresh = || {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() < 2))
    };
    let mut text = std::fs::read_to_string(path).ok()?;
    for _ in 0..40 {
        if !text.trim().is_empty() || !fresh() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        text = std::fs::read_to_string(path).ok()?;
    }
    let mut words = text.split_whitespace();
    let pid: u32 = words.next()?.parse().ok()?;
    let started: Option<u64> = words.next().and_then(|w| w.parse().ok());
    let same = match (started, start_time(pid)) {
        (Some(recorded), Some(now)) => recorded == now,
        _ => true,
    };
    (process_alive(pid) && same).then_some(pid)
}

/// Linux: when process `pid` started (clock ticks since boot, field 22 of
/// `/proc/PID/stat`); a process id reused later comes with another.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "PID (COMM) STATE PPID …": field 22 is the 20th after COMM.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// The prefix of `session`'s temporary files (see [`save_atomic`]).
fn temp_prefix(session: &Path) -> String {
    let name = session
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    format!(".{}.", name.unwrap_or_default())
}

/// Remove what a `kill -9` during [`save_atomic`] left of `session`'s
/// temporary files. Only the lock's holder saves the session, so once it
/// is ours every such file is an orphan.
fn remove_stale_temps(session: &Path) {
    let (Some(dir), prefix) = (session.parent(), temp_prefix(session)) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether process `pid` runs (a lock's or a temporary file's owner). A
/// zombie does not: killed, it holds nothing any more, however long its
/// parent takes to reap it (a parent that never does is not rare in
/// containers, where pid 1 may be a plain shell).
pub fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = i32::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        let exists = r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        exists && !is_zombie(pid)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Linux: `/proc/PID/stat` says the process is a zombie (`Z`) or dying (`X`).
fn is_zombie(pid: i32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // "PID (COMM) STATE …", where COMM may itself hold ") ".
    stat.rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next())
        .is_some_and(|state| state == "Z" || state == "X")
}

/// Restore `saved` decisions into `review`; what became of each.
pub fn restore(review: &mut FileReview, saved: &Saved) -> Restored {
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
        .prefix(&temp_prefix(path))
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
