//! One rule's edits on one version of a file's text (a layer), built with
//! the help of the file's semantic model: import statements are rewritten in
//! place, entries split out or merged, imports added where a new name needs
//! one, and `requires` links recorded between edits that must go together.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::Node;

use super::{EditKind, text};
use crate::python::modules::Modules;
use crate::python::{BindingKind, Import, ImportKind, Reference, ScopeId, Semantic};

/// An edit on the layer's input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerEdit {
    pub range: Range<usize>,
    pub replacement: String,
    pub kind: EditKind,
    /// For a rewrite's fix: what its pieces must mean, for the self-check.
    pub fix: Option<FixPieces>,
    /// See [`super::Edit::note`].
    pub note: Option<String>,
}

/// Where a rewrite's replacement placed its `{symbol}`s and `$holes`, so the
/// self-check can tell what each reference in it must resolve to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FixPieces {
    /// (range in the replacement, the symbol it must denote)
    pub symbols: Vec<(Range<usize>, String)>,
    /// (range in the replacement, range of the matched text it copies)
    pub holes: Vec<(Range<usize>, Range<usize>)>,
}

/// A rule's edits on one text, with `requires` links between them.
#[derive(Debug, Default)]
pub struct Layer {
    pub edits: Vec<LayerEdit>,
    pub requires: Vec<(usize, usize)>,
    /// Findings that could not get a fix, and why (for reports).
    pub skipped: Vec<(Range<usize>, String)>,
    /// Insertions already planned, by (position, text), so matches share them.
    pub(super) added: HashMap<(usize, String), usize>,
    /// The links in `requires`, to add each once in constant time.
    pub(super) linked: HashSet<(usize, usize)>,
    /// The first match that sat inside another one rewritten here: another
    /// round of the rule, on this one's output, rewrites it.
    pub(super) nested: Option<Range<usize>>,
}

impl Layer {
    pub fn push(
        &mut self,
        range: Range<usize>,
        replacement: impl Into<String>,
        kind: EditKind,
    ) -> usize {
        self.push_edit(LayerEdit {
            range,
            replacement: replacement.into(),
            kind,
            fix: None,
            note: None,
        })
    }

    /// Attach a note to edit `i` (see [`super::Edit::note`]).
    pub fn note(&mut self, i: usize, note: String) {
        self.edits[i].note = Some(note);
    }

    pub fn push_edit(&mut self, edit: LayerEdit) -> usize {
        self.edits.push(edit);
        self.edits.len() - 1
    }

    /// Forget the edits from `len` on (and the shared insertions among
    /// them): what a match planned before it was refused. Nothing may
    /// require them yet.
    pub fn truncate(&mut self, len: usize) {
        debug_assert!(self.requires.iter().all(|&(a, b)| a < len && b < len));
        self.edits.truncate(len);
        self.added.retain(|_, i| *i < len);
    }

    /// An insertion of `text` at `at`, shared by everyone who needs it.
    pub fn insert_once(&mut self, at: usize, text: String, kind: EditKind) -> usize {
        if let Some(&i) = self.added.get(&(at, text.clone())) {
            return i;
        }
        let i = self.push(at..at, text.clone(), kind);
        self.added.insert((at, text), i);
        i
    }

    pub fn require(&mut self, a: usize, b: usize) {
        if a != b && self.linked.insert((a, b)) {
            self.requires.push((a, b));
        }
    }

    /// `a` and `b` must go together both ways.
    pub fn link(&mut self, a: usize, b: usize) {
        self.require(a, b);
        self.require(b, a);
    }

    /// Whether an edit overlapping `range` is already planned.
    pub fn overlaps(&self, range: &Range<usize>) -> bool {
        self.edits.iter().any(|e| {
            (e.range.start < range.end && range.start < e.range.end) || (e.range == *range)
        })
    }
}

