//! The per-file semantic model: scopes, bindings, imports and references.
//!
//! One walk over the tree records every scope (module, class, function,
//! lambda, comprehension), every name binding in it (imports, assignments,
//! parameters, loop/with/except targets, definitions, walrus, match captures),
//! every import statement, and every load of a name or attribute chain.
//! Resolution then follows Python's rules: a name bound anywhere in a function
//! is local to it; class bodies do not enclose their methods; `global` and
//! `nonlocal` redirect. Within one scope the nearest preceding binding wins.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use tree_sitter::{Node, Tree};

pub type ScopeId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function {
        is_async: bool,
    },
    Lambda,
    Comprehension,
    /// The annotation scope of a generic `def`, `class` or `type` alias
    /// (PEP 695): it binds the type parameters and encloses what sees them.
    /// Unlike a class body it encloses nested functions; directly in it, a
    /// class around it is visible (CPython's rule for annotation scopes).
    TypeParams,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<ScopeId>,
    /// The defining node's range (the whole `def`, `class`, lambda...).
    pub range: Range<usize>,
    /// Where loads belong to this scope: a function's body, not its
    /// defaults, annotations or decorators (those run in the enclosing
    /// scope); a comprehension minus its first iterable.
    pub body: Vec<Range<usize>>,
    /// The name of the function or class, for messages.
    pub name: Option<String>,
    pub bindings: HashMap<String, Vec<Binding>>,
    /// The names whose bindings are not in the order they come into
    /// effect (`visible`), set once the walk is done: the rest answer a
    /// load by a binary search ([`Scope::may_reach`]).
    pub unordered: Vec<String>,
    pub globals: Vec<String>,
    pub nonlocals: Vec<String>,
    /// Names a bare annotation (`helper: T`) declares in a class body: it
    /// binds nothing, but like any binding there it makes every load of
    /// the name in the body read the class namespace, then the globals.
    pub annotated: Vec<String>,
    /// A generator expression: `await` in it would make it an async generator.
    pub generator: bool,
}

impl Scope {
    /// Of `bs`, this scope's bindings of `name`, those a load at `pos` may
    /// find: none that comes into effect after it. A name bound once per
    /// line of a long function would otherwise cost each load a pass over
    /// all of them (quadratic in the function's length).
    fn may_reach<'b>(&self, name: &str, bs: &'b [Binding], pos: usize) -> &'b [Binding] {
        if self.unordered.iter().any(|n| n == name) {
            return bs;
        }
        &bs[..bs.partition_point(|b| b.visible <= pos)]
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    /// Byte offset of the binding site (the bound name).
    pub pos: usize,
    /// From where the binding is in effect: the end of an assignment (its
    /// right-hand side still sees the previous binding: `helper =
    /// staticmethod(helper)`), else the binding site.
    pub visible: usize,
    /// The innermost block holding the binding statement: a binding whose
    /// block contains a later load always runs before it (it dominates);
    /// one in a branch the load is not in (`try`, `except`, `else`) may not.
    pub block: Range<usize>,
    /// Further on, where it still runs first: past a block whose normal
    /// end is the only way on past its statement (a `with` body, a `try`
    /// body whose handlers all leave, a `finally`), to the end of the
    /// block around, and on while that one leads on too.
    pub reach: Vec<Range<usize>>,
    /// For each of `reach`, the names it relies on being what they are
    /// spelled ([`walk::Trusts`]: `sys` of `sys.exit(…)`, `open` of `with
    /// open(…)`), all the blocks' out to it: once the walk finds one may
    /// be something else, the reach from there on is dropped.
    needs: Vec<walk::Trusts>,
    pub kind: BindingKind,
    /// Where it is surely gone: the end of the handler of `except E as
    /// name:` (Python deletes the name there, however the handler ends).
    /// `usize::MAX` for the rest.
    pub until: usize,
    /// A `del` of the name: from here on it is unbound (a `Local` binding
    /// in a function or at module level; a class body reads the globals).
    pub deleted: bool,
}

impl Binding {
    /// Whether a load at `pos` may find this binding (once in effect, and
    /// not surely gone).
    pub fn in_effect(&self, pos: usize) -> bool {
        self.visible <= pos && pos < self.until
    }

    /// Whether this binding runs on every path to `pos` (a load after it).
    pub fn dominates(&self, pos: usize) -> bool {
        let inside = |r: &Range<usize>| r.start <= pos && pos < r.end;
        inside(&self.block) || self.reach.iter().any(inside)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingKind {
    /// Bound by an import to the dotted symbol it denotes.
    Import {
        import: usize,
        entry: usize,
        symbol: String,
    },
    /// A `def` or `class` statement.
    Definition { range: Range<usize> },
    /// Any other local binding: assignment, parameter, loop target...
    Local,
    /// What `from m import *` (import `import`) may bind: the name if `m`
    /// exports it, else what it was. It never dominates a load (see
    /// [`Star`]).
    Star { import: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// `import a.b.c [as x]`
    Import,
    /// `from m import ...`, `from . import ...`
    From,
}

/// One import statement.
#[derive(Debug, Clone)]
pub struct Import {
    pub kind: ImportKind,
    pub range: Range<usize>,
    pub scope: ScopeId,
    /// For `from` imports: the absolute module (relative ones resolved), or
    /// `None` when a relative import climbs above the top-level package.
    pub module: Option<String>,
    /// The module name node's range (`from` imports).
    pub module_range: Option<Range<usize>>,
    /// Number of leading dots of a relative import.
    pub level: usize,
    pub entries: Vec<ImportEntry>,
    /// `from m import *`
    pub star: bool,
    /// Under `if TYPE_CHECKING:`: the binding does not exist at runtime.
    pub type_checking: bool,
}

/// One imported name of an import statement.
#[derive(Debug, Clone)]
pub struct ImportEntry {
    /// The dotted name as written (`a.b.c` for `import a.b.c`, `NAME` for `from m import NAME`).
    pub name: String,
    /// Range of the imported name (the dotted name, excluding `as alias`).
    pub name_range: Range<usize>,
    /// Range of the whole entry, alias included.
    pub range: Range<usize>,
    pub alias: Option<String>,
    /// The full dotted symbol imported (`a.b.c`, or `m.NAME`); `None` if unresolvable.
    pub symbol: Option<String>,
    /// The local name bound by the entry.
    pub bound: String,
}

/// A load of a name or attribute chain.
#[derive(Debug, Clone, Copy)]
pub struct Reference<'t> {
    pub node: Node<'t>,
    pub scope: ScopeId,
}

/// A dotted name written in a string annotation (`"Optional[wm.Manager]"`
/// has two: `Optional` and `wm.Manager`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationRef {
    /// The dotted name's range inside the string.
    pub range: Range<usize>,
    pub scope: ScopeId,
    /// The name as written (`Manager`, `wm.Manager`).
    pub text: String,
}

impl AnnotationRef {
    /// The head name and its range (`wm` of `wm.Manager`).
    pub fn head(&self) -> (&str, Range<usize>) {
        let head = self.text.split('.').next().unwrap_or(&self.text);
        (head, self.range.start..self.range.start + head.len())
    }
}

/// A string literal (not part of an f-string interpolation).
#[derive(Debug, Clone, Copy)]
pub struct StringLit<'t> {
    pub node: Node<'t>,
    pub scope: ScopeId,
    pub docstring: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Symbol {
        symbol: String,
        /// The binding was found through a `from m import *`.
        via_star: bool,
    },
    /// A local variable, parameter, `def` or `class` shadows any import.
    Local,
    /// Not bound in the file: a builtin or a missing name.
    Unbound,
}

