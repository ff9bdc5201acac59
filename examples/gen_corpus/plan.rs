//! The plan: every file of the corpus as data (path, kind, directory, the
//! violation forms and near miss it carries) before any text is written.
//!
//! `layout` fills it, `assign` marks violations and near misses, the file
//! templates render from it and `configs` lists it in the manifest. Nothing
//! here does I/O or draws random numbers.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Init,
    Module,
    Test,
    Conftest,
    /// Hand-written files of the websocket_core package.
    Fixed(u8),
}

/// Violation forms. All but the three string forms are imports that ruff's
/// TID251 sees.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Form {
    Plain,
    Alias,
    Paren,
    InFunc,
    TryImport,
    ModuleAlias,
    ModuleDotted,
    GetterAsync,
    GetterSync,
    Relative,
    PatchCtx,
    PatchDecorator,
    MonkeypatchSetattr,
}

impl Form {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Form::Plain => "plain",
            Form::Alias => "alias",
            Form::Paren => "paren",
            Form::InFunc => "in_func",
            Form::TryImport => "try_import",
            Form::ModuleAlias => "module_alias",
            Form::ModuleDotted => "module_dotted",
            Form::GetterAsync => "getter_async",
            Form::GetterSync => "getter_sync",
            Form::Relative => "relative",
            Form::PatchCtx => "patch_ctx",
            Form::PatchDecorator => "patch_decorator",
            Form::MonkeypatchSetattr => "monkeypatch_setattr",
        }
    }
    pub(crate) fn is_import(self) -> bool {
        !matches!(
            self,
            Form::PatchCtx | Form::PatchDecorator | Form::MonkeypatchSetattr
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Near {
    LocalDef,
    Comment,
    CanonicalImport,
    MethodCall,
    LogString,
}

impl Near {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Near::LocalDef => "local_def",
            Near::Comment => "comment",
            Near::CanonicalImport => "canonical_import",
            Near::MethodCall => "method_call",
            Near::LogString => "log_string",
        }
    }
}

pub(crate) struct File {
    pub(crate) path: String,
    pub(crate) kind: Kind,
    pub(crate) dir: usize,
    pub(crate) forms: Vec<Form>,
    pub(crate) near: Option<Near>,
}

pub(crate) struct Dir {
    pub(crate) path: String,
    /// Module stems in this directory (not `__init__`).
    pub(crate) stems: Vec<String>,
}

pub(crate) struct Plan {
    pub(crate) files: Vec<File>,
    pub(crate) dirs: Vec<Dir>,
    /// Indices of Module files (import targets for intra-repo imports).
    pub(crate) modules: Vec<usize>,
}

impl Plan {
    pub(crate) fn dir_of(&mut self, path: &str) -> usize {
        if let Some(i) = self.dirs.iter().rposition(|d| d.path == path) {
            return i;
        }
        self.dirs.push(Dir {
            path: path.to_string(),
            stems: Vec::new(),
        });
        self.dirs.len() - 1
    }
    pub(crate) fn push(&mut self, dir: &str, name: &str, kind: Kind) {
        let d = self.dir_of(dir);
        let path = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        if matches!(kind, Kind::Module) {
            self.modules.push(self.files.len());
        }
        if let Some(stem) = name.strip_suffix(".py") {
            if stem != "__init__" && stem != "conftest" {
                self.dirs[d].stems.push(stem.to_string());
            }
        }
        self.files.push(File {
            path,
            kind,
            dir: d,
            forms: Vec::new(),
            near: None,
        });
    }
    pub(crate) fn unique_stem(&self, dir: usize, base: String) -> String {
        let stems = &self.dirs[dir].stems;
        if !stems.contains(&base) {
            return base;
        }
        (2..)
            .map(|i| format!("{base}_{i}"))
            .find(|s| !stems.contains(s))
            .unwrap()
    }
}
