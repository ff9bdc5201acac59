//! The project's modules and their top-level names, read from the working
//! tree: what `canon doctor` checks rules against (`doctor`), and where
//! `canon init` finds deprecation shims (`shims`).
//!
//! It reuses the scan's walk ([`crate::scan::python_files`]), the module
//! naming of the scan, the parser and the per-file semantic model; it
//! proposes no edit and knows nothing of the commands that print it.

pub(crate) mod bound;
mod changed;
mod class;
pub mod doctor;
mod forward;
mod mutual;
pub mod shims;
mod signature;
pub mod widen;

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use tree_sitter::{Node, Tree};

use crate::python::{self, BindingKind, ScopeKind, Semantic};
pub use forward::verdict as shim_verdict;
pub use signature::Params;

/// One Python file of the project and the module it is.
#[derive(Debug, Clone)]
pub struct ModuleFile {
    /// Relative to the root, `/`-separated.
    pub path: String,
    pub is_init: bool,
}

/// A module's top-level names, as its file binds them.
#[derive(Debug, Default)]
pub struct Module {
    pub path: String,
    /// The last module-scope binding of each name.
    pub names: BTreeMap<String, Name>,
    /// Modules star-imported at module scope (`from m import *`).
    pub stars: Vec<String>,
    /// The module defines `__getattr__` (PEP 562): any name may exist.
    pub dynamic: bool,
    /// What its `__all__` says.
    pub all: All,
    /// Code that may bind module-level names its statements do not spell
    /// (`globals().update(…)`, see [`Semantic::namespace_written`]), as
    /// spelled: any name may exist, and without `__all__` a star import
    /// of the module may bind any.
    pub namespace_written: Option<String>,
    /// What its module-level imports load when it runs (not those under
    /// `if TYPE_CHECKING:`): each module named, and each `from m import x`'s
    /// `m.x`, which may be a submodule.
    pub loads: Vec<String>,
}

/// A module's `__all__`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub enum All {
    #[default]
    Absent,
    /// The names it lists, every value given to it read.
    Listed(Vec<String>),
    /// Some value given to it is not a list canon reads, or an import binds it.
    Unread,
}

impl Module {
    /// What `from <this module> import *` binds, from what this file binds
    /// (Python's rule): the names `__all__` lists, else its public names
    /// (no leading `_`), with those of its own star imports (`star`: what
    /// each binds, `None` when canon cannot tell) and, for a package, its
    /// submodules (`submodules`: bound as attributes once imported). `None`
    /// when canon cannot tell.
    pub fn star_names(
        &self,
        star: &mut dyn FnMut(&str) -> Option<std::sync::Arc<std::collections::BTreeSet<String>>>,
        submodules: &[String],
    ) -> Option<std::collections::BTreeSet<String>> {
        let public = |n: &String| !n.starts_with('_');
        match &self.all {
            All::Listed(names) => return Some(names.iter().cloned().collect()),
            All::Unread => return None,
            All::Absent if self.namespace_written.is_some() => return None,
            All::Absent => {}
        }
        let mut out: std::collections::BTreeSet<String> =
            self.names.keys().filter(|n| public(n)).cloned().collect();
        for m in &self.stars {
            out.extend(star(m)?.iter().filter(|n| public(n)).cloned());
        }
        out.extend(submodules.iter().filter(|n| public(n)).cloned());
        Some(out)
    }
}

#[derive(Debug, Clone)]
pub struct Name {
    /// 1-based line of the binding.
    pub line: usize,
    pub kind: NameKind,
}

#[derive(Debug, Clone)]
pub enum NameKind {
    Function {
        is_async: bool,
        /// Its body yields (a generator, or an async generator).
        generator: bool,
        params: Params,
    },
    Class(ClassDef),
    /// Bound by an import to this dotted symbol (a re-export).
    Import(String),
    /// An assignment or any other binding: a value of unknown kind.
    Value,
}

