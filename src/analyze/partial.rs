//! Parse only what a file's findings can depend on.
//!
//! A candidate file mentions some rule's name, usually in one or two of
//! its top-level statements. Those statements are parsed, together with
//! the module's import statements (plain, or inside top-level `try`/`if`)
//! and any other statement that mentions a name the kept code resolves
//! through (a module alias that could be rebound there). Everything else
//! cannot change what the kept code means. Small files, files with a star
//! import (a name bound through one is spelled nowhere), and partial
//! parses that come out with syntax errors, are parsed whole.

use std::ops::Range;

use tree_sitter::{Parser, Tree};

use crate::python::chunks::{class_members_in, top_level_lines};
use crate::python::contains_word;
use crate::python::semantic::is_at_or_under;
use crate::python::{self, BindingKind, Semantic};
use crate::rules::Rule;

pub mod lexed;

/// Below this size a whole parse costs less than thinking about it.
const SMALL_FILE: usize = 1024;

/// Which top-level statements to parse.
pub struct Plan {
    chunks: Vec<Range<usize>>,
    keep: Vec<bool>,
    /// For a member of a class split by [`nested_chunks`], its header.
    header_of: Vec<Option<usize>>,
    /// See [`uses_are_not_findings`]: plain statements that spell a rule's
    /// name only as a bare word were skipped.
    strict: bool,
}

/// Parse the statements that mention a rule's names, plus module imports.
/// Returns the tree and, when the parse was partial, the plan that made it
/// (to widen with [`Plan::widen`] once the tree's names are resolved).
#[cfg(test)]
pub fn first_pass(
    parser: &mut Parser,
    source: &str,
    module: &str,
    rules: &[&Rule],
) -> (Tree, Option<Plan>) {
    first_pass_chunked(parser, source, module, rules, None)
}

/// A file's statements, each big class split into its header and members
/// (see [`nested_chunks`]): worked out once per file.
pub struct Chunked {
    chunks: Vec<Range<usize>>,
    header_of: Vec<Option<usize>>,
    /// Joins of adjacent string literals (see [`crate::python::chunks::Lines::joins`]).
    joins: Vec<Range<usize>>,
}

/// [`first_pass`], with the file's chunks when they are known already.
pub fn first_pass_chunked(
    parser: &mut Parser,
    source: &str,
    module: &str,
    rules: &[&Rule],
    chunked: Option<Chunked>,
) -> (Tree, Option<Plan>) {
    let full = |parser: &mut Parser| (python::parse(parser, source), None);
    if source.len() < SMALL_FILE {
        return full(parser);
    }
    if rules.iter().any(|r| r.literals().is_none()) {
        return full(parser);
    }
    let strict = uses_are_not_findings(rules, module);
    let chunked = chunked.unwrap_or_else(|| nested_chunks(source));
    let Some(plan) = initial_plan(source, chunked, rules, strict, false) else {
        return full(parser);
    };
    if plan.closed().iter().all(|k| *k) {
        return full(parser);
    }
    match plan.parse(parser, source) {
        Some(tree) => (tree, Some(plan)),
        None => full(parser),
    }
}

/// The chunks of `source` and which of them to keep at first: those that
/// mention a rule's name (under `strict`, only in a path or a string
/// unless the statement is sensitive), the module docstring, suppressions,
/// the statements binding the heads of the kept chains and, with
/// `imports`, every statement that imports or names `__all__`. `None`
/// when the whole file must be parsed (a star import).
fn initial_plan(
    source: &str,
    Chunked {
        chunks,
        header_of,
        joins,
    }: Chunked,
    rules: &[&Rule],
    strict: bool,
    imports: bool,
) -> Option<Plan> {
    let needles = needles(rules);
    // A name bound nowhere may come through a star import (`fire` after
    // `from app.legacy.events import *`), and no text says which: every
    // statement can matter.
    if is_star_import(source) {
        return None;
    }
    let hits = Hits::new(source, &chunks);
    let mut keep = vec![false; chunks.len()];
    // Whether a chunk is sensitive (see `is_sensitive`), asked once.
    let mut sensitive: Vec<Option<bool>> = vec![None; chunks.len()];
    for n in &needles {
        hits.each(n, false, |i, at| {
            if keep[i] {
                return;
            }
            let counts = !strict
                || spelled_in_a_path_at(source.as_bytes(), at)
                || *sensitive[i].get_or_insert_with(|| is_sensitive(&source[chunks[i].clone()]));
            keep[i] |= counts;
        });
    }
    if chunks
        .first()
        .is_some_and(|c| is_docstring(&source[c.clone()]))
    {
        keep[0] = true;
    }
    // A suppression there suppresses nothing: `-v` says so.
    hits.each("canon:", false, |i, _| keep[i] = true);
    if imports {
        hits.each("import", true, |i, _| keep[i] = true);
        hits.each("__all__", false, |i, _| keep[i] = true);
    }
    // `patch("app.ws.factory.create_" "manager")` spells the path only once
    // its parts are joined.
    joined_hits(source, &needles, &hits, &joins, &mut keep);
    if imports {
        keep_import_point(source, &chunks, &header_of, &mut keep);
    }
    // The statements binding the heads of chains that spell a rule's name
    // (`wsf` in `wsf.create(...)`, `pkg` in `pkg.mod.create`): their imports.
    let mut heads: Vec<&str> = Vec::new();
    let search = needle_search(&needles);
    for (c, k) in chunks.iter().zip(&keep) {
        if *k {
            chain_heads(&source[c.clone()], &needles, search.as_ref(), &mut heads);
        }
    }
    for h in &heads {
        hits.each(h, true, |i, _| keep[i] = true);
    }
    Some(Plan {
        chunks,
        keep,
        header_of,
        strict,
    })
}

