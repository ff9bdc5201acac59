//! `canon diff`'s output: a file's review hunks, the very rows the TUI's
//! diff pane shows (`review::rows`, the one renderer), written as a
//! git-style unified patch: 3 lines of context, a hunk's rules after its
//! `@@` header, and in colour word-level highlighting of the changed spans.
//! Writes only; the caller picks the review (every hunk `apply` takes).

use std::io::{self, Write};

use super::Style;
use crate::review::FileReview;
use crate::review::rows::{Rendered, Row, Segment, Text, render_as};

const BOLD: &str = "1";
const CYAN: &str = "36";
const RED: &str = "31";
const GREEN: &str = "32";
const RESET: &str = "\x1b[0m";
// Reverse video on and off, inside a red or green line.
const EMPH_ON: &str = "\x1b[7m";
const EMPH_OFF: &str = "\x1b[27m";

/// Write every hunk of `review` as a patch (nothing when it has none). A
/// file in another source encoding (PEP 263) is written in its own bytes,
/// as `git diff` writes it, so that `git apply` finds its lines.
pub fn write_diff(out: &mut dyn Write, review: &FileReview, style: Style) -> io::Result<()> {
    use crate::python::encoding::{Codec, declared};
    match declared(review.proposal().base.as_bytes()) {
        Ok(codec) if codec != Codec::Utf8 => {
            let mut patch = Vec::new();
            write_patch(&mut patch, review, style)?;
            let text = String::from_utf8_lossy(&patch);
            match codec.encode(&text) {
                Ok(bytes) => out.write_all(&bytes),
                Err(_) => out.write_all(&patch),
            }
        }
        _ => write_patch(out, review, style),
    }
}