/// A class as its own code says: what its body's `__init__` (or, for a
/// dataclass, its fields) takes, and its bases to inherit one from.
#[derive(Debug, Clone)]
pub struct ClassDef {
    pub name: String,
    /// The parameters of its own `__init__` after `self`, or of the
    /// `__init__` its dataclass fields make.
    pub init: Option<Params>,
    /// Whether `init` is an `__init__` written in its body.
    pub own: bool,
    /// Its bases, left to right.
    pub bases: Vec<Base>,
    /// Why what calling it takes cannot be told from the code (a
    /// metaclass, `__new__`, a decorator that may write `__init__`).
    pub opaque: Option<String>,
    /// The `def`s of its body (the last of each name), as `Class.name`
    /// finds them: a static or class method is a [`Kind::Function`] taking
    /// what a call passes (a classmethod's `cls` is bound), a plain method
    /// a [`Kind::InstanceMethod`], a `@property` a [`Kind::Property`].
    pub methods: BTreeMap<String, Method>,
}

/// A `def` in a class body.
#[derive(Debug, Clone)]
pub struct Method {
    /// 1-based line of its name.
    pub line: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Base {
    /// `object`, `abc.ABC`, `typing.Generic[…]`: no `__init__` of note.
    Object,
    Symbol(String),
    /// An expression canon cannot resolve, as written.
    Unresolved(String),
}

/// What a dotted target is, once re-exports are followed.
#[derive(Debug, Clone)]
pub enum Kind {
    Module,
    Function {
        is_async: bool,
        /// Called, it returns an iterator (`yield` in the body): iterated,
        /// not awaited or used as a result.
        generator: bool,
        params: Params,
    },
    /// `init`: what calling it takes after `self`, from its own or an
    /// inherited `__init__`, `None` when no class up to `object` defines
    /// one; `unknown`: why that cannot be told (then `init` is `None`).
    Class {
        init: Option<Params>,
        unknown: Option<String>,
        /// `init` is the `__init__` written in the class's own body.
        own: bool,
    },
    /// A plain method looked up on its class (`Svc.run`): a call
    /// `Svc.run(1)` binds 1 to `self`. `params` include `self`.
    InstanceMethod {
        is_async: bool,
        generator: bool,
        params: Params,
    },
    /// A `@property` or `@functools.cached_property` looked up on its
    /// class: a descriptor object, not a callable.
    Property,
    /// A value, something re-exported from outside the project, an
    /// attribute of a class canon cannot read, a name a module's
    /// `__getattr__` may supply.
    Unknown,
}

impl Kind {
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Module => "a module",
            Kind::Function {
                is_async: true,
                generator: true,
                ..
            } => "an async generator function",
            Kind::Function { is_async: true, .. } => "an async function",
            Kind::Function {
                generator: true, ..
            } => "a generator function",
            Kind::Function { .. } => "a function",
            Kind::InstanceMethod { .. } => "an instance method",
            Kind::Property => "a property",
            Kind::Class { .. } => "a class",
            Kind::Unknown => "a value",
        }
    }
}

/// Where a dotted target was found, or why it was not.
#[derive(Debug, Clone)]
pub enum Found {
    /// In the project: the file and line that define it (line 1 for a module).
    Here {
        path: String,
        line: usize,
        kind: Kind,
    },
    /// Its top-level package is not in the project (a third-party or
    /// standard-library name): not checked.
    Outside,
    /// Its package is in the project but `missing` (a prefix of the
    /// target, or the target) is not: `detail` says where it was looked
    /// for, `suggestion` is the target with the nearest name instead.
    Missing {
        missing: String,
        detail: String,
        suggestion: Option<String>,
    },
}