/// Where words occur in a file, by chunk: one search of the whole text per
/// word, not one per chunk (a big test file has thousands).
struct Hits<'a> {
    source: &'a str,
    chunks: &'a [Range<usize>],
}

impl<'a> Hits<'a> {
    fn new(source: &'a str, chunks: &'a [Range<usize>]) -> Self {
        Hits { source, chunks }
    }

    /// Call `f(chunk index, offset)` for each occurrence of `word` (as a
    /// whole word when `whole`) inside a chunk.
    fn each(&self, word: &str, whole: bool, mut f: impl FnMut(usize, usize)) {
        let bytes = self.source.as_bytes();
        let ident = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
        for at in memchr::memmem::find_iter(bytes, word.as_bytes()) {
            let end = at + word.len();
            if whole
                && ((at > 0 && ident(bytes[at - 1])) || (end < bytes.len() && ident(bytes[end])))
            {
                continue;
            }
            let i = self.chunks.partition_point(|c| c.end <= at);
            // A hit must lie inside one chunk (chunks cover the file).
            if let Some(c) = self.chunks.get(i)
                && c.start <= at
                && end <= c.end
            {
                f(i, at);
            }
        }
    }

    /// The chunk holding byte `at`.
    fn chunk_of(&self, at: usize) -> Option<usize> {
        let i = self.chunks.partition_point(|c| c.end <= at);
        self.chunks
            .get(i)
            .is_some_and(|c| c.start <= at)
            .then_some(i)
    }
}

/// `text` with each join of adjacent string literals (`"a." "b"`, across
/// layout, backslashes and comments) taken out, so that the parts read as
/// one, and for each join taken out, where it was: (offset in the result,
/// offset in `text` just after it). `None` when there is none.
/// Over-approximate: `""` is taken out too, which can only make a
/// statement mention more.
fn joined_strings(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut marks = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match memchr::memchr2(b'"', b'\'', &bytes[i..]) {
            Some(d) => i += d,
            None => break,
        }
        let mut j = i + 1;
        loop {
            while j < bytes.len()
                && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n' | b'\\' | b'\x0c')
            {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'#' {
                while j < bytes.len() && bytes[j] != b'\n' {
                    j += 1;
                }
                continue;
            }
            break;
        }
        let mut k = j;
        while k < bytes.len() && k - j < 2 && b"rRuUfFbBtT".contains(&bytes[k]) {
            k += 1;
        }
        if k < bytes.len() && matches!(bytes[k], b'"' | b'\'') {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..i]);
            copied = k + 1;
            marks.push((o.len(), copied));
            i = k + 1;
        } else {
            i += 1;
        }
    }
    out.map(|mut o| {
        o.push_str(&text[copied..]);
        (o, marks)
    })
}

/// Keep each chunk where a needle is spelled across a join of adjacent
/// string literals; a needle spelled whole was found already. Only the
/// text around the lexer's `joins` is looked at: a needle that spans one
/// starts less than a needle's length (and a closing triple quote) before
/// it and ends less than one (and a prefix and an opening triple quote)
/// after. In a big test file, joining the whole text to search it cost a
/// tenth of `check`.
fn joined_hits(
    source: &str,
    needles: &[String],
    hits: &Hits,
    joins: &[Range<usize>],
    keep: &mut [bool],
) {
    let reach = needles.iter().map(String::len).max().unwrap_or(0);
    let mut regions: Vec<Range<usize>> = Vec::new();
    for j in joins {
        let mut start = j.start.saturating_sub(reach + 3);
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (j.end + reach + 5).min(source.len());
        while !source.is_char_boundary(end) {
            end += 1;
        }
        match regions.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => regions.push(start..end),
        }
    }
    for region in regions {
        let Some((joined, marks)) = joined_strings(&source[region.clone()]) else {
            continue;
        };
        let to_source = |at: usize| {
            region.start
                + match marks.partition_point(|m| m.0 <= at) {
                    0 => at,
                    k => marks[k - 1].1 + (at - marks[k - 1].0),
                }
        };
        for n in needles {
            for at in memchr::memmem::find_iter(joined.as_bytes(), n.as_bytes()) {
                let (start, end) = (to_source(at), to_source(at + n.len()));
                if end - start == n.len() {
                    continue;
                }
                for o in [start, end - 1] {
                    if let Some(i) = hits.chunk_of(o) {
                        keep[i] = true;
                    }
                }
            }
        }
    }
}

