//! The keymap as data: every binding once, with its help text. The help
//! screen and the key hints on the status line are generated from it, so
//! they never drift from what the keys do. Every mode's keys are here: the
//! main view's actions, the pop-ups' tables, and the few keys that work in
//! every mode.

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

const fn ch(c: char) -> Key {
    code(KeyCode::Char(c))
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: Mods::Plain,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: Mods::Ctrl,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: Mods::Alt,
    }
}

/// A key whatever modifiers are held (the pop-ups' keys).
const fn any(code: KeyCode) -> Key {
    Key {
        code,
        mods: Mods::Any,
    }
}

const fn any_ch(c: char) -> Key {
    any(KeyCode::Char(c))
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

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        let b =
            |action, keys: &[Key], label, help, hint: Option<&'static str>, group: &'static str| {
                Binding {
                    action,
                    keys: keys.to_vec(),
                    label,
                    help,
                    hint,
                    group,
                }
            };
        Keymap {
            global: vec![b(
                Quit,
                &[ctrl('c')],
                "Ctrl-C",
                "quits from anywhere",
                None,
                "",
            )],
            help: help_keys(),
            filter: filter_keys(),
            rules: rules_keys(),
            confirm: confirm_keys(),
            commit: commit_keys(),
            bindings: vec![
                b(
                    Down,
                    &[ch('j'), code(KeyCode::Down)],
                    "j/↓",
                    "next file (diff pane: next hunk)",
                    None,
                    "Move",
                ),
                b(
                    Up,
                    &[ch('k'), code(KeyCode::Up)],
                    "k/↑",
                    "previous file (diff pane: previous hunk)",
                    None,
                    "Move",
                ),
                b(
                    SwitchPane,
                    &[code(KeyCode::Tab), code(KeyCode::BackTab)],
                    "Tab",
                    "switch between the file list and the diff",
                    None,
                    "Move",
                ),
                b(NextHunk, &[ch(']')], "]", "next hunk", Some("hunk"), "Move"),
                b(PrevHunk, &[ch('[')], "[", "previous hunk", None, "Move"),
                b(NextFile, &[ch('J')], "J", "next file", Some("file"), "Move"),
                b(PrevFile, &[ch('K')], "K", "previous file", None, "Move"),
                b(
                    PageDown,
                    &[code(KeyCode::PageDown), ctrl('d')],
                    "PgDn/^d",
                    "scroll the diff down",
                    None,
                    "Move",
                ),
                b(
                    PageUp,
                    &[code(KeyCode::PageUp), ctrl('u')],
                    "PgUp/^u",
                    "scroll the diff up",
                    None,
                    "Move",
                ),
                b(
                    Accept,
                    &[ch('y')],
                    "y",
                    "accept the hunk (and the hunks it needs)",
                    Some("accept"),
                    "Decide",
                ),
                b(
                    Reject,
                    &[ch('n')],
                    "n",
                    "reject the hunk (and the hunks that need it)",
                    Some("reject"),
                    "Decide",
                ),
                b(
                    AcceptFile,
                    &[ch('a')],
                    "a",
                    "accept every hunk in the file",
                    Some("all"),
                    "Decide",
                ),
                b(
                    RejectFile,
                    &[ch('d')],
                    "d",
                    "reject every hunk in the file",
                    None,
                    "Decide",
                ),
                b(
                    AcceptIdentical,
                    &[ch('A')],
                    "A",
                    "accept every identical change in every file",
                    Some("identical"),
                    "Decide",
                ),
                b(
                    RejectIdentical,
                    &[ch('D')],
                    "D",
                    "reject every identical change in every file",
                    None,
                    "Decide",
                ),
                b(
                    Undo,
                    &[ch('u')],
                    "u",
                    "undo the last decision (any number of times)",
                    Some("undo"),
                    "Decide",
                ),
                b(
                    Split,
                    &[ch('s')],
                    "s",
                    "split the hunk into its independent edits",
                    None,
                    "Decide",
                ),
                b(
                    Edit,
                    &[ch('e')],
                    "e",
                    "edit the hunk's new text in $EDITOR",
                    Some("edit"),
                    "Decide",
                ),
                b(
                    Filter,
                    &[ch('/')],
                    "/",
                    "filter files by path or folder (fuzzy)",
                    Some("filter"),
                    "View",
                ),
                b(
                    RuleFilter,
                    &[ch('r')],
                    "r",
                    "show only the files a rule touches",
                    None,
                    "View",
                ),
                b(
                    ToggleView,
                    &[ch('v')],
                    "v",
                    "unified / side-by-side diff",
                    None,
                    "View",
                ),
                b(
                    Commit,
                    &[ch('c')],
                    "c",
                    "commit the accepted hunks on the branch",
                    Some("commit"),
                    "View",
                ),
                b(Help, &[ch('?')], "?", "this help", Some("help"), "View"),
                b(
                    Quit,
                    &[ch('q')],
                    "q",
                    "quit (the session is saved)",
                    Some("quit"),
                    "View",
                ),
            ],
        }
    }
}

