//! The one diff renderer: each hunk of a file's review as rows (context,
//! deleted and inserted lines with their numbers and word-level changed
//! spans). The TUI's diff pane draws them (cached per file and decision
//! state, so a frame only slices rows), and `canon diff` writes the same
//! rows as a unified patch, so both show the same hunks.

use std::hash::{DefaultHasher, Hash, Hasher};

use similar::{ChangeTag, TextDiff};

use super::hunk::Hunk;
use super::{Decision, FileReview, HunkId};

/// Lines of context shown around a hunk (SPEC §4: 3, as git).
pub const CONTEXT: usize = 3;

/// The most bytes of changed lines whose changed words are marked.
pub const INLINE_MAX: usize = 64 * 1024;

/// A run of text in a changed line; `changed` marks the spans that differ
/// from the paired line (word-level highlighting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Context {
        old: usize,
        new: usize,
        text: String,
    },
    Delete {
        old: usize,
        segments: Vec<Segment>,
    },
    Insert {
        new: usize,
        segments: Vec<Segment>,
    },
}

impl Row {
    /// The row's text length in characters.
    pub fn text_len(&self) -> usize {
        match self {
            Row::Context { text, .. } => text.chars().count(),
            Row::Delete { segments, .. } | Row::Insert { segments, .. } => {
                segments.iter().map(|s| s.text.chars().count()).sum()
            }
        }
    }
}

/// One hunk's rows.
#[derive(Debug, Clone)]
pub struct HunkRows {
    pub id: HunkId,
    pub rows: Vec<Row>,
    /// Rows whose line has no line terminator (the file's last line).
    pub no_newline: Vec<usize>,
}

/// How lines are kept: for a terminal (tabs as spaces, so the columns
/// hold) or for a patch (tabs kept). Both drop the line terminator, `\r`
/// included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Screen,
    Patch,
}

/// A file's hunks as rows; `key` tells whether it is stale.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub key: u64,
    pub hunks: Vec<HunkRows>,
    /// Digits of the largest line number shown (at least 4).
    pub digits: usize,
}

/// What the rendering depends on: the hunk layout and the edited texts.
/// (Kept in memory only, so std's hasher will do.)
pub fn key(review: &FileReview) -> u64 {
    let mut h = DefaultHasher::new();
    for hunk in review.hunks() {
        hunk.id.hash(&mut h);
        if let Decision::Edited(text) = review.decision(hunk.id) {
            text.hash(&mut h);
        }
    }
    h.finish()
}

/// The text a hunk's lines become: the reviewer's, or the proposal's.
pub fn new_text(review: &FileReview, id: HunkId) -> Option<&str> {
    let hunk = review.hunk(id)?;
    Some(match review.decision(id) {
        Decision::Edited(text) => text.as_str(),
        _ => hunk.new.as_str(),
    })
}

/// The rows for the screen.
pub fn render(review: &FileReview) -> Rendered {
    render_as(review, Text::Screen)
}

/// The rows, with lines as `text` says.
pub fn render_as(review: &FileReview, text: Text) -> Rendered {
    let base = review.proposal().base.as_str();
    let lines: Vec<&str> = base.split_inclusive('\n').collect();
    let mut shift: isize = 0;
    let hunks: Vec<HunkRows> = review
        .hunks()
        .iter()
        .map(|hunk| {
            let new = new_text(review, hunk.id).unwrap_or(&hunk.new);
            hunk_rows(hunk, new, &lines, &mut shift, text)
        })
        .collect();
    let largest = hunks
        .iter()
        .flat_map(|h| &h.rows)
        .map(|r| match r {
            Row::Context { old, new, .. } => (*old).max(*new),
            Row::Delete { old, .. } => *old,
            Row::Insert { new, .. } => *new,
        })
        .max()
        .unwrap_or(0);
    Rendered {
        key: key(review),
        hunks,
        digits: largest.to_string().len().max(4),
    }
}

