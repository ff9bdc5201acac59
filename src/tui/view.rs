//! Drawing: a pure function of the app state. The file list on the left,
//! the selected file's hunks on the right, a status line and key hints at
//! the bottom, and the overlays (help, filter, rule picker, confirmations,
//! the commit dialog) on top.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::app::{
    App, Entry, Field, HEADER_INDENT, Layout, Level, MANUAL_INDENT, Mark, Mode, Pane, Part,
    manual_number, plural,
};
use super::diff::{Row, Segment, numbers, side_by_side, side_numbers, wrapped, wrapped_pair};
use super::keymap::{FormKey, HelpKey};
use crate::review::Decision;

const DIM: Style = Style::new().fg(Color::DarkGray);
const ADD: Color = Color::Green;
const DEL: Color = Color::Red;

pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < 20 || area.height < 5 {
        frame.render_widget(Paragraph::new("canon: terminal too small"), area);
        return;
    }
    let hints = app.hint_rows() > 0;
    let [main, status, keys] = Split::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(app.hint_rows()),
    ])
    .areas(area);
    if app.two_panes() {
        let [list, diff] =
            Split::horizontal([Constraint::Length(app.list_width()), Constraint::Min(1)])
                .areas(main);
        file_list(app, frame, list);
        diff_pane(app, frame, diff);
    } else if app.focus == Pane::Files {
        file_list(app, frame, main);
    } else {
        diff_pane(app, frame, main);
    }
    if hints || app.notice.is_none() {
        status_line(app, frame, status);
    } else {
        key_hints(app, frame, status);
    }
    if hints {
        key_hints(app, frame, keys);
    }
    match &app.mode {
        Mode::Normal => {}
        Mode::Help(scroll) => help(app, *scroll, frame, area),
        Mode::Filter { input, .. } => {
            let line = Line::from(vec![
                Span::styled("/", Style::new().fg(Color::Yellow).bold()),
                Span::raw(input.as_str()),
                Span::styled("▏", Style::new().fg(Color::Yellow)),
                Span::styled(format!("  {}", app.keymap.filter.hints()), DIM),
            ]);
            frame.render_widget(Clear, status);
            frame.render_widget(Paragraph::new(line), status);
        }
        Mode::Rules { selected } => rules(app, *selected, frame, area),
        Mode::Confirm(bulk) => {
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
            popup(frame, area, 100, 0, " Bulk triage ", text);
        }
        Mode::Commit(_) => commit_dialog(app, frame, area),
    }
}

fn mark(m: Mark) -> (&'static str, Style) {
    match m {
        Mark::Pending => ("·", Style::new().fg(Color::Gray)),
        Mark::Partial => ("◐", Style::new().fg(Color::Yellow)),
        Mark::Done => ("✓", Style::new().fg(Color::Green)),
        Mark::Manual => ("!", Style::new().fg(Color::Magenta)),
    }
}