/// Keep what decides where a new module-level import goes
/// (`rewrite::Ctx::module_import_point`) and what the module docstring is:
/// the file's first root child (a leading comment, which hides a docstring
/// after it, or the first statement) and its first statement, and the
/// statement that ends the first run of top-level imports. Left out, a
/// later string would read as the docstring, or the run would reach on to
/// the next import.
fn keep_import_point(
    source: &str,
    chunks: &[Range<usize>],
    header_of: &[Option<usize>],
    keep: &mut [bool],
) {
    let top: Vec<usize> = (0..chunks.len())
        .filter(|&i| header_of[i].is_none())
        .collect();
    let code = |i: usize| has_code(&source[chunks[i].clone()]);
    // The first chunk holds the file's start; when it is only comments
    // and blank lines, the next holds the first statement.
    for &i in top.iter().take(2) {
        keep[i] = true;
        if code(i) {
            break;
        }
    }
    let is_import = |i: usize| {
        let t = source[chunks[i].clone()]
            .trim_start_matches([' ', '\t', '\x0c', '\r', '\n', '\u{feff}']);
        ["import", "from"].iter().any(|k| {
            t.strip_prefix(k)
                .is_some_and(|r| r.starts_with([' ', '\t', '\\', '(', '.']))
        })
    };
    let Some(first) = top.iter().position(|&i| code(i) && is_import(i)) else {
        return;
    };
    if let Some(&end) = top[first..].iter().find(|&&i| code(i) && !is_import(i)) {
        keep[end] = true;
    }
}

/// Whether `text` holds code: a line that is not blank or a comment.
fn has_code(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start_matches([' ', '\t', '\x0c', '\r', '\u{feff}']);
        !l.is_empty() && !l.starts_with('#')
    })
}

/// A file as proposing sees it: the statements that no rule's fix can
/// touch or depend on left out, so that a big test file with one hit is
/// not parsed, resolved and checked whole.
///
/// A left-out statement keeps its line breaks, so the view has the
/// source's lines and line numbers hold; its other bytes go (a blank line
/// costs tree-sitter nothing, a line of spaces as much as code). Where it
/// shares a line with a kept statement (`a = 1; from m import f; b = 2`,
/// a one-line file of a hundred thousand statements), it stands for
/// nothing or, opening the line, for `pass;`: columns on that line move,
/// and the line's excerpts are taken from the source.
pub struct View {
    pub text: String,
    /// The parse of `text`, free of syntax errors.
    pub tree: Tree,
    /// What was left out, in order.
    pub blanks: Vec<Blank>,
}

/// Source statements a [`View`] leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blank {
    /// Where what stands for them sits in the view's text (their line
    /// breaks, `pass;` or nothing), and how many bytes it takes.
    pub at: usize,
    pub len: usize,
    /// The range of the source it stands for.
    pub source: Range<usize>,
}

impl View {
    /// The source offset of the view's offset `at`, for an `at` outside
    /// every blank's line breaks (or at either end of them).
    pub fn to_source(&self, at: usize) -> usize {
        let mut shift = 0;
        for b in &self.blanks {
            if b.at >= at || b.at + b.len > at {
                break;
            }
            shift += b.source.len() - b.len;
        }
        at + shift
    }
}

/// Below this size a file is proposed on whole.
pub const VIEW_MIN: usize = 4 * 1024;

/// The [`View`] of `source` that proposing `rules` needs, or `None` when
/// the whole file is wanted (small, a rule without literals, a declared
/// encoding other than UTF-8, a star import, a view that does not parse
/// cleanly, or one that keeps everything).
///
/// Kept: what the findings' partial parse keeps, bare uses included (a
/// rename reaches them), every import (new ones go after them; `__future__`
/// comes first), `__all__`, and whatever mentions a name a rule's new side
/// binds (a clash). The names the kept code resolves through widen it as
/// for findings. What canon then proposes is checked against what was
/// left out (`rewrite::propose_viewed`): an edit that touches it, or binds
/// or unbinds a name spelled there, sends the file to a whole parse.
pub fn proposal_view(
    parser: &mut Parser,
    source: &str,
    module: &python::ModuleName,
    rules: &[&Rule],
    min: usize,
) -> Option<View> {
    if source.len() < min || rules.iter().any(|r| r.literals().is_none()) {
        return None;
    }
    if python::encoding::declared(source.as_bytes()) != Ok(python::encoding::Codec::Utf8) {
        return None;
    }
    let mut plan = initial_plan(source, nested_chunks(source), rules, false, true)?;
    for _ in 0..4 {
        let closed = plan.closed();
        let (text, blanks) = leave_out(source, &plan.chunks, &closed);
        if blanks.is_empty() {
            return None;
        }
        let tree = python::parse(parser, &text);
        // Resolving walks the tree recursively: a deep one is left to the
        // whole parse's path, which walks it on a stack for its depth.
        if tree.root_node().has_error() || python::nesting(&tree).0 > python::SHALLOW {
            return None;
        }
        let sem = Semantic::build(&tree, &text, &module.name, module.is_init);
        if !plan.widen(&sem, source, rules) {
            drop(sem);
            return Some(View { text, tree, blanks });
        }
    }
    None
}

