//! The compile-time errors CPython raises on code tree-sitter's grammar
//! accepts: its symbol table's (`global`/`nonlocal` misuse, duplicate
//! parameters, `await` and `async` outside an `async def`) and a few of its
//! parser's (a repeated keyword argument, a positional one after keywords,
//! a `from __future__` import that is not first). Written from CPython's
//! rules (3.11's `symtable.c`), sharing no code with canon's own resolver:
//! the fuzz targets' oracle (`crate::invariants`) and the rewrite's check
//! that a layer's edits add no error of a kind ([`counts`], [`added`]: one
//! count for both); `tests/data/oracle.py` asks CPython itself, outside the
//! fuzzer's loop.

use std::collections::{BTreeMap, HashMap, HashSet};

use tree_sitter::{Node, Tree};

/// What CPython would refuse, by the message it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorKind {
    /// `'await' outside async function` (or outside any function).
    AwaitOutsideAsync,
    /// `async for`/`async with`, or an async list/set/dict comprehension,
    /// outside an `async def`.
    AsyncOutsideAsync,
    /// `nonlocal declaration not allowed at module level`.
    NonlocalAtModule,
    /// `no binding for nonlocal 'x' found`.
    NonlocalWithoutBinding,
    /// `name 'x' is used prior to global declaration` (or assigned to
    /// before it; likewise for `nonlocal`).
    UsedBeforeDeclaration,
    /// `name 'x' is parameter and global` (or nonlocal).
    ParameterDeclared,
    /// `name 'x' is nonlocal and global`.
    GlobalAndNonlocal,
    /// `duplicate argument 'x' in function definition`.
    DuplicateArgument,
    /// `keyword argument repeated: x`.
    KeywordRepeated,
    /// `positional argument follows keyword argument` (or follows `**`).
    PositionalAfterKeyword,
    /// `iterable argument unpacking follows keyword argument unpacking`.
    UnpackAfterKeywordUnpack,
    /// `from __future__ imports must occur at the beginning of the file`.
    LateFutureImport,
    /// `expected an indented block` (an IndentationError): a compound
    /// statement's body without a statement, which tree-sitter accepts.
    EmptyBlock,
    /// `assignment expression cannot be used in a comprehension iterable
    /// expression`.
    WalrusInIterable,
    /// `assignment expression cannot rebind comprehension iteration
    /// variable 'x'`.
    WalrusRebindsIterationVariable,
    /// `assignment expression within a comprehension cannot be used in a
    /// class body`.
    WalrusInClassComprehension,
    /// `'yield' outside function` (at module level or in a class body).
    YieldOutsideFunction,
    /// `'yield' inside list comprehension` (or set, dict, generator).
    YieldInComprehension,
    /// `invalid syntax`: an import broken over lines with neither brackets
    /// nor a backslash (`from m` / `import f`), which tree-sitter reads as
    /// one statement where Python reads two, the first unfinished.
    BrokenImport,
}

/// One error: its kind, the name it concerns (empty when none) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub name: String,
    pub at: usize,
}

/// Where statement `n` (a simple one) breaks a line outside brackets with
/// no backslash before the break: between two of its tokens at bracket
/// depth 0, a line end not escaped. Python ends the statement there;
/// tree-sitter, finding no statement end valid, reads on.
fn broken_line(source: &str, n: Node) -> Option<usize> {
    let text = source.get(n.byte_range())?;
    if !text.contains(['\n', '\r']) {
        return None;
    }
    let bytes = source.as_bytes();
    let (mut depth, mut last): (usize, Option<usize>) = (0, None);
    let mut found = None;
    crate::python::preorder(n, |node| {
        if found.is_some() {
            return false;
        }
        if node.child_count() > 0 {
            return true;
        }
        if let Some(end) = last
            && depth == 0
        {
            let gap = &bytes[end..node.start_byte().max(end)];
            for (i, &b) in gap.iter().enumerate() {
                let ends = b == b'\n' || (b == b'\r' && gap.get(i + 1) != Some(&b'\n'));
                if !ends {
                    continue;
                }
                let before = match (b, i.checked_sub(1).map(|j| gap[j])) {
                    (b'\n', Some(b'\r')) => i.checked_sub(2).map(|j| gap[j]),
                    (_, prev) => prev,
                };
                if before != Some(b'\\') {
                    found = Some(end + i);
                    return false;
                }
            }
        }
        match node.kind() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth = depth.saturating_sub(1),
            _ => {}
        }
        last = Some(node.end_byte());
        false
    });
    found
}

