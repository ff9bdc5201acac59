//! A commit's tree as a scan source, read from git objects: each worker
//! opens its own repository handle.
//!
//! The project may be a folder of the repository (its `canon.toml` in
//! `services/api`): its files are those under that folder, named from
//! it, as the working tree's scan names them, so that module names,
//! scopes and hunk ids are the same whichever source a command reads.
//! [`in_repository`] maps a project path back for git.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::git::{Repo, TreeFile};
use crate::rules::Config;
use crate::scan::{Reader, Source};

/// The project's folder in its repository, spelled as [`crate::paths`]
/// spells paths: `""` when the project is the repository (or is not in
/// it: a configuration above the repository's root names its files from
/// the repository's root, as before).
pub fn project_folder(repo: &Repo, config: &Config) -> String {
    repo.folder_of(&config.root).unwrap_or_default()
}

/// The project's path `rel` as a path of the repository.
pub fn in_repository<'p>(folder: &str, rel: &'p str) -> Cow<'p, str> {
    match folder.is_empty() {
        true => Cow::Borrowed(rel),
        false => Cow::Owned(format!("{folder}/{rel}")),
    }
}

/// The repository's `path` as a path of the project, if it is in it.
pub fn in_project<'p>(folder: &str, path: &'p str) -> Option<&'p str> {
    if folder.is_empty() {
        return Some(path);
    }
    path.strip_prefix(folder)?.strip_prefix('/')
}

/// The files of a commit's tree that are in the project at `folder`,
/// named from it.
pub fn project_files(files: Vec<TreeFile>, folder: &str) -> Vec<TreeFile> {
    if folder.is_empty() {
        return files;
    }
    files
        .into_iter()
        .filter_map(|f| {
            let path = in_project(folder, &f.path)?.to_string();
            Some(TreeFile { path, ..f })
        })
        .collect()
}

pub struct TreeSource<'a> {
    root: &'a Path,
    /// The project's folder in the working tree (`root` joined with the
    /// project's folder): where its checked-out copies are.
    disk: PathBuf,
    files: &'a [TreeFile],
    dirs_with_init: BTreeSet<String>,
    by_path: BTreeMap<&'a str, git2::Oid>,
    /// The working tree's copies known to hold the base's blobs.
    checked_out: Option<CheckedOut>,
    /// Blobs larger than this are not read (see `max_file_size`).
    max_file_size: u64,
}

impl<'a> TreeSource<'a> {
    /// `files` are the project's (see [`project_files`]), in the
    /// repository at `root`, in its `folder`.
    pub fn new(root: &'a Path, folder: &str, files: &'a [TreeFile], max_file_size: u64) -> Self {
        let dirs_with_init = files
            .iter()
            .filter_map(|f| f.path.strip_suffix("/__init__.py").map(String::from))
            .collect();
        let by_path: BTreeMap<&str, git2::Oid> =
            files.iter().map(|f| (f.path.as_str(), f.id)).collect();
        let checked_out = CheckedOut::from_index(root, folder, &by_path);
        TreeSource {
            root,
            disk: crate::paths::to_path(root, folder),
            files,
            dirs_with_init,
            by_path,
            checked_out,
            max_file_size,
        }
    }

    /// The blob of `path` in the tree.
    pub fn id(&self, path: &str) -> Option<git2::Oid> {
        self.by_path.get(path).copied()
    }

    /// The module at the `/`-separated `name`: `Some(true)` a folder
    /// `name/`, `Some(false)` a file `name.py`, None neither.
    pub fn module_at(&self, name: &str) -> Option<bool> {
        let file = format!("{name}.py");
        let dir = format!("{name}/");
        let mut found = None;
        for (p, _) in self
            .by_path
            .range(name..)
            .take_while(|(p, _)| p.starts_with(name))
        {
            if p.starts_with(&dir) {
                return Some(true);
            }
            if **p == file {
                found = Some(false);
            }
        }
        found
    }
}

impl super::stars::Files for TreeSource<'_> {
    fn read(&self, rel: &str) -> Option<Vec<u8>> {
        self.id(rel)?;
        (self.reader())(rel).ok()
    }

    fn children(&self, rel: &str) -> Vec<String> {
        let dir = format!("{rel}/");
        let mut out: Vec<String> = (self.by_path.range(dir.as_str()..))
            .take_while(|(p, _)| p.starts_with(&dir))
            .filter_map(|(p, _)| {
                let rest = &p[dir.len()..];
                match rest.split_once('/') {
                    Some((folder, _)) => Some(folder.to_string()),
                    None => rest.strip_suffix(".py").map(String::from),
                }
            })
            .collect();
        out.dedup();
        out
    }
}

