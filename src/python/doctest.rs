//! Doctests and notebook cells: code canon never rewrites that still runs.
//!
//! `python -m doctest` (and pytest's `--doctest-modules`, `--doctest-glob`)
//! runs the examples of a module's docstrings with the module's names, and
//! those of a text file (`README.md`, `docs/*.rst`) on their own; Jupyter
//! runs a notebook's code cells. Each may import a name from a module or
//! use one of the module's names: a fix that takes the name away breaks it.

use std::borrow::Cow;

/// The example lines of `text`: each `>>>` line (after blanks, or a
/// docstring's opening quotes) and the `...` lines that continue it, the
/// prompts taken off, one line each.
pub fn examples(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out: Vec<&str> = Vec::new();
    let mut after = 0;
    for at in memchr::memmem::find_iter(bytes, b">>>") {
        if at < after {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        let lead = text[start..at].trim_start_matches([' ', '\t', '"', '\'', 'r', 'u', 'R', 'U']);
        if !lead.is_empty() {
            continue;
        }
        let mut lines = text[at + 3..].split_inclusive('\n');
        let first = lines.next().unwrap_or_default();
        after = at + 3 + first.len();
        out.push(prompted(first));
        for line in lines {
            let Some(rest) = line.trim_start().strip_prefix("...") else {
                break;
            };
            after += line.len();
            out.push(prompted(rest));
        }
    }
    out
}

/// The example lines of `text` (see [`examples`]), each where `text`
/// spells it.
pub fn example_lines(text: &str) -> Vec<CodeLine<'_>> {
    (examples(text).into_iter())
        .map(|l| CodeLine {
            at: offset_in(text, l),
            code: Cow::Borrowed(l),
        })
        .collect()
}

/// An example line after its prompt: one blank after it taken off, and the
/// line break.
fn prompted(line: &str) -> &str {
    let line = line.trim_end_matches(['\n', '\r']);
    line.strip_prefix(' ').unwrap_or(line)
}

/// Whether an example of `text` (see [`examples`]) spells `name` as a word.
pub fn in_a_doctest(text: &str, name: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b">>>").is_some()
        && examples(text).iter().any(|l| super::contains_word(l, name))
}

/// One line of the code a text file runs (see [`runnable_pieces`]): its
/// text, and the byte offset in the file where it is spelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLine<'t> {
    pub code: Cow<'t, str>,
    /// Where the line starts in the file; for a line the file escapes (a
    /// notebook's JSON string, a double-quoted `-c` argument), where the
    /// string holding it starts.
    pub at: usize,
}