/// Where an expression sits with respect to `async`, for rewrites that add `await`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsyncContext {
    AsyncFunction(String),
    SyncFunction(String),
    Lambda,
    /// In a generator expression (which `await` would turn into an async generator).
    Generator,
    Module,
    ClassBody,
    /// In a generic's annotations, bases or type parameters (PEP 695).
    Annotation,
}

impl AsyncContext {
    pub fn allows_await(&self) -> bool {
        matches!(self, AsyncContext::AsyncFunction(_))
    }

    pub fn describe(&self) -> String {
        match self {
            AsyncContext::AsyncFunction(n) => format!("in async def `{n}`"),
            AsyncContext::SyncFunction(n) => format!("in non-async def `{n}`"),
            AsyncContext::Lambda => "in a lambda".to_string(),
            AsyncContext::Generator => "in a generator expression".to_string(),
            AsyncContext::Module => "at module level".to_string(),
            AsyncContext::ClassBody => "in a class body".to_string(),
            AsyncContext::Annotation => "in a generic's annotations".to_string(),
        }
    }
}

pub struct Semantic<'t> {
    pub source: &'t str,
    /// The file's tree.
    pub root: Node<'t>,
    pub module: String,
    pub package: String,
    pub scopes: Vec<Scope>,
    pub imports: Vec<Import>,
    /// Identifier and attribute loads, in source order.
    pub references: Vec<Reference<'t>>,
    pub strings: Vec<StringLit<'t>>,
    /// Names spelled inside string annotations (`x: "Manager"`,
    /// `List["wm.Manager"]`): references a type checker resolves.
    pub annotation_refs: Vec<AnnotationRef>,
    pub comments: Vec<Node<'t>>,
    /// Module-level `__all__` list/tuple string elements.
    pub dunder_all: Vec<Node<'t>>,
    /// Some value given to `__all__` is not a list of strings canon reads
    /// (`__all__ = base.__all__ + […]`): `dunder_all` may lack names.
    pub dunder_all_unread: bool,
    /// Star imports at module scope, in source order.
    stars: Vec<Star>,
    /// Every name an import binds, in any scope.
    imported_names: std::collections::HashSet<String>,
    /// The walk's stack of enclosing blocks.
    blocks: Vec<(Range<usize>, Option<walk::FallsThrough>)>,
    /// How many `if TYPE_CHECKING:` bodies the walk is in.
    type_checking: usize,
    /// How many annotations the walk is in.
    annotation: usize,
    /// Set while an assignment's targets are bound: where they take effect.
    visible_from: Option<usize>,
    /// Calls spelled like `typing.cast`, `TypeVar`…, with the strings their
    /// type arguments hold: read as annotations once the callee resolves.
    type_arguments: Vec<TypeArguments<'t>>,
    /// [`Semantic::scope_at`]'s answers: from each position on (sorted),
    /// the innermost scope, until the next. Built once the walk is done.
    scope_index: Vec<(usize, ScopeId)>,
    /// The calls of the builtins that read a namespace by name (`globals()`,
    /// `eval(…)`), found on the first [`Semantic::namespace_lookup`]: it is
    /// asked once per renamed name.
    /// (Indices into `references`.)
    namespace_calls: std::cell::OnceCell<Vec<usize>>,
    /// The examples of the file's doctests, one a line (see
    /// [`crate::python::doctest::examples`]), found on the first ask.
    doctest_code: std::cell::OnceCell<String>,
    /// The names the file takes off its own module object by name
    /// (`sys.modules[__name__].f`, `getattr(sys.modules[__name__], "f")`),
    /// each with the lookup as spelled, found on the first
    /// [`Semantic::namespace_lookup`] of a module-level name.
    own_lookups: std::cell::OnceCell<Vec<(String, String)>>,
    /// [`Semantic::dynamic_lookup`], found on the first ask.
    dynamic_lookup: std::cell::OnceCell<Option<String>>,
    /// The strings that key `sys.modules`, found on the first ask: (index
    /// into `strings`, the value's range, the value).
    pub(crate) sys_modules_keys: std::cell::OnceCell<Vec<(usize, Range<usize>, String)>>,
    /// The names assigned a module by its path, found on the first ask
    /// (see `python::held_module`): (the name's position, the module).
    pub(crate) module_holders: std::cell::OnceCell<Vec<(usize, String)>>,
    /// Every call's callee and the call, by the callee's start: a parent
    /// lookup costs a walk down from the root, and the passes over every
    /// reference asked it of each (half of them on a file of calls).
    calls: Vec<(Node<'t>, Node<'t>)>,
    /// [`Semantic::resolve_all`] of each of `references`, made on the first
    /// ask: every move rule asks it of each reference of the file.
    resolutions: std::cell::OnceCell<Vec<Vec<Resolved>>>,
    /// The parents of the nodes above the strings that may be paths (no
    /// blank in them, not a docstring), mapped once: what is asked of such
    /// a string (is it an argument of `patch(…)`, a `sys.modules` key, an
    /// assignment's value?) climbs from it, and [`Node::parent`] walks down
    /// from the root past every earlier sibling (40,000 module-level
    /// strings, or a 4,000-term `+` chain of them, were quadratic). A plain
    /// map, not a lazy cell: a cell of nodes makes the model invariant in
    /// `'t`.
    string_parents: crate::python::Parents<'t>,
    /// [`crate::python::computed_paths`] by range, found on the first ask
    /// ([`Semantic::computed_paths`]): every move rule asks it.
    computed_paths: std::cell::OnceCell<Vec<(Range<usize>, String)>>,
}

