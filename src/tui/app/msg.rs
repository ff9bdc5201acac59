//! The messages `update` takes and the effects it returns, and the data the
//! loader and the main loop hand in: what a file's review starts from, what
//! a commit should contain and what it made, where the review aims. Plain
//! data with no reference to the app's state, so that it can move into the
//! core modules.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::review::HunkId;

/// A file the loader found, what a commit should contain and what it
/// made: the core's types, which the CLI prints too.
pub use crate::pipeline::accept::CommitPlan;
pub use crate::pipeline::commit::{CommitError, Committed};
pub use crate::pipeline::{FindingRow, Manual, Reviewable as Loaded};

/// What the loader reports.
#[derive(Debug, Clone)]
pub enum LoadMsg {
    /// The scan visited this many files so far.
    Scanning(usize),
    /// The scan is over; this many files have findings and will follow.
    /// `warnings`: what it could not read or parse, one line each
    /// (`path: why`), as `canon check` prints them.
    Scanned {
        files: usize,
        warnings: Vec<String>,
    },
    File(Box<Loaded>),
    /// Once every file is in: each file's links to hunks of others (see
    /// [`crate::pipeline::links`]).
    Links(crate::pipeline::links::Links),
    Done,
    Failed(String),
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Load(LoadMsg),
    /// The reviewer's text for a hunk, back from `$EDITOR` (or why not).
    Edited {
        path: String,
        hunk: HunkId,
        result: Result<String, String>,
    },
    /// The commit's outcome; an error is typed, so that the dialog can
    /// tell a branch that moved from a verify that failed.
    Committed(Result<Committed, Arc<CommitError>>),
    /// An effect failed (a session that could not be saved, …).
    Error(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Save,
    Edit {
        path: String,
        hunk: HunkId,
        text: String,
    },
    Commit(CommitPlan),
    Quit,
}

/// What the review was set up with: the base, the branch it aims at, the
/// rules (the status line and the filters show them). Not the git layer's
/// `pipeline::Target`, which it is described from.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// "HEAD (abc1234)".
    pub base: String,
    pub branch: String,
    pub template: String,
    /// Rule id -> its note.
    pub notes: HashMap<String, String>,
    /// Rule ids in config order, for the rule filter.
    pub rules: Vec<String>,
    /// The folder the review is narrowed to (`canon review PATH`): saved
    /// decisions outside it are kept as they are, not dropped.
    pub scope: Option<String>,
}

impl Setup {
    /// The rules' notes and ids from `config`, the base as described by the
    /// git layer, and the branch commits go to.
    pub fn new(config: &crate::rules::Config, base: String, branch: String) -> Self {
        Setup {
            base,
            branch,
            template: config.settings.message.clone(),
            notes: config
                .rules
                .iter()
                .filter_map(|r| r.note.clone().map(|n| (r.id.clone(), n)))
                .collect(),
            rules: config.rules.iter().map(|r| r.id.clone()).collect(),
            scope: None,
        }
    }

    /// Whether `path` is inside the folder the review is narrowed to.
    pub fn in_scope(&self, path: &str) -> bool {
        super::in_folder(path, self.scope.as_deref())
    }
}