/// One hunk's rows (its lines becoming `new`, with context from the base
/// `lines`); `shift` is how many lines earlier hunks added, and is moved
/// past this one's.
fn hunk_rows(hunk: &Hunk, new: &str, lines: &[&str], shift: &mut isize, text: Text) -> HunkRows {
    let mut rows = Vec::new();
    let mut no_newline = Vec::new();
    let before = hunk.lines.start.saturating_sub(CONTEXT);
    for (i, line) in lines.iter().enumerate().take(hunk.lines.start).skip(before) {
        rows.push(context(i, *shift, line, text));
    }
    changed_rows(hunk, new, *shift, text, &mut rows, &mut no_newline);
    *shift += new.split_inclusive('\n').count() as isize
        - hunk.old.split_inclusive('\n').count() as isize;
    let after = (hunk.lines.end + CONTEXT).min(lines.len());
    for (i, line) in lines.iter().enumerate().take(after).skip(hunk.lines.end) {
        if !line.ends_with('\n') {
            no_newline.push(rows.len());
        }
        rows.push(context(i, *shift, line, text));
    }
    HunkRows {
        id: hunk.id,
        rows,
        no_newline,
    }
}

/// The line diff of the hunk's old text and `new`, word-level spans
/// marked, pushed onto `rows` (and the rows without a line terminator
/// onto `no_newline`).
fn changed_rows(
    hunk: &Hunk,
    new: &str,
    shift: isize,
    text: Text,
    rows: &mut Vec<Row>,
    no_newline: &mut Vec<usize>,
) {
    let diff = TextDiff::from_lines(hunk.old.as_str(), new);
    let (mut old_no, mut new_no) = (hunk.lines.start, shifted(hunk.lines.start, shift));
    for op in diff.ops() {
        // Word-level spans cost a word diff of the lines: past
        // `INLINE_MAX` bytes (a generated one-line file), whole lines.
        let size: usize = op
            .old_range()
            .filter_map(|i| diff.old_slice(i))
            .chain(op.new_range().filter_map(|i| diff.new_slice(i)))
            .map(|l| l.len())
            .sum();
        let changes: Vec<(ChangeTag, Vec<(bool, &str)>)> = if size <= INLINE_MAX {
            diff.iter_inline_changes(op)
                .map(|c| {
                    let values = c.values().iter().map(|(ch, t)| (*ch, *t)).collect();
                    (c.tag(), values)
                })
                .collect()
        } else {
            diff.iter_changes(op)
                .map(|c| (c.tag(), vec![(false, c.value())]))
                .collect()
        };
        for (tag, values) in changes {
            if !values.last().is_some_and(|(_, t)| t.ends_with('\n')) {
                no_newline.push(rows.len());
            }
            let segments: Vec<Segment> = values
                .iter()
                .map(|(changed, s)| Segment {
                    text: line_text(s, text).to_string(),
                    changed: *changed,
                })
                .filter(|s| !s.text.is_empty())
                .collect();
            match tag {
                ChangeTag::Equal => {
                    let text: String = segments.iter().map(|s| s.text.as_str()).collect();
                    rows.push(Row::Context {
                        old: old_no + 1,
                        new: new_no + 1,
                        text,
                    });
                    old_no += 1;
                    new_no += 1;
                }
                ChangeTag::Delete => {
                    rows.push(Row::Delete {
                        old: old_no + 1,
                        segments,
                    });
                    old_no += 1;
                }
                ChangeTag::Insert => {
                    rows.push(Row::Insert {
                        new: new_no + 1,
                        segments,
                    });
                    new_no += 1;
                }
            }
        }
    }
}

fn shifted(line: usize, shift: isize) -> usize {
    line.saturating_add_signed(shift)
}

fn context(i: usize, shift: isize, line: &str, text: Text) -> Row {
    Row::Context {
        old: i + 1,
        new: shifted(i, shift) + 1,
        text: line_text(line, text).to_string(),
    }
}

