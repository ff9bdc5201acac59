//! What `from m import *` binds, for a module of the project: read from
//! the run's files (the working tree, or the commit's tree) the first time
//! a proposal asks, each module once, with [`crate::inspect`]'s reading of
//! a module's top-level names. A module canon cannot read, or whose
//! `__all__` it cannot, stays unseen: its star import may bind any name.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::python::StarNames;

/// The project files a run reads.
pub trait Files: Sync {
    /// The bytes of the file at the `/`-separated `rel`, if there is one.
    fn read(&self, rel: &str) -> Option<Vec<u8>>;
    /// The module names directly in folder `rel`: its `.py` files less
    /// the extension, and its folders.
    fn children(&self, rel: &str) -> Vec<String>;
}

/// The working tree under `root`.
pub struct WorkFiles<'a>(pub &'a Path);

impl Files for WorkFiles<'_> {
    fn read(&self, rel: &str) -> Option<Vec<u8>> {
        let path = crate::paths::to_path(self.0, rel);
        path.is_file().then(|| std::fs::read(path).ok()).flatten()
    }

    fn children(&self, rel: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(crate::paths::to_path(self.0, rel)) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| {
                let e = e.ok()?;
                let name = e.file_name().into_string().ok()?;
                match e.file_type().ok()?.is_dir() {
                    true => Some(name),
                    false => name.strip_suffix(".py").map(String::from),
                }
            })
            .collect()
    }
}

/// The names each project module's star import binds, found on demand.
pub struct ProjectStars<'a> {
    files: &'a dyn Files,
    known: Mutex<HashMap<String, Option<Arc<BTreeSet<String>>>>>,
}

impl<'a> ProjectStars<'a> {
    pub fn new(files: &'a dyn Files) -> Self {
        ProjectStars {
            files,
            known: Mutex::new(HashMap::new()),
        }
    }

    /// `on_way`: the modules whose names wait on this one's. Two modules
    /// may star-import each other: then neither can be told.
    fn names(&self, module: &str, on_way: &mut Vec<String>) -> Option<Arc<BTreeSet<String>>> {
        if let Some(k) = self.lock().get(module) {
            return k.clone();
        }
        if on_way.iter().any(|m| m == module) {
            return None;
        }
        on_way.push(module.to_string());
        let found = self.read_names(module, on_way).map(Arc::new);
        on_way.pop();
        self.lock().insert(module.to_string(), found.clone());
        found
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<Arc<BTreeSet<String>>>>> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Where Python finds `module` from the project root (a package
    /// before a module of the name), or in its `src/`, read.
    fn read_names(&self, module: &str, on_way: &mut Vec<String>) -> Option<BTreeSet<String>> {
        let rel = module.replace('.', "/");
        for dir in ["", "src/"] {
            let folder = format!("{dir}{rel}");
            for (path, is_init) in [
                (format!("{folder}/__init__.py"), true),
                (format!("{folder}.py"), false),
            ] {
                let Some(bytes) = self.files.read(&path) else {
                    continue;
                };
                let text = crate::python::encoding::decode(bytes).ok()?;
                let m = crate::inspect::read_module_text(&path, module, is_init, text);
                let subs = match is_init {
                    true => self.files.children(&folder),
                    false => Vec::new(),
                };
                return m.star_names(&mut |star| self.names(star, on_way), &subs);
            }
        }
        None
    }
}

impl StarNames for ProjectStars<'_> {
    fn star_names(&self, module: &str) -> Option<Arc<BTreeSet<String>>> {
        self.names(module, &mut Vec::new())
    }
}
