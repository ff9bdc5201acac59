//! What opens over the panes: the help screen, the rule picker, the bulk
//! confirmation and the commit dialog. Their key lines come from the
//! keymap's tables.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::theme::{
    ACCENT, ACCENT_BOLD, ADD, ATTENTION, BOLD, DEL, DIM, ERROR, POPUP_BORDER, SELECTED,
};
use crate::tui::app::{App, Bulk, CommitForm, Field, plural};
use crate::tui::keymap::{FormKey, HelpKey};

/// A centered box of at most `w`×`h` inside `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A bordered box of width `w` in the middle of `area`, as tall as its
/// wrapped text.
fn popup(frame: &mut Frame, area: Rect, w: u16, title: &str, text: Vec<Line<'_>>) {
    let inner = usize::from(w.min(area.width).saturating_sub(2)).max(1);
    let rows: usize = text.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(POPUP_BORDER);
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        r,
    );
}

/// "Accept all 4 identical import rewrites in 3 files?", the change, the keys.
pub(super) fn confirm(app: &App, bulk: &Bulk, frame: &mut Frame, area: Rect) {
    let verb = if bulk.accept { "Accept" } else { "Reject" };
    let mut text = vec![
        Line::from(format!(
            "{verb} all {} identical {} in {} file{}?",
            bulk.hunks,
            bulk.what,
            bulk.files,
            plural(bulk.files)
        )),
        Line::raw(""),
    ];
    let links = if bulk.accept {
        "The hunks they need are accepted too."
    } else {
        "The hunks that need them are rejected too."
    };
    text.push(Line::styled(links, DIM));
    text.push(Line::raw(""));
    text.extend(change_lines('-', DEL, &bulk.old));
    text.extend(change_lines('+', ADD, &bulk.new));
    text.push(Line::raw(""));
    text.push(Line::styled(app.keymap.confirm.hints(), DIM));
    popup(frame, area, 100, " Bulk triage ", text);
}

/// A change's lines (up to 6) with a sign, for the bulk confirmation.
fn change_lines(sign: char, color: Color, text: &str) -> Vec<Line<'static>> {
    let all: Vec<&str> = text.lines().collect();
    let mut out: Vec<Line<'static>> = all
        .iter()
        .take(6)
        .map(|l| Line::styled(format!("{sign} {}", l.trim_end()), Style::new().fg(color)))
        .collect();
    if all.len() > 6 {
        let more = all.len() - 6;
        out.push(Line::styled(
            format!("  … {more} more line{}", plural(more)),
            DIM,
        ));
    }
    out
}

/// The main view's bindings by group, then the keys of every mode.
pub(super) fn help(app: &App, scroll: u16, frame: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    let mut group = "";
    for b in &app.keymap.bindings {
        if b.group != group {
            if !group.is_empty() {
                lines.push(Line::raw(""));
            }
            group = b.group;
            lines.push(Line::styled(group, BOLD));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<9}", b.label), Style::new().fg(ACCENT)),
            Span::raw(b.help),
        ]));
    }
    lines.push(Line::raw(""));
    let global: String = app
        .keymap
        .global
        .iter()
        .map(|b| format!(" {} {}.", b.label, b.help))
        .collect();
    lines.push(Line::styled(
        format!("In pop-ups: Enter confirms, Esc cancels.{global}"),
        DIM,
    ));
    lines.push(Line::styled(
        "Marks: · pending  ◐ partly  ✓ decided  ✗ all rejected  ! needs a human (n findings)",
        DIM,
    ));
    let h = lines.len() as u16 + 2;
    let keys = &app.keymap.help;
    let title = if h > area.height {
        format!(
            " Keys ({}/{} scroll) ",
            keys.label(HelpKey::Down),
            keys.label(HelpKey::Up)
        )
    } else {
        " Keys ".to_string()
    };
    let r = centered(area, 72, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(title).border_style(POPUP_BORDER);
    let max = h.saturating_sub(r.height);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max), 0)),
        r,
    );
}

