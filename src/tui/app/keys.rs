//! Key and mouse dispatch: which mode a key goes to, and what the main
//! view's actions do.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};

use super::{App, Effect, Layout, Level, Mode, Pane, plural};
use crate::review::Decision;
use crate::tui::diff;
use crate::tui::keymap::Action;

impl App {
    // ---- keys ----------------------------------------------------------

    pub(super) fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind != KeyEventKind::Press {
            return vec![];
        }
        self.moved = true;
        // Ctrl-C quits from anywhere, saving first.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return vec![Effect::Save, Effect::Quit];
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => self.normal_key(key),
            Mode::Help(scroll) => {
                self.mode = match key.code {
                    KeyCode::Esc | KeyCode::Char('q' | '?') | KeyCode::Enter => Mode::Normal,
                    KeyCode::Char('j') | KeyCode::Down => Mode::Help(scroll.saturating_add(1)),
                    KeyCode::Char('k') | KeyCode::Up => Mode::Help(scroll.saturating_sub(1)),
                    _ => Mode::Help(scroll),
                };
                vec![]
            }
            Mode::Filter { input, previous } => self.filter_key(key, input, previous),
            Mode::Rules { selected } => self.rules_key(key, selected),
            Mode::Confirm(bulk) => match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => self.run_bulk(bulk),
                _ => {
                    self.say(Level::Info, "Cancelled.");
                    vec![]
                }
            },
            Mode::Commit(form) => self.commit_key(key, form),
        }
    }

    pub(super) fn filter_key(
        &mut self,
        key: KeyEvent,
        mut input: String,
        previous: Option<String>,
    ) -> Vec<Effect> {
        let keep = self.current().map(|e| e.path.clone());
        match key.code {
            KeyCode::Esc => {
                self.filters.path = previous;
                self.refilter(keep.as_deref());
                self.refresh();
                return vec![];
            }
            KeyCode::Enter => {
                self.resume = None;
                self.refresh();
                let n = self.visible.len();
                self.say(
                    Level::Info,
                    match &self.filters.path {
                        Some(q) => format!("{n} file{} match “{q}”.", plural(n)),
                        None => "Path filter cleared.".into(),
                    },
                );
                return vec![Effect::Save];
            }
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => input.clear(),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => input.push(c),
            _ => {}
        }
        self.filters.path = (!input.is_empty()).then(|| input.clone());
        self.refilter(keep.as_deref());
        self.refresh();
        self.mode = Mode::Filter { input, previous };
        vec![]
    }

    pub(super) fn rules_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
        let n = self.target.rules.len() + 1;
        let selected = match key.code {
            KeyCode::Char('j') | KeyCode::Down => (selected + 1) % n,
            KeyCode::Char('k') | KeyCode::Up => (selected + n - 1) % n,
            KeyCode::Enter => {
                let keep = self.current().map(|e| e.path.clone());
                self.filters.rule = self.target.rules.get(selected.wrapping_sub(1)).cloned();
                self.resume = None;
                self.refilter(keep.as_deref());
                self.refresh();
                let v = self.visible.len();
                let text = match &self.filters.rule {
                    Some(r) => format!("{v} file{} with rule {r}.", plural(v)),
                    None => "Rule filter cleared.".into(),
                };
                self.say(Level::Info, text);
                return vec![Effect::Save];
            }
            KeyCode::Esc | KeyCode::Char('q' | 'r') => return vec![],
            _ => selected,
        };
        self.mode = Mode::Rules { selected };
        vec![]
    }

    pub(super) fn normal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // A notice lasts until the next key (which may set a new one).
        self.notice = None;
        if key.code == KeyCode::Esc {
            return vec![];
        }
        let Some(action) = self.keymap.action(&key) else {
            return vec![];
        };
        self.act(action)
    }

    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Down | Action::Up => {
                let forward = action == Action::Down;
                match self.focus {
                    Pane::Files => {
                        let pos = if forward {
                            self.selected + 1
                        } else {
                            self.selected.saturating_sub(1)
                        };
                        self.select_file(pos);
                    }
                    Pane::Diff => self.move_hunk(forward),
                }
            }
            Action::SwitchPane => {
                self.focus = match self.focus {
                    Pane::Files => Pane::Diff,
                    Pane::Diff => Pane::Files,
                }
            }
            Action::NextHunk => self.move_hunk(true),
            Action::PrevHunk => self.move_hunk(false),
            Action::NextFile => self.select_file(self.selected + 1),
            Action::PrevFile => self.select_file(self.selected.saturating_sub(1)),
            Action::PageDown => self.scroll_and_follow((self.diff_height() / 2).max(1) as isize),
            Action::PageUp => self.scroll_and_follow(-((self.diff_height() / 2).max(1) as isize)),
            Action::Accept => return self.decide(Decision::Accepted),
            Action::Reject => return self.decide(Decision::Rejected),
            Action::AcceptFile => return self.decide_file(true),
            Action::RejectFile => return self.decide_file(false),
            Action::AcceptIdentical => return self.ask_bulk(true),
            Action::RejectIdentical => return self.ask_bulk(false),
            Action::Undo => return self.undo(),
            Action::Split => return self.split(),
            Action::Edit => {
                let (Some(e), Some(id)) = (self.current(), self.current_hunk()) else {
                    self.say(Level::Info, "No hunk here to edit.");
                    return vec![];
                };
                let text = match &self.refused {
                    Some((p, h, text)) if *p == e.path && *h == id => text.clone(),
                    _ => diff::new_text(&e.review, id)
                        .unwrap_or_default()
                        .to_string(),
                };
                return vec![Effect::Edit {
                    path: e.path.clone(),
                    hunk: id,
                    text,
                }];
            }
            Action::Filter => {
                // A new query, as in lazygit; Esc brings the old one back.
                self.mode = Mode::Filter {
                    input: String::new(),
                    previous: self.filters.path.clone(),
                };
                let keep = self.current().map(|e| e.path.clone());
                self.filters.path = None;
                self.refilter(keep.as_deref());
                self.refresh();
            }
            Action::RuleFilter => {
                let selected = self
                    .filters
                    .rule
                    .as_ref()
                    .and_then(|r| self.target.rules.iter().position(|x| x == r))
                    .map_or(0, |p| p + 1);
                self.mode = Mode::Rules { selected };
            }
            Action::ToggleView => {
                self.layout = match self.layout {
                    Layout::Unified => Layout::SideBySide,
                    Layout::SideBySide => Layout::Unified,
                };
                self.scroll_to_hunk();
            }
            Action::Commit => self.open_commit(),
            Action::Help => self.mode = Mode::Help(0),
            Action::Quit => {
                return vec![Effect::Save, Effect::Quit];
            }
        }
        vec![]
    }

    pub(super) fn mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        // A pop-up is waiting for an answer about what is on screen.
        if self.mode != Mode::Normal {
            return vec![];
        }
        let over_list = self.two_panes() && m.column < self.list_width();
        let delta = match m.kind {
            MouseEventKind::ScrollDown => 1,
            MouseEventKind::ScrollUp => -1,
            _ => return vec![],
        };
        if over_list {
            let pos = self.selected.saturating_add_signed(delta);
            self.select_file(pos);
        } else {
            self.scroll_and_follow(delta * 3);
        }
        vec![]
    }
}