/// `source` without the chunks not in `keep`, and what was left out.
///
/// A chunk goes when what stands for it keeps the lines and the syntax
/// (see [`stand_in`]).
fn leave_out(source: &str, chunks: &[Range<usize>], keep: &[bool]) -> (String, Vec<Blank>) {
    let mut text = String::with_capacity(source.len() / 4);
    let mut blanks: Vec<Blank> = Vec::new();
    let mut at = 0;
    for (c, k) in chunks.iter().zip(keep) {
        if *k || c.is_empty() {
            continue;
        }
        let Some(stand_in) = stand_in(source, c.clone()) else {
            continue;
        };
        text.push_str(&source[at..c.start]);
        let stands_at = text.len();
        text.push_str(&stand_in);
        let len = text.len() - stands_at;
        match blanks.last_mut() {
            Some(last) if last.source.end == c.start => {
                last.len += len;
                last.source.end = c.end;
            }
            _ => blanks.push(Blank {
                at: stands_at,
                len,
                source: c.clone(),
            }),
        }
        at = c.end;
    }
    text.push_str(&source[at..]);
    (text, blanks)
}

/// What stands for statement `c` of `source` when it is left out, or
/// `None` when it stays:
/// - on lines of its own, its line breaks;
/// - after a statement on its line (`a = 1; c`), ending the line: its line
///   breaks, if it holds no `#` (the line's comment, a `# canon: ignore`,
///   belongs to the statement kept before it);
/// - before a statement on its line, on one line: nothing after a `;`
///   (`a = 1; c; b = 2`), its indentation and `pass;` opening the line
///   (`c; b = 2`).
fn stand_in(source: &str, c: Range<usize>) -> Option<String> {
    // The BOM stays where it is: new imports go after it.
    if c.start == 0 && source.starts_with('\u{feff}') {
        return None;
    }
    let bytes = source.as_bytes();
    // Back over blanks only: a line of a hundred thousand statements.
    let starts_line = bytes[..c.start]
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n' && b != b'\r')
        .all(|b| matches!(b, b' ' | b'\t' | b'\x0c'));
    let ends_line = c.end == source.len() || matches!(bytes[c.end - 1], b'\n' | b'\r');
    let text = &source[c.clone()];
    let breaks = || -> String {
        text.chars()
            .filter(|&ch| ch == '\n' || ch == '\r')
            .collect()
    };
    let one_line = !text.contains(['\n', '\r']);
    match (starts_line, ends_line) {
        (true, true) => Some(breaks()),
        (false, true) if !text.contains('#') => Some(breaks()),
        (false, false) if one_line => Some(String::new()),
        (true, false) if one_line => {
            let indent = text.len() - text.trim_start_matches([' ', '\t', '\x0c']).len();
            Some(format!("{}pass;", &text[..indent]))
        }
        _ => None,
    }
}

impl Plan {
    /// Parse the kept statements; `None` if that does not parse cleanly.
    pub fn parse(&self, parser: &mut Parser, source: &str) -> Option<Tree> {
        let tree = python::parse_ranges(parser, source, &merged(&self.chunks, &self.closed()));
        (!tree.root_node().has_error()).then_some(tree)
    }

    /// `keep`, with the header of each kept member, and a member of each
    /// kept header (a class needs a body to parse).
    fn closed(&self) -> Vec<bool> {
        let mut keep = self.keep.clone();
        for (i, h) in self.header_of.iter().enumerate() {
            if let Some(h) = *h
                && keep[i]
            {
                keep[h] = true;
            }
        }
        for h in 0..keep.len() {
            let first_member = self.header_of.get(h + 1).copied().flatten() == Some(h);
            let bodiless = (h + 1..keep.len())
                .take_while(|&m| self.header_of[m] == Some(h))
                .all(|m| !keep[m]);
            if keep[h] && first_member && bodiless {
                keep[h + 1] = true;
            }
        }
        keep
    }