/// The code a text file runs, in pieces (a notebook's cell, a `python -c`
/// argument, a file's doctest examples), each of lines that know where
/// the file spells them: for a Jupyter notebook (JSON with `cells`), its
/// code cells and the examples of its other cells; for any other file,
/// its examples, the code of its Sphinx doctest blocks and Markdown
/// Python blocks (see [`fenced_python`]) and what it runs
/// with `python -c` or feeds `python` on a heredoc (a shell script, a
/// Makefile recipe, a Dockerfile's `RUN`, a CI job's `run:`).
pub fn runnable_pieces<'t>(rel: &str, text: &'t str) -> Vec<Vec<CodeLine<'t>>> {
    if rel.ends_with(".ipynb")
        && let Ok(notebook) = serde_json::from_str::<serde_json::Value>(text)
        && let Some(cells) = notebook.get("cells").and_then(|c| c.as_array())
    {
        return notebook_pieces(text, cells);
    }
    let slice = |l: &'t str| CodeLine {
        at: offset_in(text, l),
        code: Cow::Borrowed(l),
    };
    let mut out: Vec<Vec<CodeLine>> = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b">>>").is_some() {
        out.push(example_lines(text));
    }
    if memchr::memmem::find(text.as_bytes(), b".. test").is_some() {
        out.push(sphinx_test_code(text).into_iter().map(slice).collect());
    }
    if memchr::memmem::find(text.as_bytes(), b"```").is_some()
        || memchr::memmem::find(text.as_bytes(), b"~~~").is_some()
    {
        out.extend(
            fenced_python(text)
                .into_iter()
                .map(|b| b.into_iter().map(slice).collect()),
        );
    }
    if memchr::memmem::find(text.as_bytes(), b"python").is_some() {
        out.extend(python_runs(text));
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The code a text file runs (see [`runnable_pieces`]), its lines joined;
/// `None` when it has none.
pub fn runnable_code(rel: &str, text: &str) -> Option<String> {
    let pieces = runnable_pieces(rel, text);
    (!pieces.is_empty()).then(|| joined(&pieces))
}

/// The lines of `pieces`, one after the other.
pub fn joined(pieces: &[Vec<CodeLine>]) -> String {
    let lines = pieces.iter().flatten().map(|l| l.code.as_ref());
    lines.collect::<Vec<&str>>().join("\n")
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// A notebook's cells as pieces: each line of a code cell's source, each
/// example of another cell's, where the notebook's JSON spells its string
/// (each `"source"` looked for after the one before, each line's string
/// after its cell's key).
fn notebook_pieces<'t>(text: &'t str, cells: &[serde_json::Value]) -> Vec<Vec<CodeLine<'t>>> {
    let mut out: Vec<Vec<CodeLine>> = Vec::new();
    let mut cursor = 0;
    let find = |from: usize, needle: &str| {
        memchr::memmem::find(&text.as_bytes()[from..], needle.as_bytes()).map(|i| from + i)
    };
    for cell in cells {
        let strings: Vec<&str> = match cell.get("source") {
            Some(serde_json::Value::String(s)) => vec![s.as_str()],
            Some(serde_json::Value::Array(lines)) => {
                lines.iter().filter_map(|l| l.as_str()).collect()
            }
            _ => continue,
        };
        let key = find(cursor, "\"source\"").unwrap_or(cursor);
        cursor = key;
        // Each string's text, and where the notebook spells it.
        let mut located: Vec<(&str, usize)> = Vec::new();
        for s in &strings {
            let spelled = serde_json::to_string(s).unwrap_or_default();
            let at = find(cursor, &spelled).unwrap_or(cursor);
            cursor = at;
            located.push((s, at));
        }
        let source: String = strings.concat();
        let code = cell.get("cell_type").and_then(|t| t.as_str()) == Some("code");
        // A line's string: the one its first byte is in.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let mut offset = 0;
        for (s, at) in &located {
            starts.push((offset, *at));
            offset += s.len();
        }
        let at_of = |line: &str| {
            let o = offset_in(&source, line);
            let i = starts.partition_point(|(s, _)| *s <= o).saturating_sub(1);
            starts.get(i).map_or(key, |(_, at)| *at)
        };
        let lines: Vec<CodeLine> = if code {
            source
                .lines()
                .map(|l| CodeLine {
                    at: at_of(l),
                    code: Cow::Owned(l.to_string()),
                })
                .collect()
        } else {
            examples(&source)
                .into_iter()
                .map(|l| CodeLine {
                    at: at_of(l),
                    code: Cow::Owned(l.to_string()),
                })
                .collect()
        };
        out.push(lines);
    }
    out
}

/// What `text` runs with `python -c CODE` (`python3.12`, `/usr/bin/python3`,
/// `uv run python`, the exec form `["python", "-c", "..."]`, options such as
/// `-u` or `-W ignore` before it) or feeds `python` on a heredoc
/// (`python3 - <<'EOF'`): one piece each.
fn python_runs(text: &str) -> Vec<Vec<CodeLine<'_>>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Vec<CodeLine>> = Vec::new();
    let word = |b: u8| b == b'_' || b.is_ascii_alphanumeric();
    for at in memchr::memmem::find_iter(bytes, b"python") {
        if at > 0 && (word(bytes[at - 1]) || bytes[at - 1] == b'-' || bytes[at - 1] == b'.') {
            continue;
        }
        // `python`, `python3`, `python3.12`, then the end of the word.
        let mut end = at + "python".len();
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
            end += 1;
        }
        if end < bytes.len() && word(bytes[end]) {
            continue;
        }
        let mut tokens = Tokens { text, at: end };
        // The exec form's closing quote of `"python"`.
        if bytes.get(end) == Some(&b'"') {
            tokens.at += 1;
        }
        while let Some(token) = tokens.next_raw() {
            let flag = token.text();
            if flag == "-c" || is_flags_then_c(&flag) {
                if let Some(arg) = tokens.next_raw() {
                    out.push(arg.lines(text));
                }
                break;
            }
            if flag == "-" || flag.starts_with("<<") {
                if let Some(piece) = heredoc(text, token.start) {
                    out.push(piece);
                }
                break;
            }
            if flag == "-W" || flag == "-X" {
                tokens.next_raw();
                continue;
            }
            if !flag.starts_with('-') {
                break;
            }
        }
    }
    out
}

