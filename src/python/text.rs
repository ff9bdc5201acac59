//! Byte offsets to line/column positions, and dotted-path search in text.

use memchr::memmem;

/// A 1-based line and 1-based column counted in characters, as linters print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// 1-based line numbers counted by LF alone (`text[..at].matches('\n')
/// .count() + 1`), each in O(log lines): the lines of every one of
/// thousands of notes in a file, counted from its start each time, are
/// quadratic in the file.
pub struct LfLines(Vec<usize>);

impl LfLines {
    pub fn new(text: &str) -> Self {
        LfLines(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    /// The line of byte offset `at`.
    pub fn line(&self, at: usize) -> usize {
        self.0.partition_point(|&n| n < at) + 1
    }
}

/// Line start offsets of a text, for offset → position conversion. Lines
/// end as Python ends them: at LF, CRLF and a lone CR alike, so a position
/// or line of a file with classic Mac OS line endings is the one Python
/// (and every finding) gives, on the file's own bytes or its
/// [`lone_cr_as_lf`] copy alike.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last column worked out, as (byte offset, its column less one):
    /// a later offset on the same line counts on from there. Counting from
    /// the line start each time is quadratic over the findings of a
    /// one-line file (a million statements joined by `;`).
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    /// The 0-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let before = self.text.get(start..offset);
        let (from, counted) = match self.last.get() {
            (at, n) if start <= at && at <= offset && self.text.is_char_boundary(at) => (at, n),
            _ => (start, 0),
        };
        let counted = match self.text.get(from..offset) {
            Some(s) => counted + s.chars().count(),
            None => before.map_or(offset - start, |s| s.chars().count()),
        };
        if before.is_some() {
            self.last.set((offset, counted));
        }
        let mut column = counted + 1;
        // A byte-order mark is not a column anyone can see.
        if line == 0 && before.is_some_and(|s| s.starts_with('\u{feff}')) {
            column -= 1;
        }
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text of 0-based `line` without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// How many line starts the text has (its lines, plus an empty last
    /// one after a final newline).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// The 0-based lines (first, last, inclusive) a byte range touches,
    /// counted as a diff counts them: a text ending in a newline has no
    /// empty last line, so an insertion at the very end belongs to the
    /// last line.
    pub fn span(&self, range: &std::ops::Range<usize>) -> (usize, usize) {
        let first = self.diff_line_of(range.start);
        let last = if range.end > range.start {
            self.diff_line_of(range.end - 1)
        } else {
            first
        };
        (first, last)
    }

    /// The bytes of lines `first..=last`, terminators included.
    pub fn lines_bytes(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        let end = self
            .starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.starts[first]..end
    }

    fn diff_line_of(&self, offset: usize) -> usize {
        let line = self.line_of(offset);
        if line > 0 && self.starts[line] >= self.text.len() {
            line - 1
        } else {
            line
        }
    }
}

/// `text` with every lone carriage return (classic Mac OS line endings,
/// alone or mixed with others) read as a line feed, as Python reads it.
/// Same length and offsets, so a tree or a position of the copy holds for
/// `text`; tree-sitter and canon's line arithmetic only know `\n`.
/// Borrowed when there is none (nearly always).
pub fn lone_cr_as_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for i in memchr::memchr_iter(b'\r', bytes) {
        if lone(i) {
            out[i] = b'\n';
        }
    }
    // One ASCII byte for another: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// Whether `bytes` may hold a star import: `import`, then only layout (a
/// line continuation too), then `*`, anywhere (`with suppress(...): from
/// m import *`, `import os; from m import *`). memmem, not a two-way
/// search: it runs over every file the prefilter passes over.
pub fn spells_star_import(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"import").any(|at| {
        bytes[at + b"import".len()..]
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\\' | b'\r' | b'\n'))
            == Some(&b'*')
    })
}

/// Whether `text` spells `word` as a whole word (not inside an identifier).
pub fn contains_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    let ident = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
    memchr::memmem::find_iter(bytes, word.as_bytes()).any(|i| {
        let end = i + word.len();
        (i == 0 || !ident(bytes[i - 1])) && (end >= bytes.len() || !ident(bytes[end]))
    })
}

