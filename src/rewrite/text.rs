//! Line arithmetic on source text.

/// The file's line ending: `\r\n` if its first line ends so, else `\n`.
pub fn newline(src: &str) -> &'static str {
    match src.find('\n') {
        Some(i) if i > 0 && src.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let s = "a\r\n  b\nc";
        assert_eq!(newline(s), "\r\n");
        assert_eq!(newline("x\ny"), "\n");
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
