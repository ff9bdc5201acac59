//! Chains found by a lexer, not a parse.
//!
//! In a file where names are everywhere (`typing.Optional` in every
//! signature of a module that does `import typing`), the findings are the
//! chains, and a partial parse keeps nearly every statement: parsing is
//! most of the cost. Yet such a chain means one thing only, when the head
//! name is bound once, by a plain top-level import, and spelled nowhere
//! else but as a chain's head: what it spells. So the import statements
//! are parsed (they decide what every name denotes), and the rest of the
//! file is read by a small Python lexer that finds the chains through
//! those heads. Anything the lexer cannot vouch for sends the file to the
//! parse: a head rebound, spelled bare or split by layout, a rule's name
//! spelled in a string or comment as a path could be, a string inside an
//! f-string's field, a `patch.multiple` call, non-ASCII code, a star
//! import, `__all__`, a `case` clause, a suppression, Python 2. The
//! invariants check that the answer
//! equals the whole parse's wherever the fast path is taken.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::{Parser, Tree};

use super::{
    Chunked, Hits, Plan, SMALL_FILE, has_case_clause, is_star_import, joined_hits, merged, needles,
    nested_chunks, spelled_in_a_path_at, uses_are_not_findings,
};
use crate::python::semantic::is_at_or_under;
use crate::python::{ImportKind, Semantic};
use crate::rules::{Rule, RuleKind};

/// An attribute chain through a watched head, as the lexer read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub start: usize,
    /// For the head and each attribute: the symbol the chain up to it
    /// spells, and where that part ends.
    pub parts: Vec<(String, usize)>,
    /// Whether each part's name is one a rule spells (a referral).
    pub named: Vec<bool>,
}

/// The import statements' parse, and which chunks it holds.
pub struct ImportsOnly {
    pub tree: Tree,
    chunks: Vec<Range<usize>>,
    header_of: Vec<Option<usize>>,
    joins: Vec<Range<usize>>,
    /// Per chunk: inside the parsed ranges.
    parsed: Vec<bool>,
}

/// Parse only the statements that import (or could bind a name in a way
/// the lexer cannot read), when the file is one the lexer may read. When
/// it is not, the file's chunks, if they were worked out, for the parse.
pub fn first_pass(
    parser: &mut Parser,
    source: &str,
    module: &str,
    rules: &[&Rule],
) -> Result<ImportsOnly, Option<Chunked>> {
    if source.len() < SMALL_FILE
        || rules.iter().any(|r| r.literals().is_none())
        || !uses_are_not_findings(rules, module)
        || is_star_import(source)
        || memchr::memmem::find(source.as_bytes(), b"canon:").is_some()
        || memchr::memmem::find(source.as_bytes(), b"__all__").is_some()
        || has_case_clause(source)
        || crate::python::python2_lines(source)
    {
        return Err(None);
    }
    let Chunked {
        chunks,
        header_of,
        joins,
    } = nested_chunks(source);
    // The statements that import (the file has no `__all__` or `case`, the
    // other statements a bare name can matter in).
    let hits = Hits::new(source, &chunks);
    let mut keep = vec![false; chunks.len()];
    hits.each("import", true, |i, _| keep[i] = true);
    // A rule's name spelled across a join of string literals.
    let mut joined = vec![false; chunks.len()];
    joined_hits(source, &needles(rules), &hits, &joins, &mut joined);
    if !keep.iter().any(|k| *k) || joined.iter().any(|j| *j) {
        return Err(Some(Chunked {
            chunks,
            header_of,
            joins,
        }));
    }
    let plan = Plan {
        chunks,
        keep,
        header_of,
        strict: true,
    };
    let ranges = merged(&plan.chunks, &plan.closed());
    let Some(tree) = plan.parse(parser, source) else {
        return Err(Some(Chunked {
            chunks: plan.chunks,
            header_of: plan.header_of,
            joins,
        }));
    };
    let parsed = plan
        .chunks
        .iter()
        .map(|c| ranges.iter().any(|r| r.start <= c.start && c.end <= r.end))
        .collect();
    Ok(ImportsOnly {
        tree,
        chunks: plan.chunks,
        header_of: plan.header_of,
        joins,
        parsed,
    })
}