fn help_keys() -> Table<HelpKey> {
    use HelpKey::*;
    Table::new(vec![
        (
            Close,
            &[
                any(KeyCode::Esc),
                any_ch('q'),
                any_ch('?'),
                any(KeyCode::Enter),
            ],
            "Esc",
            None,
        ),
        (Down, &[any_ch('j'), any(KeyCode::Down)], "j", None),
        (Up, &[any_ch('k'), any(KeyCode::Up)], "k", None),
    ])
}

fn filter_keys() -> Table<FilterKey> {
    use FilterKey::*;
    Table::new(vec![
        (Keep, &[any(KeyCode::Enter)], "Enter", Some("keep")),
        (Cancel, &[any(KeyCode::Esc)], "Esc", Some("cancel")),
        (Backspace, &[any(KeyCode::Backspace)], "Backspace", None),
        (Clear, &[ctrl('u')], "^u", None),
    ])
}

fn rules_keys() -> Table<RulesKey> {
    use RulesKey::*;
    Table::new(vec![
        (Down, &[any_ch('j'), any(KeyCode::Down)], "j/↓", None),
        (Up, &[any_ch('k'), any(KeyCode::Up)], "k/↑", None),
        (Choose, &[any(KeyCode::Enter)], "Enter", None),
        (
            Close,
            &[any(KeyCode::Esc), any_ch('q'), any_ch('r')],
            "Esc",
            None,
        ),
    ])
}

fn confirm_keys() -> Table<ConfirmKey> {
    use ConfirmKey::*;
    Table::new(vec![
        (
            Yes,
            &[any_ch('y'), any_ch('Y'), any(KeyCode::Enter)],
            "y or Enter:",
            Some("yes"),
        ),
        (
            No,
            &[any_ch('n'), any(KeyCode::Esc)],
            "n, Esc or any other key:",
            Some("no"),
        ),
    ])
}

fn commit_keys() -> Table<FormKey> {
    use FormKey::*;
    Table::new(vec![
        (Submit, &[any(KeyCode::Enter)], "Enter", Some("commit")),
        (
            NextField,
            &[any(KeyCode::Tab), any(KeyCode::Down)],
            "Tab",
            Some("next field"),
        ),
        (
            NewLine,
            &[alt(KeyCode::Enter), ctrl('j')],
            "Alt-Enter or ^J:",
            Some("new line in the message"),
        ),
        (Cancel, &[any(KeyCode::Esc)], "Esc", Some("cancel")),
        (
            PrevField,
            &[any(KeyCode::BackTab), any(KeyCode::Up)],
            "Shift-Tab",
            None,
        ),
        // Before Left and Right: on the toggle they toggle.
        (
            Toggle,
            &[any_ch(' '), any(KeyCode::Left), any(KeyCode::Right)],
            "Space",
            None,
        ),
        (Left, &[any(KeyCode::Left)], "←", None),
        (Right, &[any(KeyCode::Right)], "→", None),
        (Home, &[any(KeyCode::Home), ctrl('a')], "Home/^a", None),
        (End, &[any(KeyCode::End), ctrl('e')], "End/^e", None),
        (Backspace, &[any(KeyCode::Backspace)], "Backspace", None),
        (Clear, &[ctrl('u')], "^u", None),
    ])
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