    /// Keep also the skipped statements that mention a name the kept code
    /// reaches a rule's symbol through (it could be rebound there), or a
    /// name an import binds to such a symbol (an alias used there).
    /// Returns whether anything was added.
    pub fn widen(&mut self, sem: &Semantic, source: &str, rules: &[&Rule]) -> bool {
        let paths: Vec<&str> = rules.iter().flat_map(|r| r.dotted_paths()).collect();
        // `names` matter wherever they are spelled; `bare` (names whose
        // bare uses are not findings) only in imports and `case` patterns.
        let mut names: Vec<&str> = Vec::new();
        let mut bare: Vec<&str> = Vec::new();
        resolving_names(sem, &paths, self.strict, &mut names, &mut bare);
        let needles = needles(rules);
        attribute_heads(sem, &needles, &mut names);
        string_targets(sem, sem.source, &paths, &mut names);
        attribute_objects(sem, &needles, &mut names);
        callee_heads(sem, &paths, &needles, &mut names);
        import_aliases(
            sem,
            &paths,
            if self.strict { &mut bare } else { &mut names },
        );
        let mut added = false;
        let hits = Hits::new(source, &self.chunks);
        let keep = &mut self.keep;
        for h in &names {
            hits.each(h, true, |i, _| {
                added |= !keep[i];
                keep[i] = true;
            });
        }
        let mut sensitive: Vec<Option<bool>> = vec![None; self.chunks.len()];
        for h in &bare {
            hits.each(h, true, |i, _| {
                if !keep[i]
                    && *sensitive[i]
                        .get_or_insert_with(|| is_sensitive(&source[self.chunks[i].clone()]))
                {
                    keep[i] = true;
                    added = true;
                }
            });
        }
        added
    }
}

/// Whether `symbol` is at, under or above one of the rules' dotted `paths`.
fn related(paths: &[&str], symbol: &str) -> bool {
    paths
        .iter()
        .any(|p| is_at_or_under(p, symbol) || is_at_or_under(symbol, p))
}

/// Push `name` unless it is there already.
fn push_new<'a>(names: &mut Vec<&'a str>, name: &'a str) {
    if !names.contains(&name) {
        names.push(name);
    }
}

/// The names the kept code resolves through to a rule's symbol. Under
/// `strict`, a name used bare (not as a chain's head) goes to `bare`: its
/// own resolution is no finding, only what binds it in an import is.
fn resolving_names<'a>(
    sem: &'a Semantic,
    paths: &[&str],
    strict: bool,
    names: &mut Vec<&'a str>,
    bare: &mut Vec<&'a str>,
) {
    for r in &sem.references {
        if r.node.kind() != "identifier" || !sem.may_resolve(r.node) {
            continue;
        }
        let name = sem.text(r.node);
        let head = !strict || is_chain_head(r.node);
        let list = if head { &mut *names } else { &mut *bare };
        if !list.contains(&name)
            && sem
                .resolve_all(r.node, r.scope)
                .iter()
                .any(|c| related(paths, &c.symbol))
        {
            list.push(name);
        }
    }
}

/// Whether `node` is the object of an attribute or part of a dotted name:
/// what it denotes decides what the chain denotes.
fn is_chain_head(node: tree_sitter::Node) -> bool {
    node.parent().is_some_and(|p| match p.kind() {
        "attribute" => p.child_by_field_name("object") == Some(node),
        "dotted_name" => true,
        _ => false,
    })
}

/// Whether no use of a name can itself be a finding, only imports, chains,
/// strings and mentions: every rule is a move of a dotted path (a ban
/// reports bare uses, a pattern matches them), and this file is not the
/// old symbol's module (its definition is a finding). Then a statement
/// that spells a rule's name only as a bare word (`x: List[int]`) cannot
/// hold a finding, unless it holds an import or a `case` pattern.
fn uses_are_not_findings(rules: &[&Rule], module: &str) -> bool {
    rules.iter().all(|r| match &r.kind {
        crate::rules::RuleKind::Move { old, .. } => match old.rsplit_once('.') {
            Some((parent, _)) => !is_at_or_under(module, parent) && !is_at_or_under(parent, module),
            None => false,
        },
        _ => false,
    })
}

/// A statement where a bare name can be a finding or bind one: an import
/// (`from m import NAME`), a `case NAME():` pattern, `__all__`, or a
/// `patch.multiple(obj, NAME=…)` call (the keyword names what it patches).
fn is_sensitive(text: &str) -> bool {
    contains_word(text, "import")
        || text.contains("__all__")
        || has_case_clause(text)
        || text.contains(".multiple")
}

/// A line that starts (after its indentation) with the `case` soft keyword:
/// where a case clause must start. The word in prose does not count.
fn has_case_clause(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"case").any(|at| {
        let word = !text[at + 4..]
            .chars()
            .next()
            .is_some_and(|c| c == '_' || c.is_alphanumeric());
        let mut j = at;
        while j > 0 && matches!(bytes[j - 1], b' ' | b'\t' | b'\x0c') {
            j -= 1;
        }
        word && (j == 0 || bytes[j - 1] == b'\n')
    })
}