pub(super) fn rules(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
    let mut items = vec![ListItem::new("(all rules)")];
    for r in &app.target.rules {
        let count = app
            .entries
            .iter()
            .filter(|e| !e.committed && e.rules.contains(r))
            .count();
        items.push(ListItem::new(format!(
            "{r}  ({count} file{})",
            plural(count)
        )));
    }
    let r = centered(area, 50, items.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let list = List::new(items)
        .block(
            Block::bordered()
                .title(" Filter by rule ")
                .border_style(POPUP_BORDER),
        )
        .highlight_style(SELECTED)
        .highlight_symbol("▶ ");
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(list, r, &mut state);
}

/// A field's line: its label, and its text with the cursor where typing
/// goes when it has the focus (a window of the text around the cursor
/// when it is long).
fn form_field(form: &CommitForm, f: Field, label: &str, value: String) -> Line<'static> {
    let on = form.field == f;
    let mut spans = vec![Span::styled(
        format!("{}{label:<9}", if on { "▶ " } else { "  " }),
        if on { ACCENT_BOLD } else { Style::new() },
    )];
    if on && f != Field::PerFile {
        let chars: Vec<char> = value.chars().collect();
        let at = form.text().map_or(0, |t| t.cursor()).min(chars.len());
        let first = at.saturating_sub(50);
        let last = (first + 60).min(chars.len());
        let before: String = chars[first..at].iter().collect();
        let after: String = chars[at..last].iter().collect();
        if first > 0 {
            spans.push(Span::styled("…", DIM));
        }
        spans.push(Span::raw(before));
        spans.push(Span::styled("▏", Style::new().fg(ACCENT)));
        spans.push(Span::raw(after));
        if last < chars.len() {
            spans.push(Span::styled("…", DIM));
        }
    } else {
        spans.push(Span::raw(value));
    }
    Line::from(spans)
}

/// What will be committed, the fields, the message preview (filled in by
/// the app as the fields change), and the keys.
pub(super) fn commit_dialog(app: &App, form: &CommitForm, frame: &mut Frame, area: Rect) {
    let toggle = format!("[{} toggles]", app.keymap.commit.label(FormKey::Toggle));
    let mut lines = vec![Line::from(format!(
        "{} hunk{} in {} file{} will be committed.",
        form.hunks,
        plural(form.hunks),
        form.files,
        plural(form.files)
    ))];
    if form.partial > 0 {
        lines.push(Line::styled(
            format!(
                "{} of them still {} pending hunks; those stay in the list, on the committed text.",
                form.partial,
                if form.partial == 1 { "has" } else { "have" }
            ),
            ATTENTION,
        ));
    }
    lines.push(Line::raw(""));
    let branch = form.branch.as_str().to_string();
    lines.push(form_field(form, Field::Branch, "Branch", branch));
    let message = form.template.as_str().replace('\n', "⏎");
    lines.push(form_field(form, Field::Message, "Message", message));
    let commits = if form.per_file {
        format!("one per file ({})  {toggle}", form.files)
    } else {
        format!("one for all files  {toggle}")
    };
    lines.push(form_field(form, Field::PerFile, "Commits", commits));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        match (form.per_file, form.paths.first()) {
            (true, Some(first)) => format!("Message preview (first commit, {first}):"),
            _ => "Message preview:".to_string(),
        },
        DIM,
    ));
    for l in form.preview.lines().take(6) {
        lines.push(Line::styled(format!("  {l}"), DIM));
    }
    lines.push(Line::raw(""));
    if let Some(e) = &form.error {
        // The first line says what failed; a verify's output follows, its
        // end (where test runners put the summary) kept when it is long.
        let inner = usize::from(76u16.min(area.width).saturating_sub(2)).max(1);
        let rows = |l: &Line| l.width().max(1).div_ceil(inner);
        let hints = Line::raw(app.keymap.commit.hints());
        let used: usize = lines.iter().map(rows).sum::<usize>() + rows(&hints) + 2;
        let room = usize::from(area.height).saturating_sub(used);
        lines.extend(error_lines(e, room, inner));
    } else if form.busy {
        lines.push(Line::styled("Committing… (verify runs first)", ATTENTION));
    }
    lines.push(Line::styled(app.keymap.commit.hints(), DIM));
    popup(frame, area, 76, " Commit on a branch ", lines);
}

/// An error's lines in at most `room` rows of `width` columns: the first
/// line, then as many of the last lines as fit, each cut to the width.
fn error_lines(error: &str, room: usize, width: usize) -> Vec<Line<'static>> {
    let cut = |l: &str| -> String {
        let l = l.replace('\t', "    ");
        if l.chars().count() > width {
            let mut s: String = l.chars().take(width.saturating_sub(1)).collect();
            s.push('…');
            s
        } else {
            l
        }
    };
    let all: Vec<&str> = error.lines().collect();
    let Some((first, rest)) = all.split_first() else {
        return vec![];
    };
    let mut out = vec![Line::styled(first.to_string(), ERROR)];
    let first_rows = first.chars().count().max(1).div_ceil(width.max(1));
    let room = room.saturating_sub(first_rows).max(1);
    if rest.len() > room {
        let shown = room.saturating_sub(1);
        out.push(Line::styled(
            format!("… {} lines above", rest.len() - shown),
            DIM,
        ));
        out.extend(
            rest[rest.len() - shown..]
                .iter()
                .map(|l| Line::styled(cut(l), ERROR)),
        );
    } else {
        out.extend(rest.iter().map(|l| Line::styled(cut(l), ERROR)));
    }
    out
}
