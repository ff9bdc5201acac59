//! A commit's tree as a scan source, read from git objects: each worker
//! opens its own repository handle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::git::TreeFile;
use crate::scan::{Reader, Source};

pub struct TreeSource<'a> {
    root: &'a Path,
    files: &'a [TreeFile],
    dirs_with_init: BTreeSet<String>,
    by_path: BTreeMap<&'a str, git2::Oid>,
}

impl<'a> TreeSource<'a> {
    pub fn new(root: &'a Path, files: &'a [TreeFile]) -> Self {
        let dirs_with_init = files
            .iter()
            .filter_map(|f| f.path.strip_suffix("/__init__.py").map(String::from))
            .collect();
        let by_path = files.iter().map(|f| (f.path.as_str(), f.id)).collect();
        TreeSource {
            root,
            files,
            dirs_with_init,
            by_path,
        }
    }

    /// The blob of `path` in the tree.
    pub fn id(&self, path: &str) -> Option<git2::Oid> {
        self.by_path.get(path).copied()
    }

    /// Whether a file or folder `name` sits at the top of the tree.
    pub fn has_top(&self, name: &str) -> bool {
        let file = format!("{name}.py");
        let dir = format!("{name}/");
        self.by_path
            .range(name..)
            .take_while(|(p, _)| p.starts_with(name))
            .any(|(p, _)| **p == file || p.starts_with(&dir))
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
            if let Ok(odb) = repo.odb()
                && let Ok((len, _)) = odb.read_header(id)
                && len as u64 > crate::scan::MAX_FILE
            {
                return Err(crate::scan::too_large(len as u64));
            }
            let blob = repo.find_blob(id).map_err(std::io::Error::other)?;
            Ok(blob.content().to_vec())
        })
    }

    fn has_init(&self, dir: &str) -> bool {
        self.dirs_with_init.contains(dir)
    }
}