/// Helpers over a file's text and model shared by move and rewrite fixes.
pub struct Ctx<'a, 't> {
    pub sem: &'a Semantic<'t>,
    pub src: &'t str,
    pub nl: &'static str,
    /// Where dotted paths stop being modules.
    pub modules: &'a Modules,
    /// Who else refers to this module's names.
    pub referrers: &'a dyn super::verify::Referrers,
    /// See [`super::Facts::project`].
    project: &'a (dyn Fn(&str) -> Option<bool> + Sync),
    /// See [`super::Facts::stars`]: also which project functions are async.
    pub defs: &'a dyn crate::python::StarNames,
    /// The names the file loads where nothing binds them (builtins, typos),
    /// found on the first [`Ctx::name_free_but`]: asked once per fix.
    loaded_unbound: std::cell::OnceCell<std::collections::HashSet<&'t str>>,
    /// The `from M import …` statements (not `*`) by module, in order,
    /// found on the first [`Ctx::imports_from`].
    imports_from: std::cell::OnceCell<HashMap<&'a str, Vec<usize>>>,
    /// The runtime imports' spellings, each once, by the path they provide,
    /// found on the first [`Ctx::existing_expr`]: asked once per fix.
    spellings: std::cell::OnceCell<Spellings<'a>>,
    /// The identifier references by name, each list by position: (start,
    /// index into `references`), found on the first [`Ctx::loads_of`].
    loads: std::cell::OnceCell<HashMap<&'t str, Vec<(usize, usize)>>>,
    /// Each import entry's identifier loads, (import, entry) → indices into
    /// `references` in source order, found on the first [`Ctx::uses_of`]:
    /// asked of every entry, a search of every reference each time made a
    /// file of function-local imports quadratic.
    import_uses: std::cell::OnceCell<HashMap<(usize, usize), Vec<usize>>>,
    /// [`Ctx::statement_slot`] by the end asked about: every fix through
    /// one import asks the same, and finding the line's end costs the
    /// line's length (a whole one-line file).
    slots: std::cell::RefCell<HashMap<usize, (usize, bool)>>,
}

/// What one import entry offers [`Ctx::existing_expr`]: its outcome there
/// depends on these alone, so entries alike count once.
#[derive(PartialEq, Eq, Hash)]
struct Spelling<'a> {
    bound: &'a str,
    bound_symbol: String,
    provided: String,
    /// `import a.b` (no alias): it loads `a.b`, not `a.b`'s submodules.
    plain_import: bool,
}

/// The distinct [`Spelling`]s in the order they first appear, and their
/// indices by the path each provides.
struct Spellings<'a> {
    all: Vec<Spelling<'a>>,
    by_provided: HashMap<String, Vec<usize>>,
}

impl<'a, 't> Ctx<'a, 't> {
    pub fn new(sem: &'a Semantic<'t>, facts: &'a super::Facts<'a>) -> Self {
        Ctx {
            sem,
            src: sem.source,
            nl: text::newline(sem.source),
            modules: facts.modules,
            referrers: facts.referrers,
            project: facts.project,
            defs: facts.stars,
            loaded_unbound: Default::default(),
            imports_from: Default::default(),
            spellings: Default::default(),
            loads: Default::default(),
            import_uses: Default::default(),
            slots: Default::default(),
        }
    }

    /// The identifier references spelled `name` that start in `range`, as
    /// indices into `references`, in source order: asked once per fix, a
    /// search of every reference would cost the file's size each time.
    pub fn loads_of(&self, name: &str, range: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let by_name = self.loads.get_or_init(|| {
            let mut by: HashMap<&'t str, Vec<(usize, usize)>> = HashMap::new();
            for (i, r) in self.sem.references.iter().enumerate() {
                if r.node.kind() == "identifier" {
                    by.entry(self.sem.text(r.node))
                        .or_default()
                        .push((r.node.start_byte(), i));
                }
            }
            for v in by.values_mut() {
                v.sort_unstable();
            }
            by
        });
        let list = by_name.get(name).map_or(&[][..], Vec::as_slice);
        let from = list.partition_point(|&(at, _)| at < range.start);
        let to = list.partition_point(|&(at, _)| at < range.end);
        list[from..to].iter().map(|&(_, i)| i)
    }

    /// The indices of the file's `from module import …` statements (not
    /// `*`), in order: asked for every import a move rewrites.
    pub fn imports_from(&self, module: &str) -> &[usize] {
        let by_module = self.imports_from.get_or_init(|| {
            let mut by: HashMap<&'a str, Vec<usize>> = HashMap::new();
            for (i, import) in self.sem.imports.iter().enumerate() {
                if import.kind == ImportKind::From
                    && !import.star
                    && let Some(m) = import.module.as_deref()
                {
                    by.entry(m).or_default().push(i);
                }
            }
            by
        });
        by_module.get(module).map_or(&[], Vec::as_slice)
    }

