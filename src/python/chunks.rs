//! Top-level statements of a Python file, found by a light lexer, so that
//! only the statements that matter are handed to tree-sitter.
//!
//! tree-sitter-python parses at a few MB/s; a large file that mentions a
//! deprecated name once does not need its other 200 functions parsed. The
//! lexer tracks brackets, strings (all quote forms, prefixes, triple
//! quotes), comments and backslash continuations; a line that starts at
//! column 0 outside all of those starts a new top-level statement, except
//! `else`/`elif`/`except`/`finally` (which continue one) and the line after
//! a decorator. Anything odd is caught later: a partial parse with errors
//! falls back to parsing the whole file.

use std::ops::Range;

/// Byte ranges of the top-level statements; together they cover `src`.
pub fn top_level_chunks(src: &str) -> Vec<Range<usize>> {
    top_level_lines(src).0
}

/// A file's logical lines, found once (see [`top_level_lines`]), and its
/// joins of adjacent string literals.
pub struct Lines {
    lines: Vec<Line>,
    joins: Vec<Range<usize>>,
}

impl Lines {
    /// Where adjacent string literals join (`"app.ws." "factory"`, across
    /// blanks, backslash continuations and, inside brackets, line breaks
    /// and comments): from the end of one literal to the start (prefix
    /// included) of the next, in order.
    pub fn joins(&self) -> &[Range<usize>] {
        &self.joins
    }
}

/// [`top_level_chunks`], and the logical lines they were found from, for
/// [`class_members_in`] (a big file is lexed once, not once more per class).
pub fn top_level_lines(src: &str) -> (Vec<Range<usize>>, Lines) {
    let lines = logical_lines(src, 0..src.len());
    (statements(src, &lines.lines, 0..src.len(), 0), lines)
}

/// A class statement's header (decorators, `class …:`) and the statements
/// of its body, when the body is an indented block; together they cover
/// `chunk`. `None` for anything else (`def`, `if`, a one-line class).
#[cfg(test)]
pub fn class_members(src: &str, chunk: Range<usize>) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    class_in(src, chunk.clone(), &logical_lines(src, chunk).lines)
}

/// [`class_members`] of a top-level `chunk`, from the file's `lines`: the
/// lexer starts a top-level statement in its initial state, so the lines
/// inside the chunk are the ones lexing it alone would find.
pub fn class_members_in(
    src: &str,
    chunk: Range<usize>,
    lines: &Lines,
) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let all = &lines.lines;
    let from = all.partition_point(|l| l.start < chunk.start);
    let to = all.partition_point(|l| l.start < chunk.end);
    class_in(src, chunk, &all[from..to])
}

fn class_in(
    src: &str,
    chunk: Range<usize>,
    lines: &[Line],
) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let mut at = lines.iter().skip_while(|l| src[l.code..].starts_with('@'));
    let head = at.next()?;
    let is_class = head.indent == 0
        && src[head.code..]
            .strip_prefix("class")
            .is_some_and(|r| r.starts_with([' ', '\t', '\\']));
    if !is_class {
        return None;
    }
    let body = at.find(|l| l.indent > 0)?;
    let inner: Vec<Line> = lines
        .iter()
        .filter(|l| l.start >= body.start)
        .copied()
        .collect();
    let members = statements(src, &inner, body.start..chunk.end, body.indent);
    Some((chunk.start..body.start, members))
}

/// A line that begins a logical line: outside brackets, strings and
/// backslash continuations, and not blank or only a comment.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Where the line starts.
    start: usize,
    /// Where its code starts, after the indentation.
    code: usize,
    /// The indentation's width in bytes.
    indent: usize,
}

