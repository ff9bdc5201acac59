//! Python source understanding: parsing with tree-sitter, the per-file
//! semantic model (scopes, imports, bindings, references) and structural
//! pattern matching.
//!
//! This layer knows nothing about rules or findings; it answers "what dotted
//! symbol does this expression denote here?" and "does this node match that
//! pattern?". It never reads files or prints.

pub mod chunks;
pub mod doctest;
pub mod encoding;
mod fold;
pub mod modules;
pub mod nfkc;
mod patches;
pub mod pattern;
mod python2;
pub mod semantic;
mod strings;
pub mod symtable;
mod sys_modules;
mod text;
mod uncalled;

pub use fold::{
    computed_paths, opaque_patches, patches_as_values, spelled_in_strings, unread_paths,
};
pub use patches::{
    Patched, attribute_object, attribute_off_module, held_module, namespace_of, object_paths,
    patched_by_unread_name, patched_object, patched_paths, patched_targets, patched_under,
    top_package_chain,
};
pub use pattern::{
    Match, MatchBindings, PatNode, Pattern, PatternError, Piece, single_expression, split_holes,
};
pub use python2::{python2_lines, python2_syntax};
pub use semantic::{
    AnnotationRef, AsyncContext, Binding, BindingKind, Import, ImportEntry, ImportKind, Reference,
    Resolution, Resolved, Scope, ScopeId, ScopeKind, Semantic, StarNames, Unseen,
    is_store_target_in,
};
pub use strings::{
    callee_spellings, colon_moved, colon_path, has_inner_comment, is_import_path_arg,
    is_patch_path_string, is_path_string, module_returned_by, parenthesized_up, pytest_plugins,
    relative_import_target, rewrite_parts, spells_pytest_plugins, string_content, string_value,
    top_package_import, top_package_returned_by,
};
pub use sys_modules::{is_sys_modules, is_sys_modules_key, sys_modules_entry, sys_modules_keys};
pub use text::{
    LfLines, LineIndex, Position, contains_dotted_path, contains_word, dotted_path_in, excerpt,
    first_break_is_lone_cr, lone_cr_as_lf, spells_star_import, tight_colons, words,
};
pub use uncalled::passed_as_value;

use tree_sitter::{Language, Parser, Tree};

/// The tree-sitter Python grammar.
pub fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

/// A parser configured for Python. One per thread: parsers are not `Sync`.
pub fn parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&language())
        .expect("tree-sitter-python is ABI-compatible with the tree-sitter crate");
    parser
}

/// Parse `source`; tree-sitter always yields a tree (errors become ERROR nodes).
/// A lone `\r` ends a line, as in Python (tree-sitter's grammar only knows
/// `\n`, so it parses a copy that says so: same offsets).
///
/// tree-sitter-python parses a star before a call or attribute chain in a
/// display or a bare tuple the wrong way round: `[*get()]` as `(*get)()`,
/// `[*a.b()]` as `(*a).b()`, while Python stars the whole `get()`. Those
/// stars are read as a unary minus instead (one byte for one: the same
/// offsets, the structure Python has, an operand that binds as tightly),
/// so the call is a call of `get` there as everywhere else.
pub fn parse(parser: &mut Parser, source: &str) -> Tree {
    let seen = lone_cr_as_lf(source);
    let mut parse = |text: &str| {
        parser
            .parse(text, None)
            .expect("parse only fails on cancellation or a missing language")
    };
    let tree = parse(&seen);
    let stars = misparsed_stars(&tree, &seen);
    if stars.is_empty() {
        return tree;
    }
    let mut bytes = seen.as_bytes().to_vec();
    for at in stars {
        bytes[at] = b'-';
    }
    // One ASCII byte for another: still UTF-8.
    parse(std::str::from_utf8(&bytes).expect("an ASCII byte replaced by another"))
}

/// Whether `tree` of `source` (parsed without [`parse`]) has a star [`parse`] reads again.
pub fn misreads_a_star(tree: &Tree, source: &str) -> bool {
    !misparsed_stars(tree, source).is_empty()
}