/// Whether the needle at `at` is part of a dotted path or a string: after
/// a `.` (layout allowed between), a quote or `:` (`pkg.mod:name`).
fn spelled_in_a_path_at(bytes: &[u8], at: usize) -> bool {
    if at > 0 && matches!(bytes[at - 1], b'"' | b'\'' | b':') {
        return true;
    }
    let mut j = at;
    while j > 0 && matches!(bytes[j - 1], b' ' | b'\t' | b'\n' | b'\r' | b'\\') {
        j -= 1;
    }
    j > 0 && bytes[j - 1] == b'.'
}

/// The heads of attribute chains ending in a needle.
///
/// `(F).name` or `F.  # comment` + `name`: the text scan misses the head;
/// the tree does not.
fn attribute_heads<'a>(sem: &'a Semantic, needles: &[String], names: &mut Vec<&'a str>) {
    for r in &sem.references {
        let Some(attr) = r.node.child_by_field_name("attribute") else {
            continue;
        };
        if !needles.iter().any(|n| n == sem.text(attr)) {
            continue;
        }
        let mut head = r.node;
        while let Some(inner) = match head.kind() {
            "attribute" => head.child_by_field_name("object"),
            "parenthesized_expression" => head.named_child(0),
            _ => None,
        } {
            head = inner;
        }
        if head.kind() == "identifier" {
            push_new(names, sem.text(head));
        }
    }
}

/// The names assigned a string that spells a rule's path.
///
/// `TARGET = "old.path"`: where TARGET is passed decides whether the string
/// is an import path (`patch(TARGET)`) or data.
fn string_targets<'a>(sem: &'a Semantic, source: &str, paths: &[&str], names: &mut Vec<&'a str>) {
    for st in &sem.strings {
        let Some((_, value)) = crate::python::string_value(source, st.node) else {
            continue;
        };
        if !paths.iter().any(|p| is_at_or_under(&value, p)) {
            continue;
        }
        let target = sem
            .parent(st.node)
            .filter(|p| p.kind() == "assignment")
            .and_then(|a| a.child_by_field_name("left"))
            .filter(|l| l.kind() == "identifier");
        if let Some(l) = target {
            push_new(names, sem.text(l));
        }
    }
}

/// The heads of the objects whose attribute a string names by a rule's
/// name (`slugs` of `hasattr(slugs, "slugify")`, see
/// [`super::attribute_object`]): the file's referral resolves them.
fn attribute_objects<'a>(sem: &'a Semantic, needles: &[String], names: &mut Vec<&'a str>) {
    for st in &sem.strings {
        let Some((_, value)) = crate::python::string_value(sem.source, st.node) else {
            continue;
        };
        if !needles.contains(&value) {
            continue;
        }
        let Some(mut head) = super::attribute_object(sem, st.node) else {
            continue;
        };
        while let Some(o) = head
            .child_by_field_name("object")
            .filter(|_| head.kind() == "attribute")
        {
            head = o;
        }
        if head.kind() == "identifier" {
            push_new(names, sem.text(head));
        }
    }
}

/// The heads of the callees a rule's path or name is passed to: which
/// API takes a string as an import path, or patches a keyword's name, is
/// what the callee resolves to (`P` after `from unittest.mock import patch
/// as P`), and of `patch.multiple(obj, name=…)`'s target.
fn callee_heads<'a>(
    sem: &'a Semantic,
    paths: &[&str],
    needles: &[String],
    names: &mut Vec<&'a str>,
) {
    let head_of = |mut node: tree_sitter::Node<'a>| {
        while let Some(o) = node
            .child_by_field_name("object")
            .filter(|_| node.kind() == "attribute")
        {
            node = o;
        }
        (node.kind() == "identifier").then(|| sem.text(node))
    };
    let call_of = |node: tree_sitter::Node<'a>| {
        let mut up = sem.parent(python::parenthesized_up(sem, node))?;
        if up.kind() == "keyword_argument" {
            up = sem.parent(up)?;
        }
        sem.parent(up)
            .filter(|c| up.kind() == "argument_list" && c.kind() == "call")
    };
    for st in &sem.strings {
        let Some((_, value)) = crate::python::string_value(sem.source, st.node) else {
            continue;
        };
        let related = value.starts_with('.')
            || needles.contains(&value)
            || paths.iter().any(|p| is_at_or_under(&value, p));
        if let Some(call) = call_of(st.node).filter(|_| related)
            && let Some(head) = call.child_by_field_name("function").and_then(head_of)
        {
            push_new(names, head);
        }
    }
    for r in &sem.references {
        let Some(call) = sem.call_of(r.node) else {
            continue;
        };
        let Some(args) = call.child_by_field_name("arguments") else {
            continue;
        };
        let mut cursor = args.walk();
        let mut keyword = false;
        let mut first = None;
        for a in args.named_children(&mut cursor) {
            match a.child_by_field_name("name") {
                Some(n) if a.kind() == "keyword_argument" => {
                    keyword |= needles.iter().any(|k| k == sem.text(n));
                }
                _ => first = first.or(Some(a)),
            }
        }
        if keyword {
            for head in [Some(r.node), first]
                .into_iter()
                .flatten()
                .filter_map(head_of)
            {
                push_new(names, head);
            }
        }
    }
}

