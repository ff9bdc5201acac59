//! Every colour and style the views use, by what it marks. Nothing here
//! knows about the app; change the look here and nowhere else.

use ratatui::style::{Color, Modifier, Style};

use crate::review::Decision;
use crate::tui::app::Mark;

/// Secondary text: counts, line numbers, hints, unfocused borders.
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
/// Added lines and accepted counts.
pub const ADD: Color = Color::Green;
/// Deleted lines and rejected counts.
pub const DEL: Color = Color::Red;
/// What has the focus: the focused pane's border, the current hunk, keys.
pub const ACCENT: Color = Color::Cyan;
pub const ACCENT_BOLD: Style = Style::new().fg(ACCENT).add_modifier(Modifier::BOLD);
/// Pop-ups' borders.
pub const POPUP_BORDER: Style = Style::new().fg(ACCENT);
/// Something going on or worth a look: loading, filters, warnings.
pub const ATTENTION: Style = Style::new().fg(Color::Yellow);
pub const ATTENTION_BOLD: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const ERROR: Style = Style::new().fg(Color::Red);
/// The selected row of a list.
pub const SELECTED: Style = Style::new()
    .bg(Color::DarkGray)
    .add_modifier(Modifier::BOLD);
/// The background of the current hunk's header.
pub const CURRENT_HEADER: Style = Style::new().bg(Color::Rgb(30, 40, 50));
/// A hunk's rules in its header.
pub const RULES: Style = Style::new().fg(Color::Blue);
/// Links between hunks, and what needs a human.
pub const HUMAN: Style = Style::new().fg(Color::Magenta);
pub const HUMAN_BOLD: Style = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
/// The words of a changed line that differ from its pair.
pub const CHANGED: Modifier = Modifier::REVERSED.union(Modifier::BOLD);

/// A file's mark in the list and its colour.
pub fn mark(m: Mark) -> (&'static str, Style) {
    match m {
        Mark::Pending => ("·", Style::new().fg(Color::Gray)),
        Mark::Partial => ("◐", Style::new().fg(Color::Yellow)),
        Mark::Done => ("✓", Style::new().fg(Color::Green)),
        Mark::Manual => ("!", Style::new().fg(Color::Magenta)),
    }
}

/// A file whose every hunk is rejected.
pub const ALL_REJECTED: (&str, Style) = ("✗", Style::new().fg(Color::Red));

/// A decision's label in a hunk header.
pub fn decision(d: &Decision) -> Style {
    Style::new()
        .fg(match d {
            Decision::Pending => Color::Gray,
            Decision::Accepted => Color::Green,
            Decision::Rejected => Color::Red,
            Decision::Edited(_) => Color::Yellow,
        })
        .add_modifier(Modifier::BOLD)
}

/// A pane's border: the accent when it has the focus.
pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(ACCENT)
    } else {
        DIM
    }
}