impl CompileError {
    /// What CPython says of it.
    pub fn says(&self) -> String {
        use ErrorKind::*;
        let x = &self.name;
        match self.kind {
            AwaitOutsideAsync => "'await' outside async function".to_string(),
            AsyncOutsideAsync => "asynchronous code outside an async function".to_string(),
            NonlocalAtModule => "nonlocal declaration not allowed at module level".to_string(),
            NonlocalWithoutBinding => format!("no binding for nonlocal '{x}' found"),
            UsedBeforeDeclaration => {
                format!("name '{x}' is used prior to its global or nonlocal declaration")
            }
            ParameterDeclared => format!("name '{x}' is parameter and global"),
            GlobalAndNonlocal => format!("name '{x}' is nonlocal and global"),
            DuplicateArgument => format!("duplicate argument '{x}' in function definition"),
            KeywordRepeated => format!("keyword argument repeated: {x}"),
            PositionalAfterKeyword => "positional argument follows keyword argument".to_string(),
            UnpackAfterKeywordUnpack => {
                "iterable argument unpacking follows keyword argument unpacking".to_string()
            }
            LateFutureImport => {
                "from __future__ imports must occur at the beginning of the file".to_string()
            }
            EmptyBlock => "expected an indented block".to_string(),
            BrokenImport => {
                "invalid syntax (an import broken over lines without brackets or a backslash)"
                    .to_string()
            }
            WalrusInIterable => {
                "assignment expression cannot be used in a comprehension iterable expression"
                    .to_string()
            }
            WalrusRebindsIterationVariable => {
                format!(
                    "assignment expression cannot rebind comprehension iteration variable '{x}'"
                )
            }
            WalrusInClassComprehension => {
                "assignment expression within a comprehension cannot be used in a class body"
                    .to_string()
            }
            YieldOutsideFunction => "'yield' outside function".to_string(),
            YieldInComprehension => "'yield' inside a comprehension".to_string(),
        }
    }
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.kind)?;
        if !self.name.is_empty() {
            write!(f, " `{}`", self.name)?;
        }
        write!(f, " at byte {}", self.at)
    }
}

/// Every error of these kinds in `tree` (of `source`), in no particular
/// order. Walks recursively: call it on a stack deep enough for the tree.
pub fn compile_errors(tree: &Tree, source: &str) -> Vec<CompileError> {
    compile_errors_in(tree, source, &|_| true)
}

/// [`compile_errors`] of the module's top-level statements `walk` keeps,
/// plus every `from __future__` import at the top level that comes too
/// late (that one depends on the statements before it). For the other
/// kinds a top-level statement's errors are its own, as long as no
/// `global` or `nonlocal` statement runs at module level (those read the
/// module's other statements): the caller makes sure of that.
pub fn compile_errors_in(
    tree: &Tree,
    source: &str,
    walk: &dyn Fn(Node) -> bool,
) -> Vec<CompileError> {
    let mut w = Walker {
        source,
        blocks: vec![Block::new(BlockKind::Module, None)],
        errors: Vec::new(),
    };
    let root = tree.root_node();
    w.future_imports(root, walk);
    let mut cursor = root.walk();
    let kept: Vec<Node> = root.children(&mut cursor).filter(|c| walk(*c)).collect();
    for &c in &kept {
        w.empty_blocks(c);
        w.walruses(c);
    }
    for c in kept {
        w.visit(c, 0, Await::Module);
    }
    w.declarations();
    w.errors
}

/// How many of `errors` there are of each kind.
pub fn counts(errors: &[CompileError]) -> BTreeMap<ErrorKind, usize> {
    let mut out = BTreeMap::new();
    for e in errors {
        *out.entry(e.kind).or_insert(0) += 1;
    }
    out
}