/// A place that may hold a type expression outside an annotation, with
/// the string literals it holds: read as annotations once `callee`
/// resolves to what `head` asks.
struct TypeArguments<'t> {
    callee: Node<'t>,
    scope: ScopeId,
    head: TypeHead,
    strings: Vec<Node<'t>>,
}

/// What the callee of a [`TypeArguments`] must resolve to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TypeHead {
    /// A call of `typing`'s `name` (`cast`, `TypeVar`, …).
    Call(&'static str),
    /// A subscript of a generic (`Optional[…]`, `list[…]`): `typing`'s,
    /// `collections.abc`'s, or an unshadowed builtin's.
    Generic,
    /// The value of `X: TypeAlias = …`: the annotation is `typing.TypeAlias`.
    Alias,
}

/// A `from m import *` at module scope: a binding of every name `m`
/// exports, each one that may or may not happen (a name `m` lacks keeps
/// what it was), so it never dominates a load. Which names those are is
/// the project's to say ([`StarNames`]); until told, any name.
#[derive(Debug, Clone)]
pub struct Star {
    pub pos: usize,
    pub module: String,
    /// The binding each name it may bind gets.
    binding: Binding,
    /// The names it binds, `None`: any name.
    names: Option<Arc<BTreeSet<String>>>,
}

impl Star {
    pub(super) fn new(pos: usize, module: String, import: usize) -> Star {
        Star {
            pos,
            module,
            binding: Binding {
                pos,
                visible: pos,
                block: pos..pos,
                reach: Vec::new(),
                needs: Vec::new(),
                kind: BindingKind::Star { import },
                until: usize::MAX,
                deleted: false,
            },
            names: None,
        }
    }

    /// Whether it may bind `name`.
    pub fn may_bind(&self, name: &str) -> bool {
        self.names.as_ref().is_none_or(|n| n.contains(name))
    }
}

/// What `from m import *` binds, as far as canon can see `m` (a module of
/// the project, read by the driver): `None` when it cannot, and any name
/// may be bound.
pub trait StarNames: Sync {
    fn star_names(&self, module: &str) -> Option<Arc<BTreeSet<String>>>;

    /// Whether `symbol` (`m.f`) is an `async def` of project module `m`,
    /// read the same way: `None` when canon cannot tell.
    fn is_async(&self, symbol: &str) -> Option<bool> {
        let _ = symbol;
        None
    }

    /// Whether `symbol` is a `def` (async or not) of project module code,
    /// read the same way: `Some(false)` for a class, `None` when canon
    /// cannot tell.
    fn is_function(&self, symbol: &str) -> Option<bool> {
        let _ = symbol;
        None
    }

    /// When project module `module`'s own code surely binds no `name` at
    /// its top level (no def, assignment or import of it; no star import
    /// or `__getattr__` that may), and it has no submodule `name`: the
    /// submodule or name it has that is spelled nearly so (a likely typo:
    /// `tools` for `tool`). `None` otherwise, or when canon cannot read it.
    fn near_miss(&self, module: &str, name: &str) -> Option<String> {
        let _ = (module, name);
        None
    }

    /// Whether project module `module`'s own top-level code binds `name`
    /// (a def, an assignment, an import): `None` when canon cannot read it.
    fn binds(&self, module: &str, name: &str) -> Option<bool> {
        let _ = (module, name);
        None
    }

    /// Whether project module code binds `symbol` (`old.mod.f`) by an
    /// import of `target`, through any re-exports on the way (`from
    /// new.mod import g as f`): the very object, taken when that module
    /// loads. `false` when it binds it otherwise, or canon cannot tell.
    fn reexports(&self, symbol: &str, target: &str) -> bool {
        let _ = (symbol, target);
        false
    }

    /// The modules through which loading project module `from` loads
    /// module `to` by module-level imports (`newpkg.tools` → `app`), when
    /// canon finds it does: `[from, …, to]`. `None` when it finds no such
    /// path, or cannot read far enough to tell.
    fn loads_at_import(&self, from: &str, to: &str) -> Option<Vec<String>> {
        let _ = (from, to);
        None
    }
}

/// Sees no module: every star import may bind any name.
pub struct Unseen;

impl StarNames for Unseen {
    fn star_names(&self, _: &str) -> Option<Arc<BTreeSet<String>>> {
        None
    }
}

/// One dotted symbol an expression may denote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub symbol: String,
    /// Found through a `from m import *`.
    pub via_star: bool,
}