/// The code a Python file holds in strings that Python runs, in pieces
/// canon never rewrites: the source `exec`, `eval` or `compile` takes,
/// the argument after `-c` in a command of `sys.executable` or `python*`
/// (`subprocess.run([sys.executable, "-c", CODE])`,
/// `os.execl(sys.executable, sys.executable, "-c", CODE)`), and a shell
/// command string's `python -c CODE` (see [`python_runs`]). Each with
/// whether it runs with the module's names (`exec`, `eval`, `compile`) or
/// in a process of its own. Each line is where its string starts unless
/// the string spells it as is.
pub fn code_strings(sem: &super::Semantic) -> Vec<(Vec<CodeLine<'static>>, bool)> {
    let mut out = Vec::new();
    let c_flag = sem.strings.iter().any(|st| {
        let text = sem.text(st.node);
        text.len() < 24
            && text.contains('-')
            && super::string_value(sem.source, st.node)
                .is_some_and(|(_, v)| v == "-c" || is_flags_then_c(&v))
    });
    for st in &sem.strings {
        if st.docstring
            || sem
                .parent(st.node)
                .is_some_and(|p| p.kind() == "concatenated_string")
        {
            continue;
        }
        let Some((value, verbatim)) = literal_text(sem.source, st.node) else {
            continue;
        };
        let start = st.node.start_byte();
        let at = |line: &str| match verbatim {
            Some(content) => content + offset_in(&value, line),
            None => start,
        };
        let owned = |l: &str, at: usize| CodeLine {
            code: Cow::Owned(l.to_string()),
            at,
        };
        if let Some(own) = run_code_arg(sem, st.node, c_flag) {
            let lines: Vec<CodeLine> = value.lines().map(|l| owned(l, at(l))).collect();
            out.push((lines, own));
        } else if value.contains("python") {
            for piece in python_runs(&value) {
                let lines = piece.iter().map(|l| owned(&l.code, start)).collect();
                out.push((lines, false));
            }
        }
    }
    out.retain(|(p, _)| !p.is_empty());
    out
}

/// A string literal's text as Python reads it (its escapes read, unless
/// raw), and where its content starts when that is the text as spelled;
/// `None` for bytes and f-strings with interpolations.
fn literal_text(source: &str, node: tree_sitter::Node) -> Option<(String, Option<usize>)> {
    if node.kind() == "concatenated_string" {
        let mut out = String::new();
        let mut cursor = node.walk();
        for part in node.named_children(&mut cursor) {
            if part.kind() != "comment" {
                out.push_str(&literal_text(source, part)?.0);
            }
        }
        return Some((out, None));
    }
    let (range, raw) = super::string_value(source, node)?;
    let prefix = node.child(0).map_or("", |p| &source[p.byte_range()]);
    if prefix.contains(['r', 'R']) || !raw.contains('\\') {
        return Some((raw, Some(range.start)));
    }
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\n') => {}
            Some(c @ ('\\' | '\'' | '"')) => out.push(c),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => out.push('\\'),
        }
    }
    Some((out, None))
}