/// Whether `text`'s first line ends in a lone carriage return.
pub fn first_break_is_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2(b'\r', b'\n', bytes)
        .is_some_and(|i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// The first line of `text`, shortened to ~60 characters, for messages.
pub fn excerpt(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim_end();
    let mut out: String = line.chars().take(60).collect();
    if out.len() < text.trim_end().len() {
        out.push('…');
    }
    out
}

fn is_ident_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
}

/// Finds `path` in `text` as a whole dotted path: not glued to a longer
/// identifier or path on the left, and not continued by identifier characters
/// on the right (a following `.sub` or `:attr` is fine: it names something
/// under `path`). Also finds the entry-point spelling `pkg.mod:attr` of
/// `pkg.mod.attr`. Returns the byte offset of the first occurrence.
pub fn dotted_path_in(text: &str, path: &str) -> Option<usize> {
    FINDERS.with_borrow_mut(|cache| {
        if !cache.contains_key(path) {
            let colon = path.rfind('.').map(|i| {
                let mut s = path.to_string();
                s.replace_range(i..=i, ":");
                memmem::Finder::new(s.as_bytes()).into_owned()
            });
            let dotted = memmem::Finder::new(path.as_bytes()).into_owned();
            cache.insert(path.to_string(), (dotted, colon));
        }
        let (dotted, colon) = &cache[path];
        find_whole(text, dotted)
            .or_else(|| find_whole(text, colon.as_ref()?))
            .or_else(|| spaced_colon_in(text, path))
    })
}