/// The statements at `indent` of a block spanning `range`, given its
/// logical lines: each starts a statement, except `else`/`elif`/`except`/
/// `finally` (which continue one), a line after a decorator, and lines
/// indented deeper (inside a statement).
fn statements(src: &str, lines: &[Line], range: Range<usize>, indent: usize) -> Vec<Range<usize>> {
    let mut starts = vec![range.start];
    let mut decorator = false;
    for l in lines.iter().filter(|l| l.indent == indent) {
        let rest = &src[l.code..];
        let continues = matches!(rest.as_bytes().first(), Some(b'e' | b'f'))
            && ["else", "elif", "except", "finally"].iter().any(|k| {
                rest.starts_with(k)
                    && !rest[k.len()..].starts_with(|c: char| c == '_' || c.is_alphanumeric())
            });
        if l.start > range.start && !continues && !decorator {
            starts.push(l.start);
        }
        decorator = rest.starts_with('@');
    }
    let mut out: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    out.push(*starts.last().unwrap_or(&range.start)..range.end);
    out
}

/// The [`Line`]s of `range`, and its joins of string literals, found by a
/// light lexer that tracks brackets, strings (all quote forms, prefixes,
/// triple quotes), comments and backslash continuations.
fn logical_lines(src: &str, range: Range<usize>) -> Lines {
    let bytes = &src.as_bytes()[..range.end];
    let mut out = Vec::new();
    let mut joins = Vec::new();
    let mut depth: u32 = 0;
    let mut i = range.start;
    let mut line_start = true;
    let mut continued = false;
    // The current logical line's indentation, and whether a `:` outside
    // brackets was seen on it (a compound statement's body, a lambda, an
    // annotation: a `;` after it does not start a statement of the block).
    let mut indent = 0;
    let mut colon = false;
    let code_at = |j: usize| {
        bytes
            .get(j)
            .is_some_and(|c| !matches!(c, b'\r' | b'\n' | b'#'))
    };
    while i < bytes.len() {
        let b = bytes[i];
        if line_start {
            line_start = false;
            let start = i;
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | 0x0c) {
                i += 1;
            }
            if depth == 0 && !continued && code_at(i) {
                indent = i - start;
                colon = false;
                out.push(Line {
                    start,
                    code: i,
                    indent,
                });
            }
            continued = false;
            continue;
        }
        match b {
            b':' if depth == 0 => {
                colon = true;
                i += 1;
            }
            // `a = 1; b = 2`: two statements of the block (a one-line file
            // of a hundred thousand of them is not parsed whole for one).
            b';' if depth == 0 && !colon => {
                i += 1;
                let mut j = i;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | 0x0c) {
                    j += 1;
                }
                if code_at(j) {
                    out.push(Line {
                        start: i,
                        code: j,
                        indent,
                    });
                }
            }
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'\\' => {
                // A backslash at the end of a line joins the next one.
                if bytes.get(i + 1) == Some(&b'\n')
                    || (bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n'))
                {
                    continued = true;
                }
                i += 1;
            }
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'"' | b'\'' => {
                i = skip_string(bytes, i);
                if let Some(next) = next_literal(bytes, i, depth > 0) {
                    joins.push(i..next);
                }
            }
            _ => {
                // Run to the next byte the lexer cares about.
                i += 1;
                i += bytes[i..]
                    .iter()
                    .position(|&b| SPECIAL[usize::from(b)])
                    .unwrap_or(bytes.len() - i);
            }
        }
    }
    Lines { lines: out, joins }
}

/// Where the string literal that follows a literal ending at `end` starts
/// (its prefix), if one does: past blanks and backslash continuations
/// and, `in_brackets`, line breaks and comments.
fn next_literal(bytes: &[u8], end: usize, in_brackets: bool) -> Option<usize> {
    let mut j = end;
    loop {
        match bytes.get(j)? {
            b' ' | b'\t' | 0x0c => j += 1,
            b'\\' if bytes.get(j + 1) == Some(&b'\n') => j += 2,
            b'\\' if bytes.get(j + 1) == Some(&b'\r') && bytes.get(j + 2) == Some(&b'\n') => j += 3,
            b'\r' | b'\n' if in_brackets => j += 1,
            b'#' if in_brackets => {
                j = memchr::memchr(b'\n', &bytes[j..]).map_or(bytes.len(), |n| j + n)
            }
            _ => break,
        }
    }
    let prefix = bytes[j..]
        .iter()
        .take(2)
        .take_while(|b| b"rRuUfFbBtT".contains(b))
        .count();
    matches!(bytes.get(j + prefix), Some(b'"' | b'\'')).then_some(j)
}