/// Every module of the project, parsed on demand (each file at most once).
pub struct Index {
    root: PathBuf,
    modules: BTreeMap<String, Vec<ModuleFile>>,
    /// Each file's module and its slot in `sources` (and in a
    /// [`Models`]'s cells).
    by_path: HashMap<String, (String, usize, bool)>,
    /// Each file's text and tree, read and parsed at most once: doctor
    /// and init look at many definitions of one file, and a parse per
    /// look made them quadratic in the file's size.
    sources: Vec<OnceCell<Option<Source>>>,
    parsed: RefCell<HashMap<String, Rc<Module>>>,
}

/// A project file's text and syntax tree.
pub struct Source {
    pub module: String,
    pub is_init: bool,
    pub text: String,
    pub tree: Tree,
}

/// Each project file's semantic model (its imports resolved, its
/// top-level definitions by line), built at most once and shared by every
/// rule that looks into the file. It borrows the [`Index`]'s sources, so
/// it lives beside the index, not in it.
pub struct Models<'a> {
    pub index: &'a Index,
    cells: Vec<OnceCell<Option<Model<'a>>>>,
    /// Each file's type tests ([`widen::TypeTest`]), found on the first ask.
    tests: Vec<OnceCell<Vec<widen::TypeTest>>>,
    /// Which files spell which words, each file's text read once, on the
    /// first ask: the checks that look for a shim's name in every file ask
    /// it once per shim.
    words: OnceCell<Words>,
}

/// The project's files (the first of each module) and, for each word
/// (identifier-like run) spelled in them, the files that spell it.
struct Words {
    paths: Vec<String>,
    by_word: HashMap<Box<str>, Vec<u32>>,
}

/// One file's model.
pub struct Model<'a> {
    pub path: &'a str,
    pub sem: Semantic<'a>,
    pub lines: python::LineIndex<'a>,
    pub root: Node<'a>,
    /// Each module-level `def`/`class` by the line of its name, with its
    /// decorators.
    defs: HashMap<usize, (Node<'a>, Vec<Node<'a>>)>,
}

impl<'a> Model<'a> {
    /// The module-level `def`/`class` whose name is on `line`, with its
    /// decorators.
    pub fn definition(&self, line: usize) -> Option<(Node<'a>, &[Node<'a>])> {
        self.defs.get(&line).map(|(d, decs)| (*d, decs.as_slice()))
    }
}

impl<'a> Models<'a> {
    pub fn new(index: &'a Index) -> Models<'a> {
        Models {
            index,
            cells: (0..index.sources.len()).map(|_| OnceCell::new()).collect(),
            tests: (0..index.sources.len()).map(|_| OnceCell::new()).collect(),
            words: OnceCell::new(),
        }
    }

    /// The project's files (the first of each module, in module order)
    /// that spell `word` as a whole word ([`python::contains_word`]).
    pub fn spelling(&self, word: &str) -> impl Iterator<Item = &str> {
        let words = self.words.get_or_init(|| {
            let mut paths = Vec::new();
            let mut by_word: HashMap<Box<str>, Vec<u32>> = HashMap::new();
            for (_, file) in self.index.modules() {
                let Some(text) = self.index.text(&file.path) else {
                    continue;
                };
                let k = paths.len() as u32;
                paths.push(file.path.clone());
                let ident = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
                for w in text.split(|c: char| c.is_ascii() && !ident(c as u8)) {
                    if w.is_empty() {
                        continue;
                    }
                    match by_word.get_mut(w) {
                        Some(files) if files.last() == Some(&k) => {}
                        Some(files) => files.push(k),
                        None => {
                            by_word.insert(w.into(), vec![k]);
                        }
                    }
                }
            }
            Words { paths, by_word }
        });
        words
            .by_word
            .get(word)
            .into_iter()
            .flatten()
            .map(|&k| words.paths[k as usize].as_str())
    }

    /// The model of project file `path` (relative, `/`-separated).
    /// `f` on the `class` statement of project class `class` (found by
    /// its dotted path, following re-exports) and its file's model.
    pub fn with_class<R>(
        &self,
        class: &str,
        f: impl FnOnce(Node, &python::Semantic) -> R,
    ) -> Option<R> {
        let Found::Here {
            path,
            line,
            kind: Kind::Class { .. },
        } = self.index.find(class)
        else {
            return None;
        };
        let model = self.model(&path)?;
        let (def, _) = model.definition(line)?;
        (def.kind() == "class_definition").then(|| f(def, &model.sem))
    }

    pub fn model(&self, path: &str) -> Option<&Model<'a>> {
        let (path, (_, slot, _)) = self.index.by_path.get_key_value(path)?;
        self.cells[*slot]
            .get_or_init(|| {
                let source = self.index.source(path)?;
                let sem =
                    Semantic::build(&source.tree, &source.text, &source.module, source.is_init);
                let lines = python::LineIndex::new(&source.text);
                let root = source.tree.root_node();
                let defs = top_definitions(root, &lines);
                Some(Model {
                    path,
                    sem,
                    lines,
                    root,
                    defs,
                })
            })
            .as_ref()
    }
}

