//! Key and mouse dispatch: which mode a key goes to, and what the main
//! view's actions do.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseEvent, MouseEventKind};

use super::{App, Effect, Layout, Level, Mode, Pane, plural};
use crate::review::Decision;
use crate::tui::diff;
use crate::tui::keymap::{Action, ConfirmKey, FilterKey, HelpKey, RulesKey, typed};
use crate::tui::text_field::TextField;

impl App {
    pub(super) fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind != KeyEventKind::Press {
            return vec![];
        }
        self.moved = true;
        // The keys of every mode first (Ctrl-C quits, saving first).
        if let Some(action) = self.keymap.global(&key) {
            return self.act(action);
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => self.normal_key(key),
            Mode::Help(scroll) => {
                self.mode = match self.keymap.help.action(&key) {
                    Some(HelpKey::Close) => Mode::Normal,
                    Some(HelpKey::Down) => Mode::Help(scroll.saturating_add(1)),
                    Some(HelpKey::Up) => Mode::Help(scroll.saturating_sub(1)),
                    None => Mode::Help(scroll),
                };
                vec![]
            }
            Mode::Filter { input, previous } => self.filter_key(key, input, previous),
            Mode::Rules { selected } => self.rules_key(key, selected),
            Mode::Confirm(bulk) => match self.keymap.confirm.action(&key) {
                Some(ConfirmKey::Yes) => self.run_bulk(bulk),
                Some(ConfirmKey::No) | None => {
                    self.say(Level::Info, "Cancelled.");
                    vec![]
                }
            },
            Mode::Commit(form) => self.commit_key(key, form),
        }
    }

    fn filter_key(
        &mut self,
        key: KeyEvent,
        mut input: TextField,
        previous: Option<String>,
    ) -> Vec<Effect> {
        let keep = self.current().map(|e| e.path.clone());
        match self.keymap.filter.action(&key) {
            Some(FilterKey::Cancel) => {
                self.filters.path = previous;
                self.refilter(keep.as_deref());
                self.refresh();
                return vec![];
            }
            Some(FilterKey::Keep) => {
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
            Some(FilterKey::Backspace) => input.backspace(),
            Some(FilterKey::Clear) => input.clear(),
            None => {
                if let Some(c) = typed(&key) {
                    input.insert(c);
                }
            }
        }
        self.filters.path = (!input.is_empty()).then(|| input.as_str().to_string());
        self.refilter(keep.as_deref());
        self.refresh();
        self.mode = Mode::Filter { input, previous };
        vec![]
    }

    fn rules_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
        let n = self.target.rules.len() + 1;
        let selected = match self.keymap.rules.action(&key) {
            Some(RulesKey::Down) => (selected + 1) % n,
            Some(RulesKey::Up) => (selected + n - 1) % n,
            Some(RulesKey::Choose) => return self.choose_rule(selected),
            Some(RulesKey::Close) => return vec![],
            None => selected,
        };
        self.mode = Mode::Rules { selected };
        vec![]
    }

    /// Show only the files rule `selected` touches (0: all of them).
    fn choose_rule(&mut self, selected: usize) -> Vec<Effect> {
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
        vec![Effect::Save]
    }

    fn normal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // A notice lasts until the next key (which may set a new one).
        self.notice = None;
        let Some(action) = self.keymap.action(&key) else {
            return vec![];
        };
        self.act(action)
    }

    pub(super) fn act(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Down => self.step(true),
            Action::Up => self.step(false),
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
            Action::Edit => return self.edit_hunk(),
            Action::Filter => self.open_filter(),
            Action::RuleFilter => self.open_rules(),
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

    /// Down or up the focused pane: a file in the list, a hunk in the diff.
    fn step(&mut self, forward: bool) {
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

    /// Hand the current hunk's new text (or the text its file refused) to
    /// `$EDITOR`.
    fn edit_hunk(&mut self) -> Vec<Effect> {
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
        vec![Effect::Edit {
            path: e.path.clone(),
            hunk: id,
            text,
        }]
    }

    fn open_filter(&mut self) {
        // A new query, as in lazygit; Esc brings the old one back.
        self.mode = Mode::Filter {
            input: TextField::default(),
            previous: self.filters.path.clone(),
        };
        let keep = self.current().map(|e| e.path.clone());
        self.filters.path = None;
        self.refilter(keep.as_deref());
        self.refresh();
    }

    fn open_rules(&mut self) {
        let selected = self
            .filters
            .rule
            .as_ref()
            .and_then(|r| self.target.rules.iter().position(|x| x == r))
            .map_or(0, |p| p + 1);
        self.mode = Mode::Rules { selected };
    }

    pub(super) fn mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        // A pop-up is waiting for an answer about what is on screen.
        if self.mode != Mode::Normal {
            return vec![];
        }
        let panes = self.panes();
        let over_list = panes.two && m.column < panes.list.right();
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