/// The names imports bind to a rule's symbol (aliases used elsewhere).
fn import_aliases<'a>(sem: &'a Semantic, paths: &[&str], names: &mut Vec<&'a str>) {
    for scope in &sem.scopes {
        for (name, bindings) in &scope.bindings {
            let aliased = bindings.iter().any(
                |b| matches!(&b.kind, BindingKind::Import { symbol, .. } if related(paths, symbol)),
            );
            if aliased {
                push_new(names, name);
            }
        }
    }
}

/// For each occurrence of a needle in `text`, the first identifier of the
/// dotted chain it ends (`wsf` for `wsf.create`, `pkg` for `pkg . mod\n.create`).
/// One search for all the needles (`search`, see [`needle_search`]): one
/// per needle, over each kept statement, cost rules x statements.
fn chain_heads<'a>(
    text: &'a str,
    needles: &[String],
    search: Option<&aho_corasick::AhoCorasick>,
    heads: &mut Vec<&'a str>,
) {
    let bytes = text.as_bytes();
    let Some(search) = search else {
        for needle in needles {
            for at in memchr::memmem::find_iter(bytes, needle.as_bytes()) {
                chain_head(text, at, heads);
            }
        }
        return;
    };
    // Each needle's occurrences as its own search finds them: left to
    // right, none overlapping the one before.
    let mut ends: std::collections::HashMap<aho_corasick::PatternID, usize> =
        std::collections::HashMap::new();
    for m in search.find_overlapping_iter(bytes) {
        let end = ends.entry(m.pattern()).or_insert(0);
        if m.start() < *end {
            continue;
        }
        *end = m.end();
        chain_head(text, m.start(), heads);
    }
}

/// All of `needles` in one automaton, for [`chain_heads`]; `None` when
/// there are none or it cannot be built (then each is searched alone).
fn needle_search(needles: &[String]) -> Option<aho_corasick::AhoCorasick> {
    if needles.is_empty() || needles.iter().any(String::is_empty) {
        return None;
    }
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(needles)
        .ok()
}

/// [`chain_heads`] for the occurrence at `at`.
fn chain_head<'a>(text: &'a str, at: usize, heads: &mut Vec<&'a str>) {
    let bytes = text.as_bytes();
    let ident = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
    let mut start = at;
    let mut head = at;
    loop {
        // Skip layout back to a `.`; stop at anything else.
        let mut j = start;
        while j > 0 && matches!(bytes[j - 1], b' ' | b'\t' | b'\n' | b'\r' | b'\\') {
            j -= 1;
        }
        if j == 0 || bytes[j - 1] != b'.' {
            break;
        }
        j -= 1;
        while j > 0 && matches!(bytes[j - 1], b' ' | b'\t' | b'\n' | b'\r' | b'\\') {
            j -= 1;
        }
        let end = j;
        while j > 0 && ident(bytes[j - 1]) {
            j -= 1;
        }
        if j == end {
            break;
        }
        start = j;
        head = j;
    }
    let mut end = head;
    while end < bytes.len() && ident(bytes[end]) {
        end += 1;
    }
    if head != at && end > head {
        let h = &text[head..end];
        if !heads.contains(&h) {
            heads.push(h);
        }
    }
}

/// Every name the rules spell: each symbol's last part, pattern literals.
/// In order, each once (a set beside the list: many rules share names).
fn needles(rules: &[&Rule]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for rule in rules {
        let names = rule
            .dotted_paths()
            .into_iter()
            .map(|p| p.rsplit('.').next().unwrap_or(p).to_string())
            .chain(rule.literals().unwrap_or_default().iter().cloned());
        for n in names {
            if seen.insert(n.clone()) {
                out.push(n);
            }
        }
    }
    out
}

/// Above this size, a class is parsed member by member: a big test
/// class's hit sits in one of its methods.
const NEST: usize = 4096;