fn write_patch(out: &mut dyn Write, review: &FileReview, style: Style) -> io::Result<()> {
    if review.hunks().is_empty() {
        return Ok(());
    }
    let rendered = render_as(review, Text::Patch);
    let paint = |code: &str, text: &str| {
        if style.color {
            format!("\x1b[{code}m{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let (a, b) = (quoted("a/", review.path()), quoted("b/", review.path()));
    // As git: a name with a space ends with a tab on the ---/+++ lines.
    let tab = if a.contains(' ') { "\t" } else { "" };
    writeln!(out, "{}", paint(BOLD, &format!("diff --git {a} {b}")))?;
    writeln!(out, "{}", paint(BOLD, &format!("--- {a}")))?;
    write!(out, "{}", paint(BOLD, &format!("+++ {b}")))?;
    writeln!(out, "{tab}")?;
    let base = &review.proposal().base;
    if matches!(
        crate::python::lone_cr_as_lf(base),
        std::borrow::Cow::Owned(_)
    ) {
        return write_git_lines(out, review, &paint);
    }
    // git keeps a CRLF line's `\r` in the patch: without it, `git apply`
    // finds no line to change.
    let crlf = |text: &str| -> Vec<bool> {
        text.split_inclusive('\n')
            .map(|l| l.ends_with("\r\n"))
            .collect()
    };
    // In colour (a terminal, not a patch to apply) the `\r` is left out.
    let (old_cr, new_cr) = match base.contains("\r\n") && !style.color {
        true => (crlf(base), crlf(&review.proposal().proposed())),
        false => (Vec::new(), Vec::new()),
    };
    let cr = |lines: &[bool], n: usize| match lines.get(n.wrapping_sub(1)) {
        Some(true) => "\r",
        _ => "",
    };
    for block in blocks(review, &rendered) {
        let rows: Vec<&Row> = block.rows.iter().map(|(r, _)| *r).collect();
        let Some(header) = header(&rows) else {
            continue;
        };
        let rules = if block.rules.is_empty() {
            String::new()
        } else {
            format!(" {}", block.rules.join(", "))
        };
        writeln!(out, "{}", paint(CYAN, &format!("{header}{rules}")))?;
        for (row, no_newline) in &block.rows {
            match row {
                Row::Context { text, old, .. } => writeln!(out, " {text}{}", cr(&old_cr, *old))?,
                Row::Delete { segments, old } => {
                    write_line(out, '-', RED, segments, cr(&old_cr, *old), style)?
                }
                Row::Insert { segments, new } => {
                    write_line(out, '+', GREEN, segments, cr(&new_cr, *new), style)?
                }
            }
            if *no_newline {
                writeln!(out, "\\ No newline at end of file")?;
            }
        }
    }
    Ok(())
}

/// The hunks of a file with lone carriage returns, as one patch hunk on
/// git's lines: git ends a line at `\n` only, so a lone `\r` stays inside
/// its line, and a patch on Python's lines would not apply. The changed
/// lines and 3 of context, written as they are (`\r` included).
fn write_git_lines(
    out: &mut dyn Write,
    review: &FileReview,
    paint: &dyn Fn(&str, &str) -> String,
) -> io::Result<()> {
    let base = &review.proposal().base;
    let proposed = review.proposal().proposed();
    let old: Vec<&str> = base.split_inclusive('\n').collect();
    let new: Vec<&str> = proposed.split_inclusive('\n').collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let most = old.len().min(new.len()) - prefix;
    let suffix = (0..most)
        .take_while(|&i| old[old.len() - 1 - i] == new[new.len() - 1 - i])
        .count();
    let start = prefix.saturating_sub(3);
    let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
    let after = suffix.min(3);
    let (old_stop, new_stop) = (old_end + after, new_end + after);
    let mut rules: Vec<&str> = Vec::new();
    for h in review.hunks() {
        for r in &h.rules {
            if !rules.contains(&r.as_str()) {
                rules.push(r);
            }
        }
    }
    let mut header = format!(
        "@@ -{} +{} @@",
        range(start + 1, old_stop - start),
        range(start + 1, new_stop - start),
    );
    if !rules.is_empty() {
        header = format!("{header} {}", rules.join(", "));
    }
    writeln!(out, "{}", paint(CYAN, &header))?;
    let mut line = |sign: char, text: &str, code: Option<&str>| -> io::Result<()> {
        let body = text.strip_suffix('\n').unwrap_or(text);
        let shown = format!("{sign}{body}");
        match code {
            Some(c) => writeln!(out, "{}", paint(c, &shown))?,
            None => writeln!(out, "{shown}")?,
        }
        if !text.ends_with('\n') {
            writeln!(out, "\\ No newline at end of file")?;
        }
        Ok(())
    };
    for l in &old[start..prefix] {
        line(' ', l, None)?;
    }
    for l in &old[prefix..old_end] {
        line('-', l, Some(RED))?;
    }
    for l in &new[prefix..new_end] {
        line('+', l, Some(GREEN))?;
    }
    for l in &old[old_end..old_stop] {
        line(' ', l, None)?;
    }
    Ok(())
}

/// `prefix` and the path's bytes as git writes a name in a patch: as they
/// are, or in double quotes with C escapes (octal for bytes outside ASCII)
/// when the name has a control character, `"`, `\` or a byte over 0x7f.
fn quoted(prefix: &str, path: &str) -> String {
    let raw = [prefix.as_bytes(), &crate::paths::bytes(path)].concat();
    let plain = |b: u8| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\';
    if raw.iter().all(|&b| plain(b)) {
        return String::from_utf8_lossy(&raw).into_owned();
    }
    let mut s = String::from("\"");
    for b in raw {
        match b {
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\r' => s.push_str("\\r"),
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b if plain(b) => s.push(char::from(b)),
            b => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s.push('"');
    s
}

/// A patch hunk: one review hunk, or several whose context lines would
/// touch or overlap (as git merges them: `git apply` needs a patch's hunks
/// apart), their shared context written once.
struct Block<'r> {
    /// Each row, and whether its line lacks a terminator.
    rows: Vec<(&'r Row, bool)>,
    rules: Vec<String>,
}

fn blocks<'r>(review: &FileReview, rendered: &'r Rendered) -> Vec<Block<'r>> {
    let old_of = |r: &Row| match r {
        Row::Context { old, .. } | Row::Delete { old, .. } => Some(*old),
        Row::Insert { .. } => None,
    };
    let mut out: Vec<Block> = Vec::new();
    for (hunk, hr) in review.hunks().iter().zip(&rendered.hunks) {
        let rows: Vec<(&Row, bool)> = hr
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r, hr.no_newline.contains(&i)))
            .collect();
        let first = rows.iter().find_map(|(r, _)| old_of(r)).unwrap_or(0);
        let last = out
            .last()
            .and_then(|b| b.rows.iter().rev().find_map(|(r, _)| old_of(r)));
        match (out.last_mut(), last) {
            (Some(block), Some(last)) if first <= last + 1 => {
                // Base lines (1-based) this hunk changes start after `start`.
                let start = hunk.lines.start;
                while block
                    .rows
                    .last()
                    .is_some_and(|(r, _)| matches!(r, Row::Context { old, .. } if *old > start))
                {
                    block.rows.pop();
                }
                let kept = block
                    .rows
                    .iter()
                    .rev()
                    .find_map(|(r, _)| old_of(r))
                    .unwrap_or(0);
                block
                    .rows
                    .extend(rows.into_iter().skip_while(
                        |(r, _)| matches!(r, Row::Context { old, .. } if *old <= kept),
                    ));
                for r in &hunk.rules {
                    if !block.rules.contains(r) {
                        block.rules.push(r.clone());
                    }
                }
            }
            _ => out.push(Block {
                rows,
                rules: hunk.rules.clone(),
            }),
        }
    }
    out
}

/// `@@ -old +new @@` for a hunk's rows.
fn header(rows: &[&Row]) -> Option<String> {
    let (mut old, mut new) = (None, None);
    let (mut olds, mut news) = (0, 0);
    for r in rows {
        match r {
            Row::Context { old: o, new: n, .. } => {
                old.get_or_insert(*o);
                new.get_or_insert(*n);
                olds += 1;
                news += 1;
            }
            Row::Delete { old: o, .. } => {
                old.get_or_insert(*o);
                olds += 1;
            }
            Row::Insert { new: n, .. } => {
                new.get_or_insert(*n);
                news += 1;
            }
        }
    }
    if rows.is_empty() {
        return None;
    }
    // An empty side starts at the line before (git's convention).
    let old = old.unwrap_or_else(|| new.unwrap_or(1).saturating_sub(1) + 1);
    let new = new.unwrap_or(old);
    Some(format!("@@ -{} +{} @@", range(old, olds), range(new, news)))
}

/// A hunk header's range as git writes it: `start,len`, just `start` for
/// one line, and the line before for an empty range (`start` is 1-based).
fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{},0", start.saturating_sub(1)),
        1 => format!("{start}"),
        _ => format!("{start},{len}"),
    }
}