/// The kinds `now` counts more of than `before`, each as (kind, now's
/// count, before's): what a text made of `before`'s adds.
pub fn added(
    before: &BTreeMap<ErrorKind, usize>,
    now: &BTreeMap<ErrorKind, usize>,
) -> Vec<(ErrorKind, usize, usize)> {
    now.iter()
        .map(|(k, &n)| (*k, n, before.get(k).copied().unwrap_or(0)))
        .filter(|&(_, n, was)| n > was)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Module,
    Function,
    Class,
    Comprehension,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ev {
    Use,
    Store,
    Param,
    Import,
    Global,
    Nonlocal,
}

struct Block {
    kind: BlockKind,
    parent: Option<usize>,
    /// (position, name, what happens to it), in the order walked.
    events: Vec<(usize, String, Ev)>,
}

impl Block {
    fn new(kind: BlockKind, parent: Option<usize>) -> Self {
        Block {
            kind,
            parent,
            events: Vec::new(),
        }
    }

    fn has(&self, name: &str, evs: &[Ev]) -> bool {
        self.events
            .iter()
            .any(|(_, n, e)| n == name && evs.contains(e))
    }
}

/// Whether `await` may appear where the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Await {
    /// In an `async def`'s body (or a generator expression: an async one).
    Allowed,
    /// In a plain function's body or a lambda.
    Function,
    /// At module level or in a class body.
    Module,
}

struct Walker<'s> {
    source: &'s str,
    blocks: Vec<Block>,
    errors: Vec<CompileError>,
}

const COMPREHENSIONS: &[&str] = &[
    "list_comprehension",
    "set_comprehension",
    "dictionary_comprehension",
    "generator_expression",
];