impl<'t> Semantic<'t> {
    /// Build the model for a file whose dotted module name is `module`.
    pub fn build(tree: &'t Tree, source: &'t str, module: &str, is_init: bool) -> Self {
        let package = super::package_of(module, is_init);
        let root = tree.root_node();
        let mut sem = Semantic {
            source,
            root,
            module: module.to_string(),
            package,
            scopes: vec![Scope {
                kind: ScopeKind::Module,
                parent: None,
                range: root.byte_range(),
                body: vec![root.byte_range()],
                name: None,
                bindings: HashMap::new(),
                unordered: Vec::new(),
                globals: Vec::new(),
                nonlocals: Vec::new(),
                annotated: Vec::new(),
                generator: false,
            }],
            imports: Vec::new(),
            references: Vec::new(),
            strings: Vec::new(),
            annotation_refs: Vec::new(),
            comments: Vec::new(),
            dunder_all: Vec::new(),
            dunder_all_unread: false,
            stars: Vec::new(),
            imported_names: Default::default(),
            blocks: vec![(root.byte_range(), None)],
            type_checking: 0,
            annotation: 0,
            visible_from: None,
            type_arguments: Vec::new(),
            scope_index: Vec::new(),
            namespace_calls: Default::default(),
            doctest_code: Default::default(),
            own_lookups: Default::default(),
            dynamic_lookup: Default::default(),
            sys_modules_keys: Default::default(),
            module_holders: Default::default(),
            resolutions: Default::default(),
            calls: Vec::new(),
            string_parents: crate::python::Parents::default(),
            computed_paths: Default::default(),
        };
        sem.walk_block(root, 0);
        sem.trust_names();
        sem.calls.sort_by_key(|(callee, _)| callee.start_byte());
        sem.note_type_arguments();
        sem.scope_index = sem.scope_segments();
        for sc in &mut sem.scopes {
            sc.unordered = (sc.bindings.iter())
                .filter(|(_, bs)| {
                    !bs.is_sorted_by_key(|b| b.visible) || !bs.is_sorted_by_key(|b| b.pos)
                })
                .map(|(name, _)| name.clone())
                .collect();
        }
        // A proposal holds two models at once (the text before and after a
        // rule's fix), each with an entry per reference and call: not the
        // room the walk's pushes left.
        sem.references.shrink_to_fit();
        sem.calls.shrink_to_fit();
        sem.strings.shrink_to_fit();
        sem.comments.shrink_to_fit();
        let paths: Vec<Node<'t>> = (sem.strings.iter())
            .filter(|s| {
                let text = &source.as_bytes()[s.node.byte_range()];
                !s.docstring && text.len() <= 1024 && !text.iter().any(u8::is_ascii_whitespace)
            })
            .map(|s| s.node)
            .collect();
        sem.string_parents = crate::python::Parents::around(root, &paths);
        sem
    }

    /// [`crate::python::computed_paths`], each by its range: asked once.
    pub fn computed_paths(&self) -> &[(Range<usize>, String)] {
        self.computed_paths.get_or_init(|| {
            (crate::python::computed_paths(self).into_iter())
                .map(|(n, v)| (n.byte_range(), v))
                .collect()
        })
    }

