//! Line arithmetic on source text.

/// The file's line ending: the one most of its lines end with, on a tie
/// the first line's. A file of LF lines under a CRLF licence header (or
/// the reverse) takes new lines as its code is written.
pub fn newline(src: &str) -> &'static str {
    let bytes = src.as_bytes();
    let (mut lf, mut crlf) = (0usize, 0usize);
    for i in memchr::memchr_iter(b'\n', bytes) {
        match i > 0 && bytes[i - 1] == b'\r' {
            true => crlf += 1,
            false => lf += 1,
        }
    }
    let first_crlf = src
        .find('\n')
        .is_some_and(|i| i > 0 && bytes[i - 1] == b'\r');
    match crlf > lf || (crlf == lf && first_crlf) {
        true => "\r\n",
        false => "\n",
    }
}

/// The start of the line holding `pos`.
pub fn line_start(src: &str, pos: usize) -> usize {
    // The first line starts after a BOM, which is no part of any line's
    // text (nor its indent): a statement after it has its line to itself.
    let first = match src.starts_with('\u{feff}') && pos >= '\u{feff}'.len_utf8() {
        true => '\u{feff}'.len_utf8(),
        false => 0,
    };
    src[..pos].rfind('\n').map_or(first, |i| i + 1)
}

/// Just past the newline that ends the line holding `pos` (or the end).
pub fn line_end(src: &str, pos: usize) -> usize {
    src[pos..].find('\n').map_or(src.len(), |i| pos + i + 1)
}

/// The leading whitespace of the line holding `pos`.
pub fn indent_of(src: &str, pos: usize) -> &str {
    let start = line_start(src, pos);
    let line = &src[start..];
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n]
}

/// Lays a multi-line fix template's text out under the code it replaces:
/// each line a line break starts outside the template's string literals
/// gets `indent` (the match's line's indent) in front, a blank line does
/// not. A fix written from column 0 (`fetch(\n    $A,\n)`) then sits where
/// a human would put it; a string's lines are its value and stay as they
/// are. Fed the template's text parts in order (a hole's text is the
/// file's own, already laid out), it keeps a string open across them.
#[derive(Default)]
pub struct FixLayout {
    /// The open string literal's quote, and whether it is tripled.
    quote: Option<(u8, bool)>,
}

impl FixLayout {
    /// `text` laid out under `indent` (its line breaks `\n`: the caller
    /// puts them in the file's style after).
    pub fn text(&mut self, text: &str, indent: &str) -> String {
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let (mut i, mut copied) = (0, 0);
        while i < b.len() {
            match self.quote {
                Some((q, triple)) => {
                    if b[i] == b'\\' {
                        i += 2;
                    } else if b[i] == q && (!triple || b[i..].starts_with(&[q, q, q])) {
                        self.quote = None;
                        i += if triple { 3 } else { 1 };
                    } else if b[i] == b'\n' && !triple {
                        // Unclosed on its line: no string Python reads.
                        self.quote = None;
                    } else {
                        i += 1;
                    }
                }
                None => match b[i] {
                    b'#' => i = text[i..].find('\n').map_or(b.len(), |n| i + n),
                    q @ (b'\'' | b'"') => {
                        let triple = b[i..].starts_with(&[q, q, q]);
                        self.quote = Some((q, triple));
                        i += if triple { 3 } else { 1 };
                    }
                    b'\n' => {
                        i += 1;
                        out.push_str(&text[copied..i]);
                        copied = i;
                        if !matches!(b.get(i), Some(b'\n' | b'\r')) {
                            out.push_str(indent);
                        }
                    }
                    _ => i += 1,
                },
            }
        }
        out.push_str(&text[copied.min(text.len())..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_is_laid_out_under_the_match_and_its_strings_are_not() {
        let mut layout = FixLayout::default();
        assert_eq!(
            layout.text("fetch(\n    ", "        "),
            "fetch(\n            "
        );
        // The hole's text comes between; then the rest: a blank line kept
        // bare, a comment's quote no string.
        assert_eq!(
            layout.text(",\n\n    # it's\n    retries=3,\n)", "  "),
            ",\n\n      # it's\n      retries=3,\n  )"
        );
        // A triple-quoted string's lines are its value, across parts too.
        let mut layout = FixLayout::default();
        assert_eq!(layout.text("f('''a\nb", "    "), "f('''a\nb");
        assert_eq!(layout.text("\nc''',\n1)", "    "), "\nc''',\n    1)");
        // An escaped quote does not close it.
        let mut layout = FixLayout::default();
        assert_eq!(
            layout.text("g(\"a\\\"b\\\n\",\n2)", "\t"),
            "g(\"a\\\"b\\\n\",\n\t2)"
        );
    }

    #[test]
    fn lines() {
        let s = "a\r\n  b\nc";
        assert_eq!(newline(s), "\r\n");
        assert_eq!(newline("x\ny"), "\n");
        // Mixed: most lines say, the first line breaks a tie.
        assert_eq!(newline("# header\r\nimport a\nimport b\n"), "\n");
        assert_eq!(newline("# header\nimport a\r\nimport b\r\n"), "\r\n");
        assert_eq!(newline("a\nb\r\n"), "\n");
        assert_eq!(line_start(s, 5), 3);
        assert_eq!(line_end(s, 4), 7);
        assert_eq!(line_end(s, 8), 8);
        assert_eq!(indent_of(s, 5), "  ");
        let bom = "\u{feff}import a\nb";
        assert_eq!(line_start(bom, 5), 3);
        assert_eq!(line_start(bom, 0), 0);
        assert_eq!(line_start(bom, 12), 12);
        assert_eq!(indent_of(bom, 5), "");
    }
}