/// Where `text` spells `path` as an entry point with blanks around the
/// colon (`pkg.mod : attr`, which `importlib.metadata`'s
/// `EntryPoint.pattern` reads as `pkg.mod:attr`).
fn spaced_colon_in(text: &str, path: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr(b':', bytes)?;
    let (module, attr) = path.rsplit_once('.')?;
    let blanks = |mut j: usize| {
        while matches!(bytes.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        j
    };
    memmem::find_iter(bytes, module.as_bytes()).find(|&i| {
        let before_ok = i == 0 || !(is_ident_byte(bytes[i - 1]) || bytes[i - 1] == b'.');
        let colon = blanks(i + module.len());
        if !before_ok || bytes.get(colon) != Some(&b':') {
            return false;
        }
        let name = blanks(colon + 1);
        let end = name + attr.len();
        bytes.get(name..end) == Some(attr.as_bytes())
            && (end >= bytes.len() || !is_ident_byte(bytes[end]))
    })
}

/// `text` with the blanks around an entry point's colon taken out
/// (`pkg.mod : attr` → `pkg.mod:attr`, see [`spaced_colon_in`]) where the
/// name before it is dotted or a blank precedes the colon: not a YAML
/// `key: value`.
pub fn tight_colons(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b" :").is_none() && memchr::memmem::find(bytes, b": ").is_none()
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let blank = |b: u8| b == b' ' || b == b'\t';
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for colon in memchr::memchr_iter(b':', bytes) {
        let mut start = colon;
        while start > copied && blank(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = colon + 1;
        while end < bytes.len() && blank(bytes[end]) {
            end += 1;
        }
        // The name before it.
        let mut word = start;
        while word > 0 && (is_ident_byte(bytes[word - 1]) || bytes[word - 1] == b'.') {
            word -= 1;
        }
        let name = &text[word..start];
        let after = bytes.get(end).is_some_and(|&b| is_ident_byte(b));
        if (start == colon && end == colon + 1)
            || name.is_empty()
            || !after
            || !(name.contains('.') || start < colon)
        {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push(':');
        copied = end;
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

pub fn contains_dotted_path(text: &str, path: &str) -> bool {
    dotted_path_in(text, path).is_some()
}

thread_local! {
    /// Each dotted path's finders (as written, and with its last dot a
    /// colon), built once per thread rather than on every search.
    static FINDERS: std::cell::RefCell<FinderCache> = Default::default();
}

type FinderCache =
    std::collections::HashMap<String, (memmem::Finder<'static>, Option<memmem::Finder<'static>>)>;

fn find_whole(text: &str, finder: &memmem::Finder) -> Option<usize> {
    let bytes = text.as_bytes();
    let len = finder.needle().len();
    finder.find_iter(bytes).find(|&i| {
        let before_ok = i == 0 || {
            let b = bytes[i - 1];
            !(is_ident_byte(b) || b == b'.')
        };
        let end = i + len;
        let after_ok = end >= bytes.len() || !is_ident_byte(bytes[end]);
        before_ok && after_ok
    })
}

/// The identifiers of `text` not written as an attribute (`x.name`, with
/// spaces allowed around the `.`), keywords included, with their offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let ident = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !ident(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && ident(bytes[i]) {
                i += 1;
            }
            // Digits start numbers (`1e5`, `0x1f`), not names.
            if bytes[start].is_ascii_digit() {
                continue;
            }
            let mut j = start;
            while j > 0 && matches!(bytes[j - 1], b' ' | b'\t') {
                j -= 1;
            }
            if j > 0 && bytes[j - 1] == b'.' {
                continue;
            }
            return Some((start, &text[start..i]));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn lf_lines_count_the_line_feeds_before_an_offset() {
        let text = "a\nb\r\nc\rd\n\ne";
        let lines = LfLines::new(text);
        for at in 0..=text.len() {
            assert_eq!(
                lines.line(at),
                text[..at].matches('\n').count() + 1,
                "at {at}"
            );
        }
    }

    /// Positions asked in any order, on long lines and short, through
    /// multi-byte characters, are the columns counted from the line start.
    #[test]
    fn positions_in_any_order_count_characters_from_the_line_start() {
        let text = "a = 'é'; b = \"日本\"; c = 1\r\nx\ny = 'ü' + z\n";
        let index = LineIndex::new(text);
        let naive = |offset: usize| {
            let line = text[..offset].matches('\n').count();
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            (line + 1, text[start..offset].chars().count() + 1)
        };
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        order.extend(offsets.iter().step_by(3));
        for o in order {
            let p = index.position(o);
            let (line, column) = naive(o);
            assert_eq!((p.line, p.column), (line, column), "offset {o}");
        }
    }

    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "ab\r\nçé x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(4), Position { line: 2, column: 1 });
        // "çé " is 5 bytes, 3 characters.
        assert_eq!(idx.position(9), Position { line: 2, column: 4 });
        assert_eq!(idx.line_text(0), "ab");
        assert_eq!(idx.line_of(5), 1);
        let bom = LineIndex::new("\u{feff}import x\n");
        assert_eq!(bom.position(10), Position { line: 1, column: 8 });
    }

    #[test]
    fn lone_carriage_returns_end_lines_as_python_reads_them() {
        // The file's own bytes and its lone_cr_as_lf copy, one line model.
        let text = "import a\rdef f():\r\n    return a.g(1)\rx\n";
        let seen = lone_cr_as_lf(text);
        for t in [text, &*seen] {
            let idx = LineIndex::new(t);
            assert_eq!(idx.line_count(), 5);
            assert_eq!(idx.position(23), Position { line: 3, column: 5 });
            assert_eq!(idx.line_text(1), "def f():");
            assert_eq!(idx.line_text(2), "    return a.g(1)");
            assert_eq!(idx.line_of(38), 3);
        }
    }

    #[test]
    fn lone_carriage_returns_read_as_line_feeds() {
        assert!(matches!(
            lone_cr_as_lf("a\r\nb\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(lone_cr_as_lf("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert!(first_break_is_lone_cr("a\rb\n"));
        assert!(!first_break_is_lone_cr("a\r\nb\r"));
        assert!(!first_break_is_lone_cr("a"));
    }

    #[test]
    fn dotted_path_search_respects_boundaries() {
        assert_eq!(dotted_path_in("use a.b.c now", "a.b.c"), Some(4));
        assert_eq!(dotted_path_in("x.a.b.c", "a.b.c"), None);
        assert_eq!(dotted_path_in("a.b.cd", "a.b.c"), None);
        assert_eq!(dotted_path_in("a.b.c.d", "a.b.c"), Some(0));
        assert_eq!(dotted_path_in("ep = a.b:c", "a.b.c"), Some(5));
        assert_eq!(dotted_path_in("xa.b.c", "a.b.c"), None);
    }
}