/// Every module-level `def`/`class` by the line of its name, with its
/// decorators.
fn top_definitions<'t>(
    root: Node<'t>,
    lines: &python::LineIndex,
) -> HashMap<usize, (Node<'t>, Vec<Node<'t>>)> {
    let mut out = HashMap::new();
    let mut cursor = root.walk();
    for stmt in root.named_children(&mut cursor) {
        let (def, decorators) = match stmt.kind() {
            "decorated_definition" => {
                let mut c = stmt.walk();
                let decs = stmt
                    .named_children(&mut c)
                    .filter(|d| d.kind() == "decorator")
                    .collect();
                let Some(def) = stmt.child_by_field_name("definition") else {
                    continue;
                };
                (def, decs)
            }
            "function_definition" | "class_definition" => (stmt, Vec::new()),
            _ => continue,
        };
        let Some(name) = def.child_by_field_name("name") else {
            continue;
        };
        // The first definition on a line, as a scan from the top finds it.
        out.entry(lines.position(name.start_byte()).line)
            .or_insert((def, decorators));
    }
    out
}

/// How many re-exports a lookup follows before giving up (a cycle).
const MAX_HOPS: usize = 16;

impl Index {
    /// The Python files under `root`, named as the scan names them;
    /// `tops` are the top-level packages the rules name (for namespace
    /// packages without an `__init__.py`).
    pub fn new(root: &Path, tops: &[&str]) -> Index {
        let has_init = |dir: &str| {
            let d = crate::paths::to_path(root, dir);
            d.join("__init__.py").is_file() || d.join("__init__.pyi").is_file()
        };
        let mut modules: BTreeMap<String, Vec<ModuleFile>> = BTreeMap::new();
        let root_package = python::root_package(root);
        for rel in crate::scan::python_files(root) {
            let m = python::module_name_with(&rel, has_init, tops, &root_package);
            if m.name.is_empty() || !python::is_dotted_path(&m.name) {
                continue;
            }
            modules.entry(m.name).or_default().push(ModuleFile {
                path: rel,
                is_init: m.is_init,
            });
        }
        // A `.py` before its `.pyi`: the code that runs.
        for files in modules.values_mut() {
            files.sort_by_key(|f| f.path.ends_with(".pyi"));
        }
        let mut by_path = HashMap::new();
        for (name, files) in &modules {
            for f in files {
                let slot = by_path.len();
                by_path.insert(f.path.clone(), (name.clone(), slot, f.is_init));
            }
        }
        Index {
            root: root.to_path_buf(),
            modules,
            sources: (0..by_path.len()).map(|_| OnceCell::new()).collect(),
            by_path,
            parsed: RefCell::new(HashMap::new()),
        }
    }

    /// Every module name with its files, sorted by name.
    pub fn modules(&self) -> impl Iterator<Item = (&str, &ModuleFile)> {
        self.modules
            .iter()
            .filter_map(|(n, f)| f.first().map(|f| (n.as_str(), f)))
    }