/// The `*` of each `list_splat` that tree-sitter made the leftmost operand
/// of a call, attribute, subscript or operator (see [`parse`]).
fn misparsed_stars(tree: &Tree, source: &str) -> Vec<usize> {
    let mut out = Vec::new();
    // A walk of the whole tree, for a byte most files have few of.
    if !source.contains('*') {
        return out;
    }
    preorder(tree.root_node(), |node| {
        if matches!(
            node.kind(),
            "call"
                | "attribute"
                | "subscript"
                | "boolean_operator"
                | "binary_operator"
                | "comparison_operator"
                | "conditional_expression"
        ) && let Some(first) = node.child(0)
            && first.kind() == "list_splat"
        {
            out.push(first.start_byte());
        }
        true
    });
    out
}

/// Parse only the byte `ranges` of `source` (sorted, non-overlapping); node
/// offsets stay those of the whole file. The parser is reset afterwards.
pub fn parse_ranges(parser: &mut Parser, source: &str, ranges: &[std::ops::Range<usize>]) -> Tree {
    let seen = lone_cr_as_lf(source);
    // The rows and columns of the ranges' ends, counted in one pass up to
    // the last (a line index of a big file for a few dozen offsets cost
    // 7% of `check` on big test files).
    let mut rows = RowCounter::new(seen.as_bytes());
    let ts_ranges: Vec<tree_sitter::Range> = ranges
        .iter()
        .map(|r| tree_sitter::Range {
            start_byte: r.start,
            end_byte: r.end,
            start_point: rows.point(r.start),
            end_point: rows.point(r.end),
        })
        .collect();
    let tree = match parser.set_included_ranges(&ts_ranges) {
        Ok(()) => parse(parser, source),
        Err(_) => {
            let _ = parser.set_included_ranges(&[]);
            parse(parser, source)
        }
    };
    let _ = parser.set_included_ranges(&[]);
    tree
}

/// Rows and columns of ascending offsets of a text, counted on from the
/// last one asked (an offset before it counts from the start again).
struct RowCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    row: usize,
    line_start: usize,
}

impl<'a> RowCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        RowCounter {
            bytes,
            at: 0,
            row: 0,
            line_start: 0,
        }
    }

    fn point(&mut self, offset: usize) -> tree_sitter::Point {
        let offset = offset.min(self.bytes.len());
        if offset < self.at {
            *self = RowCounter::new(self.bytes);
        }
        let between = &self.bytes[self.at..offset];
        self.row += memchr::memchr_iter(b'\n', between).count();
        if let Some(last) = memchr::memrchr(b'\n', between) {
            self.line_start = self.at + last + 1;
        }
        self.at = offset;
        tree_sitter::Point::new(self.row, offset - self.line_start)
    }
}

/// The ERROR and MISSING nodes of a tree (outermost ones), in source order.
/// An error tree-sitter's API does not show (a MISSING token of a hidden
/// kind, such as the line end it supposes between two statements run
/// together: `from m import a, b.c d, e` reads as an import and `d, e`,
/// with no visible error) is stood for by the node it sits in, or by the
/// second of the statements it joins.
pub fn syntax_errors(tree: &Tree) -> Vec<std::ops::Range<usize>> {
    error_nodes(tree).iter().map(|n| n.byte_range()).collect()
}

/// The nodes of [`syntax_errors`].
fn error_nodes(tree: &Tree) -> Vec<tree_sitter::Node<'_>> {
    let mut out = Vec::new();
    if !tree.root_node().has_error() {
        return out;
    }
    preorder(tree.root_node(), |node| {
        if node.is_error() || node.is_missing() {
            out.push(node);
            return false;
        }
        if !node.has_error() {
            return false;
        }
        let mut cursor = node.walk();
        let kids: Vec<tree_sitter::Node> = node.children(&mut cursor).collect();
        // Two clean statements on one line with no `;` between them: the
        // line end tree-sitter supposes there is an error of its own.
        let before = out.len();
        if matches!(node.kind(), "module" | "block") {
            out.extend(kids.windows(2).filter_map(|w| {
                let joined = w
                    .iter()
                    .all(|k| k.is_named() && k.kind() != "comment" && !k.has_error())
                    && w[0].end_position().row == w[1].start_position().row;
                joined.then_some(w[1])
            }));
        }
        if kids.iter().any(|k| k.has_error()) {
            return true;
        }
        // Else the error is hidden in this node itself.
        if out.len() == before {
            out.push(node);
        }
        false
    });
    out.sort_by_key(|n| (n.start_byte(), n.end_byte()));
    out
}