/// Whether a string is code Python runs (see [`code_strings`]): `Some`
/// with whether it runs with the module's names.
fn run_code_arg<'t>(
    sem: &super::Semantic<'t>,
    node: tree_sitter::Node<'t>,
    c_flag: bool,
) -> Option<bool> {
    let node = super::parenthesized_up(sem, node);
    let parent = sem.parent(node)?;
    let first = {
        let mut cursor = parent.walk();
        (parent.named_children(&mut cursor)).find(|c| c.kind() != "comment")
    };
    let text_of = |n: tree_sitter::Node| super::string_value(sem.source, n).map(|(_, v)| v);
    // `exec(CODE, ns)`, `eval(CODE)`, `compile(CODE, "<s>", "exec")`.
    if parent.kind() == "argument_list"
        && first == Some(node)
        && let Some(call) = sem.parent(parent).filter(|c| c.kind() == "call")
        && let Some(function) = call.child_by_field_name("function")
        && matches!(
            sem.text(function).trim_start_matches("builtins."),
            "exec" | "eval" | "compile"
        )
    {
        return Some(true);
    }
    // `[sys.executable, "-c", CODE]`, `("python3", "-u", "-c", CODE)`:
    // looked at only in a file that spells a `-c` (reading every item of
    // a list per string of it is quadratic in a long `__all__`).
    if !c_flag || !matches!(parent.kind(), "list" | "tuple" | "argument_list") {
        return None;
    }
    let named: Vec<tree_sitter::Node> = {
        let mut cursor = parent.walk();
        (parent.named_children(&mut cursor))
            .filter(|c| c.kind() != "comment")
            .collect()
    };
    let k = named.iter().position(|n| *n == node)?;
    let flag = text_of(*named.get(k.checked_sub(1)?)?)?;
    if flag != "-c" && !is_flags_then_c(&flag) {
        return None;
    }
    let python = |n: &tree_sitter::Node| {
        matches!(sem.text(*n), "sys.executable" | "executable")
            || text_of(*n).is_some_and(|v| is_python(v.rsplit(['/', '\\']).next().unwrap_or("")))
    };
    named[..k - 1].iter().any(python).then_some(false)
}

/// `python`, `python3`, `python3.12`, `python.exe`.
fn is_python(name: &str) -> bool {
    let name = name.strip_suffix(".exe").unwrap_or(name);
    name.strip_prefix("python")
        .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Whether `flag` is options that take no argument ending in `c` (`-uc`).
fn is_flags_then_c(flag: &str) -> bool {
    flag.strip_prefix('-')
        .and_then(|f| f.strip_suffix('c'))
        .is_some_and(|f| !f.is_empty() && f.chars().all(|c| "bBdEiIOPqsSuvx".contains(c)))
}

/// The heredoc fed to `python` whose `<<` is at or after `from` on its
/// line: its lines up to the one that is its delimiter.
fn heredoc(text: &str, from: usize) -> Option<Vec<CodeLine<'_>>> {
    let line_end = memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i);
    let rest = &text[from..line_end];
    let after = &rest[rest.find("<<")? + 2..];
    let after = after.strip_prefix('-').unwrap_or(after).trim_start();
    let delimiter: String = after
        .trim_start_matches(['\'', '"'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if delimiter.is_empty() {
        return None;
    }
    let mut out: Vec<CodeLine> = Vec::new();
    let body = text.get(line_end + 1..)?;
    for line in body.lines() {
        if line.trim() == delimiter {
            return Some(out);
        }
        out.push(CodeLine {
            at: offset_in(text, line),
            code: Cow::Borrowed(line),
        });
    }
    Some(out)
}

/// Shell words (or the exec form's JSON strings) one after the other, from
/// `at`: blanks, commas and escaped line breaks between them.
struct Tokens<'t> {
    text: &'t str,
    at: usize,
}

/// One word as spelled: where it starts (its quote, if quoted), its
/// content's range and how it is quoted.
struct Token<'t> {
    text: &'t str,
    start: usize,
    content: std::ops::Range<usize>,
    quote: Option<u8>,
}

impl<'t> Tokens<'t> {
    fn next_raw(&mut self) -> Option<Token<'t>> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        loop {
            match bytes.get(i) {
                Some(b' ' | b'\t' | b',') => i += 1,
                Some(b'\\') if matches!(bytes.get(i + 1), Some(b'\n')) => i += 2,
                Some(b'\\') if bytes.get(i + 1..i + 3) == Some(b"\r\n") => i += 3,
                _ => break,
            }
        }
        let start = i;
        let quote = match bytes.get(i) {
            Some(&q @ (b'\'' | b'"')) => Some(q),
            Some(b'\n' | b'\r' | b';' | b'&' | b'|' | b']' | b')') | None => return None,
            _ => None,
        };
        let content = match quote {
            Some(q) => {
                let from = i + 1;
                let mut j = from;
                while j < bytes.len() && bytes[j] != q {
                    j += if q == b'"' && bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(bytes.len());
                self.at = (end + 1).min(bytes.len());
                from..end
            }
            None => {
                let mut j = i;
                while j < bytes.len() && !b" \t\r\n;&|,]".contains(&bytes[j]) {
                    j += 1;
                }
                self.at = j;
                i..j
            }
        };
        Some(Token {
            text: self.text,
            start,
            content,
            quote,
        })
    }
}