/// The bytes `logical_lines` acts on; any other only moves it on.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let special = b":;\n\\#([{)]}\"'";
    while k < special.len() {
        t[special[k] as usize] = true;
        k += 1;
    }
    t
};

/// The index just past the string literal whose opening quote is at `i`.
fn skip_string(bytes: &[u8], i: usize) -> usize {
    let q = bytes[i];
    let triple = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
    let mut j = if triple { i + 3 } else { i + 1 };
    // From one byte that matters to the next: the quote, an escape, and
    // (ending an unterminated one-line string) a line break.
    let next = |j: usize| match triple {
        true => memchr::memchr2(q, b'\\', &bytes[j..]),
        false => memchr::memchr3(q, b'\\', b'\n', &bytes[j..]),
    };
    while let Some(n) = next(j) {
        j += n;
        match bytes[j] {
            // An escaped CRLF line break is one escape, not `\r` then a break.
            b'\\' if bytes.get(j + 1) == Some(&b'\r') && bytes.get(j + 2) == Some(&b'\n') => j += 3,
            b'\\' => j += 2,
            b'\n' => return j, // unterminated: let the parser complain
            _ if !triple => return j + 1,
            _ if bytes.get(j + 1) == Some(&q) && bytes.get(j + 2) == Some(&q) => return j + 3,
            _ => j += 1,
        }
        if j >= bytes.len() {
            break;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        top_level_chunks(src).into_iter().map(|r| &src[r]).collect()
    }

    #[test]
    fn splits_top_level_statements() {
        let src = "\"\"\"Doc\n\ndef not_a_def():\n\"\"\"\nimport os\n\n@dec\ndef f(a,\nb):\n    x = '''\nclass Fake:\n'''\n    return (\n1)\n# comment\ntry:\n    pass\nexcept E:\n    pass\nelse:\n    pass\nx = 1 \\\n+ 2\ny = \"#\" # ( not a bracket\nz = {\n'k': 1}\n";
        assert_eq!(
            texts(src),
            [
                "\"\"\"Doc\n\ndef not_a_def():\n\"\"\"\n",
                "import os\n\n",
                "@dec\ndef f(a,\nb):\n    x = '''\nclass Fake:\n'''\n    return (\n1)\n# comment\n",
                "try:\n    pass\nexcept E:\n    pass\nelse:\n    pass\n",
                "x = 1 \\\n+ 2\n",
                "y = \"#\" # ( not a bracket\n",
                "z = {\n'k': 1}\n",
            ]
        );
    }

    #[test]
    fn a_class_splits_into_its_header_and_members() {
        let src = "@dataclass\nclass TestWs(Base,\n        Other):\n    \"\"\"Doc.\"\"\"\n\n    x = (\n1)\n\n    @fixture\n    def a(self):\n        s = '''\n    def fake(self):\n'''\n\n# dedented comment\n    async def b(self):\n        if s:\n            pass\n        else:\n            pass\n";
        let (header, members) = class_members(src, 0..src.len()).unwrap();
        assert_eq!(
            &src[header.clone()],
            "@dataclass\nclass TestWs(Base,\n        Other):\n"
        );
        let texts: Vec<&str> = members.iter().map(|r| &src[r.clone()]).collect();
        assert_eq!(
            texts,
            [
                "    \"\"\"Doc.\"\"\"\n\n",
                "    x = (\n1)\n\n",
                "    @fixture\n    def a(self):\n        s = '''\n    def fake(self):\n'''\n\n# dedented comment\n",
                "    async def b(self):\n        if s:\n            pass\n        else:\n            pass\n",
            ]
        );
        assert_eq!(members.last().unwrap().end, src.len());
        for not_a_class in ["def f():\n    pass\n", "class C: pass\n", "classy = 1\n"] {
            assert!(class_members(not_a_class, 0..not_a_class.len()).is_none());
        }
        let tail = "x = 1\nclass C:\n    a = 1\n    b = 2\n";
        let (h, m) = class_members(tail, 6..tail.len()).unwrap();
        assert_eq!((&tail[h], m.len()), ("class C:\n", 2));
    }

    #[test]
    fn a_class_split_from_the_files_lines_is_split_as_if_lexed_alone() {
        let src = "import os\n\n\n@dec(\n    x=')'\n)\nclass A(B):\n    \"\"\"class C:\n    def fake(self): ...\n\"\"\"\n    a = 1; b = 2\n\n    def m(self):\n        return '''\nclass D:\n'''\n\n\nclass E:\n    x = (\n1)\n    def n(self): pass\n\nclass One: pass\ny = 1 \\\n    + 2\nclass F:\n\ty = 1\n\tdef f(s):\n\t\treturn s\n";
        let (top, lines) = top_level_lines(src);
        assert_eq!(top, top_level_chunks(src));
        let mut classes = 0;
        for c in top {
            let alone = class_members(src, c.clone());
            classes += usize::from(alone.is_some());
            assert_eq!(
                class_members_in(src, c.clone(), &lines),
                alone,
                "{:?}",
                &src[c]
            );
        }
        assert_eq!(classes, 3);
    }

    #[test]
    fn joins_of_adjacent_literals_are_found_where_python_joins_them() {
        let joined = |src: &str| -> Vec<String> {
            let (_, lines) = top_level_lines(src);
            lines
                .joins()
                .iter()
                .map(|j| format!("{}|{}", &src[..j.start], &src[j.end..]))
                .collect()
        };
        assert_eq!(joined("x = 'a' \"b\"\n"), ["x = 'a'|\"b\"\n"]);
        assert_eq!(joined("x = 'a' \\\n  rb'b'\n"), ["x = 'a'|rb'b'\n"]);
        assert_eq!(joined("x = 'a' \\\r\n  f'b'\r\n"), ["x = 'a'|f'b'\r\n"]);
        assert_eq!(
            joined("p(\"a.\"  # c'\n  '''b'''\n)\n"),
            ["p(\"a.\"|'''b'''\n)\n"]
        );
        // Across a line break outside brackets, a new statement starts.
        assert!(joined("x = 'a'\n'b'\n").is_empty());
        assert!(joined("x = 'a' + 'b'\n").is_empty());
        assert!(joined("x = 'a' if c else 'b'\n").is_empty());
        // A docstring's quotes and an empty string join nothing.
        assert!(joined("def f():\n    \"\"\"Doc.\"\"\"\n    return ''\n").is_empty());
        // Three parts, two joins.
        assert_eq!(joined("t = ('a' 'b' 'c')\n").len(), 2);
    }

    #[test]
    fn semicolons_split_simple_statements_but_not_a_compound_ones_body() {
        let src = "import a; x = {1: 2}; y = f(';')\nif c: d; e\nf = lambda: 1; g = 2\nh = 1;\n";
        assert_eq!(
            texts(src),
            [
                "import a;",
                " x = {1: 2};",
                " y = f(';')\n",
                "if c: d; e\n",
                "f = lambda: 1; g = 2\n",
                "h = 1;\n",
            ]
        );
    }

    #[test]
    fn escaped_crlf_in_a_string_does_not_end_it() {
        let src = "x = 1\r\ns = \"a \\\r\nx = f()  #\"\r\ny = 2\r\n";
        assert_eq!(
            texts(src),
            ["x = 1\r\n", "s = \"a \\\r\nx = f()  #\"\r\n", "y = 2\r\n"]
        );
    }

    #[test]
    fn chunks_cover_the_source() {
        for src in [
            "",
            "x",
            "a\nb\n",
            "\n\n",
            "if x:\n  pass\nelif y:\n  pass\nelsewhere = 1\n",
        ] {
            let chunks = top_level_chunks(src);
            assert_eq!(chunks.first().map(|r| r.start), Some(0));
            assert_eq!(chunks.last().map(|r| r.end), Some(src.len()));
            assert!(chunks.windows(2).all(|w| w[0].end == w[1].start));
        }
        assert_eq!(
            texts("if x:\n  pass\nelif y:\n  pass\nelsewhere = 1\n").len(),
            2
        );
    }
}