/// Visit `root` and its descendants in document order, iteratively (no
/// recursion, whatever the depth); `visit` says whether to go into the
/// node's children.
pub fn preorder<'t>(
    root: tree_sitter::Node<'t>,
    mut visit: impl FnMut(tree_sitter::Node<'t>) -> bool,
) {
    let mut cursor = root.walk();
    loop {
        if visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == root {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Whether a node's range holds one of `starts` (its end included): the
/// test by which [`Parents::around`] and [`exact_nodes`] walk only the
/// paths down to the nodes they look for. False for every node when
/// `starts` is empty.
fn start_holder(starts: impl IntoIterator<Item = usize>) -> impl Fn(tree_sitter::Node) -> bool {
    let mut starts: Vec<usize> = starts.into_iter().collect();
    starts.sort_unstable();
    starts.dedup();
    move |n: tree_sitter::Node| {
        let i = starts.partition_point(|&s| s < n.start_byte());
        starts.get(i).is_some_and(|&s| s <= n.end_byte())
    }
}

/// The parents of the nodes on the paths from a root down to some nodes,
/// found in one walk that enters only nodes holding one's start.
/// `Node::parent` walks down from the root each time, so a climb from
/// every load of a name in a deep tree (`f(f(f(…)))`) is quadratic; a
/// climb through this map is not. A node off those paths falls back to
/// `Node::parent`.
#[derive(Default)]
pub struct Parents<'t> {
    map: std::collections::HashMap<usize, tree_sitter::Node<'t>>,
}

impl<'t> Parents<'t> {
    pub fn around(root: tree_sitter::Node<'t>, nodes: &[tree_sitter::Node<'t>]) -> Self {
        let holds = start_holder(nodes.iter().map(|n| n.start_byte()));
        let mut map = std::collections::HashMap::new();
        if !holds(root) {
            return Parents { map };
        }
        // The nodes above the cursor, innermost last.
        let mut above: Vec<tree_sitter::Node<'t>> = Vec::new();
        let mut cursor = root.walk();
        'walk: loop {
            let node = cursor.node();
            if let Some(&parent) = above.last() {
                map.insert(node.id(), parent);
            }
            if cursor.goto_first_child() {
                above.push(node);
            } else if !Self::next(&mut cursor, &mut above) {
                break 'walk;
            }
            // Skip the nodes that hold no start, with all below them.
            while !holds(cursor.node()) {
                if !Self::next(&mut cursor, &mut above) {
                    break 'walk;
                }
            }
        }
        Parents { map }
    }

    /// Moves to the next sibling, or that of a node above; false at the end.
    fn next(
        cursor: &mut tree_sitter::TreeCursor<'t>,
        above: &mut Vec<tree_sitter::Node<'t>>,
    ) -> bool {
        loop {
            if cursor.goto_next_sibling() {
                return true;
            }
            if !cursor.goto_parent() {
                return false;
            }
            above.pop();
        }
    }

    pub fn of(&self, node: tree_sitter::Node<'t>) -> Option<tree_sitter::Node<'t>> {
        match self.map.get(&node.id()) {
            Some(&p) => Some(p),
            None => node.parent(),
        }
    }
}

/// Of the byte ranges `ranges`, those that are exactly some node's range,
/// found in one walk that enters only nodes holding the start of one:
/// `descendant_for_byte_range` per range walks down from the root each
/// time, quadratic over the fixes of a deep tree (a 10,000-term `+` chain).
pub fn exact_nodes(
    root: tree_sitter::Node,
    ranges: impl IntoIterator<Item = std::ops::Range<usize>>,
) -> std::collections::HashSet<(usize, usize)> {
    let want: std::collections::HashSet<(usize, usize)> =
        ranges.into_iter().map(|r| (r.start, r.end)).collect();
    let holds = start_holder(want.iter().map(|&(s, _)| s));
    let mut found = std::collections::HashSet::new();
    if !holds(root) {
        return found;
    }
    let mut cursor = root.walk();
    'walk: loop {
        let node = cursor.node();
        let range = (node.start_byte(), node.end_byte());
        if want.contains(&range) {
            found.insert(range);
        }
        // On to the next node not yet seen that holds a start: a child,
        // a later sibling, or a later sibling of a node above.
        let mut fresh = cursor.goto_first_child();
        loop {
            if fresh && holds(cursor.node()) {
                continue 'walk;
            }
            if cursor.goto_next_sibling() {
                fresh = true;
                continue;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
            fresh = false;
        }
    }
    found
}

/// The code a tree's syntax errors leave unseen: the whole statement
/// around each ERROR or MISSING node (in a compound statement, the clause
/// or header it sits in, not the blocks beside it), widened to whole lines
/// (a statement beside it after a `;`). tree-sitter's recovery may make a
/// neighbour of the error into something else: in `class C[T = default]:`
/// the error is `T =` and `default` becomes a type parameter, and
/// `*cfg["d"], = [5]`, valid Python, reads as `-cfg["d"]`, an ERROR and
/// `[5]`. No fix goes into these regions (canon cannot check it there: it
/// may not even compile), and the names they spell count as used.
pub fn unparsed_regions(tree: &Tree, source: &str) -> Vec<std::ops::Range<usize>> {
    if !tree.root_node().has_error() {
        return Vec::new();
    }
    let bytes = source.as_bytes();
    let mut out: Vec<std::ops::Range<usize>> = error_nodes(tree)
        .into_iter()
        .map(|error| {
            let (r, (cut_start, cut_end)) = statement_around(error);
            let (start, end) = (r.start.min(bytes.len()), r.end.min(bytes.len()));
            let start = match cut_start {
                true => start,
                // A lone `\r` ends a line too, as in Python.
                false => memchr::memrchr2(b'\n', b'\r', &bytes[..start]).map_or(0, |i| i + 1),
            };
            let end = match cut_end {
                true => end,
                false => {
                    memchr::memchr2(b'\n', b'\r', &bytes[end..]).map_or(bytes.len(), |i| end + i)
                }
            };
            start..end.max(start)
        })
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in out {
        match merged.last_mut() {
            Some(l) if r.start <= l.end => l.end = l.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The statement an ERROR or MISSING node sits in (the node itself when a
/// block or the module holds it), or in a compound statement the clause or
/// header: the code between the blocks before and after it. Whether a
/// block cut its start, and its end.
fn statement_around(error: tree_sitter::Node) -> (std::ops::Range<usize>, (bool, bool)) {
    const CLAUSES: &[&str] = &[
        "elif_clause",
        "else_clause",
        "except_clause",
        "except_group_clause",
        "finally_clause",
        "case_clause",
    ];
    let mut statement = error;
    while let Some(parent) = statement.parent() {
        if matches!(parent.kind(), "module" | "block") || CLAUSES.contains(&statement.kind()) {
            break;
        }
        statement = parent;
    }
    let (err, mut range) = (error.byte_range(), statement.byte_range());
    let mut cut = (false, false);
    preorder(statement, |node| {
        if node.kind() != "block" || node == statement {
            return node != error;
        }
        let b = node.byte_range();
        if b.end <= err.start && b.end > range.start {
            range.start = b.end;
            cut.0 = true;
        } else if err.end <= b.start && b.start < range.end {
            range.end = b.start;
            cut.1 = true;
        }
        false
    });
    (range, cut)
}

/// Nesting any thread's stack walks safely (a worker's default is 2 MiB).
pub const SHALLOW: usize = 128;
/// Nesting beyond which a file is not analysed at all (a diagnostic says
/// so): valid Python, but no real code nests this deep.
pub const DEEPEST: usize = 20_000;

/// Run `f`, which walks trees nesting `depth` deep, on a stack big enough:
/// this thread's when shallow, else a thread of its own.
pub fn on_stack_for<T: Send>(depth: usize, f: impl FnOnce() -> T + Send) -> T {
    if depth <= SHALLOW {
        return f();
    }
    // Generous per level: the walks recurse through several frames a level.
    let size = (16 << 20) + depth.saturating_mul(48 << 10);
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("canon-deep".into())
            .stack_size(size.min(2 << 30))
            .spawn_scoped(s, f)
            .expect("a thread for a deeply nested file");
        match handle.join() {
            Ok(v) => v,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// How deep `tree` nests: its deepest node's depth and that node's 0-based
/// line, walked iteratively (the walk itself cannot overflow).
pub fn nesting(tree: &Tree) -> (usize, usize) {
    let mut cursor = tree.root_node().walk();
    let (mut depth, mut deepest, mut row) = (0, 0, 0);
    loop {
        if depth > deepest {
            deepest = depth;
            row = cursor.node().start_position().row;
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return (deepest, row);
            }
            depth -= 1;
        }
    }
}

/// The first syntax error in a tree, as a byte offset, if any.
pub fn first_syntax_error(tree: &Tree) -> Option<usize> {
    syntax_errors(tree).first().map(|r| r.start)
}

/// A file's dotted module name and whether it is a package `__init__`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleName {
    pub name: String,
    pub is_init: bool,
}

/// The dotted module name of a file from its path relative to the project
/// root, the way Python would import it: the path from the top of its
/// chain of `__init__.py` packages (`backend/pkg/app/a.py` is `pkg.app.a`
/// when `pkg/` and `app/` are packages). When that top is not a package the
/// rules name but one of the folders above it is (a namespace package), the
/// name starts there. A file outside any package is named from the project
/// root, a leading `src/` dropped. `has_init(dir)` says whether the
/// `/`-separated folder holds an `__init__.py`; `tops` are the top-level
/// package names the rules mention. `root_package` is the package the
/// root folder itself is ([`root_package`]; empty when it is none): a
/// file whose chain of packages reaches the root is named under it, so
/// `pkg/old.py` is `pkg.old` whether the root is above `pkg/` or `pkg/`.
pub fn module_name_with(
    rel_path: &str,
    has_init: impl Fn(&str) -> bool,
    tops: &[&str],
    root_package: &[String],
) -> ModuleName {
    let path = rel_path.strip_prefix("./").unwrap_or(rel_path);
    let stem = path
        .strip_suffix(".pyi")
        .or_else(|| path.strip_suffix(".py"))
        .unwrap_or(path);
    let comps: Vec<&str> = stem.split('/').filter(|p| !p.is_empty()).collect();
    let dirs = comps.len().saturating_sub(1);
    let mut start = dirs;
    while start > 0 && has_init(&comps[..start].join("/")) {
        start -= 1;
    }
    if start == 0 && !root_package.is_empty() {
        let mut parts: Vec<&str> = root_package.iter().map(String::as_str).collect();
        parts.extend(&comps);
        let is_init = parts.last() == Some(&"__init__");
        if is_init {
            parts.pop();
        }
        return ModuleName {
            name: parts.join("."),
            is_init,
        };
    }
    let in_package = start < dirs;
    let top_known = in_package && tops.contains(&comps[start]);
    if !top_known && let Some(i) = comps[..start].iter().rposition(|c| tops.contains(c)) {
        start = i;
    } else if !in_package {
        start = usize::from(comps.first() == Some(&"src") && comps.len() > 1);
    }
    let mut parts = comps[start..].to_vec();
    let is_init = parts.last() == Some(&"__init__");
    if is_init {
        parts.pop();
    }
    ModuleName {
        name: parts.join("."),
        is_init,
    }
}

/// [`module_name_with`] for a file outside any package: named from the root.
pub fn module_name(rel_path: &str) -> (String, bool) {
    let m = module_name_with(rel_path, |_| false, &[], &[]);
    (m.name, m.is_init)
}

/// The package a project root folder is, outermost first: its name and
/// those of the folders above it while each holds an `__init__.py` (a
/// root at `src/pkg/` with `pkg/__init__.py` is `["pkg"]`). Empty when the
/// root is not a package, the usual case: names start at the root.
pub fn root_package(root: &std::path::Path) -> Vec<String> {
    let is_package =
        |d: &std::path::Path| d.join("__init__.py").is_file() || d.join("__init__.pyi").is_file();
    let mut out = Vec::new();
    let Ok(mut dir) = std::fs::canonicalize(root) else {
        return out;
    };
    while is_package(&dir) {
        let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
            break;
        };
        if !is_dotted_path(name) || name.contains('.') {
            break;
        }
        out.push(name.to_string());
        if !dir.pop() {
            break;
        }
    }
    out.reverse();
    out
}

/// The package against which relative imports resolve, for a file's module.
pub fn package_of(module: &str, is_init: bool) -> String {
    if is_init {
        module.to_string()
    } else {
        match module.rfind('.') {
            Some(i) => module[..i].to_string(),
            None => String::new(),
        }
    }
}

/// Whether `s` is a valid dotted Python path (`a`, `a.b_c.D`): every part
/// an identifier and none a keyword, since `from lib.v2 import class` is a
/// syntax error and no such path can be imported or spelled in code. Soft
/// keywords (`match`, `case`, `type`, `_`) are names and pass.
pub fn is_dotted_path(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(|p| is_identifier(p) && !is_keyword(p))
}

/// Python 3's hard keywords (`keyword.kwlist`): never a name.
pub fn is_keyword(w: &str) -> bool {
    matches!(
        w,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The names Python 3 binds in every module (`dir(builtins)`): a fix's
/// use of one, bound nowhere in the file, is the builtin, not unbound.
pub const BUILTINS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
    "__import__",
    "__name__",
    "__file__",
    "__doc__",
    "__debug__",
    "__build_class__",
    "__spec__",
    "__loader__",
    "__package__",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Two statements run together on one line: tree-sitter supposes a
    /// line end between them (a MISSING token of a hidden kind its API
    /// does not show), so no ERROR or MISSING node is found, and the file
    /// looked valid. Found by fuzzing (propose_bytes).
    #[test]
    fn statements_run_together_are_a_syntax_error_and_unparsed() {
        let text = "import os\nfrom app.ws.factory import create_manager, helper, happ.legacy.eventsmport create_madager, get_factory\nx = 1\n";
        let tree = parse(&mut parser(), text);
        assert!(tree.root_node().has_error());
        let errors = syntax_errors(&tree);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(&text[errors[0].clone()], "create_madager, get_factory");
        let line = text.find("from").unwrap()..text.find("\nx").unwrap();
        assert_eq!(unparsed_regions(&tree, text), vec![line]);
        // Written as two statements, it parses clean.
        let fine = text.replace("eventsmport create", "eventsmport; create");
        assert!(syntax_errors(&parse(&mut parser(), &fine)).is_empty());
    }

    #[test]
    fn row_counter_points_are_the_line_index_ones() {
        let text = "a = 1\n\nclass C:\n    x = 'é'\n  \n    def m(self):\n        pass\n";
        let index = LineIndex::new(text);
        let want = |o: usize| {
            let line = index.line_of(o);
            tree_sitter::Point::new(line, o - index.line_start(line))
        };
        let offsets: Vec<usize> = (0..=text.len()).collect();
        let mut rows = RowCounter::new(text.as_bytes());
        for &o in &offsets {
            assert_eq!(rows.point(o), want(o), "ascending, at {o}");
        }
        // Asked out of order, it counts again from the start.
        for &o in offsets.iter().rev().step_by(7) {
            assert_eq!(rows.point(o), want(o), "descending, at {o}");
        }
    }

    /// The vendored scanner stops at a comment run's first line when the
    /// rest cannot change its answer (vendor/tree-sitter-python). Python
    /// puts each comment of these runs where the stock grammar does: in
    /// the block while the block goes on or the comment is at its indent,
    /// outside once the comment and the next code are left of it.
    #[test]
    fn comment_runs_land_where_the_stock_grammar_puts_them() {
        let parent_of_comments = |text: &str| -> Vec<String> {
            let tree = parse(&mut parser(), text);
            assert!(!tree.root_node().has_error(), "{text}");
            let mut found = Vec::new();
            let mut stack = vec![tree.root_node()];
            while let Some(node) = stack.pop() {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if child.kind() == "comment" {
                        let line = child.start_position().row + 1;
                        found.push(format!("{line}:{}", node.kind()));
                    }
                    stack.push(child);
                }
            }
            found.sort();
            found
        };
        let cases: [(&str, &[&str]); 6] = [
            // At the block's indent, before a dedent: still the block's.
            (
                "def f():\n    x = 1\n    # a\n    # b\ny = 2\n",
                &["3:block", "4:block"],
            ),
            // Left of the block, the block going on: the block's.
            (
                "def f():\n    x = 1\n# a\n# b\n    y = 2\n",
                &["3:block", "4:block"],
            ),
            // Left of the block, the code after it too: the module's.
            (
                "def f():\n    x = 1\n# a\n# b\ny = 2\n",
                &["3:module", "4:module"],
            ),
            // Before the block's first statement (an INDENT to find).
            (
                "def f():\n# a\n    # b\n    return 1\n",
                &["2:function_definition", "3:function_definition"],
            ),
            // At the `if` body's indent, before `else:`.
            (
                "if x:\n    pass\n    # a\n    # b\nelse:\n    pass\n",
                &["3:block", "4:block"],
            ),
            // A nested block's comments, left of it, right of the outer one.
            (
                "class C:\n    def m(self):\n        x = 1\n    # a\n    # b\n    y = 2\n",
                &["4:block", "5:block"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parent_of_comments(text), *want, "{text}");
        }
        // A long run after a statement: every line a comment of the module.
        let text = format!("import os\n{}print(os)\n", "# old\n".repeat(5000));
        let got = parent_of_comments(&text);
        assert_eq!(got.len(), 5000);
        assert!(got.iter().all(|c| c.ends_with(":module")));
    }

    #[test]
    fn parser_builds_and_parses() {
        // Fails loudly if tree-sitter and tree-sitter-python disagree on ABI.
        let mut p = parser();
        let tree = parse(&mut p, "import os\n");
        assert_eq!(tree.root_node().kind(), "module");
        assert!(first_syntax_error(&tree).is_none());
        let bad = parse(&mut p, "def f(:\n    pass\n");
        assert!(first_syntax_error(&bad).is_some());
    }

    #[test]
    fn module_names() {
        assert_eq!(module_name("a/b/c.py"), ("a.b.c".into(), false));
        assert_eq!(module_name("a/b/__init__.py"), ("a.b".into(), true));
        assert_eq!(module_name("src/pkg/m.py"), ("pkg.m".into(), false));
        assert_eq!(package_of("a.b.c", false), "a.b");
        assert_eq!(package_of("a.b", true), "a.b");
        assert_eq!(package_of("top", false), "");
    }

    #[test]
    fn module_names_follow_packages() {
        let inits = [
            "backend/pkg",
            "backend/pkg/app",
            "tests",
            "tests/pkg",
            "ns/app",
        ];
        let has = |d: &str| inits.contains(&d);
        let m = |p: &str, tops: &[&str]| module_name_with(p, has, tops, &[]).name;
        assert_eq!(m("backend/pkg/app/a.py", &[]), "pkg.app.a");
        assert_eq!(m("backend/pkg/__init__.py", &[]), "pkg");
        assert!(module_name_with("backend/pkg/__init__.py", has, &[], &[]).is_init);
        // A mirror test tree that is itself a package keeps its own name.
        assert_eq!(m("tests/pkg/test_a.py", &["pkg"]), "tests.pkg.test_a");
        // A namespace package the rules name: start at it.
        assert_eq!(m("ns/app/x.py", &["ns"]), "ns.app.x");
        assert_eq!(m("repo/netra/app/x.py", &["netra"]), "netra.app.x");
        // Outside any package: from the root, src/ dropped.
        assert_eq!(m("scripts/run.py", &[]), "scripts.run");
        assert_eq!(m("src/tool/cli.py", &[]), "tool.cli");
    }

    #[test]
    fn dotted_paths() {
        assert!(is_dotted_path("a.b_c.D1"));
        assert!(!is_dotted_path("a..b"));
        assert!(!is_dotted_path("1a.b"));
        assert!(!is_dotted_path(""));
        assert!(!is_dotted_path("a.b-c"));
        // A keyword part can never be imported; soft keywords are names.
        assert!(!is_dotted_path("lib.v2.class"));
        assert!(!is_dotted_path("None.x"));
        assert!(is_dotted_path("re.match.case.type._"));
    }

    /// `Parents` answers what `Node::parent` would, from the map on the
    /// paths to the nodes it was built around.
    #[test]
    fn parents_agree_with_node_parent() {
        let mut p = parser();
        let src = "x = a.b(c, d + e)\nif y:\n    z = [f(1), g.h]\n    def k(q=f(f(2))):\n        return q\nw = 1 + 2 + 3 + 4\n";
        let tree = parse(&mut p, src);
        let root = tree.root_node();
        let mut all = Vec::new();
        preorder(root, |n| {
            all.push(n);
            true
        });
        // Every node's parent, asked for a sparse set and for all nodes.
        let sparse: Vec<_> = all
            .iter()
            .copied()
            .filter(|n| n.kind() == "identifier")
            .collect();
        for targets in [sparse, all.clone()] {
            let parents = Parents::around(root, &targets);
            for &n in &targets {
                let mut a = Some(n);
                while let Some(node) = a {
                    assert_eq!(parents.of(node), node.parent(), "{node:?}");
                    a = node.parent();
                }
            }
        }
        // Nodes on the paths are answered from the map, not by a descent.
        let f = all
            .iter()
            .copied()
            .find(|n| n.kind() == "integer" && &src[n.byte_range()] == "2")
            .unwrap();
        let parents = Parents::around(root, &[f]);
        let mut depth = 0;
        let mut a = Some(f);
        while let Some(node) = a {
            if node != root {
                assert!(parents.map.contains_key(&node.id()), "{node:?}");
            }
            depth += 1;
            a = parents.of(node);
        }
        assert!(depth > 5);
    }

    /// `exact_nodes` finds what `descendant_for_byte_range` would: every
    /// range that is some node's, and none that is not.
    #[test]
    fn exact_nodes_agree_with_a_descent_per_range() {
        let mut p = parser();
        let src = "x = a.b(c, d + e)\nif y:\n    z = [f(1), g.h]\nw = 1 + 2 + 3 + 4\n";
        let tree = parse(&mut p, src);
        let root = tree.root_node();
        let mut ranges = Vec::new();
        for s in 0..src.len() {
            for e in s + 1..=src.len().min(s + 12) {
                ranges.push(s..e);
            }
        }
        let found = exact_nodes(root, ranges.clone());
        let mut hits = 0;
        for r in ranges {
            let exact = root
                .descendant_for_byte_range(r.start, r.end)
                .is_some_and(|n| n.byte_range() == r);
            assert_eq!(
                found.contains(&(r.start, r.end)),
                exact,
                "{r:?} {:?}",
                &src[r.clone()]
            );
            hits += usize::from(exact);
        }
        assert!(hits > 30, "{hits}");
    }
}
