//! The layout: which paths exist. Builds the plan's files and directories —
//! the fixed websocket_core package, then one `services/<svc>/` tree per ~700
//! files with app packages, test packages, modules and tests.
//!
//! Only paths and kinds are decided here; the draws from `rng` happen in a
//! fixed order, so reordering calls changes the corpus.

use crate::plan::{Kind, Plan};
use crate::rng::Rng;
use crate::vocab::{AREAS, NOUNS, QUALS, SERVICES, SUBAREAS, SUFFIXES, VERBS};

/// The plan of an `n`-file corpus (files only; no violations yet).
pub(crate) fn make_plan(n: usize, rng: &mut Rng) -> Plan {
    let mut p = Plan {
        files: Vec::new(),
        dirs: Vec::new(),
        modules: Vec::new(),
    };
    if !push_fixed_files(&mut p, n) {
        return p;
    }
    let n_services = ((n - p.files.len()) / 700).max(1);
    let start = p.files.len();
    let per = (n - start) / n_services;
    for s in 0..n_services {
        let end = if s + 1 == n_services {
            n
        } else {
            start + per * (s + 1)
        };
        let root = format!("services/{}", service_name(s));
        push_skeleton(&mut p, &root, end);
        ServiceTree::new(&root).grow(&mut p, rng, end);
    }
    p
}

/// Pushes the definition package and `services/common`; false when that
/// already fills the `n` files (the plan is then truncated to `n`).
fn push_fixed_files(p: &mut Plan, n: usize) -> bool {
    let core = "netra_backend/app/websocket_core";
    p.push("netra_backend", "__init__.py", Kind::Init);
    p.push("netra_backend/app", "__init__.py", Kind::Init);
    p.push(core, "__init__.py", Kind::Fixed(0));
    p.push(core, "websocket_manager.py", Kind::Fixed(1));
    p.push(core, "websocket_manager_factory.py", Kind::Fixed(2));
    if n >= 1000 {
        // Sibling modules inside the package: a relative-import violation and
        // a relative import of the canonical module (not a violation).
        p.push(core, "connection_handler.py", Kind::Fixed(3));
        p.push(core, "event_router.py", Kind::Fixed(4));
    }
    if p.files.len() >= n {
        p.files.truncate(n.max(1));
        return false;
    }
    p.push("services", "__init__.py", Kind::Init);
    p.push("services/common", "__init__.py", Kind::Init);
    p.push("services/common", "context.py", Kind::Fixed(5));
    if p.files.len() >= n {
        p.files.truncate(n);
        return false;
    }
    true
}

/// Name of service `s`: the list first, then numbered repeats of it.
fn service_name(s: usize) -> String {
    if s < SERVICES.len() {
        SERVICES[s].to_string()
    } else {
        format!("{}{}", SERVICES[s % SERVICES.len()], s / SERVICES.len() + 1)
    }
}

/// The packages every service has, as far as the service's share `end` allows.
fn push_skeleton(p: &mut Plan, root: &str, end: usize) {
    let skeleton: [(String, &str, Kind); 6] = [
        (root.to_string(), "__init__.py", Kind::Init),
        (format!("{root}/app"), "__init__.py", Kind::Init),
        (format!("{root}/tests"), "__init__.py", Kind::Init),
        (format!("{root}/tests"), "conftest.py", Kind::Conftest),
        (format!("{root}/tests/unit"), "__init__.py", Kind::Init),
        (
            format!("{root}/tests/integration"),
            "__init__.py",
            Kind::Init,
        ),
    ];
    for (d, name, k) in skeleton {
        if p.files.len() < end {
            p.push(&d, name, k);
        }
    }
}

/// The packages of one service as it grows: where new modules and tests go.
struct ServiceTree {
    root: String,
    /// (path, depth below `app/`)
    app_dirs: Vec<(String, usize)>,
    test_dirs: Vec<String>,
}

impl ServiceTree {
    fn new(root: &str) -> Self {
        ServiceTree {
            root: root.to_string(),
            app_dirs: Vec::new(),
            test_dirs: vec![
                format!("{root}/tests/unit"),
                format!("{root}/tests/integration"),
            ],
        }
    }

    /// Adds packages, modules and tests until the plan holds `end` files. A
    /// step that draws a name already taken adds nothing and the loop draws
    /// again.
    fn grow(&mut self, p: &mut Plan, rng: &mut Rng, end: usize) {
        while p.files.len() < end {
            let r = rng.below(100);
            if self.app_dirs.is_empty() || r < 4 {
                self.new_app_package(p, rng);
            } else if r < 6 {
                self.new_test_package(p, rng);
            } else if r < 72 {
                self.new_module(p, rng);
            } else {
                self.new_test(p, rng);
            }
        }
    }

    /// A new package under app/ (area) or under an existing one.
    fn new_app_package(&mut self, p: &mut Plan, rng: &mut Rng) {
        let (parent, depth) = if !self.app_dirs.is_empty() && rng.chance(0.45) {
            let (d, depth) = rng.pick(&self.app_dirs).clone();
            if depth >= 3 {
                return;
            }
            (d, depth)
        } else {
            (format!("{}/app", self.root), 0)
        };
        let name = if depth == 0 {
            *rng.pick(AREAS)
        } else {
            *rng.pick(SUBAREAS)
        };
        let d = format!("{parent}/{name}");
        if self.app_dirs.iter().any(|(x, _)| *x == d) {
            return;
        }
        p.push(&d, "__init__.py", Kind::Init);
        self.app_dirs.push((d, depth + 1));
    }

    fn new_test_package(&mut self, p: &mut Plan, rng: &mut Rng) {
        let name = *rng.pick(AREAS);
        let d = format!("{}/tests/unit/{name}", self.root);
        if self.test_dirs.contains(&d) {
            return;
        }
        p.push(&d, "__init__.py", Kind::Init);
        self.test_dirs.push(d);
    }

    fn new_module(&self, p: &mut Plan, rng: &mut Rng) {
        // favour recently created packages a little, as real trees grow
        let app_dirs = &self.app_dirs;
        let i = if rng.chance(0.3) {
            app_dirs.len() - 1 - rng.below(app_dirs.len().min(3))
        } else {
            rng.below(app_dirs.len())
        };
        let d = app_dirs[i].0.clone();
        let di = p.dir_of(&d);
        let base = match rng.below(3) {
            0 => format!("{}_{}", rng.pick(NOUNS), rng.pick(SUFFIXES)),
            1 => format!(
                "{}_{}_{}",
                rng.pick(QUALS),
                rng.pick(NOUNS),
                rng.pick(SUFFIXES)
            ),
            _ => format!("{}_{}", rng.pick(NOUNS), rng.pick(NOUNS)),
        };
        let stem = p.unique_stem(di, base);
        p.push(&d, &format!("{stem}.py"), Kind::Module);
    }

    fn new_test(&self, p: &mut Plan, rng: &mut Rng) {
        let d = rng.pick(&self.test_dirs).clone();
        let di = p.dir_of(&d);
        let base = match rng.below(3) {
            0 => format!("test_{}_{}", rng.pick(NOUNS), rng.pick(SUFFIXES)),
            1 => format!("test_{}_{}", rng.pick(VERBS), rng.pick(NOUNS)),
            _ => format!(
                "test_{}_{}_{}",
                rng.pick(QUALS),
                rng.pick(NOUNS),
                rng.pick(SUFFIXES)
            ),
        };
        let stem = p.unique_stem(di, base);
        p.push(&d, &format!("{stem}.py"), Kind::Test);
    }
}