impl<'t> Token<'t> {
    /// The word's text, its quotes and escapes taken off.
    fn text(&self) -> Cow<'t, str> {
        let raw = &self.text[self.content.clone()];
        match self.quote {
            Some(b'"') if raw.contains('\\') => Cow::Owned(unescape(raw)),
            _ => Cow::Borrowed(raw),
        }
    }

    /// The word's lines: each where the file spells it when it is
    /// unescaped, else where its string starts.
    fn lines(&self, text: &'t str) -> Vec<CodeLine<'t>> {
        let raw = &text[self.content.clone()];
        raw.lines()
            .map(|l| {
                let at = offset_in(text, l);
                match self.quote {
                    Some(b'"') if l.contains('\\') => CodeLine {
                        at,
                        code: Cow::Owned(unescape(l)),
                    },
                    _ => CodeLine {
                        at,
                        code: Cow::Borrowed(l),
                    },
                }
            })
            .collect()
    }
}

/// A double-quoted word's text: `\"`, `\\`, `\$` and `` \` `` unescaped.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('"' | '\\' | '$' | '`')) => out.push(e),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out
}

/// The lines of Sphinx's doctest blocks without prompts (`.. testsetup::`,
/// `.. testcode::`, `.. testcleanup::`): the indented block under each.
fn sphinx_test_code(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut inside: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let directive = line.trim_start();
        if ["testsetup::", "testcode::", "testcleanup::"]
            .iter()
            .any(|d| {
                directive
                    .strip_prefix(".. ")
                    .is_some_and(|r| r.starts_with(d))
            })
        {
            inside = Some(indent);
            continue;
        }
        match inside {
            Some(_) if line.trim().is_empty() => {}
            // The block's options (`:hide:`) and code, indented under it.
            Some(at) if indent > at => {
                if !directive.starts_with(':') {
                    out.push(line.trim_start());
                }
            }
            _ => inside = None,
        }
    }
    out
}

/// The lines of each fenced Python block of a Markdown file (```` ```python ````,
/// `py`, `python3`, `ipython`, a MyST `{code-cell} python`), which
/// Markdown test runners run (`pytest-markdown-docs`, `mktestdocs`,
/// Jupytext), without their indentation; a `pycon` block is doctest
/// examples, as [`examples`] reads them.
fn fenced_python(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    // The open fence (its character and length) and whether it is Python's.
    let mut open: Option<(u8, usize, bool)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let fence = |c: u8| trimmed.bytes().take_while(|b| *b == c).count();
        match open {
            Some((c, n, python)) => {
                if fence(c) >= n && trimmed[fence(c)..].trim().is_empty() {
                    open = None;
                } else if python && let Some(block) = out.last_mut() {
                    block.push(trimmed);
                }
            }
            None => {
                let Some(c) = [b'`', b'~'].into_iter().find(|c| fence(*c) >= 3) else {
                    continue;
                };
                let n = fence(c);
                let info = trimmed[n..].trim();
                if c == b'`' && info.contains('`') {
                    continue;
                }
                let mut words = info.split_whitespace();
                let mut lang = words.next().unwrap_or("").trim_matches(['{', '}', '.']);
                if lang == "code-cell" {
                    lang = words.next().unwrap_or("");
                }
                let python = matches!(
                    lang.to_ascii_lowercase().as_str(),
                    "python" | "py" | "python3" | "py3" | "ipython" | "ipython3"
                );
                if python {
                    out.push(Vec::new());
                }
                open = Some((c, n, python));
            }
        }
    }
    out.retain(|b| !b.is_empty());
    out
}

/// The statements of `code`, crudely: lines joined where a bracket is open
/// or a backslash continues them, then split at `;`, each trimmed. Enough
/// for the imports a doctest or a notebook cell spells.
pub fn statements(code: &str) -> Vec<String> {
    let lines = statements_of(code.lines());
    lines.into_iter().map(|(_, s)| s).collect()
}