fn pane_block(title: Line<'_>, focused: bool) -> Block<'_> {
    let style = if focused {
        Style::new().fg(Color::Cyan)
    } else {
        DIM
    };
    Block::new()
        .borders(Borders::ALL)
        .border_style(style)
        .title(title)
}

fn file_list(app: &App, frame: &mut Frame, area: Rect) {
    let mut title = vec![Span::raw(format!(" Files {}", app.visible.len()))];
    if !app.loading.done {
        let text = match app.loading.expected {
            None => format!(" · scanning {} files… ", app.loading.visited),
            Some(n) => format!(" · loading {}/{n}… ", app.loading.loaded),
        };
        title.push(Span::styled(text, Style::new().fg(Color::Yellow)));
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
        title.push(Span::styled(
            format!("[{}] ", filters.join(" ")),
            Style::new().fg(Color::Yellow),
        ));
    }
    let block = pane_block(Line::from(title), app.focus == Pane::Files);
    let inner = usize::from(block.inner(area).width);
    // Only the rows that can show: a frame costs the same with 200 files
    // or 20,000. The app keeps the offset, scrolling only when the
    // selection reaches an edge, as ratatui's own offset would.
    let height = usize::from(block.inner(area).height).max(1);
    let first = app
        .list_offset
        .clamp(app.selected.saturating_sub(height - 1), app.selected);
    let items: Vec<ListItem> = app
        .visible
        .iter()
        .skip(first)
        .take(height)
        .map(|&i| file_item(&app.entries[i], inner))
        .collect();
    if items.is_empty() {
        let failed = app
            .loading
            .error
            .as_ref()
            .map(|e| format!("The scan failed: {e}"));
        let text = if let Some(failed) = failed.as_deref() {
            failed
        } else if !app.loading.done {
            "Scanning…"
        } else if app.entries.iter().any(|e| !e.committed) {
            "No file matches the filters."
        } else if app.committed_files() > 0 {
            "Everything is committed."
        } else {
            "No file breaks a rule."
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(DIM)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let list = List::new(items).block(block).highlight_style(
        Style::new()
            .bg(Color::DarkGray)
            .add_modifier(Modifier::BOLD),
    );
    let mut state = ListState::default().with_selected(Some(app.selected - first));
    frame.render_stateful_widget(list, area, &mut state);
}

fn file_item(e: &Entry, width: usize) -> ListItem<'static> {
    let c = e.review.counts();
    let (m, style) = if e.mark() == Mark::Done && c.accepted + c.edited == 0 {
        ("✗", Style::new().fg(Color::Red))
    } else {
        mark(e.mark())
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

fn diff_pane(app: &App, frame: &mut Frame, area: Rect) {
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
        Style::new().bold(),
    )];
    title.extend(tail);
    let block = pane_block(Line::from(title), app.focus == Pane::Diff);
    let inner = block.inner(area);
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

/// The diff pane's lines from row `skip`, at most `take` of them.
fn diff_lines(app: &App, e: &Entry, width: usize, skip: usize, take: usize) -> Vec<Line<'static>> {
    let mut w = Window {
        skip,
        take,
        row: 0,
        out: Vec::with_capacity(take),
    };
    if let Some(rendered) = app.rendered() {
        let digits = rendered.digits;
        for (x, h) in rendered.hunks.iter().enumerate() {
            if w.full() {
                return w.out;
            }
            let current = x == app.hunk;
            let header = hunk_header(app, e, x, current, width);
            w.add(header.len(), || header);
            let gutter = if current {
                Span::styled("▌", Style::new().fg(Color::Cyan))
            } else {
                Span::raw(" ")
            };
            match app.layout {
                Layout::Unified => {
                    for r in &h.rows {
                        w.add(wrapped(r.text_len(), width, digits), || {
                            wrap(unified_row(gutter.clone(), r, digits), width, digits)
                        });
                    }
                }
                Layout::SideBySide => {
                    let half = width.saturating_sub(1) / 2;
                    for (l, r) in side_by_side(&h.rows) {
                        w.add(wrapped_pair(l, r, half, digits), || {
                            side_row(gutter.clone(), l, r, half, digits)
                        });
                    }
                }
            }
            w.add(1, || vec![Line::raw("")]);
        }
    }
    if !e.manual.is_empty() && !w.full() {
        w.add(1, || {
            vec![Line::styled(
                "Needs a human (no fix can be proposed):",
                Style::new().fg(Color::Magenta).bold(),
            )]
        });
        for m in &e.manual {
            let spans = vec![
                Span::styled(manual_number(m.line), DIM),
                Span::styled(format!("[{}] ", m.rule), Style::new().fg(Color::Magenta)),
                Span::raw(m.text.clone()),
            ];
            let lines: Vec<Line<'static>> = chunks(spans, width, MANUAL_INDENT)
                .into_iter()
                .map(Line::from)
                .collect();
            w.add(lines.len(), || lines);
        }
    }
    w.out
}

/// A hunk's header (number, decision, rules, links, the rule's note) as
/// screen lines; its parts come from [`App::header`], which the scrolling
/// counts with.
fn hunk_header(app: &App, e: &Entry, x: usize, current: bool, width: usize) -> Vec<Line<'static>> {
    let spans: Vec<Span<'static>> = app
        .header(e, x, current)
        .into_iter()
        .map(|(part, text)| {
            let style = match part {
                Part::Marker if current => Style::new().fg(Color::Cyan).bold(),
                Part::Marker => DIM,
                Part::Decision(d) => Style::new()
                    .fg(match d {
                        Decision::Pending => Color::Gray,
                        Decision::Accepted => Color::Green,
                        Decision::Rejected => Color::Red,
                        Decision::Edited(_) => Color::Yellow,
                    })
                    .bold(),
                Part::Rules => Style::new().fg(Color::Blue),
                Part::Links => Style::new().fg(Color::Magenta),
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
                line.style(Style::new().bg(Color::Rgb(30, 40, 50)))
            } else {
                line
            }
        })
        .collect()
}

/// Cut spans into lines of `width` columns; continuation lines start
/// `indent` columns in. Must agree with [`super::diff::wrapped_lines`],
/// which the scrolling counts with.
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
                style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
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

/// One side of a side-by-side row, padded or cut to `width` columns.
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

fn status_line(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.totals();
    let mut spans = vec![
        Span::styled(
            format!(" {}/{} decided ", t.decided(), t.total()),
            Style::new().bold(),
        ),
        Span::styled(format!("✓{} ", t.accepted + t.edited), Style::new().fg(ADD)),
        Span::styled(format!("✗{} ", t.rejected), Style::new().fg(DEL)),
    ];
    let committed = app.committed_files();
    if committed > 0 {
        spans.push(Span::styled(
            format!("⇡{committed} committed "),
            Style::new().fg(Color::Cyan),
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
fn key_hints(app: &App, frame: &mut Frame, area: Rect) {
    if let Some((level, text)) = &app.notice {
        let color = match level {
            Level::Info => Color::Cyan,
            Level::Warn => Color::Yellow,
        };
        let line = Line::styled(format!(" {text}"), Style::new().fg(color).bold());
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
        return;
    }
    let mut spans = Vec::new();
    for (key, hint) in app.keymap.hints() {
        spans.push(Span::styled(
            format!(" {key}"),
            Style::new().fg(Color::Cyan).bold(),
        ));
        spans.push(Span::styled(format!(" {hint} "), DIM));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

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
/// wrapped text (the `_h` callers pass is a floor, kept for readability).
fn popup(frame: &mut Frame, area: Rect, w: u16, _h: u16, title: &str, text: Vec<Line<'_>>) {
    let inner = usize::from(w.min(area.width).saturating_sub(2)).max(1);
    let rows: usize = text.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(Style::new().fg(Color::Cyan));
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        r,
    );
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

fn help(app: &App, scroll: u16, frame: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    let mut group = "";
    for b in &app.keymap.bindings {
        if b.group != group {
            if !group.is_empty() {
                lines.push(Line::raw(""));
            }
            group = b.group;
            lines.push(Line::styled(group, Style::new().bold()));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<9}", b.label), Style::new().fg(Color::Cyan)),
            Span::raw(b.help),
        ]));
    }
    lines.push(Line::raw(""));
    let global: Vec<String> = app
        .keymap
        .global
        .iter()
        .map(|b| format!(" {} {}.", b.label, b.help))
        .collect();
    lines.push(Line::styled(
        format!(
            "In pop-ups: Enter confirms, Esc cancels.{}",
            global.concat()
        ),
        DIM,
    ));
    lines.push(Line::styled(
        "Marks: · pending  ◐ partly  ✓ decided  ✗ all rejected  ! needs a human (n findings)",
        DIM,
    ));
    let h = lines.len() as u16 + 2;
    let help = &app.keymap.help;
    let title = if h > area.height {
        format!(
            " Keys ({}/{} scroll) ",
            help.label(HelpKey::Down),
            help.label(HelpKey::Up)
        )
    } else {
        " Keys ".to_string()
    };
    let r = centered(area, 72, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .title(title)
        .border_style(Style::new().fg(Color::Cyan));
    let max = h.saturating_sub(r.height);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max), 0)),
        r,
    );
}

fn rules(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
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
                .border_style(Style::new().fg(Color::Cyan)),
        )
        .highlight_style(Style::new().bg(Color::DarkGray).bold())
        .highlight_symbol("▶ ");
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(list, r, &mut state);
}