impl ImportsOnly {
    /// The file's chunks, for the parse when the lexer declines.
    pub fn into_chunks(self) -> Chunked {
        Chunked {
            chunks: self.chunks,
            header_of: self.header_of,
            joins: self.joins,
        }
    }

    /// The chains through watched heads in the statements not parsed, or
    /// `None` when the lexer cannot vouch for what the file means.
    pub fn chains(&self, sem: &Semantic, rules: &[&Rule]) -> Option<Vec<Chain>> {
        let source = sem.source;
        let needles = needles(rules);
        let named: Vec<String> = rules
            .iter()
            .filter_map(|r| r.literals())
            .flatten()
            .cloned()
            .collect();
        let olds: Vec<&str> = rules
            .iter()
            .filter_map(|r| match &r.kind {
                RuleKind::Move { old, .. } => Some(old.as_str()),
                _ => None,
            })
            .collect();
        let heads = Heads::of(sem, &olds)?;
        // `patch.multiple(obj, NAME=…)` patches `obj.NAME`: a keyword the
        // lexer does not read.
        if memchr::memmem::find(source.as_bytes(), b".multiple").is_some() {
            return None;
        }
        // What the parse holds: no rule's name in a path-like spot of a
        // string or comment, no chain with a rule's name through a head
        // the lexed statements could rebind.
        let bytes = source.as_bytes();
        let spelled = |r: Range<usize>| {
            needles.iter().any(|n| {
                memchr::memmem::find_iter(&bytes[r.clone()], n.as_bytes())
                    .any(|at| spelled_in_a_path_at(bytes, r.start + at))
            })
        };
        let strings = sem.strings.iter().map(|s| s.node.byte_range());
        if strings
            .chain(sem.comments.iter().map(|c| c.byte_range()))
            .any(spelled)
        {
            return None;
        }
        for s in &sem.strings {
            if s.node.kind() == "concatenated_string"
                && crate::python::string_value(source, s.node)
                    .is_some_and(|(_, v)| needles.iter().any(|n| v.contains(n.as_str())))
            {
                return None;
            }
        }
        for r in &sem.references {
            if r.node.kind() != "attribute" || !sem.may_resolve(r.node) {
                continue;
            }
            let Some(attr) = r.node.child_by_field_name("attribute") else {
                continue;
            };
            if !named.iter().any(|n| n == sem.text(attr)) {
                continue;
            }
            let mut head = r.node;
            while let Some(o) = head.child_by_field_name("object") {
                head = o;
            }
            if head.kind() != "identifier" || !heads.watched.contains_key(sem.text(head)) {
                return None;
            }
        }
        // The statements left to the lexer that spell a rule's name or a
        // watched head.
        let hits = Hits::new(source, &self.chunks);
        let mut lex = vec![false; self.chunks.len()];
        let words = needles.iter().map(String::as_str);
        for w in words.chain(heads.watched.keys().copied()) {
            hits.each(w, false, |i, _| lex[i] |= !self.parsed[i]);
        }
        let mut lexer = Lexer {
            bytes,
            needles: &needles,
            olds: &olds,
            named: &named,
            heads: &heads,
            chains: Vec::new(),
            annotation: None,
        };
        for (c, _) in self.chunks.iter().zip(&lex).filter(|(_, l)| **l) {
            lexer.chunk(c.clone())?;
        }
        Some(lexer.chains)
    }
}

/// The import-bound names, as the lexer must treat them.
struct Heads<'a> {
    /// Heads whose chains can reach a rule's old path (`typing` of `import
    /// typing` for `typing.List`): bound once, by a top-level import, to
    /// this symbol.
    watched: HashMap<&'a str, &'a str>,
    /// Every other name an import binds: a chain through one with a
    /// rule's name in it is a referral the lexer cannot resolve.
    other: HashSet<&'a str>,
}

