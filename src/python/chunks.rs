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
    let bytes = src.as_bytes();
    let mut starts = vec![0usize];
    let mut depth: u32 = 0;
    let mut i = 0;
    let mut line_start = true;
    let mut continued = false;
    let mut decorator = false;
    while i < bytes.len() {
        let b = bytes[i];
        if line_start {
            line_start = false;
            if depth == 0
                && !continued
                && i > 0
                && !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'#' | 0x0c)
            {
                let rest = &src[i..];
                let continues = ["else", "elif", "except", "finally"].iter().any(|k| {
                    rest.starts_with(k)
                        && !rest[k.len()..].starts_with(|c: char| c == '_' || c.is_alphanumeric())
                });
                if !continues && !decorator {
                    starts.push(i);
                }
                decorator = b == b'@';
            }
            continued = false;
        }
        match b {
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
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'"' | b'\'' => i = skip_string(bytes, i),
            _ => i += 1,
        }
    }
    let mut out: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    out.push(*starts.last().unwrap_or(&0)..src.len());
    out
}

/// The index just past the string literal whose opening quote is at `i`.
fn skip_string(bytes: &[u8], i: usize) -> usize {
    let q = bytes[i];
    let triple = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < bytes.len() {
        match bytes[j] {
            // An escaped CRLF line break is one escape, not `\r` then a break.
            b'\\' if bytes.get(j + 1) == Some(&b'\r') && bytes.get(j + 2) == Some(&b'\n') => j += 3,
            b'\\' => j += 2,
            b'\n' if !triple => return j, // unterminated: let the parser complain
            c if c == q => {
                if !triple {
                    return j + 1;
                }
                if bytes.get(j + 1) == Some(&q) && bytes.get(j + 2) == Some(&q) {
                    return j + 3;
                }
                j += 1;
            }
            _ => j += 1,
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