/// The statements of `lines` (as [`statements`]), each with the index of
/// the line it starts on.
pub fn statements_of<'l>(lines: impl IntoIterator<Item = &'l str>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut current = String::new();
    let mut depth: i32 = 0;
    let mut first = 0;
    for (n, line) in lines.into_iter().enumerate() {
        if current.is_empty() {
            first = n;
        }
        let line = line.split('#').next().unwrap_or_default();
        let (line, continued) = match line.trim_end().strip_suffix('\\') {
            Some(l) => (l, true),
            None => (line, false),
        };
        for c in line.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        current.push_str(line);
        current.push(' ');
        if depth == 0 && !continued {
            out.extend(split_statements(first, &current));
            current.clear();
        }
    }
    out.extend(split_statements(first, &current));
    out
}

/// The statements `;` separates in `joined`, which starts on line `first`.
fn split_statements(first: usize, joined: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    (joined.split(';'))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .map(move |s| (first, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_the_prompted_lines_and_their_continuations() {
        let doc = "\"\"\">>> a = 1\nText >>> not one\n    >>> f(\n    ...     2)\n    3\n... stray\n\"\"\"\n";
        assert_eq!(examples(doc), vec!["a = 1", "f(", "    2)"]);
        assert!(in_a_doctest(doc, "f"));
        assert!(!in_a_doctest(doc, "stray"));
        assert!(!in_a_doctest(doc, "one"));
    }

    #[test]
    fn a_notebook_runs_its_code_cells() {
        let nb = r##"{"cells": [{"cell_type": "code", "source": ["from pkg.api import helper\n", "helper(3)"]}, {"cell_type": "markdown", "source": "from x import y\n>>> import z"}]}"##;
        let code = runnable_code("nb.ipynb", nb).unwrap();
        assert_eq!(code, "from pkg.api import helper\nhelper(3)\nimport z");
        assert_eq!(runnable_code("a.md", "from x import y\n"), None);
        let rst = "Intro.\n\n.. testsetup::\n   :hide:\n\n   from pkg.api import helper\n   import os\n\nfrom not.code import x\n";
        assert_eq!(
            runnable_code("a.rst", rst).unwrap(),
            "from pkg.api import helper\nimport os"
        );
    }

    #[test]
    fn python_c_arguments_and_heredocs_are_run_code_where_the_file_spells_them() {
        let sh = "#!/bin/sh\npython3 -c 'import a; a.f()'\n/usr/bin/python3.12 -u -W ignore -c \"from b import (\n  g)\"\n\
                  ipython -c 'not_run()'\npython -m pytest -c setup.cfg\npython3 - <<'EOF'\nimport h\nEOF\n\
                  CMD [\"python\", \"-c\", \"from d import \\\"e\\\"\"]\npython3 -Bc pass\n";
        let pieces = runnable_pieces("run.sh", sh);
        let lines: Vec<(usize, &str)> = (pieces.iter().flatten())
            .map(|l| (l.at, l.code.as_ref()))
            .collect();
        let at = |s: &str| sh.find(s).unwrap();
        assert_eq!(
            lines,
            vec![
                (at("import a"), "import a; a.f()"),
                (at("from b"), "from b import ("),
                (at("  g)"), "  g)"),
                (at("import h"), "import h"),
                (at("from d"), "from d import \"e\""),
                (at("pass"), "pass"),
            ]
        );
        assert_eq!(
            statements_of(pieces[1].iter().map(|l| l.code.as_ref())),
            vec![(0, "from b import (   g)".to_string())]
        );
        assert!(runnable_pieces("notes.txt", "Use python for scripting.").is_empty());
    }

    #[test]
    fn a_notebooks_lines_are_where_its_json_spells_them() {
        let nb = "{\"cells\": [\n {\"cell_type\": \"code\", \"outputs\": [{\"text\": [\"import x\\n\"]}],\n  \"source\": [\"import x\\n\",\n   \"x.f()\"]}\n]}\n";
        let pieces = runnable_pieces("a.ipynb", nb);
        let index = crate::python::LineIndex::new(nb);
        let lines: Vec<(usize, &str)> = (pieces.iter().flatten())
            .map(|l| (index.line_of(l.at), l.code.as_ref()))
            .collect();
        assert_eq!(lines, vec![(2, "import x"), (3, "x.f()")]);
    }

    #[test]
    fn statements_join_brackets_and_split_semicolons() {
        let code = "from a import (\n    b,\n    c)\nimport d; d.e()\nx = \\\n  1\n";
        assert_eq!(
            statements(code),
            vec![
                "from a import (     b,     c)",
                "import d",
                "d.e()",
                "x =    1"
            ]
        );
    }
}
