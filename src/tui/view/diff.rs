//! The diff pane: each hunk's header and rows (unified or side by side),
//! then what needs a human; only the rows on screen are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::{self, ACCENT, ACCENT_BOLD, ADD, BOLD, DEL, DIM, HUMAN, HUMAN_BOLD};
use super::{pane_block, truncate_left};
use crate::tui::app::{App, Entry, Layout, Pane, Part};
use crate::tui::diff::{HunkRows, Row, Segment, side_by_side};
use crate::tui::layout::{self, HEADER_INDENT, MANUAL_INDENT, numbers, side_numbers};

pub(super) fn diff_pane(app: &App, frame: &mut Frame, area: Rect) {
    let Some(entry) = app.current() else {
        let block = pane_block(Line::raw(" Diff "), app.focus == Pane::Diff);
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let n = entry.review.hunks().len();
    let mut tail = Vec::new();
    if n > 0 {
        tail.push(Span::raw(format!("· hunk {}/{n} ", app.hunk + 1)));
    }
    if app.layout == Layout::SideBySide {
        tail.push(Span::styled("· side by side ", DIM));
    }
    let used: usize = tail.iter().map(|s| s.content.chars().count()).sum();
    let room = usize::from(area.width).saturating_sub(used + 4);
    let mut title = vec![Span::styled(
        format!(" {} ", truncate_left(&entry.path, room)),
        BOLD,
    )];
    title.extend(tail);
    let block = pane_block(Line::from(title), app.focus == Pane::Diff);
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    let lines = diff_lines(
        app,
        entry,
        inner.width as usize,
        app.scroll,
        inner.height as usize,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Screen rows `skip..skip + take` of the diff pane. Rows outside are
/// counted (with the same heights the scrolling uses), not built.
struct Window {
    skip: usize,
    take: usize,
    row: usize,
    out: Vec<Line<'static>>,
}

impl Window {
    fn full(&self) -> bool {
        self.row >= self.skip + self.take
    }

    /// `height` rows, made by `lines` only when some of them show.
    fn add(&mut self, height: usize, lines: impl FnOnce() -> Vec<Line<'static>>) {
        let start = self.row;
        self.row += height;
        if self.row <= self.skip || start >= self.skip + self.take {
            return;
        }
        for (i, line) in lines().into_iter().enumerate() {
            if (self.skip..self.skip + self.take).contains(&(start + i)) {
                self.out.push(line);
            }
        }
    }
}

/// The diff pane's lines from row `skip`, at most `take` of them. Hunks
/// above the window are skipped by where they start; the rows of the
/// others are counted with the heights the scrolling uses.
fn diff_lines(app: &App, e: &Entry, width: usize, skip: usize, take: usize) -> Vec<Line<'static>> {
    let mut w = Window {
        skip,
        take,
        row: 0,
        out: Vec::with_capacity(take),
    };
    if let Some(rendered) = app.rendered() {
        let starts = app.hunk_starts_at(width).starts;
        for (x, h) in rendered.hunks.iter().enumerate() {
            if w.full() {
                return w.out;
            }
            if let Some(&next) = starts.get(x + 1)
                && next <= skip
            {
                w.row = next;
                continue;
            }
            hunk_lines(&mut w, app, e, x, h, rendered.digits, width);
        }
    }
    if !e.manual.is_empty() && !w.full() {
        manual_lines(&mut w, e, width);
    }
    w.out
}

/// Hunk `x`: its header, its rows and a blank line.
fn hunk_lines(
    w: &mut Window,
    app: &App,
    e: &Entry,
    x: usize,
    h: &HunkRows,
    digits: usize,
    width: usize,
) {
    let current = x == app.hunk;
    let parts = app.header(e, x, current);
    w.add(layout::header_rows(&parts, width), || {
        hunk_header(parts, current, width)
    });
    let gutter = if current {
        Span::styled("▌", Style::new().fg(ACCENT))
    } else {
        Span::raw(" ")
    };
    match app.layout {
        Layout::Unified => {
            for r in &h.rows {
                w.add(layout::wrapped(r.text_len(), width, digits), || {
                    wrap(unified_row(gutter.clone(), r, digits), width, digits)
                });
            }
        }
        Layout::SideBySide => {
            let half = layout::half(width);
            for (l, r) in side_by_side(&h.rows) {
                w.add(layout::wrapped_pair(l, r, half, digits), || {
                    side_row(gutter.clone(), l, r, half, digits)
                });
            }
        }
    }
    w.add(1, || vec![Line::raw("")]);
}

/// What needs a human, under the hunks.
fn manual_lines(w: &mut Window, e: &Entry, width: usize) {
    w.add(1, || {
        vec![Line::styled(
            "Needs a human (no fix can be proposed):",
            HUMAN_BOLD,
        )]
    });
    for m in &e.manual {
        w.add(layout::manual_line_rows(m, width), || {
            let spans = vec![
                Span::styled(layout::manual_number(m.line), DIM),
                Span::styled(format!("[{}] ", m.rule), HUMAN),
                Span::raw(m.text.clone()),
            ];
            chunks(spans, width, MANUAL_INDENT)
                .into_iter()
                .map(Line::from)
                .collect()
        });
    }
}

/// A hunk's header (number, decision, rules, links, the rule's note) as
/// screen lines, from its parts.
fn hunk_header(parts: Vec<(Part, String)>, current: bool, width: usize) -> Vec<Line<'static>> {
    let spans: Vec<Span<'static>> = parts
        .into_iter()
        .map(|(part, text)| {
            let style = match part {
                Part::Marker if current => ACCENT_BOLD,
                Part::Marker => DIM,
                Part::Decision(d) => theme::decision(&d),
                Part::Rules => theme::RULES,
                Part::Links => HUMAN,
                Part::Note => DIM,
            };
            Span::styled(text, style)
        })
        .collect();
    chunks(spans, width, HEADER_INDENT)
        .into_iter()
        .map(|c| {
            let line = Line::from(c);
            if current {
                line.style(theme::CURRENT_HEADER)
            } else {
                line
            }
        })
        .collect()
}

/// Cut spans into lines of `width` columns; continuation lines start
/// `indent` columns in. Must agree with [`layout::wrapped_lines`], which
/// the scrolling counts with.
fn chunks(spans: Vec<Span<'static>>, width: usize, indent: usize) -> Vec<Vec<Span<'static>>> {
    let len: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    if len <= width || width <= indent + 8 {
        return vec![spans];
    }
    let mut out = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut room = width;
    for span in spans {
        let mut rest: &str = &span.content;
        while !rest.is_empty() {
            if room == 0 {
                out.push(std::mem::take(&mut current));
                current.push(Span::raw(" ".repeat(indent)));
                room = width - indent;
            }
            let cut = rest.char_indices().nth(room).map_or(rest.len(), |(i, _)| i);
            let piece = &rest[..cut];
            room -= piece.chars().count();
            current.push(Span::styled(piece.to_string(), span.style));
            rest = &rest[cut..];
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A unified row as screen lines of `width` columns, the gutter on each.
fn wrap(line: Line<'static>, width: usize, digits: usize) -> Vec<Line<'static>> {
    let mut spans = line.spans;
    if spans.is_empty() {
        return vec![Line::default()];
    }
    let gutter = spans.remove(0);
    chunks(spans, width.saturating_sub(1), numbers(digits) - 1)
        .into_iter()
        .map(|mut c| {
            c.insert(0, gutter.clone());
            Line::from(c)
        })
        .collect()
}

fn number(n: usize, digits: usize) -> String {
    format!("{n:>digits$} ")
}

fn segments(segs: &[Segment], color: Color) -> Vec<Span<'static>> {
    segs.iter()
        .map(|s| {
            let style = Style::new().fg(color);
            let style = if s.changed {
                style.add_modifier(theme::CHANGED)
            } else {
                style
            };
            Span::styled(s.text.clone(), style)
        })
        .collect()
}

fn unified_row(gutter: Span<'static>, r: &Row, digits: usize) -> Line<'static> {
    let mut spans = vec![gutter];
    match r {
        Row::Context { old, new, text } => {
            spans.push(Span::styled(number(*old, digits), DIM));
            spans.push(Span::styled(number(*new, digits), DIM));
            spans.push(Span::raw(format!(" {text}")));
        }
        Row::Delete { old, segments: s } => {
            spans.push(Span::styled(number(*old, digits), DIM));
            spans.push(Span::raw(" ".repeat(digits + 1)));
            spans.push(Span::styled("-", Style::new().fg(DEL)));
            spans.extend(segments(s, DEL));
        }
        Row::Insert { new, segments: s } => {
            spans.push(Span::raw(" ".repeat(digits + 1)));
            spans.push(Span::styled(number(*new, digits), DIM));
            spans.push(Span::styled("+", Style::new().fg(ADD)));
            spans.extend(segments(s, ADD));
        }
    }
    Line::from(spans)
}

/// One side of a side-by-side row as lines of exactly `width` columns.
fn side(r: Option<&Row>, left: bool, width: usize, digits: usize) -> Vec<Vec<Span<'static>>> {
    let mut spans = match r {
        None => vec![],
        Some(Row::Context { old, new, text }) => vec![
            Span::styled(number(if left { *old } else { *new }, digits), DIM),
            Span::raw(format!(" {text}")),
        ],
        Some(Row::Delete { old, segments: s }) => {
            let mut v = vec![
                Span::styled(number(*old, digits), DIM),
                Span::styled("-", Style::new().fg(DEL)),
            ];
            v.extend(segments(s, DEL));
            v
        }
        Some(Row::Insert { new, segments: s }) => {
            let mut v = vec![
                Span::styled(number(*new, digits), DIM),
                Span::styled("+", Style::new().fg(ADD)),
            ];
            v.extend(segments(s, ADD));
            v
        }
    };
    if spans.is_empty() {
        spans.push(Span::raw(""));
    }
    chunks(spans, width, side_numbers(digits))
        .into_iter()
        .map(|mut c| {
            let used: usize = c.iter().map(|s| s.content.chars().count()).sum();
            if used < width {
                c.push(Span::raw(" ".repeat(width - used)));
            } else if used > width {
                // Too narrow to wrap: cut.
                let mut kept = 0;
                c = c
                    .into_iter()
                    .filter_map(|s| {
                        let take = width.saturating_sub(kept);
                        if take == 0 {
                            return None;
                        }
                        let t: String = s.content.chars().take(take).collect();
                        kept += t.chars().count();
                        Some(Span::styled(t, s.style))
                    })
                    .collect();
            }
            c
        })
        .collect()
}

fn side_row(
    gutter: Span<'static>,
    l: Option<&Row>,
    r: Option<&Row>,
    half: usize,
    digits: usize,
) -> Vec<Line<'static>> {
    let (left, right) = (side(l, true, half, digits), side(r, false, half, digits));
    let blank = || vec![Span::raw(" ".repeat(half))];
    (0..left.len().max(right.len()))
        .map(|i| {
            let mut spans = vec![gutter.clone()];
            spans.extend(left.get(i).cloned().unwrap_or_else(blank));
            spans.push(Span::styled("│", DIM));
            spans.extend(right.get(i).cloned().unwrap_or_else(blank));
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_agrees_with_the_row_count_scrolling_uses() {
        for width in [10, 20, 21, 40, 73, 120] {
            for len in 0..200 {
                let row = Row::Insert {
                    new: 7,
                    segments: vec![
                        Segment {
                            text: "x".repeat(len / 2),
                            changed: false,
                        },
                        Segment {
                            text: "y".repeat(len - len / 2),
                            changed: true,
                        },
                    ],
                };
                for digits in [5, 6] {
                    let lines = wrap(unified_row(Span::raw(" "), &row, digits), width, digits);
                    assert_eq!(
                        lines.len(),
                        layout::wrapped(len, width, digits),
                        "{digits} digits"
                    );
                }
                let lines = wrap(unified_row(Span::raw(" "), &row, 4), width, 4);
                assert_eq!(
                    lines.len(),
                    layout::wrapped(len, width, 4),
                    "len {len} width {width}"
                );
                let text: String = lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                        if i == 0 {
                            s
                        } else {
                            s[numbers(4)..].to_string()
                        }
                    })
                    .collect();
                assert!(
                    text.ends_with(&"y".repeat(len - len / 2)),
                    "nothing is lost"
                );
                assert!(
                    lines
                        .iter()
                        .all(|l| l.width() <= width || width <= numbers(4) + 8)
                );
            }
        }
    }

    #[test]
    fn side_by_side_wrapping_agrees_with_the_row_count_and_keeps_columns() {
        let row = |len: usize, insert: bool| {
            let segments = vec![Segment {
                text: "z".repeat(len),
                changed: true,
            }];
            if insert {
                Row::Insert { new: 3, segments }
            } else {
                Row::Delete { old: 3, segments }
            }
        };
        for half in [5, 14, 15, 30, 59] {
            for (a, b) in [(0, 0), (10, 90), (90, 10), (200, 3), (40, 40)] {
                let (l, r) = (row(a, false), row(b, true));
                for digits in [5, 6] {
                    assert_eq!(
                        side_row(Span::raw(" "), Some(&l), Some(&r), half, digits).len(),
                        layout::wrapped_pair(Some(&l), Some(&r), half, digits),
                        "{digits} digits"
                    );
                }
                let lines = side_row(Span::raw(" "), Some(&l), Some(&r), half, 4);
                assert_eq!(
                    lines.len(),
                    layout::wrapped_pair(Some(&l), Some(&r), half, 4),
                    "{a} {b} at {half}"
                );
                for line in &lines {
                    assert_eq!(line.width(), 2 + 2 * half, "every line has both columns");
                }
                let right: String = lines
                    .iter()
                    .map(|l| {
                        let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                        s.chars().filter(|&c| c == 'z').count().to_string()
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                if half > side_numbers(4) + 8 {
                    let total: usize = right.split(',').map(|n| n.parse::<usize>().unwrap()).sum();
                    assert_eq!(total, a + b, "nothing is cut at {half}: {right}");
                }
            }
        }
    }
}