/// A line without its terminator; for the screen, tabs as spaces (a
/// terminal would otherwise jump to its own tab stops and break the
/// columns).
fn line_text(s: &str, text: Text) -> std::borrow::Cow<'_, str> {
    let s = s.strip_suffix('\n').unwrap_or(s);
    if text == Text::Patch {
        return std::borrow::Cow::Borrowed(s.strip_suffix('\r').unwrap_or(s));
    }
    let s = s.strip_suffix('\r').unwrap_or(s);
    if s.contains('\t') {
        std::borrow::Cow::Owned(s.replace('\t', "    "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Rows paired for side by side: a run of deletions next to the run of
/// insertions that follows it.
pub fn side_by_side(rows: &[Row]) -> Vec<(Option<&Row>, Option<&Row>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        match &rows[i] {
            Row::Context { .. } => {
                out.push((Some(&rows[i]), Some(&rows[i])));
                i += 1;
            }
            _ => {
                let dels: Vec<&Row> = rows[i..]
                    .iter()
                    .take_while(|r| matches!(r, Row::Delete { .. }))
                    .collect();
                i += dels.len();
                let ins: Vec<&Row> = rows[i..]
                    .iter()
                    .take_while(|r| matches!(r, Row::Insert { .. }))
                    .collect();
                i += ins.len();
                for k in 0..dels.len().max(ins.len()) {
                    out.push((dels.get(k).copied(), ins.get(k).copied()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::{Edit, EditKind, FileProposal};

    fn review(base: &str, edits: &[(&str, &str)]) -> FileReview {
        let edits = edits
            .iter()
            .map(|(from, to)| {
                let start = base.find(from).expect("edit target in base");
                Edit {
                    range: start..start + from.len(),
                    replacement: to.to_string(),
                    rules: vec!["r".into()],
                    kind: EditKind::Import,
                    note: None,
                }
            })
            .collect();
        FileReview::new(FileProposal {
            path: "a.py".into(),
            base: base.into(),
            edits,
            requires: vec![],
            across: Vec::new(),
        })
    }

    #[test]
    fn rows_carry_context_line_numbers_and_changed_words() {
        let base = "import os\nimport sys\n\nfrom old.mod import f\n\nx = 1\ny = 2\nz = 3\nw = 4\n";
        let r = render(&review(base, &[("old.mod", "new.mod")]));
        assert_eq!(r.hunks.len(), 1);
        let rows = &r.hunks[0].rows;
        // 3 context lines before, the change, 3 after.
        assert_eq!(rows.len(), 8, "{rows:#?}");
        assert_eq!(
            rows[0],
            Row::Context {
                old: 1,
                new: 1,
                text: "import os".into()
            }
        );
        let Row::Delete { old, segments } = &rows[3] else {
            panic!("{:?}", rows[3])
        };
        assert_eq!(*old, 4);
        let changed: Vec<&str> = segments
            .iter()
            .filter(|s| s.changed)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(changed, ["old.mod"]);
        let Row::Insert { new, segments } = &rows[4] else {
            panic!("{:?}", rows[4])
        };
        assert_eq!(*new, 4);
        assert!(segments.iter().any(|s| s.changed && s.text == "new.mod"));
        assert_eq!(side_by_side(rows).len(), 7, "the pair shares a row");
    }

    #[test]
    fn a_huge_changed_line_is_shown_whole_without_a_word_diff() {
        // A generated one-line file: the word diff of a line this long
        // cost seconds; the line is shown changed as a whole.
        let filler: String = (0..8000).map(|i| format!("; v{i} = {i}")).collect();
        let base = format!("from old.mod import f{filler}\n");
        assert!(base.len() > INLINE_MAX);
        let r = render(&review(&base, &[("old.mod", "new.mod")]));
        let rows = &r.hunks[0].rows;
        assert_eq!(rows.len(), 2, "{}", rows.len());
        for row in rows {
            let (Row::Delete { segments, .. } | Row::Insert { segments, .. }) = row else {
                panic!("{row:?}")
            };
            assert_eq!(segments.len(), 1);
            assert!(!segments[0].changed);
        }
        let Row::Insert { segments, .. } = &rows[1] else {
            unreachable!()
        };
        assert!(
            segments[0]
                .text
                .starts_with("from new.mod import f; v0 = 0")
        );
    }

    #[test]
    fn new_line_numbers_shift_after_a_hunk_that_adds_lines() {
        let base = "from old import a\n\n\n\n\n\n\n\nfrom old import b\n";
        let r = render(&review(
            base,
            &[
                ("from old import a", "from new import a\nimport extra"),
                ("old import b", "new import b"),
            ],
        ));
        assert_eq!(r.hunks.len(), 2);
        let first_insert = r.hunks[1]
            .rows
            .iter()
            .find_map(|row| match row {
                Row::Insert { new, .. } => Some(*new),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            first_insert, 10,
            "line 9 of the base is line 10 after one added line"
        );
    }

    #[test]
    fn an_edited_hunk_is_rendered_with_the_reviewers_text() {
        let base = "from old import a\n";
        let mut rv = review(base, &[("old", "new")]);
        let before = key(&rv);
        let id = rv.hunks()[0].id;
        rv.decide(id, Decision::Edited("from mine import a\n".into()))
            .unwrap();
        assert_ne!(key(&rv), before);
        let r = render(&rv);
        assert!(r.hunks[0].rows.iter().any(|row| matches!(row,
            Row::Insert { segments, .. } if segments.iter().any(|s| s.text.contains("mine")))));
    }
}