/// A `-` or `+` line, then `end` (a CRLF line's `\r`) and a line break.
fn write_line(
    out: &mut dyn Write,
    sign: char,
    color: &str,
    segments: &[Segment],
    end: &str,
    style: Style,
) -> io::Result<()> {
    if !style.color {
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        return writeln!(out, "{sign}{text}{end}");
    }
    let mut line = format!("\x1b[{color}m{sign}");
    for s in segments {
        if s.changed {
            line.push_str(EMPH_ON);
            line.push_str(&s.text);
            line.push_str(EMPH_OFF);
        } else {
            line.push_str(&s.text);
        }
    }
    line.push_str(RESET);
    writeln!(out, "{line}{end}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::{Edit, EditKind, FileProposal};

    /// The review of `base` whose edits turn it into `after` (line by line).
    fn review(base: &str, after: &str) -> FileReview {
        let diff = similar::TextDiff::from_lines(base, after);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(base.split_inclusive('\n').scan(0, |at, l| {
                *at += l.len();
                Some(*at)
            }))
            .collect();
        let new_lines: Vec<&str> = after.split_inclusive('\n').collect();
        let edits = diff
            .ops()
            .iter()
            .filter(|op| op.tag() != similar::DiffTag::Equal)
            .map(|op| {
                let (o, n) = (op.old_range(), op.new_range());
                Edit {
                    range: starts[o.start]..starts[o.end],
                    replacement: new_lines[n].concat(),
                    rules: vec![],
                    kind: EditKind::Import,
                    note: None,
                }
            })
            .collect();
        FileReview::new(FileProposal {
            path: "pkg/mod.py".into(),
            base: base.into(),
            edits,
            requires: vec![],
            across: Vec::new(),
        })
    }

    fn diff(base: &str, after: &str, color: bool) -> String {
        let mut out = Vec::new();
        write_diff(&mut out, &review(base, after), Style { color }).unwrap();
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
    fn crlf_lines_keep_their_carriage_return_as_git_writes_them() {
        // `git apply` finds a CRLF line only with its `\r`.
        let base = "import os\r\nfrom a.factory import make\r\nx = 1\r\n";
        let after = "import os\r\nfrom a.manager import make\r\nx = 1\r\n";
        let want = format!(
            "{HEAD}@@ -1,3 +1,3 @@\n import os\r\n-from a.factory import make\r\n\
             +from a.manager import make\r\n x = 1\r\n"
        );
        assert_eq!(diff(base, after, false), want);
    }

    #[test]
    fn lone_cr_lines_are_one_git_line() {
        // git ends lines at LF only: the patch is on its lines.
        let base = "import os\nfrom a.factory import make\rx = 1\r\ny = 2\n";
        let after = "import os\nfrom a.manager import make\rx = 1\r\ny = 2\n";
        let want = format!(
            "{HEAD}@@ -1,3 +1,3 @@\n import os\n-from a.factory import make\rx = 1\r\n\
             +from a.manager import make\rx = 1\r\n y = 2\n"
        );
        assert_eq!(diff(base, after, false), want);
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

    #[test]
    fn close_hunks_become_one_patch_hunk_with_their_context_once() {
        let base: String = (1..=9).map(|i| format!("line{i}\n")).collect();
        let after = base
            .replace("line3\n", "LINE3\n")
            .replace("line5\n", "LINE5\n");
        let r = review(&base, &after);
        assert_eq!(r.hunks().len(), 2, "two decisions in the review");
        let want = format!(
            "{HEAD}@@ -1,8 +1,8 @@\n line1\n line2\n-line3\n+LINE3\n line4\n-line5\n+LINE5\n line6\n line7\n line8\n"
        );
        assert_eq!(diff(&base, &after, false), want);
    }
}
