//! A git-style unified diff of a file's base text against a new text, with
//! 3 lines of context and, in colour, word-level highlighting of the
//! changed spans inside changed line pairs. Writes only; the caller picks
//! the text (every edit, or the accepted ones) and the colour.

use std::io::{self, Write};

use similar::{ChangeTag, TextDiff};

use super::Style;
use crate::rewrite::FileProposal;

const CONTEXT: usize = 3;

const BOLD: &str = "1";
const CYAN: &str = "36";
const RED: &str = "31";
const GREEN: &str = "32";
const RESET: &str = "\x1b[0m";
// Reverse video on and off, inside a red or green line.
const EMPH_ON: &str = "\x1b[7m";
const EMPH_OFF: &str = "\x1b[27m";

/// Write the diff of `proposal.base` against `text_after` (nothing if equal).
pub fn write_diff(
    out: &mut dyn Write,
    proposal: &FileProposal,
    text_after: &str,
    style: Style,
) -> io::Result<()> {
    let before = proposal.base.as_str();
    if before == text_after {
        return Ok(());
    }
    let diff = TextDiff::from_lines(before, text_after);
    let paint = |code: &str, text: &str| {
        if style.color {
            format!("\x1b[{code}m{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let path = &proposal.path;
    writeln!(
        out,
        "{}",
        paint(BOLD, &format!("diff --git a/{path} b/{path}"))
    )?;
    writeln!(out, "{}", paint(BOLD, &format!("--- a/{path}")))?;
    writeln!(out, "{}", paint(BOLD, &format!("+++ b/{path}")))?;
    for group in diff.grouped_ops(CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old = first.old_range().start..last.old_range().end;
        let new = first.new_range().start..last.new_range().end;
        let header = format!(
            "@@ -{} +{} @@",
            range(old.start, old.len()),
            range(new.start, new.len())
        );
        writeln!(out, "{}", paint(CYAN, &header))?;
        for op in &group {
            for change in diff.iter_inline_changes(op) {
                let (sign, color) = match change.tag() {
                    ChangeTag::Equal => (' ', None),
                    ChangeTag::Delete => ('-', Some(RED)),
                    ChangeTag::Insert => ('+', Some(GREEN)),
                };
                let mut segments: Vec<(bool, &str)> = change.values().to_vec();
                let ends_line = strip_line_end(&mut segments);
                write_line(out, sign, color, &segments, style)?;
                if !ends_line {
                    writeln!(out, "\\ No newline at end of file")?;
                }
            }
        }
    }
    Ok(())
}

/// A hunk header's range as git writes it: `start,len`, just `start` for
/// one line, and the line before for an empty range.
fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

/// Drop the line terminator (`\n` or `\r\n`, and a lone trailing `\r`)
/// from the end of a line's segments, for display. True if there was a `\n`.
fn strip_line_end(segments: &mut Vec<(bool, &str)>) -> bool {
    let mut newline = false;
    for strip in ['\n', '\r'] {
        while let Some((_, last)) = segments.last_mut() {
            if last.is_empty() {
                segments.pop();
                continue;
            }
            if let Some(rest) = last.strip_suffix(strip) {
                *last = rest;
                newline |= strip == '\n';
            }
            break;
        }
    }
    segments.retain(|(_, s)| !s.is_empty());
    newline
}

fn write_line(
    out: &mut dyn Write,
    sign: char,
    color: Option<&str>,
    segments: &[(bool, &str)],
    style: Style,
) -> io::Result<()> {
    let (Some(color), true) = (color, style.color) else {
        let text: String = segments.iter().map(|(_, s)| *s).collect();
        return writeln!(out, "{sign}{text}");
    };
    let mut line = format!("\x1b[{color}m{sign}");
    for (emphasized, text) in segments {
        if *emphasized {
            line.push_str(EMPH_ON);
            line.push_str(text);
            line.push_str(EMPH_OFF);
        } else {
            line.push_str(text);
        }
    }
    line.push_str(RESET);
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposal(base: &str) -> FileProposal {
        FileProposal {
            path: "pkg/mod.py".into(),
            base: base.into(),
            ..FileProposal::default()
        }
    }

    fn diff(base: &str, after: &str, color: bool) -> String {
        let mut out = Vec::new();
        write_diff(&mut out, &proposal(base), after, Style { color }).unwrap();
        String::from_utf8(out).unwrap()
    }

    const HEAD: &str = "diff --git a/pkg/mod.py b/pkg/mod.py\n--- a/pkg/mod.py\n+++ b/pkg/mod.py\n";

    #[test]
    fn equal_texts_print_nothing() {
        assert_eq!(diff("a\nb\n", "a\nb\n", true), "");
    }

    #[test]
    fn lf_file_with_three_lines_of_context_and_two_hunks() {
        let base: String = (1..=12).map(|i| format!("line{i}\n")).collect();
        let after = base
            .replace("line2\n", "LINE2\n")
            .replace("line11\n", "line11\nextra\n");
        let want = format!(
            "{HEAD}@@ -1,5 +1,5 @@\n line1\n-line2\n+LINE2\n line3\n line4\n line5\n\
             @@ -9,4 +9,5 @@\n line9\n line10\n line11\n+extra\n line12\n"
        );
        assert_eq!(diff(&base, &after, false), want);
    }

    #[test]
    fn one_line_ranges_are_written_without_a_count() {
        let want = format!("{HEAD}@@ -1 +1 @@\n-import a\n+import b\n");
        assert_eq!(diff("import a\n", "import b\n", false), want);
    }

    #[test]
    fn crlf_lines_are_shown_without_the_carriage_return() {
        let base = "import os\r\nfrom a.factory import make\r\nx = 1\r\n";
        let after = "import os\r\nfrom a.manager import make\r\nx = 1\r\n";
        let want = format!(
            "{HEAD}@@ -1,3 +1,3 @@\n import os\n-from a.factory import make\n\
             +from a.manager import make\n x = 1\n"
        );
        let got = diff(base, after, false);
        assert_eq!(got, want);
        assert!(!got.contains('\r'));
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let base = "import a\nx = a.f()";
        let after = "import b\nx = b.f()";
        let want = format!(
            "{HEAD}@@ -1,2 +1,2 @@\n-import a\n-x = a.f()\n\\ No newline at end of file\n\
             +import b\n+x = b.f()\n\\ No newline at end of file\n"
        );
        assert_eq!(diff(base, after, false), want);
    }

    #[test]
    fn adding_a_final_newline_marks_only_the_old_line() {
        let want = format!("{HEAD}@@ -1 +1 @@\n-x = 1\n\\ No newline at end of file\n+x = 1\n");
        assert_eq!(diff("x = 1", "x = 1\n", false), want);
    }

    #[test]
    fn colour_highlights_only_the_changed_word() {
        let base = "from a.b import create_manager\nx = 1\n";
        let after = "from a.b import Manager\nx = 1\n";
        let got = diff(base, after, true);
        let want = "\x1b[1mdiff --git a/pkg/mod.py b/pkg/mod.py\x1b[0m\n\
             \x1b[1m--- a/pkg/mod.py\x1b[0m\n\
             \x1b[1m+++ b/pkg/mod.py\x1b[0m\n\
             \x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n\
             \x1b[31m-from a.b import \x1b[7mcreate_manager\x1b[27m\x1b[0m\n\
             \x1b[32m+from a.b import \x1b[7mManager\x1b[27m\x1b[0m\n \
             x = 1\n";
        assert_eq!(got, want);
    }

    #[test]
    fn colour_with_crlf_keeps_the_carriage_return_out_of_the_highlight() {
        let got = diff("x = old\r\n", "x = new\r\n", true);
        assert!(
            got.contains("\x1b[31m-x = \x1b[7mold\x1b[27m\x1b[0m\n"),
            "{got:?}"
        );
        assert!(
            got.contains("\x1b[32m+x = \x1b[7mnew\x1b[27m\x1b[0m\n"),
            "{got:?}"
        );
        assert!(!got.contains('\r'));
    }
}