    /// The outermost node whose range is `range`, if one is.
    pub fn node_at(&self, range: Range<usize>) -> Option<Node<'t>> {
        let mut node = self
            .root
            .descendant_for_byte_range(range.start, range.end)?;
        while let Some(p) = self.parent(node).filter(|p| p.byte_range() == range) {
            node = p;
        }
        (node.byte_range() == range).then_some(node)
    }

    /// The parent of `node`: looked up for the nodes above the strings
    /// that may be paths (see `string_parents`), else asked of tree-sitter.
    pub fn parent(&self, node: Node<'t>) -> Option<Node<'t>> {
        self.string_parents.of(node)
    }

    /// [`Semantic::build`], told which names each star import binds: a
    /// star from a module `stars` sees binds only what it exports.
    pub fn build_knowing(
        tree: &'t Tree,
        source: &'t str,
        module: &str,
        is_init: bool,
        stars: &dyn StarNames,
    ) -> Self {
        let mut sem = Self::build(tree, source, module, is_init);
        for star in &mut sem.stars {
            star.names = stars.star_names(&star.module);
        }
        sem
    }

    /// The star imports at module scope that may bind `name`.
    pub fn stars_binding<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Star> + 's {
        self.stars.iter().filter(move |s| s.may_bind(name))
    }

    /// Whether a star import at module scope may bind `name`.
    pub fn star_may_bind(&self, name: &str) -> bool {
        self.stars_binding(name).next().is_some()
    }

    /// `sys.exit(…)` certainly leaves (raising `SystemExit`, or a
    /// `NameError`) only if every binding of `sys` is `import sys`, and
    /// `with open(…)` lets an exception through only if `open` is never
    /// bound: drop the reach that relied on a name that may be something
    /// else.
    fn trust_names(&mut self) {
        // A star import may bind any of them to anything its module exports.
        let broken = if self.stars.is_empty() {
            walk::Trusts::broken_by(|name, want| {
                let mut all = self
                    .scopes
                    .iter()
                    .filter_map(|sc| sc.bindings.get(name))
                    .flatten();
                all.all(|b| {
                    want.is_some_and(|want| {
                        matches!(&b.kind, BindingKind::Import { symbol, .. } if symbol == want)
                    })
                })
            })
        } else {
            walk::Trusts::ALL
        };
        if broken.is_empty() {
            return;
        }
        for sc in &mut self.scopes {
            for bs in sc.bindings.values_mut() {
                for b in bs {
                    if let Some(k) = b.needs.iter().position(|n| n.meets(broken)) {
                        b.reach.truncate(k);
                        b.needs.truncate(k);
                    }
                }
            }
        }
    }

    /// The call whose callee is `node` (`f` of `f(x)`, `a.b` of `a.b()`).
    /// Every call, by its callee: (callee, call), in source order.
    pub fn calls(&self) -> &[(Node<'t>, Node<'t>)] {
        &self.calls
    }

    pub fn call_of(&self, node: Node<'t>) -> Option<Node<'t>> {
        let start = node.start_byte();
        let first = self.calls.partition_point(|(c, _)| c.start_byte() < start);
        self.calls[first..]
            .iter()
            .take_while(|(c, _)| c.start_byte() == start)
            .find(|(c, _)| *c == node)
            .map(|&(_, call)| call)
    }

    /// The innermost scope of every stretch of the file, as the linear
    /// search of [`Semantic::scope_at`] finds it (the containing body that
    /// starts last, the later scope on a tie), swept once over the bodies'
    /// ends: a test file of 24,000 functions asked it 24,000 times.
    fn scope_segments(&self) -> Vec<(usize, ScopeId)> {
        let mut bodies: Vec<(usize, ScopeId, usize)> = Vec::new();
        for (i, s) in self.scopes.iter().enumerate().skip(1) {
            bodies.extend(
                s.body
                    .iter()
                    .filter(|r| r.start < r.end)
                    .map(|r| (r.start, i, r.end)),
            );
        }
        let mut points: Vec<usize> = bodies.iter().flat_map(|&(s, _, e)| [s, e]).collect();
        points.sort_unstable();
        points.dedup();
        let mut by_start = bodies.clone();
        by_start.sort_unstable();
        let mut by_end = bodies;
        by_end.sort_unstable_by_key(|&(_, _, e)| e);
        let mut open = std::collections::BTreeSet::new();
        let (mut a, mut b) = (0, 0);
        let mut out = Vec::with_capacity(points.len());
        for &p in &points {
            while b < by_end.len() && by_end[b].2 <= p {
                open.remove(&(by_end[b].0, by_end[b].1));
                b += 1;
            }
            while a < by_start.len() && by_start[a].0 <= p {
                if by_start[a].2 > p {
                    open.insert((by_start[a].0, by_start[a].1));
                }
                a += 1;
            }
            out.push((p, open.last().map_or(0, |&(_, i)| i)));
        }
        out
    }

    pub fn text(&self, node: Node) -> &'t str {
        &self.source[node.byte_range()]
    }

    // ---- resolution -------------------------------------------------------

    /// Resolve a name loaded at `pos` in `scope` to one answer: the most
    /// recent import that may reach the load, else local, else unbound.
    pub fn resolve_name(&self, name: &str, scope: ScopeId, pos: usize) -> Resolution {
        match self.resolve_name_all(name, scope, pos).into_iter().next() {
            Some(r) => Resolution::Symbol {
                symbol: r.symbol,
                via_star: r.via_star,
            },
            None if self.lookup_all(name, scope, pos).is_empty() => Resolution::Unbound,
            None => Resolution::Local,
        }
    }

    /// Every dotted symbol a name loaded at `pos` may denote, most recent
    /// first: the imports among the bindings that may reach the load, and
    /// what each star import among them would give (`m.name`).
    pub fn resolve_name_all(&self, name: &str, scope: ScopeId, pos: usize) -> Vec<Resolved> {
        let (bindings, _) = self.lookup_inner(name, scope, pos);
        // Each candidate once: after 4,000 `try: from old.mod import f`
        // blocks, each with an `except ImportError: f = None`, a load may
        // see every import before it, all of one symbol (and the per
        // reference answers kept were quadratic in memory: 530 MB).
        let mut seen: std::collections::HashSet<(&str, bool)> = std::collections::HashSet::new();
        let mut out: Vec<Resolved> = Vec::new();
        for b in bindings {
            match &b.kind {
                BindingKind::Import { symbol, .. } if seen.insert((symbol, false)) => {
                    out.push(Resolved {
                        symbol: symbol.clone(),
                        via_star: false,
                    });
                }
                BindingKind::Star { import } => {
                    if let Some(m) = &self.imports[*import].module
                        && seen.insert((m, true))
                    {
                        out.push(Resolved {
                            symbol: format!("{m}.{name}"),
                            via_star: true,
                        });
                    }
                }
                _ => {}
            }
        }
        // Pushed one by one, the vector may have room to spare: callers
        // keep it (per reference, and in place as a `Vec<String>`), so
        // give the room back.
        out.shrink_to_fit();
        out
    }

    /// The binding a name loaded at `pos` in `scope` most likely refers to.
    pub fn lookup(&self, name: &str, scope: ScopeId, pos: usize) -> Option<&Binding> {
        self.lookup_all(name, scope, pos).into_iter().next()
    }

    /// The parents of the nodes above the references, mapped in one walk
    /// (see [`crate::python::Parents`]): tree-sitter finds a parent by a
    /// walk down from the root past every earlier sibling on the way, so
    /// asking it of each reference is quadratic in a deep tree (a
    /// 16,000-term `+` chain of calls took 40 s to diff) or a wide one.
    pub fn reference_parents(&self) -> crate::python::Parents<'t> {
        let nodes: Vec<Node<'t>> = self.references.iter().map(|r| r.node).collect();
        crate::python::Parents::around(self.root, &nodes)
    }

    /// The bindings that may reach a load of `name` at `pos`, most recent
    /// first. In the scope that binds the name, walk back from the load
    /// through preceding bindings until one dominates it; bindings in
    /// branches the load is not in (a `try` import and its `except`
    /// fallback) all stay candidates. A name bound nowhere before the load
    /// (a forward reference) takes the scope's first binding.
    pub fn lookup_all(&self, name: &str, scope: ScopeId, pos: usize) -> Vec<&Binding> {
        self.lookup_inner(name, scope, pos).0
    }

    /// Whether a load of `name` at `pos` in `scope` surely finds a binding
    /// of the scope that holds the name: one runs on every path to the
    /// load, or, for a load in a function (or class, lambda…) inside that
    /// scope, on every path to the statement there that defines it, which
    /// runs before any call of it. An import at the end of the module
    /// (after the code that calls the function) or under an `if` does not.
    pub fn surely_bound(&self, name: &str, scope: ScopeId, pos: usize) -> bool {
        let (_, _, holder) = self.lookup_scoped(name, scope, pos);
        let Some(holder) = holder else {
            return false;
        };
        // Where, in the holder, the load's code runs from.
        let mut at = pos;
        let mut s = scope;
        while s != holder {
            let sc = &self.scopes[s];
            match sc.parent {
                Some(p) => {
                    at = sc.range.start;
                    s = p;
                }
                None => return false,
            }
        }
        let Some(bs) = self.scopes[holder].bindings.get(name) else {
            return false;
        };
        (self.scopes[holder].may_reach(name, bs, at).iter())
            .rev()
            .filter(|b| b.in_effect(at))
            .any(|b| b.dominates(at))
    }

    /// The scope whose bindings [`Self::lookup_all`] answers with.
    pub fn holder(&self, name: &str, scope: ScopeId, pos: usize) -> Option<ScopeId> {
        self.lookup_scoped(name, scope, pos).2
    }

    /// [`Self::lookup_all`], and whether the answer is a forward reference
    /// (no binding precedes the load).
    fn lookup_inner(&self, name: &str, scope: ScopeId, pos: usize) -> (Vec<&Binding>, bool) {
        let (bindings, forward, _) = self.lookup_scoped(name, scope, pos);
        (bindings, forward)
    }

    /// [`Self::lookup_inner`], and the scope whose bindings answered.
    fn lookup_scoped(
        &self,
        name: &str,
        scope: ScopeId,
        pos: usize,
    ) -> (Vec<&Binding>, bool, Option<ScopeId>) {
        let mut carry: Vec<&Binding> = Vec::new();
        let (found, forward, holder) = self.lookup_walk(name, scope, pos, &mut carry);
        if carry.is_empty() {
            return (found, forward, holder);
        }
        // A class body's bindings that may not have run, then what the
        // scopes around give.
        let holder = if found.is_empty() {
            Some(scope)
        } else {
            holder
        };
        carry.extend(found);
        (carry, false, holder)
    }

    /// [`Self::lookup_scoped`]'s walk out from `scope`. A load directly in
    /// a class body reads the class namespace, then the globals (Python's
    /// `LOAD_NAME`): when no binding of the class surely ran before it (one
    /// under an `if`, a `for`, a `try`…, or a `del` of it that may have),
    /// the class's bindings that may have go into `carry` and the walk goes
    /// on out, whose answer may reach the load too.
    fn lookup_walk<'s>(
        &'s self,
        name: &str,
        scope: ScopeId,
        pos: usize,
        carry: &mut Vec<&'s Binding>,
    ) -> (Vec<&'s Binding>, bool, Option<ScopeId>) {
        let mut current = Some(scope);
        let mut first = true;
        // A load directly in an annotation scope sees the class around it.
        let mut sees_class = false;
        // A load in a function runs after the module's code may have run on.
        let mut deferred = false;
        while let Some(s) = current {
            let sc = &self.scopes[s];
            deferred |= matches!(sc.kind, ScopeKind::Function { .. } | ScopeKind::Lambda);
            if s != 0 && sc.globals.iter().any(|g| g == name) {
                deferred |= self.in_function(s);
                current = Some(0);
                first = false;
                continue;
            }
            let skip = !first && sc.kind == ScopeKind::Class && !sees_class;
            sees_class = first && sc.kind == ScopeKind::TypeParams;
            let nonlocal = sc.nonlocals.iter().any(|n| n == name);
            let own = sc.bindings.get(name);
            if !skip && !nonlocal && s == 0 && self.star_may_bind(name) {
                let (bindings, forward) = self.lookup_with_stars(name, own, pos, deferred);
                return (bindings, forward, Some(0));
            }
            if !skip
                && !nonlocal
                && let Some(bs) = own
            {
                let mut out = Vec::new();
                for b in sc
                    .may_reach(name, bs, pos)
                    .iter()
                    .rev()
                    .filter(|b| b.in_effect(pos))
                {
                    out.push(b);
                    if b.dominates(pos) {
                        break;
                    }
                }
                // A class body sees its own names only once bound: before
                // that, the globals (`helper = staticmethod(helper)`). A
                // name the body binds anywhere is loaded there by
                // `LOAD_NAME` (the class namespace, the globals, the
                // builtins): never from a function around the class.
                if out.is_empty() && first && sc.kind == ScopeKind::Class {
                    deferred |= self.in_function(s);
                    current = Some(0);
                    first = false;
                    continue;
                }
                // A class body whose bindings of the name may all not have
                // run (or a `del` of it may have): the globals may answer
                // the load too (not a function around the class).
                if first && sc.kind == ScopeKind::Class {
                    let surely = out.last().is_some_and(|b| b.dominates(pos) && !b.deleted);
                    if !surely || out.iter().any(|b| b.deleted) {
                        carry.extend(out.into_iter().filter(|b| !b.deleted));
                        deferred |= self.in_function(s);
                        current = Some(0);
                        first = false;
                        continue;
                    }
                }
                if out.is_empty() {
                    out.extend(bs.first());
                    return (out, true, Some(s));
                }
                // A load in a function runs when it is called, by when the
                // scope around may have bound the name again further down
                // (`def get(): …` after the function that calls the
                // imported `get`): those bindings may reach it too.
                if deferred && !first {
                    out.extend(bs.iter().filter(|b| b.visible > pos));
                }
                return (out, false, Some(s));
            }
            // Only declared by a bare annotation: the same, the globals.
            if first
                && sc.kind == ScopeKind::Class
                && !nonlocal
                && sc.annotated.iter().any(|a| a == name)
            {
                deferred |= self.in_function(s);
                current = Some(0);
                first = false;
                continue;
            }
            current = sc.parent;
            first = false;
        }
        (Vec::new(), false, None)
    }

    /// Whether a function or lambda encloses scope `s`: its code runs when
    /// that is called, by when the module's code may have run on.
    fn in_function(&self, s: ScopeId) -> bool {
        let mut cur = self.scopes[s].parent;
        while let Some(p) = cur {
            let sc = &self.scopes[p];
            if matches!(sc.kind, ScopeKind::Function { .. } | ScopeKind::Lambda) {
                return true;
            }
            cur = sc.parent;
        }
        false
    }

    /// [`Self::lookup_inner`] at module scope, where star imports may bind
    /// `name` too: each is one more binding that may reach the load, and
    /// never the one that surely does. A load in a function (`deferred`)
    /// may run once the module's code is done: a star further down may
    /// have bound the name by then.
    fn lookup_with_stars<'s>(
        &'s self,
        name: &str,
        own: Option<&'s Vec<Binding>>,
        pos: usize,
        deferred: bool,
    ) -> (Vec<&'s Binding>, bool) {
        let stars: Vec<&Binding> = (self.stars.iter())
            .filter(|s| s.may_bind(name))
            .map(|s| &s.binding)
            .collect();
        let own: &[Binding] = own.map_or(&[], Vec::as_slice);
        let mut out: Vec<&Binding> = Vec::new();
        if deferred {
            out.extend(stars.iter().rev().filter(|b| b.visible > pos));
        }
        // The module's bindings and the star imports' in source order
        // (a star after a binding at the same place), walked back from
        // the load until one surely ran. Only the bindings in effect by
        // `pos` are looked at (see [`Scope::may_reach`]): a module under a
        // star import that rebinds a name on each of 20,000 lines looked
        // at all of them at each load.
        let seen = self.scopes[0].may_reach(name, own, pos);
        let (mut i, mut j) = (seen.len(), stars.len());
        while i > 0 || j > 0 {
            let b = if j > 0 && (i == 0 || stars[j - 1].pos >= seen[i - 1].pos) {
                j -= 1;
                stars[j]
            } else {
                i -= 1;
                &seen[i]
            };
            if b.in_effect(pos) {
                out.push(b);
                if b.dominates(pos) {
                    break;
                }
            }
        }
        if out.is_empty() {
            let first = match (own.first(), stars.first()) {
                (Some(o), Some(s)) if s.pos < o.pos => Some(*s),
                (Some(o), _) => Some(o),
                (None, s) => s.copied(),
            };
            out.extend(first);
            return (out, true);
        }
        (out, false)
    }

    /// Whether `name`, loaded at `pos` directly in `scope`, is bound only
    /// later: in a function, a local of it (an `UnboundLocalError` at
    /// runtime); in module code, or a class body in it (run as it is
    /// defined), a global the module binds only further down (a
    /// `NameError`, a builtin of the name aside).
    pub fn bound_later(&self, name: &str, scope: ScopeId, pos: usize) -> bool {
        self.unbound_where(name, scope, &|b| b.visible > pos)
    }

    /// Whether `name`, loaded at `pos` directly in `scope`, may be unbound
    /// there as [`Semantic::bound_later`] says, or because no one binding
    /// of it runs on every path to it: each is later, or in a block the
    /// load is not in (`if A: from m import f` then `if B: f()`).
    pub fn bound_unsurely(&self, name: &str, scope: ScopeId, pos: usize) -> bool {
        self.unbound_where(name, scope, &|b| b.visible > pos || !b.dominates(pos))
    }

    /// Whether `name` loaded in `scope` has bindings in the scope it reads,
    /// every one of them `missing` where it is loaded.
    fn unbound_where(
        &self,
        name: &str,
        scope: ScopeId,
        missing: &dyn Fn(&Binding) -> bool,
    ) -> bool {
        let sc = &self.scopes[scope];
        let later = |sc: &Scope| {
            sc.bindings
                .get(name)
                .is_some_and(|bs| bs.iter().all(missing))
        };
        match sc.kind {
            ScopeKind::Function { .. } => {
                !sc.globals.iter().any(|g| g == name)
                    && !sc.nonlocals.iter().any(|g| g == name)
                    && later(sc)
            }
            ScopeKind::Module | ScopeKind::Class => {
                let mut sc = sc;
                while sc.kind == ScopeKind::Class {
                    let declared = sc.globals.iter().chain(&sc.nonlocals).any(|g| g == name);
                    if sc.bindings.contains_key(name) || declared {
                        return false;
                    }
                    match sc.parent {
                        Some(p) => sc = &self.scopes[p],
                        None => return false,
                    }
                }
                sc.kind == ScopeKind::Module && !super::BUILTINS.contains(&name) && later(sc)
            }
            _ => false,
        }
    }

    /// The dotted symbol an identifier or attribute chain most likely
    /// denotes, if it resolves through an import.
    pub fn resolve_expr(&self, node: Node, scope: ScopeId) -> Option<String> {
        self.resolve_all(node, scope)
            .into_iter()
            .next()
            .map(|r| r.symbol)
    }

    /// [`Semantic::resolve_all`] of `references[i]` (in its scope), for
    /// each `i`: asked once per file however many rules read it.
    pub fn reference_resolutions(&self) -> &[Vec<Resolved>] {
        self.resolutions.get_or_init(|| {
            (self.references.iter())
                .map(|r| self.resolve_all(r.node, r.scope))
                .collect()
        })
    }

    /// Every dotted symbol an identifier, attribute chain or parenthesised
    /// one of those may denote.
    pub fn resolve_all(&self, node: Node, scope: ScopeId) -> Vec<Resolved> {
        match node.kind() {
            "identifier" => self.resolve_name_all(self.text(node), scope, node.start_byte()),
            "attribute" => {
                let (Some(object), Some(attr)) = (
                    node.child_by_field_name("object"),
                    node.child_by_field_name("attribute"),
                ) else {
                    return Vec::new();
                };
                let attr = self.text(attr);
                let mut out = self.resolve_all(object, scope);
                for r in &mut out {
                    r.symbol.push('.');
                    r.symbol.push_str(attr);
                }
                out
            }
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.resolve_all(inner, scope),
                None => Vec::new(),
            },
            // A dotted value in a `case` pattern (`case mod.RED:`).
            "dotted_name" => {
                let mut cursor = node.walk();
                let parts: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "identifier")
                    .collect();
                let Some(head) = parts.first() else {
                    return Vec::new();
                };
                let mut out = self.resolve_all(*head, scope);
                for r in &mut out {
                    for p in &parts[1..] {
                        r.symbol.push('.');
                        r.symbol.push_str(self.text(*p));
                    }
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// A cheap test before resolving: can this identifier or chain resolve
    /// through an import at all? Its head must be a name some import binds,
    /// or the file must have a star import.
    pub fn may_resolve(&self, node: Node) -> bool {
        if !self.stars.is_empty() {
            return true;
        }
        let mut head = node;
        loop {
            match head.kind() {
                "identifier" => return self.imported_names.contains(self.text(head)),
                "attribute" => match head.child_by_field_name("object") {
                    Some(o) => head = o,
                    None => return false,
                },
                "parenthesized_expression" | "dotted_name" => match head.named_child(0) {
                    Some(i) => head = i,
                    None => return false,
                },
                _ => return false,
            }
        }
    }

    /// The innermost scope whose body contains `pos`.
    pub fn scope_at(&self, pos: usize) -> ScopeId {
        if !self.scope_index.is_empty() {
            let k = self.scope_index.partition_point(|&(p, _)| p <= pos);
            return if k == 0 { 0 } else { self.scope_index[k - 1].1 };
        }
        self.scope_at_linear(pos)
    }

    /// [`Semantic::scope_at`] while the walk still adds scopes.
    fn scope_at_linear(&self, pos: usize) -> ScopeId {
        let mut best = (0, 0);
        for (i, s) in self.scopes.iter().enumerate().skip(1) {
            for r in &s.body {
                // Nested bodies start later than the bodies around them.
                if r.start <= pos && pos < r.end && r.start >= best.1 {
                    best = (i, r.start);
                }
            }
        }
        best.0
    }

    /// Whether code in `scope` runs once, when the module loads: at
    /// module level or in a class body there (not in a function, a lambda
    /// or a comprehension).
    pub fn runs_at_load(&self, scope: ScopeId) -> bool {
        let mut s = Some(scope);
        while let Some(at) = s {
            let sc = &self.scopes[at];
            match sc.kind {
                ScopeKind::Module => return true,
                ScopeKind::Class | ScopeKind::TypeParams => s = sc.parent,
                _ => return false,
            }
        }
        false
    }

    /// Whether `await` is allowed at a site in `scope`.
    pub fn async_context(&self, scope: ScopeId) -> AsyncContext {
        let mut s = scope;
        loop {
            let sc = &self.scopes[s];
            match sc.kind {
                ScopeKind::Function { is_async } => {
                    let name = sc.name.clone().unwrap_or_default();
                    return if is_async {
                        AsyncContext::AsyncFunction(name)
                    } else {
                        AsyncContext::SyncFunction(name)
                    };
                }
                ScopeKind::Lambda => return AsyncContext::Lambda,
                ScopeKind::Module => return AsyncContext::Module,
                ScopeKind::Class => return AsyncContext::ClassBody,
                ScopeKind::TypeParams => return AsyncContext::Annotation,
                ScopeKind::Comprehension if sc.generator => return AsyncContext::Generator,
                ScopeKind::Comprehension => match sc.parent {
                    Some(p) => s = p,
                    None => return AsyncContext::Module,
                },
            }
        }
    }

    /// Module-scope binding of `name` (the last one), for definition lookup.
    pub fn module_binding(&self, name: &str) -> Option<&Binding> {
        self.scopes[0].bindings.get(name).and_then(|v| v.last())
    }

    /// Chains the file writes (`a.b.X = v`, `a.b.X += v`, `del a.b.X`, a
    /// `for`/`with` target) that denote `path` or something under it, with
    /// that dotted path: the same as `setattr(a.b, "X", v)` (see
    /// [`super::patched_paths`]), the module's own code reads the value there.
    pub fn written_paths(&self, path: &str) -> Vec<(Range<usize>, String)> {
        let mut out: Vec<(Range<usize>, String)> = Vec::new();
        for r in &self.references {
            if r.node.kind() != "attribute" || !is_store_target(r.node) || !self.may_resolve(r.node)
            {
                continue;
            }
            let target = self
                .resolve_all(r.node, r.scope)
                .into_iter()
                .map(|c| c.symbol)
                .find(|t| is_at_or_under(t, path));
            // `x += v` walks its target twice.
            if let Some(t) = target
                && out
                    .last()
                    .is_none_or(|(range, _)| *range != r.node.byte_range())
            {
                out.push((r.node.byte_range(), t));
            }
        }
        out
    }
}

/// The nodes that group targets (`a, (b, *c) = …`): a name inside one is
/// bound like the whole.
const TARGET_GROUPS: &[&str] = &[
    "pattern_list",
    "tuple_pattern",
    "list_pattern",
    "tuple",
    "list",
    "list_splat_pattern",
    "list_splat",
    "parenthesized_expression",
    "expression_list",
];

/// Whether `node` is itself a target: assigned (alone or in a tuple of
/// targets), augmented, deleted, or bound by `for`/`with`. A load inside a
/// target (`a.b` in `a.b[i] = v`) is not.
fn is_store_target(node: Node) -> bool {
    is_store_target_in(node, node.parent())
}

/// [`is_store_target`] of `node` inside `parent` (known, as a match's
/// is: `Node::parent` walks down from the root again).
pub fn is_store_target_in<'t>(node: Node<'t>, parent: Option<Node<'t>>) -> bool {
    let mut at = node;
    let mut up = parent;
    while let Some(parent) = up {
        match parent.kind() {
            k if TARGET_GROUPS.contains(&k) => {
                at = parent;
                up = parent.parent();
            }
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                return parent.child_by_field_name("left") == Some(at);
            }
            "delete_statement" | "as_pattern_target" => return true,
            _ => return false,
        }
    }
    false
}

