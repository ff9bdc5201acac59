//! Drawing: a pure function of the app state. The file list on the left,
//! the selected file's hunks on the right, a status line and key hints at
//! the bottom, and the overlays (help, filter, rule picker, confirmations,
//! the commit dialog) on top. Where things go is [`crate::tui::layout`]'s,
//! the colours [`theme`]'s.

mod diff;
mod list;
mod popups;
mod status;
mod theme;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::app::{App, Mode, Pane};
use super::layout::Panes;

pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < 20 || area.height < 5 {
        frame.render_widget(Paragraph::new("canon: terminal too small"), area);
        return;
    }
    let hints = app.hint_rows() > 0;
    let panes = Panes::new(area, app.hint_rows());
    if panes.two {
        list::file_list(app, frame, panes.list);
        diff::diff_pane(app, frame, panes.diff);
    } else if app.focus == Pane::Files {
        list::file_list(app, frame, panes.main);
    } else {
        diff::diff_pane(app, frame, panes.main);
    }
    if hints || app.notice.is_none() {
        status::status_line(app, frame, panes.status);
    } else {
        status::key_hints(app, frame, panes.status);
    }
    if hints {
        status::key_hints(app, frame, panes.keys);
    }
    match &app.mode {
        Mode::Normal => {}
        Mode::Help(scroll) => popups::help(app, *scroll, frame, area),
        Mode::Filter { input, .. } => status::filter_prompt(app, input, frame, panes.status),
        Mode::Rules { selected } => popups::rules(app, *selected, frame, area),
        Mode::Confirm(bulk) => popups::confirm(app, bulk, frame, area),
        Mode::Commit(form) => popups::commit_dialog(app, form, frame, area),
    }
}

/// A pane's bordered box, accented when it has the focus.
fn pane_block(title: Line<'_>, focused: bool) -> Block<'_> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(focused))
        .title(title)
}

/// "…/deep/path/file.py" fitting `width` characters.
fn truncate_left(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let tail: String = s.chars().skip(n - (width - 1)).collect();
    format!("…{tail}")
}