impl<'s> Walker<'s> {
    fn text(&self, n: Node) -> &'s str {
        &self.source[n.byte_range()]
    }

    fn error(&mut self, kind: ErrorKind, name: &str, at: usize) {
        self.errors.push(CompileError {
            kind,
            name: name.to_string(),
            at,
        });
    }

    fn event(&mut self, block: usize, n: Node, ev: Ev) {
        let name = self.text(n).to_string();
        self.blocks[block].events.push((n.start_byte(), name, ev));
    }

    fn block(&mut self, kind: BlockKind, parent: usize) -> usize {
        self.blocks.push(Block::new(kind, Some(parent)));
        self.blocks.len() - 1
    }

    fn children(&mut self, n: Node, block: usize, aw: Await) {
        let mut cursor = n.walk();
        let kids: Vec<Node> = n.children(&mut cursor).collect();
        for c in kids {
            self.visit(c, block, aw);
        }
    }

    fn field(&mut self, n: Node, name: &str, block: usize, aw: Await) {
        let mut cursor = n.walk();
        let kids: Vec<Node> = n.children_by_field_name(name, &mut cursor).collect();
        for c in kids {
            self.visit(c, block, aw);
        }
    }

    fn is_async(n: Node) -> bool {
        n.child(0).is_some_and(|c| c.kind() == "async")
    }

    fn visit(&mut self, n: Node, block: usize, aw: Await) {
        match n.kind() {
            "identifier" => self.event(block, n, Ev::Use),
            "comment" | "string_content" | "escape_sequence" => {}
            "function_definition" => self.function(n, block, aw),
            "lambda" if n.is_named() => {
                let inner = self.block(BlockKind::Function, block);
                if let Some(p) = n.child_by_field_name("parameters") {
                    self.parameters(p, block, inner, aw);
                }
                self.field(n, "body", inner, Await::Function);
            }
            "class_definition" => {
                if let Some(name) = n.child_by_field_name("name") {
                    self.event(block, name, Ev::Store);
                }
                self.field(n, "superclasses", block, aw);
                let inner = self.block(BlockKind::Class, block);
                self.field(n, "body", inner, Await::Module);
            }
            k if COMPREHENSIONS.contains(&k) => self.comprehension(n, block, aw),
            "global_statement" | "nonlocal_statement" => {
                let ev = if n.kind() == "global_statement" {
                    Ev::Global
                } else {
                    Ev::Nonlocal
                };
                let mut cursor = n.walk();
                let names: Vec<Node> = n
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "identifier")
                    .collect();
                for name in names {
                    self.event(block, name, ev);
                }
            }
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                self.import(n, block)
            }
            "assignment" | "augmented_assignment" => {
                if let Some(left) = n.child_by_field_name("left") {
                    self.target(left, block, aw);
                }
                self.field(n, "type", block, aw);
                self.field(n, "right", block, aw);
            }
            "for_statement" => {
                if Self::is_async(n) && aw != Await::Allowed {
                    self.error(ErrorKind::AsyncOutsideAsync, "", n.start_byte());
                }
                if let Some(left) = n.child_by_field_name("left") {
                    self.target(left, block, aw);
                }
                self.field(n, "right", block, aw);
                self.field(n, "body", block, aw);
                self.field(n, "alternative", block, aw);
            }
            "with_statement" => {
                if Self::is_async(n) && aw != Await::Allowed {
                    self.error(ErrorKind::AsyncOutsideAsync, "", n.start_byte());
                }
                self.children(n, block, aw);
            }
            "as_pattern_target" => {
                let mut cursor = n.walk();
                let kids: Vec<Node> = n.named_children(&mut cursor).collect();
                for c in kids {
                    self.target(c, block, aw);
                }
            }
            "except_clause" => {
                if let Some(alias) = n.child_by_field_name("alias") {
                    self.target(alias, block, aw);
                }
                let mut cursor = n.walk();
                let kids: Vec<Node> = n.children(&mut cursor).collect();
                let alias = n.child_by_field_name("alias").map(|a| a.id());
                for c in kids {
                    if Some(c.id()) != alias {
                        self.visit(c, block, aw);
                    }
                }
            }
            "named_expression" => {
                self.field(n, "value", block, aw);
                if let Some(name) = n.child_by_field_name("name") {
                    // Binds in the nearest enclosing block that is not a comprehension.
                    let mut b = block;
                    while self.blocks[b].kind == BlockKind::Comprehension {
                        b = self.blocks[b].parent.unwrap_or(0);
                    }
                    self.event(b, name, Ev::Store);
                }
            }
            "delete_statement" => {
                let mut cursor = n.walk();
                let kids: Vec<Node> = n.named_children(&mut cursor).collect();
                for c in kids {
                    self.target(c, block, aw);
                }
            }
            "keyword_argument" => self.field(n, "value", block, aw),
            "attribute" => self.field(n, "object", block, aw),
            "yield" if n.is_named() => {
                match self.blocks[block].kind {
                    BlockKind::Function => {}
                    BlockKind::Comprehension => {
                        self.error(ErrorKind::YieldInComprehension, "", n.start_byte())
                    }
                    BlockKind::Module | BlockKind::Class => {
                        self.error(ErrorKind::YieldOutsideFunction, "", n.start_byte())
                    }
                }
                self.children(n, block, aw);
            }
            "await" if n.is_named() => {
                if aw != Await::Allowed {
                    self.error(ErrorKind::AwaitOutsideAsync, "", n.start_byte());
                }
                self.children(n, block, aw);
            }
            "argument_list" => {
                self.arguments(n);
                self.children(n, block, aw);
            }
            _ => self.children(n, block, aw),
        }
    }

    fn function(&mut self, n: Node, block: usize, aw: Await) {
        if let Some(name) = n.child_by_field_name("name") {
            self.event(block, name, Ev::Store);
        }
        let inner = self.block(BlockKind::Function, block);
        if let Some(p) = n.child_by_field_name("parameters") {
            self.parameters(p, block, inner, aw);
        }
        self.field(n, "return_type", block, aw);
        let body_aw = if Self::is_async(n) {
            Await::Allowed
        } else {
            Await::Function
        };
        self.field(n, "body", inner, body_aw);
    }

    /// Parameter names go to `inner`; defaults and annotations are
    /// evaluated in `outer`.
    fn parameters(&mut self, params: Node, outer: usize, inner: usize, aw: Await) {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut cursor = params.walk();
        let kids: Vec<Node> = params.named_children(&mut cursor).collect();
        for p in kids {
            let name = match p.kind() {
                "identifier" => Some(p),
                "default_parameter" | "typed_default_parameter" => {
                    self.field(p, "type", outer, aw);
                    self.field(p, "value", outer, aw);
                    p.child_by_field_name("name")
                }
                "typed_parameter" => {
                    self.field(p, "type", outer, aw);
                    let mut c = p.walk();
                    let first = p.named_children(&mut c).find(|c| c.kind() != "type");
                    first.and_then(|f| match f.kind() {
                        "identifier" => Some(f),
                        _ => f.named_child(0).filter(|i| i.kind() == "identifier"),
                    })
                }
                "list_splat_pattern" | "dictionary_splat_pattern" => {
                    p.named_child(0).filter(|i| i.kind() == "identifier")
                }
                _ => None,
            };
            let Some(name) = name.filter(|n| n.kind() == "identifier") else {
                continue;
            };
            let text = self.text(name);
            if !seen.insert(text) {
                self.error(ErrorKind::DuplicateArgument, text, name.start_byte());
            }
            self.event(inner, name, Ev::Param);
        }
    }

    /// The first iterable is evaluated in the enclosing block; the rest in
    /// the comprehension's own.
    fn comprehension(&mut self, n: Node, block: usize, aw: Await) {
        let generator = n.kind() == "generator_expression";
        let mut cursor = n.walk();
        let kids: Vec<Node> = n.named_children(&mut cursor).collect();
        let clauses: Vec<Node> = kids
            .iter()
            .copied()
            .filter(|c| c.kind() == "for_in_clause")
            .collect();
        if !generator && clauses.iter().any(|c| Self::is_async(*c)) && aw != Await::Allowed {
            self.error(ErrorKind::AsyncOutsideAsync, "", n.start_byte());
        }
        let inner_aw = if generator { Await::Allowed } else { aw };
        let inner = self.block(BlockKind::Comprehension, block);
        for c in &kids {
            if c.kind() == "for_in_clause" {
                if let Some(left) = c.child_by_field_name("left") {
                    self.target(left, inner, inner_aw);
                }
                let first = clauses.first().map(|f| f.id()) == Some(c.id());
                let (b, a) = if first {
                    (block, aw)
                } else {
                    (inner, inner_aw)
                };
                self.field(*c, "right", b, a);
            } else if c.kind() != "comment" {
                self.visit(*c, inner, inner_aw);
            }
        }
    }

    fn target(&mut self, n: Node, block: usize, aw: Await) {
        match n.kind() {
            "identifier" => self.event(block, n, Ev::Store),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "parenthesized_expression"
            | "list_splat_pattern"
            | "list_splat"
            | "expression_list" => {
                let mut cursor = n.walk();
                let kids: Vec<Node> = n.named_children(&mut cursor).collect();
                for c in kids {
                    self.target(c, block, aw);
                }
            }
            _ => self.visit(n, block, aw),
        }
    }

    fn import(&mut self, n: Node, block: usize) {
        if let Some(at) = broken_line(self.source, n) {
            self.error(ErrorKind::BrokenImport, "", at);
        }
        let mut cursor = n.walk();
        let names: Vec<Node> = n.children_by_field_name("name", &mut cursor).collect();
        let mut cursor = n.walk();
        let plain: Vec<Node> = n
            .named_children(&mut cursor)
            .filter(|c| n.kind() == "import_statement" && c.kind() == "dotted_name")
            .collect();
        for name in names.into_iter().chain(plain) {
            let bound = match name.kind() {
                "aliased_import" => name.child_by_field_name("alias"),
                "dotted_name" => name.named_child(0),
                _ => None,
            };
            if let Some(b) = bound {
                self.event(block, b, Ev::Import);
            }
        }
    }

    fn arguments(&mut self, args: Node) {
        let (mut keyword, mut dstar) = (false, false);
        let mut names: HashSet<&str> = HashSet::new();
        let mut cursor = args.walk();
        let kids: Vec<Node> = args.named_children(&mut cursor).collect();
        for a in kids {
            match a.kind() {
                "comment" => {}
                "keyword_argument" => {
                    keyword = true;
                    if let Some(name) = a.child_by_field_name("name") {
                        let text = self.text(name);
                        if !names.insert(text) {
                            self.error(ErrorKind::KeywordRepeated, text, name.start_byte());
                        }
                    }
                }
                "dictionary_splat" => dstar = true,
                "list_splat" => {
                    if dstar {
                        self.error(ErrorKind::UnpackAfterKeywordUnpack, "", a.start_byte());
                    }
                }
                _ => {
                    if keyword || dstar {
                        self.error(ErrorKind::PositionalAfterKeyword, "", a.start_byte());
                    }
                }
            }
        }
    }

    /// Every `block` with no statement in it (comments are none), walked
    /// iteratively.
    fn empty_blocks(&mut self, root: Node) {
        let mut empty = Vec::new();
        crate::python::preorder(root, |node| {
            let mut c = node.walk();
            if node.kind() == "block" && node.named_children(&mut c).all(|n| n.kind() == "comment")
            {
                empty.push(node.start_byte());
            }
            true
        });
        for at in empty {
            self.error(ErrorKind::EmptyBlock, "", at);
        }
    }

    /// CPython's three rules for an assignment expression in a
    /// comprehension (symtable.c, `symtable_extend_namedexpr_scope` and
    /// the iterable check): none in any comprehension's iterable (even in a
    /// lambda there), none rebinding an iteration variable of a
    /// comprehension it is in, none in a comprehension in a class body.
    fn walruses(&mut self, root: Node) {
        let mut found = Vec::new();
        crate::python::preorder(root, |node| {
            if node.kind() == "named_expression" {
                found.push(node);
            }
            true
        });
        for walrus in found {
            let Some(target) = walrus.child_by_field_name("name") else {
                continue;
            };
            let name = self.text(target);
            let at = walrus.start_byte();
            let is = |child: Node, of: Node, field: &str| {
                let mut c = of.walk();
                of.children_by_field_name(field, &mut c)
                    .any(|f| f.id() == child.id())
            };
            // Whether the walk is still in the walrus's own scope chain
            // (comprehensions up to the first function, lambda or class).
            let mut own = true;
            let mut in_comprehension = false;
            let mut in_iterable = false;
            let mut rebinds = false;
            let mut node = walrus;
            while let Some(parent) = node.parent() {
                match parent.kind() {
                    "for_in_clause" if is(node, parent, "right") => in_iterable = true,
                    k if own && COMPREHENSIONS.contains(&k) => {
                        in_comprehension = true;
                        let mut c = parent.walk();
                        for clause in parent.named_children(&mut c) {
                            if clause.kind() != "for_in_clause" {
                                continue;
                            }
                            let mut cc = clause.walk();
                            for left in clause.children_by_field_name("left", &mut cc) {
                                crate::python::preorder(left, |n| {
                                    if n.kind() == "identifier" && self.text(n) == name {
                                        rebinds = true;
                                    }
                                    true
                                });
                            }
                        }
                    }
                    "lambda" if is(node, parent, "body") => own = false,
                    "function_definition" if is(node, parent, "body") => own = false,
                    "class_definition" if is(node, parent, "body") => {
                        if own && in_comprehension {
                            self.error(ErrorKind::WalrusInClassComprehension, "", at);
                        }
                        own = false;
                    }
                    _ => {}
                }
                node = parent;
            }
            if in_iterable {
                self.error(ErrorKind::WalrusInIterable, "", at);
            }
            if rebinds {
                self.error(ErrorKind::WalrusRebindsIterationVariable, name, at);
            }
        }
    }

    /// `from __future__` imports: only after the docstring, comments and
    /// other future imports at the top of the module.
    fn future_imports(&mut self, root: Node, walk: &dyn Fn(Node) -> bool) {
        let mut cursor = root.walk();
        let mut first = true;
        let mut open = true;
        for s in root.named_children(&mut cursor) {
            match s.kind() {
                "comment" => continue,
                "future_import_statement" => {
                    if !open {
                        self.error(ErrorKind::LateFutureImport, "", s.start_byte());
                    }
                }
                "expression_statement"
                    if first
                        && s.named_child_count() == 1
                        && s.named_child(0).is_some_and(|c| c.kind() == "string") => {}
                _ => open = false,
            }
            first = false;
        }
        // Nested ones (in a function, an `if`) are never at the beginning.
        let mut cursor = root.walk();
        let mut stack: Vec<Node> = root
            .named_children(&mut cursor)
            .filter(|c| walk(*c))
            .collect();
        while let Some(n) = stack.pop() {
            let mut c = n.walk();
            for child in n.named_children(&mut c) {
                if child.kind() == "future_import_statement" && n.id() != root.id() {
                    self.error(ErrorKind::LateFutureImport, "", child.start_byte());
                }
                stack.push(child);
            }
        }
    }

    /// `global` and `nonlocal` statements against the events of their
    /// block and the blocks around it.
    fn declarations(&mut self) {
        let mut found = Vec::new();
        for (b, block) in self.blocks.iter().enumerate() {
            let mut declared: HashMap<&str, Ev> = HashMap::new();
            for (i, (pos, name, ev)) in block.events.iter().enumerate() {
                if !matches!(ev, Ev::Global | Ev::Nonlocal) {
                    continue;
                }
                if let Some(other) = declared.insert(name, *ev)
                    && other != *ev
                {
                    found.push((ErrorKind::GlobalAndNonlocal, name.clone(), *pos));
                }
                let param = block.has(name, &[Ev::Param]);
                let used = block.events[..i]
                    .iter()
                    .any(|(p, n, e)| n == name && p < pos && matches!(e, Ev::Use | Ev::Store));
                if param {
                    found.push((ErrorKind::ParameterDeclared, name.clone(), *pos));
                } else if used {
                    found.push((ErrorKind::UsedBeforeDeclaration, name.clone(), *pos));
                }
                if *ev == Ev::Nonlocal {
                    if block.kind == BlockKind::Module {
                        found.push((ErrorKind::NonlocalAtModule, name.clone(), *pos));
                    } else if !self.enclosing_binding(b, name) {
                        found.push((ErrorKind::NonlocalWithoutBinding, name.clone(), *pos));
                    }
                }
            }
        }
        for (kind, name, at) in found {
            self.error(kind, &name, at);
        }
    }

    /// Whether a function around block `b` binds `name` for a `nonlocal`.
    fn enclosing_binding(&self, b: usize, name: &str) -> bool {
        let mut at = self.blocks[b].parent;
        while let Some(p) = at {
            let block = &self.blocks[p];
            match block.kind {
                BlockKind::Module => return false,
                BlockKind::Function => {
                    if block.has(name, &[Ev::Global]) {
                        return false;
                    }
                    if !block.has(name, &[Ev::Nonlocal])
                        && block.has(name, &[Ev::Store, Ev::Param, Ev::Import])
                    {
                        return true;
                    }
                }
                BlockKind::Class | BlockKind::Comprehension => {}
            }
            at = block.parent;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python;

    fn kinds(code: &str) -> Vec<ErrorKind> {
        let mut parser = python::parser();
        let tree = python::parse(&mut parser, code);
        assert!(!tree.root_node().has_error(), "{code}");
        let mut k: Vec<ErrorKind> = compile_errors(&tree, code)
            .into_iter()
            .map(|e| e.kind)
            .collect();
        k.sort();
        k
    }

    // Each case as CPython 3.11 judges it (checked with `compile()`).
    #[test]
    fn errors_cpython_raises_and_code_it_accepts() {
        use ErrorKind::*;
        let cases: &[(&str, &[ErrorKind])] = &[
            ("def f():\n    return (await x for x in y)\n", &[]),
            (
                "def f():\n    return [await x for x in y]\n",
                &[AwaitOutsideAsync],
            ),
            (
                "async def f():\n    return lambda: await x\n",
                &[AwaitOutsideAsync],
            ),
            ("await x\n", &[AwaitOutsideAsync]),
            ("async def f():\n    await x\n", &[]),
            ("def f():\n    return (x async for x in y)\n", &[]),
            (
                "def f():\n    return [x async for x in y]\n",
                &[AsyncOutsideAsync],
            ),
            (
                "def f():\n    async for x in y: pass\n",
                &[AsyncOutsideAsync],
            ),
            ("async def f():\n    async with a as b: pass\n", &[]),
            (
                "async def f():\n    class C:\n        await x\n",
                &[AwaitOutsideAsync],
            ),
            (
                "def f():\n    return [x for x in await y]\n",
                &[AwaitOutsideAsync],
            ),
            ("async def f(a=await g()): pass\n", &[AwaitOutsideAsync]),
            ("(await x for x in y)\n", &[]),
            ("nonlocal x\n", &[NonlocalAtModule]),
            ("x = (yield)\n", &[YieldOutsideFunction]),
            ("class C:\n    x = yield 1\n", &[YieldOutsideFunction]),
            (
                "def f():\n    class C:\n        x = yield\n",
                &[YieldOutsideFunction],
            ),
            (
                "def f():\n    return [(yield) for x in y]\n",
                &[YieldInComprehension],
            ),
            (
                "def f():\n    return ((yield) for x in y)\n",
                &[YieldInComprehension],
            ),
            ("def f():\n    return [x for x in (yield)]\n", &[]),
            ("lambda: (yield)\n", &[]),
            ("def f():\n    return (yield from g())\n", &[]),
            ("try:\nexcept ImportError:\n    x = 1\n", &[EmptyBlock]),
            ("from m\nimport f\n", &[BrokenImport]),
            ("from m\r\nimport a.b as f\r\n", &[BrokenImport]),
            ("from m import (\n    f,\n    g,\n)\n", &[]),
            ("from m import f, \\\n    g\n", &[]),
            ("from m import f, \\\r\n    g\r\n", &[]),
            ("import a  # c\nimport b\n", &[]),
            (
                "if x:\n    # only a comment\nelse:\n    pass\n",
                &[EmptyBlock],
            ),
            ("try:\n    pass\nexcept ImportError:\n    x = 1\n", &[]),
            ("def f():\n    x=1\n    class C:\n        nonlocal x\n", &[]),
            (
                "def f():\n    x=1\n    class C:\n        def g():\n            nonlocal x\n",
                &[],
            ),
            (
                "def f():\n    global x\n    x=1\n    def g():\n        nonlocal x\n",
                &[NonlocalWithoutBinding],
            ),
            ("x=1\ndef f():\n    nonlocal x\n", &[NonlocalWithoutBinding]),
            (
                "def f():\n    from m import x\n    def g():\n        nonlocal x\n",
                &[],
            ),
            (
                "def f(x):\n    def g():\n        nonlocal x\n        x = 2\n",
                &[],
            ),
            (
                "def f():\n    print(x)\n    global x\n",
                &[UsedBeforeDeclaration],
            ),
            ("def f():\n    import x\n    global x\n", &[]),
            ("x=1\nglobal x\n", &[UsedBeforeDeclaration]),
            (
                "class C:\n    x = 1\n    global x\n",
                &[UsedBeforeDeclaration],
            ),
            ("def f():\n    global x\n    x = 1\n    print(x)\n", &[]),
            ("def f(a):\n    global a\n", &[ParameterDeclared]),
            (
                "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n",
                &[GlobalAndNonlocal],
            ),
            ("def f(a, a): pass\n", &[DuplicateArgument]),
            ("def f(a, *, b, **a): pass\n", &[DuplicateArgument]),
            ("lambda a, a: 0\n", &[DuplicateArgument]),
            ("def f(a: int = 1, *b: str, c=2): pass\n", &[]),
            ("f(a=1, a=2)\n", &[KeywordRepeated]),
            ("f(a=1, b)\n", &[PositionalAfterKeyword]),
            ("f(**k, b)\n", &[PositionalAfterKeyword]),
            ("f(a=1, *b)\n", &[]),
            ("f(**k, *a)\n", &[UnpackAfterKeywordUnpack]),
            ("class C(B, metaclass=M, x=1): pass\n", &[]),
            (
                "import os\nfrom __future__ import annotations\n",
                &[LateFutureImport],
            ),
            (
                "'''doc'''\n# c\nfrom __future__ import annotations\nfrom __future__ import division\n",
                &[],
            ),
            (
                "def f():\n    [y := 1 for x in z]\n    def g():\n        nonlocal y\n",
                &[],
            ),
        ];
        let mut wrong = Vec::new();
        for (code, want) in cases {
            let got = kinds(code);
            if got != *want {
                wrong.push(format!("{code:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