    /// The text and tree of a project file, read and parsed once.
    pub fn source(&self, rel: &str) -> Option<&Source> {
        let (module, slot, is_init) = self.by_path.get(rel)?;
        self.sources[*slot]
            .get_or_init(|| {
                let text = self.read(rel)?;
                let mut parser = python::parser();
                let tree = python::parse(&mut parser, &text);
                Some(Source {
                    module: module.clone(),
                    is_init: *is_init,
                    text,
                    tree,
                })
            })
            .as_ref()
    }

    /// The text of a project file: its parsed source's when it was parsed
    /// already, else read (and not parsed).
    pub fn text(&self, rel: &str) -> Option<std::borrow::Cow<'_, str>> {
        let (_, slot, _) = self.by_path.get(rel)?;
        match self.sources[*slot].get() {
            Some(source) => source
                .as_ref()
                .map(|s| std::borrow::Cow::Borrowed(s.text.as_str())),
            None => self.read(rel).map(std::borrow::Cow::Owned),
        }
    }

    /// The text of a project file (decoded as the scan decodes it).
    pub fn read(&self, rel: &str) -> Option<String> {
        let bytes = std::fs::read(crate::paths::to_path(&self.root, rel)).ok()?;
        python::encoding::decode(bytes).ok()
    }

    /// The top-level names of `module`, when it is a project module whose
    /// file can be read.
    pub fn module(&self, module: &str) -> Option<Rc<Module>> {
        if let Some(m) = self.parsed.borrow().get(module) {
            return Some(m.clone());
        }
        let file = self.modules.get(module)?.first()?.clone();
        let source = self.source(&file.path)?;
        let parsed = Rc::new(read_module(&file, module, source));
        self.parsed
            .borrow_mut()
            .insert(module.to_string(), parsed.clone());
        Some(parsed)
    }

    /// Whether some project module is `prefix` or under it.
    fn has_package(&self, prefix: &str) -> bool {
        let dotted = format!("{prefix}.");
        self.modules.contains_key(prefix)
            || self
                .modules
                .range(dotted.clone()..)
                .next()
                .is_some_and(|(n, _)| n.starts_with(&dotted))
    }

    /// The last names of the modules directly under `package`.
    fn submodules(&self, package: &str) -> Vec<String> {
        let dotted = format!("{package}.");
        self.modules
            .range(dotted.clone()..)
            .take_while(|(n, _)| n.starts_with(&dotted))
            .filter_map(|(n, _)| n[dotted.len()..].split('.').next().map(String::from))
            .collect()
    }

    /// Whether `a` and `b` name one definition (following re-exports).
    pub fn same(&self, a: &str, b: &str) -> bool {
        if a == b {
            return true;
        }
        match (self.find(a), self.find(b)) {
            (
                Found::Here {
                    path: pa, line: la, ..
                },
                Found::Here {
                    path: pb, line: lb, ..
                },
            ) => pa == pb && la == lb,
            _ => false,
        }
    }

    /// Find `target` (a dotted module or symbol) in the project.
    pub fn find(&self, target: &str) -> Found {
        self.find_hops(target, 0, &mut HashSet::new())
    }

    /// `seen`: the targets looked up on the way here. Re-exports and star
    /// imports may form a cycle (two modules that star-import each other is
    /// legal Python): each target is looked up once, and at most
    /// [`MAX_HOPS`] re-exports deep, so the recursion stays shallow.
    fn find_hops(&self, target: &str, hops: usize, seen: &mut HashSet<String>) -> Found {
        if let Some(files) = self.modules.get(target) {
            return Found::Here {
                path: files[0].path.clone(),
                line: 1,
                kind: Kind::Module,
            };
        }
        let parts: Vec<&str> = target.split('.').collect();
        // The longest prefix that is a module, and the name after it.
        for i in (1..parts.len()).rev() {
            let module = parts[..i].join(".");
            let Some(m) = self.module(&module) else {
                continue;
            };
            if !seen.insert(target.to_string()) {
                // Followed here again through a cycle: nothing new.
                return Found::Missing {
                    missing: target.to_string(),
                    detail: format!("{} re-exports it from itself", m.path),
                    suggestion: None,
                };
            }
            return self.find_in(&m, &module, &parts[i..], hops, seen);
        }
        // No module on the way: a namespace package, or not ours at all.
        let deepest = (1..parts.len())
            .rev()
            .find(|&i| self.has_package(&parts[..i].join(".")));
        match deepest {
            None => Found::Outside,
            Some(i) => {
                let package = parts[..i].join(".");
                let missing = parts[..=i].join(".");
                let subs = self.submodules(&package);
                Found::Missing {
                    detail: format!("no module {missing} under package {package}"),
                    suggestion: nearest(parts[i], subs.iter().map(String::as_str))
                        .map(|n| respell(&parts, i, n)),
                    missing,
                }
            }
        }
    }

    /// Find `rest` (one name or more) in project module `m`.
    fn find_in(
        &self,
        m: &Module,
        module: &str,
        rest: &[&str],
        hops: usize,
        seen: &mut HashSet<String>,
    ) -> Found {
        let name = rest[0];
        let full = format!("{module}.{}", rest.join("."));
        let depth = module.split('.').count();
        let Some(binding) = m.names.get(name) else {
            for star in m.stars.iter().filter(|_| hops < MAX_HOPS) {
                if let found @ Found::Here { .. } = self.follow_symbol(star, rest, hops, seen) {
                    return found;
                }
            }
            if m.dynamic || m.namespace_written.is_some() {
                return Found::Here {
                    path: m.path.clone(),
                    line: 1,
                    kind: Kind::Unknown,
                };
            }
            let parts: Vec<&str> = full.split('.').collect();
            let subs = self.submodules(module);
            let candidates = m
                .names
                .keys()
                .map(String::as_str)
                .chain(subs.iter().map(String::as_str));
            return Found::Missing {
                missing: format!("{module}.{name}"),
                detail: format!("{} defines no `{name}`", m.path),
                suggestion: nearest(name, candidates).map(|n| respell(&parts, depth, n)),
            };
        };
        let kind = match &binding.kind {
            NameKind::Import(symbol) => {
                if hops >= MAX_HOPS {
                    Kind::Unknown
                } else {
                    return match self.follow_symbol(symbol, &rest[1..], hops, seen) {
                        Found::Outside => Found::Here {
                            path: m.path.clone(),
                            line: binding.line,
                            kind: Kind::Unknown,
                        },
                        found => found,
                    };
                }
            }
            NameKind::Class(c) if rest.len() == 2 => match c.methods.get(rest[1]) {
                Some(method) => {
                    return Found::Here {
                        path: m.path.clone(),
                        line: method.line,
                        kind: method.kind.clone(),
                    };
                }
                None => Kind::Unknown,
            },
            _ if rest.len() > 1 => Kind::Unknown,
            NameKind::Function {
                is_async,
                generator,
                params,
            } => Kind::Function {
                is_async: *is_async,
                generator: *generator,
                params: params.clone(),
            },
            NameKind::Class(c) => match self.init_of(c, hops, seen) {
                Ok(init) => Kind::Class {
                    init,
                    unknown: None,
                    own: c.own,
                },
                Err(why) => Kind::Class {
                    init: None,
                    unknown: Some(why),
                    own: false,
                },
            },
            NameKind::Value => Kind::Unknown,
        };
        Found::Here {
            path: m.path.clone(),
            line: binding.line,
            kind,
        }
    }

    /// What calling class `c` takes: its own `__init__`, else the first
    /// one its bases define, left to right and depth first (the MRO when
    /// no two bases share one: a class met twice is refused as a cycle or
    /// diamond by `seen`), at most [`MAX_HOPS`] classes up. `Ok(None)`:
    /// none up to `object`.
    fn init_of(
        &self,
        c: &ClassDef,
        hops: usize,
        seen: &mut HashSet<String>,
    ) -> Result<Option<Params>, String> {
        if let Some(why) = &c.opaque {
            return Err(why.clone());
        }
        if c.init.is_some() {
            return Ok(c.init.clone());
        }
        let name = &c.name;
        for base in &c.bases {
            let s = match base {
                Base::Object => continue,
                Base::Unresolved(text) => {
                    return Err(format!(
                        "`{name}`'s base `{text}` is not a class canon can read"
                    ));
                }
                Base::Symbol(s) => s,
            };
            if hops >= MAX_HOPS {
                return Err(format!(
                    "`{name}`'s bases go more than {MAX_HOPS} classes deep"
                ));
            }
            match self.find_hops(s, hops + 1, seen) {
                Found::Here {
                    kind:
                        Kind::Class {
                            unknown: Some(why), ..
                        },
                    ..
                } => return Err(why),
                Found::Here {
                    kind: Kind::Class { init: Some(p), .. },
                    ..
                } => return Ok(Some(p)),
                Found::Here {
                    kind: Kind::Class { init: None, .. },
                    ..
                } => {}
                Found::Outside => {
                    return Err(format!("`{name}`'s base {s} is outside the project"));
                }
                _ => {
                    return Err(format!(
                        "`{name}`'s base {s} is not a class canon can follow"
                    ));
                }
            }
        }
        Ok(None)
    }

    /// `rest` under `symbol` (a re-export's target, a star-imported module).
    fn follow_symbol(
        &self,
        symbol: &str,
        rest: &[&str],
        hops: usize,
        seen: &mut HashSet<String>,
    ) -> Found {
        let mut target = symbol.to_string();
        for r in rest {
            target.push('.');
            target.push_str(r);
        }
        self.find_hops(&target, hops + 1, seen)
    }
}

