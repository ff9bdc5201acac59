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
    /// Each module's top-level names, read at most once.
    read: Mutex<HashMap<String, Option<Arc<Read>>>>,
    /// [`StarNames::loads_at_import`]'s answers by (from, to): the
    /// self-check asks of every import an edit writes, each time it tries
    /// a set of edits.
    cycles: Mutex<HashMap<(String, String), Option<LoadPath>>>,
}

/// The modules through which one loads another (see
/// [`StarNames::loads_at_import`]).
type LoadPath = Vec<String>;

/// A project module as read: its names, and a package's submodules.
struct Read {
    module: crate::inspect::Module,
    submodules: Vec<String>,
}

/// How many re-exports [`StarNames::is_async`] follows (`pkg/__init__.py`
/// importing `f` from `pkg.impl`) before it stops telling.
const MAX_HOPS: usize = 8;

impl<'a> ProjectStars<'a> {
    pub fn new(files: &'a dyn Files) -> Self {
        ProjectStars {
            files,
            known: Mutex::new(HashMap::new()),
            read: Mutex::new(HashMap::new()),
            cycles: Mutex::new(HashMap::new()),
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

    fn read_names(&self, module: &str, on_way: &mut Vec<String>) -> Option<BTreeSet<String>> {
        let read = self.module(module)?;
        read.module
            .star_names(&mut |star| self.names(star, on_way), &read.submodules)
    }

    /// `module`'s top-level names, read the first time asked: where
    /// Python finds it from the project root (a package before a module
    /// of the name), or in its `src/`.
    fn module(&self, module: &str) -> Option<Arc<Read>> {
        let lock = || self.read.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = lock().get(module) {
            return r.clone();
        }
        let found = self.read_module(module).map(Arc::new);
        lock().insert(module.to_string(), found.clone());
        found
    }

    fn read_module(&self, module: &str) -> Option<Read> {
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
                let module = crate::inspect::read_module_text(&path, module, is_init, text);
                let submodules = match is_init {
                    true => self.files.children(&folder),
                    false => Vec::new(),
                };
                return Some(Read { module, submodules });
            }
        }
        None
    }

    /// [`StarNames::is_async`], `hops` re-exports into the lookup.
    fn async_def(&self, symbol: &str, hops: usize) -> Option<bool> {
        use crate::inspect::NameKind;
        let (module, name) = symbol.rsplit_once('.')?;
        let read = self.module(module)?;
        match &read.module.names.get(name)?.kind {
            NameKind::Function { is_async, .. } => Some(*is_async),
            NameKind::Class(_) => Some(false),
            NameKind::Import(to) if hops < MAX_HOPS && to != symbol => self.async_def(to, hops + 1),
            NameKind::Import(_) | NameKind::Value => None,
        }
    }

    /// [`StarNames::is_function`], `hops` re-exports into the lookup.
    fn function_def(&self, symbol: &str, hops: usize) -> Option<bool> {
        use crate::inspect::NameKind;
        let (module, name) = symbol.rsplit_once('.')?;
        let read = self.module(module)?;
        match &read.module.names.get(name)?.kind {
            NameKind::Function { .. } => Some(true),
            NameKind::Class(_) => Some(false),
            NameKind::Import(to) if hops < MAX_HOPS && to != symbol => {
                self.function_def(to, hops + 1)
            }
            NameKind::Import(_) | NameKind::Value => None,
        }
    }

    /// [`StarNames::loads_at_import`], worked out.
    fn import_path(&self, from: &str, to: &str) -> Option<Vec<String>> {
        // Breadth first, each module once, a few hundred at most: a path
        // found is surely one; none found within the bound tells nothing.
        const MAX_MODULES: usize = 500;
        // Loading `a.b.c` runs `a` and `a.b` first.
        let parts: Vec<&str> = from.split('.').collect();
        let starts: Vec<String> = (1..=parts.len()).map(|e| parts[..e].join(".")).collect();
        // A package's `__init__` loading its own submodule is how packages
        // are built: no claim about it.
        if starts.iter().any(|s| s == to) {
            return None;
        }
        let mut came_from: HashMap<String, Option<String>> =
            starts.iter().map(|s| (s.clone(), None)).collect();
        let mut todo: std::collections::VecDeque<String> = starts.into_iter().collect();
        while let Some(m) = todo.pop_front() {
            if came_from.len() > MAX_MODULES {
                return None;
            }
            let Some(read) = self.module(&m) else {
                continue;
            };
            for loaded in &read.module.loads {
                // `import a.b.c` runs `a`, `a.b` and `a.b.c`.
                let parts: Vec<&str> = loaded.split('.').collect();
                for end in 1..=parts.len() {
                    let next = parts[..end].join(".");
                    if came_from.contains_key(&next) {
                        continue;
                    }
                    came_from.insert(next.clone(), Some(m.clone()));
                    if next == to {
                        let mut path = vec![next];
                        while let Some(Some(p)) = came_from.get(path.last()?) {
                            path.push(p.clone());
                        }
                        path.reverse();
                        return Some(path);
                    }
                    todo.push_back(next);
                }
            }
        }
        None
    }
}

impl StarNames for ProjectStars<'_> {
    fn star_names(&self, module: &str) -> Option<Arc<BTreeSet<String>>> {
        self.names(module, &mut Vec::new())
    }

    fn is_async(&self, symbol: &str) -> Option<bool> {
        self.async_def(symbol, 0)
    }

    fn is_function(&self, symbol: &str) -> Option<bool> {
        self.function_def(symbol, 0)
    }

    fn reexports(&self, symbol: &str, target: &str) -> bool {
        use crate::inspect::NameKind;
        let mut at = symbol.to_string();
        for _ in 0..MAX_HOPS {
            let Some((module, name)) = at.rsplit_once('.') else {
                return false;
            };
            let Some(read) = self.module(module) else {
                return false;
            };
            match read.module.names.get(name).map(|n| &n.kind) {
                Some(NameKind::Import(to)) if *to == target => return true,
                Some(NameKind::Import(to)) if *to != at => at = to.clone(),
                _ => return false,
            }
        }
        false
    }

    fn loads_at_import(&self, from: &str, to: &str) -> Option<Vec<String>> {
        let lock = || self.cycles.lock().unwrap_or_else(|e| e.into_inner());
        let key = (from.to_string(), to.to_string());
        if let Some(path) = lock().get(&key) {
            return path.clone();
        }
        let path = self.import_path(from, to);
        lock().insert(key, path.clone());
        path
    }

    fn binds(&self, module: &str, name: &str) -> Option<bool> {
        Some(self.module(module)?.module.names.contains_key(name))
    }

    fn near_miss(&self, module: &str, name: &str) -> Option<String> {
        let read = self.module(module)?;
        let m = &read.module;
        if m.names.contains_key(name)
            || m.dynamic
            || m.namespace_written.is_some()
            || !m.stars.is_empty()
        {
            return None;
        }
        if read.submodules.iter().any(|s| s == name) {
            return None;
        }
        let candidates =
            (m.names.keys().map(String::as_str)).chain(read.submodules.iter().map(String::as_str));
        crate::inspect::nearest(name, candidates).map(String::from)
    }
}