impl<'a> Heads<'a> {
    fn of(sem: &'a Semantic, olds: &[&str]) -> Option<Heads<'a>> {
        let mut watched = HashMap::new();
        let mut other = HashSet::new();
        for import in &sem.imports {
            for entry in &import.entries {
                let symbol: Option<&str> = match (import.kind, &entry.alias) {
                    (ImportKind::Import, Some(_)) => Some(entry.name.as_str()),
                    (ImportKind::Import, None) => entry.name.split('.').next(),
                    (ImportKind::From, _) => entry.symbol.as_deref(),
                };
                let reaches = symbol
                    .is_some_and(|s| olds.iter().any(|old| *old != s && is_at_or_under(old, s)));
                let bound = entry.bound.as_str();
                if !reaches {
                    other.insert(bound);
                    continue;
                }
                let bindings: usize = sem
                    .scopes
                    .iter()
                    .filter_map(|s| s.bindings.get(bound))
                    .map(Vec::len)
                    .sum();
                let line_start = import.range.start == 0
                    || sem.source.as_bytes()[import.range.start - 1] == b'\n';
                if bindings != 1 || import.scope != 0 || !line_start || import.type_checking {
                    return None;
                }
                watched.insert(bound, symbol?);
            }
        }
        other.retain(|o| !watched.contains_key(o));
        Some(Heads { watched, other })
    }
}

/// What came before the current token, as far as a chain cares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// A `.` (not an ellipsis): an identifier here is an attribute.
    Dot,
    Other,
}

struct Lexer<'a> {
    bytes: &'a [u8],
    needles: &'a [String],
    /// The move rules' old paths.
    olds: &'a [&'a str],
    named: &'a [String],
    heads: &'a Heads<'a>,
    chains: Vec<Chain>,
    /// Where the current line's annotation starts (after `x:` of an
    /// annotated assignment): a chain from there on is no target.
    annotation: Option<usize>,
}

/// Whether what follows a chain (layout skipped) may make it an
/// assignment's target: `=` (not `==`), an augmented assignment, or, at
/// the statement's top level, a `,` of a tuple target (`a, m.name = …`).
/// A chain inside a bracketed target (`(a, m.name) = …`) is caught by
/// [`bracketed_target_at`].
fn may_be_target(after: &[u8], depth: usize) -> bool {
    const AUGMENTED: &[&[u8]] = &[
        b"+=", b"-=", b"*=", b"/=", b"//=", b"%=", b"@=", b"&=", b"|=", b"^=", b">>=", b"<<=",
        b"**=",
    ];
    match after {
        [b'=', b'=', ..] => false,
        [b'=', ..] => true,
        [b',', ..] => depth == 0,
        _ => AUGMENTED.iter().any(|op| after.starts_with(op)),
    }
}

/// Whether the `=` at `eq` (top level, not `==`) may assign to a bracketed
/// target: `(a, m.name) = …`, `[m.name] = …`, `x[i] += …` (a chain inside
/// may be a target the lexer does not see as one).
fn bracketed_target_at(b: &[u8], start: usize, eq: usize) -> bool {
    if b.get(eq + 1) == Some(&b'=') || eq > start && matches!(b[eq - 1], b'=' | b'!') {
        return false;
    }
    let mut k = eq;
    while k > start && b"+-*/%@&|^<> \t".contains(&b[k - 1]) {
        k -= 1;
    }
    k > start && matches!(b[k - 1], b')' | b']')
}

/// Whether the token at `at` follows an assignment's `=` (layout on the
/// line skipped): `util = pkg.util`, not `==`, `<=`, `!=` or `x += …`.
fn assigned_at(b: &[u8], at: usize) -> bool {
    let mut k = at;
    while k > 0 && matches!(b[k - 1], b' ' | b'\t' | b'\x0c') {
        k -= 1;
    }
    k > 0 && b[k - 1] == b'=' && (k < 2 || !b"=!<>+-*/%&|^@:".contains(&b[k - 2]))
}