/// `parts` with the one at `i` replaced by `name`, joined.
fn respell(parts: &[&str], i: usize, name: &str) -> String {
    let mut v: Vec<&str> = parts.to_vec();
    if i < v.len() {
        v[i] = name;
    }
    v.join(".")
}

/// The candidate nearest to `name` in spelling, if near enough to be a
/// likely typo: at most a third of its letters off (one for short names),
/// or differing only in case.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| {
            let d = if c.eq_ignore_ascii_case(name) {
                0
            } else {
                distance(name, c)
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Edit distance in characters, a swap of two neighbours counting one
/// (optimal string alignment): `mdo` is one edit from `mod`.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Parse one module's text and read its top-level names.
fn read_module(file: &ModuleFile, module: &str, source: &Source) -> Module {
    let (text, tree) = (source.text.as_str(), &source.tree);
    let sem = Semantic::build(tree, text, module, file.is_init);
    let index = python::LineIndex::new(text);
    let mut out = Module {
        path: file.path.clone(),
        ..Module::default()
    };
    for (name, bindings) in &sem.scopes[0].bindings {
        let Some(b) = bindings.iter().max_by_key(|b| b.pos) else {
            continue;
        };
        let kind = match &b.kind {
            BindingKind::Import { symbol, .. } => NameKind::Import(symbol.clone()),
            BindingKind::Definition { range } => definition(&sem, tree.root_node(), range.clone()),
            BindingKind::Local | BindingKind::Star { .. } => NameKind::Value,
        };
        if name == "__getattr__" {
            out.dynamic = true;
        }
        out.names.insert(
            name.clone(),
            Name {
                line: index.position(b.pos).line,
                kind,
            },
        );
    }
    for i in sem
        .imports
        .iter()
        .filter(|i| i.scope == 0 && !i.type_checking)
    {
        out.loads.extend(i.module.iter().cloned());
        out.loads
            .extend(i.entries.iter().filter_map(|e| match i.kind {
                python::ImportKind::Import => Some(e.name.clone()),
                python::ImportKind::From => e.symbol.clone(),
            }));
    }
    out.stars = sem
        .imports
        .iter()
        .filter(|i| i.scope == 0 && i.star && !i.type_checking)
        .filter_map(|i| i.module.clone())
        .collect();
    out.all = dunder_all(&sem);
    out.namespace_written = sem.namespace_written();
    out
}

/// What the module's `__all__` says (see [`All`]).
fn dunder_all(sem: &Semantic) -> All {
    let bound = sem.scopes[0].bindings.get("__all__");
    if bound.is_none() && sem.dunder_all.is_empty() {
        return All::Absent;
    }
    let imported = bound
        .into_iter()
        .flatten()
        .any(|b| !matches!(b.kind, BindingKind::Local));
    if sem.dunder_all_unread || imported || sem.dunder_all_written().is_some() {
        return All::Unread;
    }
    All::Listed(
        sem.dunder_all
            .iter()
            .filter_map(|n| python::string_content(*n).map(|c| sem.source[c].to_string()))
            .collect(),
    )
}

/// [`read_module`] on a file's text, for a driver that reads project
/// files from elsewhere than the working tree (a commit's tree).
pub fn read_module_text(path: &str, module: &str, is_init: bool, text: String) -> Module {
    let mut parser = python::parser();
    let tree = python::parse(&mut parser, &text);
    let source = Source {
        module: module.to_string(),
        is_init,
        text,
        tree,
    };
    let file = ModuleFile {
        path: path.to_string(),
        is_init,
    };
    read_module(&file, module, &source)
}

/// The `def` or `class` node at `range`.
pub fn definition_node(root: Node, range: std::ops::Range<usize>) -> Option<Node> {
    let mut node = root.descendant_for_byte_range(range.start, range.end)?;
    loop {
        if matches!(node.kind(), "function_definition" | "class_definition") {
            return Some(node);
        }
        node = node.parent()?;
    }
}

/// What a `def` or `class` at `range` defines.
fn definition(sem: &Semantic, root: Node, range: std::ops::Range<usize>) -> NameKind {
    let Some(node) = definition_node(root, range.clone()) else {
        return NameKind::Value;
    };
    let is_async = sem
        .scopes
        .iter()
        .find(|s| s.range == range)
        .is_some_and(|s| matches!(s.kind, ScopeKind::Function { is_async: true }));
    match node.kind() {
        "function_definition" => NameKind::Function {
            is_async,
            generator: yields(node),
            params: Params::of(node, sem.source),
        },
        _ => NameKind::Class(class::read(sem, node)),
    }
}

/// Whether a `def`'s own body yields (not a nested `def`, `lambda` or
/// class's): calling it makes a generator.
pub fn yields(def: Node) -> bool {
    let Some(body) = def.child_by_field_name("body") else {
        return false;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if n.kind() == "yield" {
            return true;
        }
        if matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// The parameters of a class body's `__init__` after `self`.
fn class_init(class: Node, source: &str) -> Option<Params> {
    let body = class.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let init = body
        .named_children(&mut cursor)
        .map(|c| match c.kind() {
            "decorated_definition" => c.child_by_field_name("definition").unwrap_or(c),
            _ => c,
        })
        .filter(|c| c.kind() == "function_definition")
        .filter(|c| {
            c.child_by_field_name("name")
                .is_some_and(|n| &source[n.byte_range()] == "__init__")
        })
        .last()?;
    Some(Params::of(init, source).without_first())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested_and_far_ones_not() {
        assert_eq!(nearest("creat", ["create", "delete"]), Some("create"));
        assert_eq!(nearest("Create", ["create"]), Some("create"));
        assert_eq!(nearest("x", ["create"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("mdo", "mod"), 1);
    }
}