fn commit_dialog(app: &App, frame: &mut Frame, area: Rect) {
    let Mode::Commit(form) = &app.mode else {
        return;
    };
    // A field's text, with the cursor where typing goes when it has focus
    // (a window of the text around the cursor when it is long).
    let field = |f: Field, label: &str, value: String| {
        let on = form.field == f;
        let mut spans = vec![Span::styled(
            format!("{}{label:<9}", if on { "▶ " } else { "  " }),
            if on {
                Style::new().fg(Color::Cyan).bold()
            } else {
                Style::new()
            },
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
            spans.push(Span::styled("▏", Style::new().fg(Color::Cyan)));
            spans.push(Span::raw(after));
            if last < chars.len() {
                spans.push(Span::styled("…", DIM));
            }
        } else {
            spans.push(Span::raw(value));
        }
        Line::from(spans)
    };
    let paths = &form.paths;
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
            Style::new().fg(Color::Yellow),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(field(
        Field::Branch,
        "Branch",
        form.branch.as_str().to_string(),
    ));
    lines.push(field(
        Field::Message,
        "Message",
        form.template.as_str().replace('\n', "⏎"),
    ));
    lines.push(field(
        Field::PerFile,
        "Commits",
        if form.per_file {
            format!("one per file ({})  {toggle}", form.files)
        } else {
            format!("one for all files  {toggle}")
        },
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        match (form.per_file, paths.first()) {
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
        lines.push(Line::styled(e.clone(), Style::new().fg(Color::Red)));
    } else if form.busy {
        lines.push(Line::styled("Committing…", Style::new().fg(Color::Yellow)));
    }
    lines.push(Line::styled(app.keymap.commit.hints(), DIM));
    let h = lines.len() as u16 + 2;
    popup(frame, area, 76, h, " Commit on a branch ", lines);
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
                    assert_eq!(lines.len(), wrapped(len, width, digits), "{digits} digits");
                }
                let lines = wrap(unified_row(Span::raw(" "), &row, 4), width, 4);
                assert_eq!(
                    lines.len(),
                    wrapped(len, width, 4),
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
                        crate::tui::diff::wrapped_pair(Some(&l), Some(&r), half, digits),
                        "{digits} digits"
                    );
                }
                let lines = side_row(Span::raw(" "), Some(&l), Some(&r), half, 4);
                assert_eq!(
                    lines.len(),
                    crate::tui::diff::wrapped_pair(Some(&l), Some(&r), half, 4),
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