impl Source for TreeSource<'_> {
    fn paths(&self) -> Vec<String> {
        // Submodules and symlinks are not files to analyse.
        self.files
            .iter()
            .filter(|f| f.is_regular())
            .map(|f| f.path.clone())
            .collect()
    }

    fn reader(&self) -> Reader<'_> {
        let repo = git2::Repository::open(self.root).ok();
        Box::new(move |path: &str| {
            let repo = repo
                .as_ref()
                .ok_or_else(|| std::io::Error::other("cannot open the repository"))?;
            let id = self
                .id(path)
                .ok_or_else(|| std::io::Error::other("not in the base tree"))?;
            // The size from the object's header, before loading it.
            let blob_len = repo
                .odb()
                .ok()
                .and_then(|odb| odb.read_header(id).ok())
                .map(|(len, _)| len as u64);
            if let Some(len) = blob_len
                && len > self.max_file_size
            {
                return Err(crate::scan::too_large(len, self.max_file_size));
            }
            if let Some(bytes) = self
                .checked_out
                .as_ref()
                .zip(blob_len)
                .and_then(|(c, len)| c.read(&self.disk, path, id, len))
            {
                return Ok(bytes);
            }
            let blob = repo.find_blob(id).map_err(std::io::Error::other)?;
            Ok(blob.content().to_vec())
        })
    }

    fn has_init(&self, dir: &str) -> bool {
        self.dirs_with_init.contains(dir)
    }
}

/// What the index says of the files checked out from the base: a file
/// whose index entry has the base's blob and whose stat still matches the
/// entry holds that blob's bytes, by git's own test for "unchanged" (the
/// test `git status` relies on). Reading it from disk skips inflating the
/// object, which is most of a base scan's cost.
struct CheckedOut {
    entries: std::collections::HashMap<String, Stat>,
    /// Entries written in the index's own second may have changed since
    /// without their stat showing it ("racy git"): not trusted.
    index_mtime: (i64, i64),
}

#[derive(Clone, Copy)]
struct Stat {
    id: git2::Oid,
    size: u32,
    mtime: (i64, i64),
    ino: u32,
}

impl CheckedOut {
    /// `base` is named from the project's `folder`, the index from the root.
    #[cfg(unix)]
    fn from_index(root: &Path, folder: &str, base: &BTreeMap<&str, git2::Oid>) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        let repo = git2::Repository::open(root).ok()?;
        repo.workdir()?;
        if has_conversions(&repo) {
            return None;
        }
        let meta = std::fs::metadata(repo.path().join("index")).ok()?;
        let index = repo.index().ok()?;
        let mut entries = std::collections::HashMap::new();
        for e in index.iter() {
            let path = crate::paths::from_bytes(&e.path);
            let Some(path) = in_project(folder, &path) else {
                continue;
            };
            if base.get(path) == Some(&e.id) {
                let stat = Stat {
                    id: e.id,
                    size: e.file_size,
                    mtime: (
                        i64::from(e.mtime.seconds()),
                        i64::from(e.mtime.nanoseconds()),
                    ),
                    ino: e.ino,
                };
                entries.insert(path.to_string(), stat);
            }
        }
        Some(CheckedOut {
            entries,
            index_mtime: (meta.mtime(), meta.mtime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn from_index(_: &Path, _: &str, _: &BTreeMap<&str, git2::Oid>) -> Option<Self> {
        None
    }

    /// The file's bytes, if it is known to hold blob `id` (`path` is
    /// named from the project's folder `dir`).
    #[cfg(unix)]
    fn read(&self, dir: &Path, path: &str, id: git2::Oid, blob_len: u64) -> Option<Vec<u8>> {
        use std::os::unix::fs::MetadataExt;
        let e = self.entries.get(path).filter(|e| e.id == id)?;
        let file = crate::paths::to_path(dir, path);
        let before = std::fs::symlink_metadata(&file).ok()?;
        let mtime = (before.mtime(), before.mtime_nsec());
        let same = before.is_file()
            && before.len() == u64::from(e.size)
            && before.len() == blob_len
            && mtime == e.mtime
            && before.ino() as u32 == e.ino
            && mtime < self.index_mtime;
        if !same {
            return None;
        }
        let bytes = std::fs::read(&file).ok()?;
        (bytes.len() as u64 == before.len()).then_some(bytes)
    }

    #[cfg(not(unix))]
    fn read(&self, _: &Path, _: &str, _: git2::Oid, _: u64) -> Option<Vec<u8>> {
        None
    }
}

/// Whether the repository runs content filters on checkout (a custom
/// `filter=` could keep the size while changing the bytes). Line-ending
/// conversion, `ident`, LFS and re-encoding all change the size, which
/// [`CheckedOut::read`] compares with the blob's.
fn has_conversions(repo: &git2::Repository) -> bool {
    let filtered = |t: &[u8]| memchr::memmem::find(t, b"filter").is_some();
    if std::fs::read(repo.path().join("info/attributes")).is_ok_and(|t| filtered(&t)) {
        return true;
    }
    let Ok(index) = repo.index() else {
        return true;
    };
    index.iter().any(|e| {
        let attributes = e.path == b".gitattributes" || e.path.ends_with(b"/.gitattributes");
        attributes && repo.find_blob(e.id).map_or(true, |b| filtered(b.content()))
    })
}