    /// Whether `node` (a name or a chain of names) is surely a module where
    /// it is read: each import it may mean binds one (`import a.b`, or a
    /// `from` import of what Python or the project's files know as one).
    pub fn is_module_expr(&self, node: tree_sitter::Node, scope: crate::python::ScopeId) -> bool {
        if !matches!(node.kind(), "identifier" | "attribute") {
            return false;
        }
        // What a plain `import a.b` (or `import a.b as m`) loads: `a`, `a.b`.
        let imported = |symbol: &str| {
            (self.sem.imports.iter())
                .filter(|i| i.kind == crate::python::ImportKind::Import)
                .flat_map(|i| &i.entries)
                .any(|e| {
                    e.name
                        .strip_prefix(symbol)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
                })
        };
        let all = self.sem.resolve_all(node, scope);
        !all.is_empty()
            && all.iter().all(|r| {
                !r.via_star
                    && (imported(&r.symbol)
                        || self.modules.is_module(&r.symbol) == Some(true)
                        || (self.project)(&r.symbol) == Some(true))
            })
    }

    /// Why `symbol`, a rule's target, is likely a typo the code could not
    /// import: its top package is the project's, and the first name the
    /// project's files do not provide is neither a module there nor a name
    /// its module's code binds, while one spelled nearly so is
    /// (`newpkg.tool.assist` where `newpkg/` has `tools.py`). A target with
    /// no such neighbour may be a module the migration adds; a module canon
    /// cannot read, or outside the project, is not asked.
    pub fn missing_target(&self, symbol: &str) -> Option<String> {
        let parts: Vec<&str> = symbol.split('.').collect();
        for i in 1..parts.len() {
            let module = parts[..i].join(".");
            if (self.project)(&module) != Some(true) {
                return None;
            }
            if (self.project)(&format!("{module}.{}", parts[i])) == Some(true) {
                continue;
            }
            // `newpkg.tool.helper` where `newpkg/__init__.py` binds `tool`
            // (`from . import tools as tool`) and no `tool` module exists:
            // an attribute, which no `from newpkg.tool import …` can load.
            let is_package = (self.project)(&format!("{module}.{}", parts[i])).is_none();
            if i + 1 < parts.len() && is_package && self.defs.binds(&module, parts[i]) == Some(true)
            {
                return Some(format!(
                    "the rule's target `{symbol}` cannot be imported: `{module}.{}` is a name that `{module}`'s code binds, not a module, and `from {module}.{} import …` cannot load it; name the module it stands for instead",
                    parts[i], parts[i]
                ));
            }
            let near = self.defs.near_miss(&module, parts[i])?;
            return Some(format!(
                "the rule's target `{symbol}` does not exist: project module `{module}` has no submodule or name `{}`; did you mean `{module}.{near}`? (`canon doctor` checks the rules' targets)",
                parts[i]
            ));
        }
        None
    }

    /// Another project file that refers to this module's name `name`, or
    /// this file looking it up by its string (`globals()["f"]`), said as a
    /// reason ("`tests/t.py` refers to it").
    pub fn referrer(&self, name: &str) -> Option<String> {
        let module = &self.sem.module;
        self.sem
            .namespace_lookup(name, 0)
            .or_else(|| self.referrers.refers(module, name, module))
    }

    /// A name the file can use for `symbol` at `pos` in `scope` without a new
    /// import: a bare imported name, an alias, or a chain from an imported
    /// module (`wm.Manager`). The shortest wins.
    pub fn existing_expr(&self, symbol: &str, scope: ScopeId, pos: usize) -> Option<String> {
        self.existing_spelling(symbol, scope, pos, false)
    }

    /// [`Self::existing_expr`], through a module binding only (`wm.Manager`,
    /// never a bare `Manager`): a chain looked up when the code runs.
    pub fn existing_chain_expr(&self, symbol: &str, scope: ScopeId, pos: usize) -> Option<String> {
        self.existing_spelling(symbol, scope, pos, true)
    }

    fn existing_spelling(
        &self,
        symbol: &str,
        scope: ScopeId,
        pos: usize,
        chain_only: bool,
    ) -> Option<String> {
        let spellings = self.spellings.get_or_init(|| self.spellings());
        // The entries whose provided path `symbol` is at or under, in the
        // order they first appear: a file of thousands of function-local
        // imports alike costs their number once, not once per fix.
        let mut candidates: Vec<usize> = symbol
            .match_indices('.')
            .map(|(i, _)| &symbol[..i])
            .chain([symbol])
            .filter_map(|p| spellings.by_provided.get(p))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        let mut best: Option<String> = None;
        for k in candidates {
            let Spelling {
                bound,
                bound_symbol,
                provided,
                plain_import,
            } = &spellings.all[k];
            if chain_only && bound_symbol == symbol {
                continue;
            }
            // `import a` loads `a`, not its submodule `a.b`: `a.b.C` is
            // reachable through it only if something imports `a.b`.
            if *plain_import && self.modules.submodule_needed(provided, symbol).is_some() {
                continue;
            }
            // The name must mean the symbol at the use, and be bound there
            // on every path (not by an import further down the module, or
            // one under an `if`).
            let visible = self
                .sem
                .resolve_name_all(bound, scope, pos)
                .first()
                .is_some_and(|r| r.symbol == *bound_symbol)
                && self.sem.surely_bound(bound, scope, pos);
            if !visible {
                continue;
            }
            let expr = format!("{}{}", bound, &symbol[bound_symbol.len()..]);
            if best.as_ref().is_none_or(|b| expr.len() < b.len()) {
                best = Some(expr);
            }
        }
        best
    }

