//! The bottom rows: the status line (totals, base and branch), the key
//! hints from the keymap or the notice that replaces them, and the path
//! filter's prompt over the status line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::{ACCENT, ACCENT_BOLD, ADD, ATTENTION, ATTENTION_BOLD, BOLD, DEL, DIM};
use crate::tui::app::{App, Level};
use crate::tui::text_field::TextField;

pub(super) fn status_line(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.totals();
    let mut spans = vec![
        Span::styled(format!(" {}/{} decided ", t.decided(), t.total()), BOLD),
        Span::styled(format!("✓{} ", t.accepted + t.edited), Style::new().fg(ADD)),
        Span::styled(format!("✗{} ", t.rejected), Style::new().fg(DEL)),
    ];
    let committed = app.committed_files();
    if committed > 0 {
        spans.push(Span::styled(
            format!("⇡{committed} committed "),
            Style::new().fg(ACCENT),
        ));
    }
    spans.push(Span::styled(
        format!("· {} → {} ", app.target.base, app.target.branch),
        DIM,
    ));
    if !app.two_panes()
        && let Some(e) = app.current()
    {
        spans.push(Span::styled(format!("· {} ", e.path), DIM));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The notice if there is one, else the key hints from the keymap.
pub(super) fn key_hints(app: &App, frame: &mut Frame, area: Rect) {
    if let Some((level, text)) = &app.notice {
        let style = match level {
            Level::Info => ACCENT_BOLD,
            Level::Warn => ATTENTION_BOLD,
        };
        let line = Line::styled(format!(" {text}"), style);
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
        return;
    }
    let mut spans = Vec::new();
    for (key, hint) in app.keymap.hints() {
        spans.push(Span::styled(format!(" {key}"), ACCENT_BOLD));
        spans.push(Span::styled(format!(" {hint} "), DIM));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The path filter being typed, over the status line.
pub(super) fn filter_prompt(app: &App, input: &TextField, frame: &mut Frame, area: Rect) {
    let line = Line::from(vec![
        Span::styled("/", ATTENTION_BOLD),
        Span::raw(input.as_str()),
        Span::styled("▏", ATTENTION),
        Span::styled(format!("  {}", app.keymap.filter.hints()), DIM),
    ]);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(line), area);
}
