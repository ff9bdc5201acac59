//! The file list: a mark, the path and the decided count of each file,
//! only the rows that show.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::theme::{self, ATTENTION, DIM, SELECTED};
use super::{pane_block, truncate_left};
use crate::tui::app::{App, Entry, Mark, Pane};
use crate::tui::layout;

pub(super) fn file_list(app: &App, frame: &mut Frame, area: Rect) {
    let block = pane_block(title(app), app.focus == Pane::Files);
    let inner = layout::inner(area);
    let width = usize::from(inner.width);
    // Only the rows that can show: a frame costs the same with 200 files
    // or 20,000. The app keeps the offset, scrolling only when the
    // selection reaches an edge, as ratatui's own offset would.
    let height = usize::from(inner.height).max(1);
    let first = app
        .list_offset
        .clamp(app.selected.saturating_sub(height - 1), app.selected);
    let items: Vec<ListItem> = app
        .visible
        .iter()
        .skip(first)
        .take(height)
        .map(|&i| file_item(&app.entries[i], width))
        .collect();
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(empty_text(app))
                .style(DIM)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let list = List::new(items).block(block).highlight_style(SELECTED);
    let mut state = ListState::default().with_selected(Some(app.selected - first));
    frame.render_stateful_widget(list, area, &mut state);
}

/// " Files 12 · loading 3/40… [/ws rule r1] ".
fn title(app: &App) -> Line<'static> {
    let mut title = vec![Span::raw(format!(" Files {}", app.visible.len()))];
    if !app.loading.done {
        let text = match app.loading.expected {
            None => format!(" · scanning {} files… ", app.loading.visited),
            Some(n) => format!(" · loading {}/{n}… ", app.loading.loaded),
        };
        title.push(Span::styled(text, ATTENTION));
    } else {
        title.push(Span::raw(" "));
    }
    let mut filters = Vec::new();
    if let Some(p) = &app.filters.path {
        filters.push(format!("/{p}"));
    }
    if let Some(r) = &app.filters.rule {
        filters.push(format!("rule {r}"));
    }
    if !filters.is_empty() {
        title.push(Span::styled(format!("[{}] ", filters.join(" ")), ATTENTION));
    }
    Line::from(title)
}

/// What the list says when no file shows.
fn empty_text(app: &App) -> String {
    if let Some(e) = &app.loading.error {
        format!("The scan failed: {e}")
    } else if !app.loading.done {
        "Scanning…".into()
    } else if app.entries.iter().any(|e| !e.committed) {
        "No file matches the filters.".into()
    } else if app.committed_files() > 0 {
        "Everything is committed.".into()
    } else {
        "No file breaks a rule.".into()
    }
}

fn file_item(e: &Entry, width: usize) -> ListItem<'static> {
    let c = e.review.counts();
    let (m, style) = if e.mark() == Mark::Done && c.accepted + c.edited == 0 {
        theme::ALL_REJECTED
    } else {
        theme::mark(e.mark())
    };
    let counts = if c.total() == 0 {
        format!(" ({}) ", e.findings.len())
    } else {
        format!(" {}/{} ", c.decided(), c.total())
    };
    let room = width.saturating_sub(2 + counts.chars().count());
    let path = truncate_left(&e.path, room);
    let pad = room.saturating_sub(path.chars().count());
    ListItem::new(Line::from(vec![
        Span::styled(format!("{m} "), style),
        Span::raw(path),
        Span::raw(" ".repeat(pad)),
        Span::styled(counts, DIM),
    ]))
}