/// The top-level statements, with each big class split into its header
/// and its members; for each member, the index of its header.
///
/// A member that is skipped is as irrelevant as a skipped top-level
/// statement: a class body's names are not visible in its methods, and
/// what the class's other statements bind is kept by the same rules
/// (a mentioned name, a name the kept code resolves through).
fn nested_chunks(source: &str) -> Chunked {
    let mut chunks = Vec::new();
    let mut header_of = Vec::new();
    let (top, lines) = top_level_lines(source);
    for c in top {
        let split = (c.len() > NEST)
            .then(|| class_members_in(source, c.clone(), &lines))
            .flatten();
        match split {
            Some((header, members)) => {
                let h = chunks.len();
                chunks.push(header);
                header_of.push(None);
                for m in members {
                    chunks.push(m);
                    header_of.push(Some(h));
                }
            }
            None => {
                chunks.push(c);
                header_of.push(None);
            }
        }
    }
    Chunked {
        chunks,
        header_of,
        joins: lines.joins().to_vec(),
    }
}

/// Kept chunks as ranges, neighbours merged.
fn merged(chunks: &[Range<usize>], keep: &[bool]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (c, k) in chunks.iter().zip(keep) {
        if !k {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end == c.start => last.end = c.end,
            _ => out.push(c.clone()),
        }
    }
    at_most(out, MAX_RANGES)
}

/// tree-sitter's lexer looks up the current included range by walking the
/// list on every jump, so a parse costs ranges × tokens: past a few dozen
/// ranges, parsing the statements in between is cheaper than skipping them.
const MAX_RANGES: usize = 24;

/// `ranges` (sorted, apart) with the smallest gaps closed until at most
/// `max` are left. Closing a gap parses the statements in it too, which
/// can only make the partial parse more like the whole one.
fn at_most(ranges: Vec<Range<usize>>, max: usize) -> Vec<Range<usize>> {
    if ranges.len() <= max {
        return ranges;
    }
    // Gap i lies between ranges i and i + 1; close the smallest ones.
    let mut gaps: Vec<(usize, usize)> = ranges
        .windows(2)
        .enumerate()
        .map(|(i, w)| (w[1].start - w[0].end, i))
        .collect();
    gaps.sort_unstable();
    let mut closed = vec![false; ranges.len() - 1];
    for &(_, i) in &gaps[..ranges.len() - max] {
        closed[i] = true;
    }
    let mut out: Vec<Range<usize>> = Vec::with_capacity(max);
    for (i, r) in ranges.into_iter().enumerate() {
        match out.last_mut() {
            Some(last) if closed[i - 1] => last.end = r.end,
            _ => out.push(r),
        }
    }
    out
}

/// `from m import *` at module level (a name bound through it is spelled
/// nowhere): [`python::spells_star_import`] of the text.
fn is_star_import(text: &str) -> bool {
    python::spells_star_import(text.as_bytes())
}

fn is_docstring(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_alphabetic());
    t.starts_with('"') || t.starts_with('\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert!(contains_word("x = wsf.create()", "wsf"));
        assert!(!contains_word("x = wsfx.create()", "wsf"));
        assert!(is_star_import("from a import *\n"));
        assert!(!is_star_import("from a import b\n"));
        assert!(is_star_import("with suppress(E):\n    from a import *\n"));
        assert!(is_star_import("import os; from a import\t*\n"));
        assert!(is_star_import("from a import \\\n    *\n"));
        let mut heads = Vec::new();
        let needles = ["create".to_string()];
        let text = "x = wsf.create(1)\ny = (pkg . mod\n    .create)()\ncreate()\n";
        chain_heads(text, &needles, None, &mut heads);
        assert_eq!(heads, ["wsf", "pkg"]);
        let mut heads = Vec::new();
        chain_heads(text, &needles, needle_search(&needles).as_ref(), &mut heads);
        assert_eq!(heads, ["wsf", "pkg"]);
        assert!(is_docstring("r\"\"\"doc\"\"\""));
        assert_eq!(
            joined_strings("patch(\"a.create_\" \\\n  # c\n  f'manager')")
                .map(|(j, marks)| (j, marks.len())),
            Some(("patch(\"a.create_manager')".to_string(), 1))
        );
        assert_eq!(joined_strings("x = 'a' + 'c'"), None);
        assert!(has_case_clause("match v:\n    case L():\n"));
        assert!(has_case_clause("match v:\n    case[a, b]:\n"));
        assert!(!has_case_clause(
            "\"\"\"Handle the case of L.\"\"\"\ncases = 1\n"
        ));
    }

    #[test]
    fn many_ranges_become_a_few_by_closing_the_smallest_gaps() {
        let ranges: Vec<Range<usize>> = (0..100).map(|i| i * 10..i * 10 + 5).collect();
        let mut wide = ranges.clone();
        wide[50] = 500..505;
        let out = super::at_most(ranges, 24);
        assert_eq!(out.len(), 24);
        assert_eq!(out.first().unwrap().start, 0);
        assert_eq!(out.last().unwrap().end, 995);
        // Every original range is still covered.
        for i in 0..100 {
            assert!(out.iter().any(|r| r.start <= i * 10 && i * 10 + 5 <= r.end));
        }
        assert_eq!(super::at_most(wide[..3].to_vec(), 24), wide[..3].to_vec());
    }
}