    /// The file's runtime imports as [`Spellings`].
    fn spellings(&self) -> Spellings<'a> {
        let mut all: Vec<Spelling<'a>> = Vec::new();
        let mut seen: HashSet<&Spelling<'a>> = HashSet::new();
        let mut keep: Vec<Spelling<'a>> = Vec::new();
        // An import under `if TYPE_CHECKING:` does not exist at runtime.
        for import in self.sem.imports.iter().filter(|i| !i.type_checking) {
            for entry in &import.entries {
                let Some(bound_symbol) = bound_symbol(import, entry) else {
                    continue;
                };
                // `import a.b.c` makes `a.b.c.*` reachable through `a`, not `a.x`.
                let provided = match (import.kind, &entry.alias) {
                    (ImportKind::Import, None) => entry.name.clone(),
                    _ => bound_symbol.clone(),
                };
                all.push(Spelling {
                    bound: entry.bound.as_str(),
                    bound_symbol,
                    provided,
                    plain_import: import.kind == ImportKind::Import && entry.alias.is_none(),
                });
            }
        }
        for s in &all {
            if seen.insert(s) {
                keep.push(Spelling {
                    bound: s.bound,
                    bound_symbol: s.bound_symbol.clone(),
                    provided: s.provided.clone(),
                    plain_import: s.plain_import,
                });
            }
        }
        let mut by_provided: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, s) in keep.iter().enumerate() {
            by_provided.entry(s.provided.clone()).or_default().push(k);
        }
        Spellings {
            all: keep,
            by_provided,
        }
    }

    /// Whether `name` is free to bind in `scope`: nothing in the scope chain
    /// binds it to anything but `symbol`, and no load of it in the file
    /// means something else (a builtin, a local).
    pub fn name_free(&self, name: &str, symbol: &str, scope: ScopeId) -> bool {
        self.name_free_but(name, symbol, scope, &[])
    }

    /// [`Self::name_free`], where imports of `going` (symbols a rewrite
    /// replaces, whose imports it removes once unused) do not count. If
    /// one stays in use, the self-check sees its uses change meaning.
    pub fn name_free_but(
        &self,
        name: &str,
        symbol: &str,
        scope: ScopeId,
        going: &[String],
    ) -> bool {
        let mut s = Some(scope);
        while let Some(i) = s {
            if let Some(bs) = self.sem.scopes[i].bindings.get(name) {
                let other = bs.iter().any(|b| {
                    !matches!(&b.kind, BindingKind::Import { symbol: sym, .. }
                        if sym == symbol || going.contains(sym))
                });
                if other {
                    return false;
                }
            }
            s = self.sem.scopes[i].parent;
        }
        // A star import may bind it at module level, before or after (a
        // function runs once it may have): there, the name is taken. In a
        // function, it binds a local, taken only from the loads that may
        // mean what the star binds.
        if self.sem.star_may_bind(name)
            && (scope == 0 || self.loads_of(name, &(0..self.src.len())).next().is_some())
        {
            return false;
        }
        if scope == 0 && self.submodule_named(name, symbol) {
            return false;
        }
        // A use of the name that resolves to nothing (a builtin) would change meaning.
        let unbound = self.loaded_unbound.get_or_init(|| {
            (self.sem.references.iter())
                .filter(|r| r.node.kind() == "identifier")
                .map(|r| (r, self.sem.text(r.node)))
                .filter(|(r, name)| {
                    (self.sem)
                        .lookup_all(name, r.scope, r.node.start_byte())
                        .is_empty()
                })
                .map(|(_, name)| name)
                .collect()
        });
        !unbound.contains(name)
    }

    /// Whether this file is a package's `__init__` and `name` one of the
    /// package's submodules (`pkg/assist.py` beside it) other than
    /// `symbol`: whoever imports `pkg.assist`, wherever, rebinds the
    /// package's global `assist` to the submodule over what the `__init__`
    /// bound there.
    fn submodule_named(&self, name: &str, symbol: &str) -> bool {
        let sem = self.sem;
        if sem.module.is_empty() || sem.package != sem.module {
            return false;
        }
        let path = format!("{}.{name}", sem.module);
        path != symbol && (self.project)(&path) == Some(true)
    }

    /// The innermost block holding import statement `ii` (a function body,
    /// a `try:` or `if` arm, the module), from its bindings.
    pub fn import_block(&self, ii: usize) -> Option<Range<usize>> {
        let import = &self.sem.imports[ii];
        let entry = import.entries.first()?;
        self.sem.scopes.iter().find_map(|s| {
            s.bindings
                .get(&entry.bound)?
                .iter()
                .find_map(|b| match b.kind {
                    BindingKind::Import { import: i, .. } if i == ii => Some(b.block.clone()),
                    _ => None,
                })
        })
    }

    /// The indentation of the line holding `pos`.
    pub fn indent_at(&self, pos: usize) -> &'t str {
        text::indent_of(self.src, pos)
    }

    /// Where a new module-level import goes: after the first run of
    /// top-level import statements, else after the module docstring (the
    /// first statement, comments before it aside), else after the comments
    /// that open the file (a shebang, a coding line, a licence header),
    /// else at the top, after a BOM. Always before the top-level statement
    /// holding `before` (the first use the import serves: a run of imports
    /// after it, as below a `try:` block that uses the name, would bind it
    /// too late). See [`Ctx::statement_slot`] for the flag.
    pub fn module_import_point(&self, root: Node, before: usize) -> (usize, bool) {
        let mut after = None;
        let mut opening_comments = None;
        let mut first_statement = true;
        let mut cursor = root.walk();
        for child in root.named_children(&mut cursor) {
            if child.end_byte() > before {
                break;
            }
            match child.kind() {
                "import_statement" | "import_from_statement" | "future_import_statement" => {
                    after = Some(child.end_byte());
                }
                "expression_statement"
                    if first_statement
                        && child.named_child(0).is_some_and(|s| s.kind() == "string") =>
                {
                    after = after.or(Some(child.end_byte()));
                }
                "comment" => {
                    if first_statement {
                        opening_comments = Some(child.end_byte());
                    }
                    continue;
                }
                _ => {
                    if after.is_some() {
                        break;
                    }
                }
            }
            first_statement = false;
        }
        match after.or(opening_comments) {
            Some(end) => self.statement_slot(end),
            None if self.src.starts_with('\u{feff}') => ('\u{feff}'.len_utf8(), false),
            None => (0, false),
        }
    }

    /// Where a statement put right after the one ending at `end` goes, and
    /// whether it joins that line rather than opening the next: it must
    /// when code follows on the line (`import a; print(a.f(1))`), or it
    /// would run after that code. Joining, it goes (as `stmt; `) where that
    /// code starts, so that removing the statement before it (`import a; `)
    /// leaves it whole.
    pub fn statement_slot(&self, end: usize) -> (usize, bool) {
        if let Some(&slot) = self.slots.borrow().get(&end) {
            return slot;
        }
        let slot = self.find_statement_slot(end);
        self.slots.borrow_mut().insert(end, slot);
        slot
    }

    fn find_statement_slot(&self, end: usize) -> (usize, bool) {
        let line_end = text::line_end(self.src, end);
        let layout = [' ', '\t', '\x0c'];
        let rest = self.src[end..line_end].trim_start_matches(layout);
        let rest = rest.strip_prefix(';').unwrap_or(rest);
        let rest = rest.trim_start_matches(layout);
        match rest.trim().is_empty() || rest.starts_with('#') {
            true => (line_end, false),
            false => (line_end - rest.len(), true),
        }
    }

    /// An import statement line for `symbol` bound as `name` (`from m import n [as name]`).
    pub fn import_line(&self, symbol: &str, name: &str, indent: &str) -> String {
        format!("{indent}{}{}", import_statement(symbol, name), self.nl)
    }

    /// Add `statement` on a line of its own right after import `import`,
    /// indented like it (shared by every fix that needs the same line).
    pub fn add_after(&self, layer: &mut Layer, import: &Import, statement: &str) -> usize {
        // On a line it shares (`if x: from m import a`, `from m import a;
        // return a()`), the new import joins that line, in the same suite
        // and before what follows.
        if self.shares_line(import) {
            let at = import.range.end;
            return layer.insert_once(at, format!("; {statement}"), EditKind::AddImport);
        }
        let indent = self.indent_at(import.range.start);
        let (at, lead) = self.after_statement(import.range.end);
        let lead = if lead { self.nl } else { "" };
        let line = format!("{lead}{indent}{statement}{}", self.nl);
        layer.insert_once(at, line, EditKind::AddImport)
    }

    /// Whether `import` shares its line with other code (`if x: from m
    /// import a`, `from m import a; return a()`): what [`Self::add_after`]
    /// adds then joins that line after a `;`.
    pub fn shares_line(&self, import: &Import) -> bool {
        let start = text::line_start(self.src, import.range.start);
        let end = text::line_end(self.src, import.range.end);
        let rest = self.src[import.range.end..end].trim();
        !self.src[start..import.range.start].trim().is_empty()
            || !(rest.is_empty() || rest.starts_with('#'))
    }

    /// The comment ending entry `k`'s line, when only blanks and the
    /// entry's comma come between (`helper,  # shared helper`): what a
    /// reader takes to be said of that name.
    pub fn entry_comment(&self, import: &Import, k: usize) -> Option<Range<usize>> {
        let e = &import.entries[k].range;
        let rest = &self.src[e.end..text::line_end(self.src, e.end)];
        // A lone CR ends a line too.
        let rest = rest.split('\r').next().unwrap_or(rest);
        fn blank(t: &str) -> &str {
            t.trim_start_matches([' ', '\t', '\x0c'])
        }
        let after = blank(rest);
        let after = after.strip_prefix(',').map_or(after, blank);
        let lead = rest.len() - after.len();
        after
            .starts_with('#')
            .then(|| e.end + lead..e.end + rest.trim_end().len())
    }

    /// Insert `line` (a whole line, newline included) after the statement
    /// ending at `end`: at the start of the next line.
    pub fn after_statement(&self, end: usize) -> (usize, bool) {
        let at = text::line_end(self.src, end);
        // At the end of a file without a final newline, the line needs one first.
        (at, at == self.src.len() && !self.src.ends_with('\n'))
    }

    /// The range to delete to remove entry `k` from an import statement,
    /// keeping the others, their order, layout and comments.
    pub fn entry_removal(&self, import: &Import, k: usize) -> Range<usize> {
        let entries = &import.entries;
        let e = &entries[k].range;
        let line_start = text::line_start(self.src, e.start);
        let before = &self.src[line_start..e.start];
        let after_end = text::line_end(self.src, e.end);
        let rest = &self.src[e.end..after_end];
        let rest_trim = rest.trim_start();
        let after_comma = rest_trim.strip_prefix(',').map(str::trim_start);
        // A line the one before continues with a backslash is not its own
        // line: dropping it would leave that backslash dangling.
        let continued = self.src[..line_start]
            .trim_end_matches(['\n', '\r'])
            .ends_with('\\');
        let own_line = before.trim().is_empty()
            && !continued
            && (rest_trim.is_empty()
                || rest_trim.starts_with('#')
                || after_comma.is_some_and(|r| r.is_empty() || r.starts_with('#')));
        if own_line && entries.len() > 1 {
            // The entry's whole line goes, its trailing comment with it.
            return line_start..after_end;
        }
        if k + 1 < entries.len() {
            e.start..entries[k + 1].range.start
        } else {
            entries[k - 1].range.end..e.end
        }
    }

    /// Whether a `from` import's last entry has a line of its own (the
    /// statement written a name a line): names added to it go so, each
    /// with its comment.
    pub fn one_entry_a_line(&self, import: &Import) -> bool {
        let last = import
            .entries
            .last()
            .map(|e| e.range.clone())
            .unwrap_or(import.range.clone());
        text::line_start(self.src, last.start) != text::line_start(self.src, import.range.start)
            && self.src[text::line_start(self.src, last.start)..last.start]
                .trim()
                .is_empty()
    }

    /// Text to add entries `names` to an existing `from` import, and where.
    /// On its own lines each entry keeps its comment, if it has one.
    pub fn append_entries(
        &self,
        import: &Import,
        names: &[(String, Option<&str>)],
    ) -> (usize, String) {
        let last = import
            .entries
            .last()
            .map(|e| e.range.clone())
            .unwrap_or(import.range.clone());
        let tail = &self.src[last.end..import.range.end];
        let trailing_comma = tail.trim_start().starts_with(',');
        if self.one_entry_a_line(import) {
            let indent = self.indent_at(last.start);
            let body: String = names
                .iter()
                .map(|(n, c)| match c {
                    Some(c) => format!("{}{indent}{n},  {c}", self.nl),
                    None => format!("{}{indent}{n},", self.nl),
                })
                .collect();
            if trailing_comma {
                // After the comma, or after the comment that ends its
                // line (`x,  # c`): a comment stays with its entry.
                let comma = last.end + tail.find(',').unwrap_or(0) + 1;
                let at = match import.entries.len().checked_sub(1) {
                    Some(k) => self.entry_comment(import, k).map_or(comma, |r| r.end),
                    None => comma,
                };
                (at, body)
            } else {
                (last.end, format!(",{}", &body[..body.len() - 1]))
            }
        } else {
            let list: String = names.iter().map(|(n, _)| format!(", {n}")).collect();
            (last.end, list)
        }
    }

    /// Identifier loads bound (possibly among others) to import `ii`'s entry `k`.
    pub fn uses_of(&self, ii: usize, k: usize) -> Vec<Reference<'t>> {
        let sem = self.sem;
        let by_entry = self.import_uses.get_or_init(|| {
            let bound: HashSet<&str> = (sem.imports.iter())
                .flat_map(|i| i.entries.iter().map(|e| e.bound.as_str()))
                .collect();
            let mut by: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
            let mut entries: Vec<(usize, usize)> = Vec::new();
            for (i, r) in sem.references.iter().enumerate() {
                if r.node.kind() != "identifier" || !bound.contains(sem.text(r.node)) {
                    continue;
                }
                entries.clear();
                for b in sem.lookup_all(sem.text(r.node), r.scope, r.node.start_byte()) {
                    if let BindingKind::Import { import, entry, .. } = b.kind
                        && !entries.contains(&(import, entry))
                    {
                        entries.push((import, entry));
                    }
                }
                for &e in &entries {
                    // Only the loads spelled as the entry binds its name.
                    if sem.imports[e.0].entries[e.1].bound == sem.text(r.node) {
                        by.entry(e).or_default().push(i);
                    }
                }
            }
            by
        });
        (by_entry.get(&(ii, k)).into_iter().flatten())
            .map(|&i| sem.references[i])
            .collect()
    }

    /// Heads of string-annotation names (`x: "Manager"`) bound to import
    /// `ii`'s entry `k`: the ranges a rename rewrites inside the quotes.
    pub fn annotation_uses_of(&self, ii: usize, k: usize) -> Vec<Range<usize>> {
        let name = &self.sem.imports[ii].entries[k].bound;
        self.sem
            .annotation_refs
            .iter()
            .filter(|a| a.head().0 == name)
            .filter(|a| {
                self.sem
                    .lookup_all(name, a.scope, a.range.start)
                    .iter()
                    .any(|b| matches!(b.kind, BindingKind::Import { import, entry, .. } if import == ii && entry == k))
            })
            .map(|a| a.head().1)
            .collect()
    }

    /// Every range a rename of import `ii`'s entry `k` rewrites: its uses
    /// in code and in string annotations.
    pub fn rename_sites(&self, ii: usize, k: usize) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = self
            .uses_of(ii, k)
            .iter()
            .map(|r| r.node.byte_range())
            .collect();
        out.extend(self.annotation_uses_of(ii, k));
        out
    }

    /// The statement's whole lines when it has them to itself, else just it.
    pub fn statement_lines(&self, range: &Range<usize>) -> Range<usize> {
        let cx = self;
        let start = text::line_start(cx.src, range.start);
        let end = text::line_end(cx.src, range.end);
        let alone = cx.src[start..range.start].trim().is_empty()
            && cx.src[range.end..end]
                .trim()
                .trim_start_matches(';')
                .trim()
                .is_empty();
        if alone {
            return start..end;
        }
        // Alone but for a comment after it (`from m import f  # why`): the
        // blanks before the comment go too, and the comment keeps the
        // statement's place and indent (not `      # why`).
        let after = &cx.src[range.end..end];
        let comment = after.trim_start_matches([' ', '\t']);
        if cx.src[start..range.start].trim().is_empty() && comment.starts_with('#') {
            return range.start..range.end + (after.len() - comment.len());
        }
        // It shares its line (`a; import x; b`): one `;` goes with it, the
        // one after it, else the one before (`import os; ` is left else).
        let layout = [' ', '\t'];
        let after = &cx.src[range.end..end];
        if let Some(rest) = after.trim_start_matches(layout).strip_prefix(';') {
            let gap = after.len() - rest.trim_start_matches(layout).len();
            return range.start..range.end + gap;
        }
        let before = cx.src[start..range.start].trim_end_matches(layout);
        match before.strip_suffix(';') {
            Some(rest) => start + rest.trim_end_matches(layout).len()..range.end,
            None => range.clone(),
        }
    }

    /// [`Self::statement_lines`] and the text to put there: nothing, or,
    /// for a statement on lines of its own with comments inside it (`from
    /// m import (  # why` / `    f,  # TODO` / `)`), each comment on a
    /// line of its own at the statement's indent, but those in `except`
    /// (comments that go elsewhere with their names): removed whole, the
    /// statement would take them with it.
    pub fn statement_removal(
        &self,
        range: &Range<usize>,
        except: &[Range<usize>],
    ) -> (Range<usize>, String) {
        let lines = self.statement_lines(range);
        let whole = lines.start == text::line_start(self.src, range.start)
            && lines.end == text::line_end(self.src, range.end);
        let kept: Vec<&str> = (self.sem.comments.iter())
            .map(|c| c.byte_range())
            .filter(|c| range.start <= c.start && c.end <= range.end)
            .filter(|c| !except.contains(c))
            .map(|c| self.src[c].trim_end())
            .collect();
        if !whole || kept.is_empty() {
            return (lines, String::new());
        }
        let indent = self.indent_at(range.start);
        let nl = self.nl;
        let text = kept.iter().map(|c| format!("{indent}{c}{nl}")).collect();
        (lines, text)
    }

    /// The ranges that remove, from the imports under `if TYPE_CHECKING:`
    /// in `scope` of `kind`, the entries `twin` accepts (the whole
    /// statement when all of them are): the hints-only twins of an import
    /// a fix writes, which would redefine its name (pyflakes F811).
    pub fn hint_twin_removals(
        &self,
        scope: usize,
        kind: ImportKind,
        twin: impl Fn(&crate::python::ImportEntry) -> bool,
    ) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for (oi, other) in self.sem.imports.iter().enumerate() {
            if !other.type_checking || other.scope != scope || other.kind != kind {
                continue;
            }
            let ks: Vec<usize> = (other.entries.iter().enumerate())
                .filter(|(_, e)| twin(e))
                .map(|(k, _)| k)
                .collect();
            match ks.len() {
                0 => {}
                n if n == other.entries.len() => out.push(self.statement_lines(&other.range)),
                _ => out.extend(self.entry_removals(oi, &ks)),
            }
        }
        out
    }

    /// Ranges that remove entries `removed` (sorted indices, not all of them)
    /// from import `ii`, keeping the others, their order, layout and comments.
    pub fn entry_removals(&self, ii: usize, removed: &[usize]) -> Vec<Range<usize>> {
        let cx = self;
        let import = &cx.sem.imports[ii];
        let entries = &import.entries;
        let singles: Vec<Range<usize>> = removed
            .iter()
            .map(|&k| cx.entry_removal(import, k))
            .collect();
        let whole_lines = singles.iter().zip(removed).all(|(r, &k)| {
            r.start == text::line_start(cx.src, entries[k].range.start)
                && r.end > entries[k].range.end
        });
        if whole_lines {
            return singles;
        }
        // Runs of neighbouring removed entries go with their separators.
        let mut out = Vec::new();
        let mut i = 0;
        while i < removed.len() {
            let mut j = i;
            while j + 1 < removed.len() && removed[j + 1] == removed[j] + 1 {
                j += 1;
            }
            let (first, last) = (removed[i], removed[j]);
            if last + 1 < entries.len() {
                out.push(entries[first].range.start..entries[last + 1].range.start);
            } else {
                out.push(entries[first - 1].range.end..entries[last].range.end);
            }
            i = j + 1;
        }
        out
    }
}

/// `from m import n [as name]`, or `import n [as name]` for a top-level module.
pub fn import_statement(symbol: &str, name: &str) -> String {
    let (module, last) = symbol.rsplit_once('.').unwrap_or(("", symbol));
    let alias = if name == last {
        String::new()
    } else {
        format!(" as {name}")
    };
    if module.is_empty() {
        format!("import {last}{alias}")
    } else {
        format!("from {module} import {last}{alias}")
    }
}

/// What the name an import entry binds resolves to (`import a.b` binds `a` to `a`).
pub fn bound_symbol(import: &Import, entry: &crate::python::ImportEntry) -> Option<String> {
    match import.kind {
        ImportKind::Import => match &entry.alias {
            Some(_) => entry.symbol.clone(),
            None => Some(
                entry
                    .name
                    .split('.')
                    .next()
                    .unwrap_or(&entry.name)
                    .to_string(),
            ),
        },
        ImportKind::From => entry.symbol.clone(),
    }
}
