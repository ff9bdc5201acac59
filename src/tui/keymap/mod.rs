//! The keymap as data: every binding once, with its help text. The help
//! screen and the key hints on the status line are generated from it, so
//! they never drift from what the keys do. Every mode's keys are here: the
//! main view's actions, the pop-ups' tables, and the few keys that work in
//! every mode. This file holds the types and the lookup; the default tables
//! are in `defaults.rs`.

mod defaults;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key does in the main view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Down,
    Up,
    SwitchPane,
    NextHunk,
    PrevHunk,
    NextFile,
    PrevFile,
    PageDown,
    PageUp,
    Accept,
    Reject,
    AcceptFile,
    RejectFile,
    AcceptIdentical,
    RejectIdentical,
    Undo,
    Split,
    Edit,
    Filter,
    RuleFilter,
    ToggleView,
    Commit,
    Help,
    Quit,
}

/// Which modifiers a key needs. Shift is part of the char, so `J` is
/// `Char('J')` with `Plain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mods {
    /// Ctrl not held (Alt may be).
    Plain,
    /// Ctrl held.
    Ctrl,
    /// Alt held.
    Alt,
    /// Whatever is held.
    Any,
}

/// A key: a code and the modifiers it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Mods,
}

impl Key {
    fn matches(&self, key: &KeyEvent) -> bool {
        self.code == key.code
            && match self.mods {
                Mods::Plain => !key.modifiers.contains(KeyModifiers::CONTROL),
                Mods::Ctrl => key.modifiers.contains(KeyModifiers::CONTROL),
                Mods::Alt => key.modifiers.contains(KeyModifiers::ALT),
                Mods::Any => true,
            }
    }

    /// Whether the key asks for a held modifier: Alt-Enter is more specific
    /// than an Enter that takes any modifier.
    fn specific(&self) -> bool {
        matches!(self.mods, Mods::Ctrl | Mods::Alt)
    }
}

/// One binding: its keys, how they are written, what it does, and the short
/// word used in the status line's hints (only for the most used ones).
#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub label: &'static str,
    pub help: &'static str,
    pub hint: Option<&'static str>,
    pub group: &'static str,
}

/// A pop-up's binding: its keys, how they are written, and the word its
/// hint line shows (for the ones it shows).
#[derive(Debug, Clone)]
pub struct ModalBinding<A> {
    pub action: A,
    pub keys: Vec<Key>,
    pub label: &'static str,
    pub hint: Option<&'static str>,
}

/// One mode's bindings, in the order its hint line shows them.
#[derive(Debug, Clone)]
pub struct Table<A> {
    pub bindings: Vec<ModalBinding<A>>,
}

impl<A: Copy + PartialEq> Table<A> {
    fn new(bindings: Vec<(A, &[Key], &'static str, Option<&'static str>)>) -> Self {
        let bindings = bindings
            .into_iter()
            .map(|(action, keys, label, hint)| ModalBinding {
                action,
                keys: keys.to_vec(),
                label,
                hint,
            })
            .collect();
        Table { bindings }
    }

    /// The action for `key`, if any.
    pub fn action(&self, key: &KeyEvent) -> Option<A> {
        self.action_where(key, |_| true)
    }

    /// The action for `key` among those `applies` lets through (the commit
    /// form's toggle only on its toggle, …): a binding that asks for the
    /// held modifier first, else the first that matches.
    pub fn action_where(&self, key: &KeyEvent, applies: impl Fn(A) -> bool) -> Option<A> {
        let hits = || {
            self.bindings
                .iter()
                .filter(|b| applies(b.action))
                .flat_map(|b| b.keys.iter().map(move |k| (k, b.action)))
                .filter(|(k, _)| k.matches(key))
        };
        hits()
            .find(|(k, _)| k.specific())
            .or_else(|| hits().next())
            .map(|(_, a)| a)
    }

    /// How `action`'s keys are written.
    pub fn label(&self, action: A) -> &'static str {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map_or("", |b| b.label)
    }

    /// "Enter keep · Esc cancel" for the mode's hint line.
    pub fn hints(&self) -> String {
        self.bindings
            .iter()
            .filter_map(|b| b.hint.map(|h| format!("{} {h}", b.label)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The help screen's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpKey {
    Close,
    Down,
    Up,
}

/// The path filter prompt's keys; other characters are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    Keep,
    Cancel,
    Backspace,
    Clear,
}

/// The rule picker's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesKey {
    Down,
    Up,
    Choose,
    Close,
}

/// The bulk confirmation's keys; any other key is a no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmKey {
    Yes,
    No,
}

/// The commit form's keys; other characters are typed into the focused
/// field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Submit,
    NextField,
    /// A new line in the message (only there).
    NewLine,
    Cancel,
    PrevField,
    /// One commit or one per file (only on that field).
    Toggle,
    Left,
    Right,
    Home,
    End,
    Backspace,
    Clear,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    /// Keys that work in every mode, before the mode's own (Ctrl-C).
    pub global: Vec<Binding>,
    /// The main view's.
    pub bindings: Vec<Binding>,
    pub help: Table<HelpKey>,
    pub filter: Table<FilterKey>,
    pub rules: Table<RulesKey>,
    pub confirm: Table<ConfirmKey>,
    pub commit: Table<FormKey>,
}

impl Keymap {
    /// The key that works in every mode, if `key` is one.
    pub fn global(&self, key: &KeyEvent) -> Option<Action> {
        find(&self.global, key)
    }

    /// The action `key` does in the main view, if any.
    pub fn action(&self, key: &KeyEvent) -> Option<Action> {
        self.global(key).or_else(|| find(&self.bindings, key))
    }

    /// "y accept · n reject · …" for the status line.
    pub fn hints(&self) -> Vec<(&'static str, &'static str)> {
        self.bindings
            .iter()
            .filter_map(|b| b.hint.map(|h| (first_key(b.label), h)))
            .collect()
    }
}

/// A character typed into a text field: a char key without Ctrl.
pub fn typed(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
        _ => None,
    }
}

fn find(bindings: &[Binding], key: &KeyEvent) -> Option<Action> {
    bindings
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.action)
}

/// "j/↓" -> "j".
fn first_key(label: &'static str) -> &'static str {
    match label.split('/').next() {
        Some(k) if !k.is_empty() => k,
        _ => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn every_action_has_exactly_one_binding_and_no_key_is_bound_twice() {
        let map = Keymap::default();
        let mut seen = Vec::new();
        for b in &map.bindings {
            assert!(!seen.contains(&b.action), "{:?} bound twice", b.action);
            seen.push(b.action);
            for k in &b.keys {
                let owners = map.bindings.iter().filter(|o| o.keys.contains(k)).count();
                assert_eq!(owners, 1, "{k:?} has {owners} bindings");
            }
        }
        assert_eq!(seen.len(), 24);
    }

    #[test]
    fn shifted_letters_and_ctrl_keys_resolve() {
        let map = Keymap::default();
        assert_eq!(
            map.action(&key(KeyCode::Char('J'), KeyModifiers::SHIFT)),
            Some(Action::NextFile)
        );
        assert_eq!(
            map.action(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(&key(KeyCode::Char('c'), KeyModifiers::NONE)),
            Some(Action::Commit)
        );
        assert_eq!(
            map.action(&key(KeyCode::Char('x'), KeyModifiers::NONE)),
            None
        );
    }
}
