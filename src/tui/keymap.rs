//! The keymap as data: every binding once, with its help text. The help
//! screen and the key hints on the status line are generated from it, so
//! they never drift from what the keys do.

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

/// A key: a code and whether Ctrl must be held (Shift is part of the char).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
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

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
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
                    &[ch('q'), ctrl('c')],
                    "q",
                    "quit (the session is saved)",
                    Some("quit"),
                    "View",
                ),
            ],
        }
    }
}

impl Keymap {
    /// The action bound to `key`, if any.
    pub fn action(&self, key: &KeyEvent) -> Option<Action> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.bindings
            .iter()
            .find(|b| b.keys.iter().any(|k| k.code == key.code && k.ctrl == ctrl))
            .map(|b| b.action)
    }

    /// "y accept · n reject · …" for the status line.
    pub fn hints(&self) -> Vec<(&'static str, &'static str)> {
        self.bindings
            .iter()
            .filter_map(|b| b.hint.map(|h| (first_key(b.label), h)))
            .collect()
    }
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