impl Semantic<'_> {
    /// Whether an import of the file (at runtime: not under `if
    /// TYPE_CHECKING:`) loads `module`: `import a.b.c` loads `a`, `a.b` and
    /// `a.b.c`; `from a.b import c` loads `a`, `a.b`, and `a.b.c` if it is a
    /// module.
    /// Every path [`Semantic::loads`] is true of, found in one pass: to
    /// ask it of many paths.
    pub fn loaded_paths(&self) -> std::collections::HashSet<String> {
        let mut out = std::collections::HashSet::new();
        let mut prefixes = |path: &str| {
            for (i, b) in path.bytes().enumerate() {
                if b == b'.' {
                    out.insert(path[..i].to_string());
                }
            }
            out.insert(path.to_string());
        };
        for i in self.imports.iter().filter(|i| !i.type_checking) {
            match (i.kind, i.module.as_deref()) {
                (ImportKind::Import, _) => i.entries.iter().for_each(|e| prefixes(&e.name)),
                (ImportKind::From, Some(m)) => {
                    prefixes(m);
                    for e in &i.entries {
                        prefixes(&format!("{m}.{}", e.name));
                    }
                }
                (ImportKind::From, None) => {}
            }
        }
        out
    }

    pub fn loads(&self, module: &str) -> bool {
        self.imports
            .iter()
            .filter(|i| !i.type_checking)
            .any(|i| match i.kind {
                ImportKind::Import => i.entries.iter().any(|e| is_at_or_under(&e.name, module)),
                ImportKind::From => i.module.as_deref().is_some_and(|m| {
                    is_at_or_under(m, module)
                        || i.entries
                            .iter()
                            .any(|e| format!("{m}.{}", e.name) == module)
                }),
            })
    }
}

/// Whether `symbol` is `path` itself or something under it (`path.x`).
pub fn is_at_or_under(symbol: &str, path: &str) -> bool {
    symbol == path
        || (symbol.len() > path.len()
            && symbol.starts_with(path)
            && symbol.as_bytes()[path.len()] == b'.')
}

mod exports;
pub(crate) use exports::outside_parens;
mod namespace;
mod walk;

#[cfg(test)]
mod tests;
