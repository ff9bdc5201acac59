//! The default bindings: the main view's, one table per help group, and
//! each pop-up's table. The keys live here as data; `mod.rs` looks them up
//! and hard-codes none.

use ratatui::crossterm::event::KeyCode;

use super::{
    Action, Binding, ConfirmKey, FilterKey, FormKey, HelpKey, Key, Keymap, Mods, RulesKey, Table,
};

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

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            global: group(
                "",
                vec![(
                    Action::Quit,
                    &[ctrl('c')],
                    "Ctrl-C",
                    "quits from anywhere",
                    None,
                )],
            ),
            help: help_keys(),
            filter: filter_keys(),
            rules: rules_keys(),
            confirm: confirm_keys(),
            commit: commit_keys(),
            bindings: [move_bindings(), decide_bindings(), view_bindings()].concat(),
        }
    }
}

/// A main-view binding's action, keys, label, help text and hint.
type Row<'k> = (
    Action,
    &'k [Key],
    &'static str,
    &'static str,
    Option<&'static str>,
);

/// The bindings of one help group, in the help screen's order.
fn group(group: &'static str, rows: Vec<Row>) -> Vec<Binding> {
    rows.into_iter()
        .map(|(action, keys, label, help, hint)| Binding {
            action,
            keys: keys.to_vec(),
            label,
            help,
            hint,
            group,
        })
        .collect()
}

/// The main view's keys that move between files and hunks.
fn move_bindings() -> Vec<Binding> {
    use Action::*;
    group(
        "Move",
        vec![
            (
                Down,
                &[ch('j'), code(KeyCode::Down)],
                "j/↓",
                "next file (diff pane: next hunk)",
                None,
            ),
            (
                Up,
                &[ch('k'), code(KeyCode::Up)],
                "k/↑",
                "previous file (diff pane: previous hunk)",
                None,
            ),
            (
                SwitchPane,
                &[code(KeyCode::Tab), code(KeyCode::BackTab)],
                "Tab",
                "switch between the file list and the diff",
                None,
            ),
            (NextHunk, &[ch(']')], "]", "next hunk", Some("hunk")),
            (PrevHunk, &[ch('[')], "[", "previous hunk", None),
            (NextFile, &[ch('J')], "J", "next file", Some("file")),
            (PrevFile, &[ch('K')], "K", "previous file", None),
            (
                PageDown,
                &[code(KeyCode::PageDown), ctrl('d')],
                "PgDn/^d",
                "scroll the diff down",
                None,
            ),
            (
                PageUp,
                &[code(KeyCode::PageUp), ctrl('u')],
                "PgUp/^u",
                "scroll the diff up",
                None,
            ),
        ],
    )
}

/// The main view's keys that decide hunks.
fn decide_bindings() -> Vec<Binding> {
    use Action::*;
    group(
        "Decide",
        vec![
            (
                Accept,
                &[ch('y')],
                "y",
                "accept the hunk (and the hunks it needs or goes with)",
                Some("accept"),
            ),
            (
                Reject,
                &[ch('n')],
                "n",
                "reject the hunk (and the hunks that need it or go with it)",
                Some("reject"),
            ),
            (
                AcceptFile,
                &[ch('a')],
                "a",
                "accept every hunk in the file",
                Some("all"),
            ),
            (
                RejectFile,
                &[ch('d')],
                "d",
                "reject every hunk in the file",
                None,
            ),
            (
                AcceptIdentical,
                &[ch('A')],
                "A",
                "accept every identical change in every file",
                Some("identical"),
            ),
            (
                RejectIdentical,
                &[ch('D')],
                "D",
                "reject every identical change in every file",
                None,
            ),
            (
                Undo,
                &[ch('u')],
                "u",
                "undo the last decision (any number of times)",
                Some("undo"),
            ),
            (
                Split,
                &[ch('s')],
                "s",
                "split the hunk into its independent edits",
                None,
            ),
            (
                Edit,
                &[ch('e')],
                "e",
                "edit the hunk's new text in $EDITOR",
                Some("edit"),
            ),
        ],
    )
}

/// The main view's keys that filter, change the view, commit, help and quit.
fn view_bindings() -> Vec<Binding> {
    use Action::*;
    group(
        "View",
        vec![
            (
                Filter,
                &[ch('/')],
                "/",
                "filter files by path or folder (fuzzy)",
                Some("filter"),
            ),
            (
                RuleFilter,
                &[ch('r')],
                "r",
                "show only the files a rule touches",
                None,
            ),
            (
                ToggleView,
                &[ch('v')],
                "v",
                "unified / side-by-side diff",
                None,
            ),
            (
                Commit,
                &[ch('c')],
                "c",
                "commit the accepted hunks on the branch",
                Some("commit"),
            ),
            (Help, &[ch('?')], "?", "this help", Some("help")),
            (
                Quit,
                &[ch('q')],
                "q",
                "quit (the session is saved)",
                Some("quit"),
            ),
        ],
    )
}

/// The help screen's keys.
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

/// The path filter prompt's keys.
fn filter_keys() -> Table<FilterKey> {
    use FilterKey::*;
    Table::new(vec![
        (Keep, &[any(KeyCode::Enter)], "Enter", Some("keep")),
        (Cancel, &[any(KeyCode::Esc)], "Esc", Some("cancel")),
        (Backspace, &[any(KeyCode::Backspace)], "Backspace", None),
        (Clear, &[ctrl('u')], "^u", None),
    ])
}

/// The rule picker's keys.
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

/// The bulk confirmation's keys.
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

/// The commit form's keys, in its hint line's order.
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