/// The keywords that open a compound statement (a `:` ends its header,
/// not an annotation).
const COMPOUND: &[&[u8]] = &[
    b"if", b"elif", b"else", b"while", b"for", b"with", b"try", b"except", b"finally", b"def",
    b"class", b"async", b"match", b"case", b"lambda",
];

fn ident_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic()
}

fn ident_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

impl Lexer<'_> {
    /// Read one statement; `None` when it holds anything the lexer cannot
    /// vouch for.
    fn chunk(&mut self, range: Range<usize>) -> Option<()> {
        let b = self.bytes;
        let end = range.end;
        let at = |i: usize| if i < end { b[i] } else { 0 };
        let mut i = range.start;
        let mut depth = 0usize;
        let mut prev = Prev::Other;
        let first_chain = self.chains.len();
        let mut may_assign = false;
        // The current logical line: whether its first token is still to
        // come, whether it opens a compound statement, and its first `:`
        // outside brackets (`x: typing.List[int] = []` assigns `x`, not
        // what the annotation's brackets close).
        let mut line_first = true;
        let mut compound = false;
        let mut colon: Option<usize> = None;
        self.annotation = None;
        while i < end {
            let c = b[i];
            if line_first && !matches!(c, b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' | b'#' | b'\\') {
                line_first = false;
                let word = &b[i..i + b[i..end].iter().take_while(|&&x| ident_byte(x)).count()];
                compound = COMPOUND.contains(&word);
            }
            match c {
                b' ' | b'\t' | b'\x0c' | b'\r' => i += 1,
                b'\n' => {
                    if depth == 0 {
                        prev = Prev::Other;
                        (line_first, compound, colon) = (true, false, None);
                        self.annotation = None;
                    }
                    i += 1;
                }
                b';' if depth == 0 => {
                    (line_first, compound, colon) = (true, false, None);
                    self.annotation = None;
                    i += 1;
                    prev = Prev::Other;
                }
                b':' if depth == 0 => {
                    if colon.is_none() && !compound {
                        self.annotation = Some(i);
                    }
                    colon.get_or_insert(i);
                    i += 1;
                    prev = Prev::Other;
                }
                b'\\' => match (at(i + 1), at(i + 2)) {
                    (b'\n', _) => i += 2,
                    (b'\r', b'\n') => i += 3,
                    _ => return None,
                },
                b'#' => {
                    let eol = memchr::memchr(b'\n', &b[i..end]).map_or(end, |d| i + d);
                    self.plain_text(i..eol)?;
                    i = eol;
                }
                b'"' | b'\'' => {
                    i = self.string(i, i, end)?;
                    prev = Prev::Other;
                }
                b'.' if at(i + 1) == b'.' && at(i + 2) == b'.' => {
                    i += 3;
                    prev = Prev::Other;
                }
                b'.' if at(i + 1).is_ascii_digit() => {
                    i = number(b, i, end);
                    prev = Prev::Other;
                }
                b'.' => {
                    i += 1;
                    prev = Prev::Dot;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    i += 1;
                    prev = Prev::Other;
                }
                b')' | b']' | b'}' => {
                    depth = depth.checked_sub(1)?;
                    i += 1;
                    prev = Prev::Other;
                    // `(pkg.mod).name`: a rule's name taken off what the
                    // brackets close, which only the parse resolves.
                    if self.named_attribute_at(i, end) {
                        return None;
                    }
                }
                b'0'..=b'9' => {
                    i = number(b, i, end);
                    prev = Prev::Other;
                }
                c if ident_start(c) => {
                    let mut j = i;
                    while j < end && ident_byte(b[j]) {
                        j += 1;
                    }
                    if at(j) >= 0x80 {
                        return None;
                    }
                    let word = &b[i..j];
                    // `del m.name` removes the binding as `m.name = …` replaces it.
                    may_assign |= word == b"del" && prev != Prev::Dot;
                    if matches!(at(j), b'"' | b'\'') && is_string_prefix(word) {
                        i = self.string(i, j, end)?;
                        prev = Prev::Other;
                        continue;
                    }
                    i = if prev == Prev::Dot {
                        j
                    } else {
                        self.name(i, j, end, depth)?
                    };
                    prev = Prev::Other;
                }
                c if c >= 0x80 => return None,
                b'=' if depth == 0 => {
                    // An annotated assignment's target ends at its `:`.
                    let target_end = match colon {
                        Some(c) if !compound => c,
                        _ => i,
                    };
                    may_assign |= bracketed_target_at(b, range.start, target_end);
                    i += 1;
                    prev = Prev::Other;
                }
                _ => {
                    i += 1;
                    prev = Prev::Other;
                }
            }
        }
        // A named chain in a statement that may assign to a bracketed
        // target, or a `del`: the parse decides whether it is one.
        let named = self.chains[first_chain..]
            .iter()
            .any(|c| c.named.last() == Some(&true));
        if may_assign && named {
            return None;
        }
        (depth == 0).then_some(())
    }

    /// Whether a `.` and a rule's name follow `at` (layout skipped).
    fn named_attribute_at(&self, at: usize, end: usize) -> bool {
        let b = self.bytes;
        let mut t = at;
        while t < end && matches!(b[t], b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' | b'\\') {
            t += 1;
        }
        if t >= end || b[t] != b'.' {
            return false;
        }
        t += 1;
        while t < end && matches!(b[t], b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' | b'\\') {
            t += 1;
        }
        let l = t + b[t..end].iter().take_while(|&&x| ident_byte(x)).count();
        let word = std::str::from_utf8(&b[t..l]).unwrap_or_default();
        self.named.iter().any(|n| n == word)
    }

    /// A name not after a `.`, at `start..end_of_name`: where reading goes on.
    fn name(&mut self, start: usize, name_end: usize, end: usize, depth: usize) -> Option<usize> {
        let b = self.bytes;
        let name = std::str::from_utf8(&b[start..name_end]).ok()?;
        let watched = self.heads.watched.get(name).copied();
        if watched.is_none() && !self.heads.other.contains(&name) {
            return Some(name_end);
        }
        // The chain it heads, written tight (`typing.List.x`).
        let mut parts: Vec<(usize, usize)> = vec![(start, name_end)];
        let mut j = name_end;
        while j < end && b[j] == b'.' {
            let k = j + 1;
            if k >= end || !ident_start(b[k]) {
                return None;
            }
            let mut l = k;
            while l < end && ident_byte(b[l]) {
                l += 1;
            }
            if l < end && b[l] >= 0x80 {
                return None;
            }
            parts.push((k, l));
            j = l;
        }
        // Layout, then a `.`: a chain the lexer does not read.
        let mut t = j;
        while t < end && matches!(b[t], b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' | b'\\') {
            t += 1;
        }
        if t < end && b[t] == b'.' && !b[t..end].starts_with(b"...") {
            return None;
        }
        let text = |(s, e): (usize, usize)| std::str::from_utf8(&b[s..e]).unwrap_or_default();
        let named: Vec<bool> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| i > 0 && self.named.iter().any(|n| n == text(*p)))
            .collect();
        let Some(symbol) = watched else {
            // A head some import binds, and maybe something else does: a
            // rule's name through it is a referral only a parse resolves.
            return (!named.iter().any(|n| *n)).then_some(j);
        };
        if parts.len() < 2 {
            // Bare, rebound, a parameter, a keyword...: not only a head.
            return None;
        }
        // `util = pkg.util`: a module that holds an old path, given a
        // name the lexer does not follow (the parse reports its uses).
        let whole = {
            let mut spelled = symbol.to_string();
            for p in &parts[1..] {
                spelled.push('.');
                spelled.push_str(text(*p));
            }
            spelled
        };
        if assigned_at(b, start)
            && self
                .olds
                .iter()
                .any(|o| *o != whole && is_at_or_under(o, &whole))
        {
            return None;
        }
        // `pkg.mod.name = fake` patches the name (see
        // [`crate::analyze::is_assigned`]); so may a chain in a tuple
        // target (`a, pkg.mod.name = …`): the parse decides.
        let annotation = self.annotation.is_some_and(|a| start > a);
        if named.last() == Some(&true) && !annotation && may_be_target(&b[t..end], depth) {
            return None;
        }
        let mut spelled = symbol.to_string();
        let mut out = vec![(spelled.clone(), parts[0].1)];
        for p in &parts[1..] {
            spelled.push('.');
            spelled.push_str(text(*p));
            out.push((spelled.clone(), p.1));
        }
        self.chains.push(Chain {
            start,
            parts: out,
            named,
        });
        Some(j)
    }

    /// A string literal whose prefix starts at `start` and quote at `quote`:
    /// where it ends.
    fn string(&mut self, start: usize, quote: usize, end: usize) -> Option<usize> {
        let b = self.bytes;
        let q = b[quote];
        let formatted = b[start..quote]
            .iter()
            .any(|c| matches!(c, b'f' | b'F' | b't' | b'T'));
        let triple = quote + 2 < end && b[quote + 1] == q && b[quote + 2] == q;
        let mut k = quote + if triple { 3 } else { 1 };
        let mut fields = 0usize;
        let close = loop {
            if k >= end {
                return None;
            }
            let c = b[k];
            if c == b'\\' {
                k += 2;
                continue;
            }
            if c == b'\n' && !triple {
                return None;
            }
            if formatted {
                match c {
                    b'{' if fields == 0 && k + 1 < end && b[k + 1] == b'{' => {
                        k += 2;
                        continue;
                    }
                    b'{' => fields += 1,
                    b'}' if fields > 0 => fields -= 1,
                    // A string inside a field (PEP 701 allows the same quote).
                    b'"' | b'\'' if fields > 0 => return None,
                    _ => {}
                }
            }
            if c == q && (!triple || (k + 2 < end && b[k + 1] == q && b[k + 2] == q)) {
                break k + if triple { 3 } else { 1 };
            }
            k += 1;
        };
        if formatted {
            // Code in the fields: the lexer does not read it.
            let text = &b[start..close];
            let spells = |w: &str| memchr::memmem::find(text, w.as_bytes()).is_some();
            if self.needles.iter().any(|n| spells(n))
                || self.heads.watched.keys().any(|h| spells(h))
            {
                return None;
            }
        }
        self.plain_text(start..close)?;
        Some(close)
    }

    /// A comment or string: no rule's name where a path could spell it.
    fn plain_text(&self, r: Range<usize>) -> Option<()> {
        let b = self.bytes;
        for n in self.needles {
            for at in memchr::memmem::find_iter(&b[r.clone()], n.as_bytes()) {
                if spelled_in_a_path_at(b, r.start + at) {
                    return None;
                }
            }
        }
        Some(())
    }
}

/// `r`, `b`, `f`, `u`, `t` and their two-letter mixes, any case.
fn is_string_prefix(word: &[u8]) -> bool {
    let lower: Vec<u8> = word.iter().map(u8::to_ascii_lowercase).collect();
    matches!(
        lower.as_slice(),
        b"r" | b"b" | b"f" | b"u" | b"t" | b"rb" | b"br" | b"fr" | b"rf" | b"tr" | b"rt"
    )
}

/// The end of a number starting at `i` (`1_000`, `0x1F`, `1.5e-3j`, `.5`).
fn number(b: &[u8], mut i: usize, end: usize) -> usize {
    // Only a decimal number has an exponent (`0x1E+x` is a sum).
    let decimal = !(b[i] == b'0' && i + 1 < end && b[i + 1].is_ascii_alphabetic());
    while i < end {
        let c = b[i];
        if ident_byte(c) || c == b'.' {
            i += 1;
            if decimal && matches!(c, b'e' | b'E') && i < end && matches!(b[i], b'+' | b'-') {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}
