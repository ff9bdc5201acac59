//! Screen geometry, in one place for the app (which scrolls by it) and the
//! view (which draws by it): where the panes and the bottom rows go, and
//! how many screen rows each part of the diff pane takes once wrapped.
//! If the view drew a part taller than counted here, scrolling would aim
//! at the wrong rows; `view::diff`'s tests hold the wrapping to these
//! counts.

use ratatui::layout::Rect;

use super::app::{Entry, Layout, Manual, Part};
use super::diff::{HunkRows, Rendered, Row, side_by_side};

/// Continuation lines of a wrapped hunk header start this far in.
pub const HEADER_INDENT: usize = 4;
/// ... and of a wrapped "needs a human" line, past its line number.
pub const MANUAL_INDENT: usize = 6;

/// Where everything goes on a screen of `area`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The list and the diff: side by side, or one of them.
    pub main: Rect,
    pub status: Rect,
    /// The key hints (or a long notice) under the status line.
    pub keys: Rect,
    /// Both panes show; else `list` and `diff` are both `main`.
    pub two: bool,
    pub list: Rect,
    pub diff: Rect,
}

impl Panes {
    pub fn new(area: Rect, hint_rows: u16) -> Panes {
        let main_h = area.height.saturating_sub(1 + hint_rows);
        let main = Rect {
            height: main_h,
            ..area
        };
        let status = Rect {
            y: area.y + main_h,
            height: 1.min(area.height - main_h),
            ..area
        };
        let keys = Rect {
            y: status.y + status.height,
            height: area.height - main_h - status.height,
            ..area
        };
        let two = two_panes(area.width);
        let (list, diff) = if two {
            let w = list_width(area.width);
            let list = Rect { width: w, ..main };
            let diff = Rect {
                x: main.x + w,
                width: main.width - w,
                ..main
            };
            (list, diff)
        } else {
            (main, main)
        };
        Panes {
            main,
            status,
            keys,
            two,
            list,
            diff,
        }
    }

    /// Inside the diff pane's border.
    pub fn diff_inner(&self) -> Rect {
        inner(self.diff)
    }

    /// Rows inside a pane's border (the list's and the diff's are the same).
    pub fn pane_height(&self) -> usize {
        usize::from(self.diff_inner().height).max(1)
    }
}

/// Inside a border: what ratatui's bordered `Block::inner` leaves.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x + 1,
        y: r.y + 1,
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// Whether the list and the diff fit side by side.
pub fn two_panes(width: u16) -> bool {
    width >= 60
}

/// The list's width when both panes show.
pub fn list_width(width: u16) -> u16 {
    (width * 2 / 5).clamp(24, 60)
}

/// Rows under the status line: the key hints, or the notice that replaces
/// them (two rows when it is long); none on a tiny screen.
pub fn hint_rows(size: (u16, u16), notice: Option<&str>) -> u16 {
    if size.1 < 12 {
        return 0;
    }
    match notice {
        Some(text) if text.chars().count() + 1 > usize::from(size.0) => 2,
        _ => 1,
    }
}

/// Columns before a unified row's text with line numbers of `digits`
/// digits: the current-hunk gutter, two numbers and a space after each,
/// and the sign. Wrapped lines continue under the text.
pub fn numbers(digits: usize) -> usize {
    2 * (digits + 1) + 2
}

/// Columns before a side-by-side half's text: a line number, a space and
/// the sign.
pub fn side_numbers(digits: usize) -> usize {
    digits + 2
}

/// Lines for `total` characters at `width` columns when continuation lines
/// start `indent` columns in; no wrapping when too narrow to be of use.
pub fn wrapped_lines(total: usize, width: usize, indent: usize) -> usize {
    if total <= width || width <= indent + 8 {
        return 1;
    }
    1 + (total - width).div_ceil(width - indent)
}

/// Screen lines a unified row of `len` characters takes at `width` columns
/// (long lines wrap, so that a change at the end of a long import shows).
pub fn wrapped(len: usize, width: usize, digits: usize) -> usize {
    let numbers = numbers(digits);
    wrapped_lines(numbers - 1 + len, width.saturating_sub(1), numbers - 1)
}

/// Screen lines a side-by-side pair takes, `half` columns a side.
pub fn wrapped_pair(left: Option<&Row>, right: Option<&Row>, half: usize, digits: usize) -> usize {
    let n = side_numbers(digits);
    let side = |r: Option<&Row>| r.map_or(1, |r| wrapped_lines(n + r.text_len(), half, n));
    side(left).max(side(right))
}

/// The columns of each side of a side-by-side diff `width` wide.
pub fn half(width: usize) -> usize {
    width.saturating_sub(1) / 2
}

/// Screen lines of a hunk header made of `parts`.
pub fn header_rows(parts: &[(Part, String)], width: usize) -> usize {
    let len: usize = parts.iter().map(|(_, t)| t.chars().count()).sum();
    wrapped_lines(len, width, HEADER_INDENT)
}

/// Screen lines of a hunk's rows (not its header).
pub fn body_rows(h: &HunkRows, layout: Layout, width: usize, digits: usize) -> usize {
    match layout {
        Layout::Unified => h
            .rows
            .iter()
            .map(|row| wrapped(row.text_len(), width, digits))
            .sum(),
        Layout::SideBySide => side_by_side(&h.rows)
            .into_iter()
            .map(|(a, b)| wrapped_pair(a, b, half(width), digits))
            .sum(),
    }
}

/// "   12 " before a "needs a human" line.
pub fn manual_number(line: Option<usize>) -> String {
    line.map(|l| format!("{l:>5} "))
        .unwrap_or_else(|| " ".repeat(MANUAL_INDENT))
}

/// Screen lines of one "needs a human" line: its number, `[rule] ` and text.
pub fn manual_line_rows(m: &Manual, width: usize) -> usize {
    let len = MANUAL_INDENT + m.rule.chars().count() + 3 + m.text.chars().count();
    wrapped_lines(len, width, MANUAL_INDENT)
}

/// Rows the "needs a human" section takes under the hunks, `width` wide.
pub fn manual_rows(e: &Entry, width: usize) -> usize {
    if e.manual.is_empty() {
        return 0;
    }
    1 + e
        .manual
        .iter()
        .map(|m| manual_line_rows(m, width))
        .sum::<usize>()
}

/// Where each hunk starts in the diff pane, and the pane's total rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HunkStarts {
    pub starts: Vec<usize>,
    pub total: usize,
}

/// The rows of `e`'s diff, `width` wide: each hunk's header (its parts
/// from `header`), rows and a blank line, then what needs a human.
pub fn hunk_starts(
    e: &Entry,
    r: &Rendered,
    layout: Layout,
    width: usize,
    header: impl Fn(usize) -> Vec<(Part, String)>,
) -> HunkStarts {
    let mut starts = Vec::with_capacity(r.hunks.len());
    let mut row = 0;
    for (x, h) in r.hunks.iter().enumerate() {
        starts.push(row);
        row += header_rows(&header(x), width) + body_rows(h, layout, width, r.digits) + 1;
    }
    HunkStarts {
        starts,
        total: row + manual_rows(e, width),
    }
}
