//! The messages `update` takes and the effects it returns, and the data the
//! loader and the main loop hand in: what a file's review starts from, what
//! a commit should contain and what it made, where the review aims. Plain
//! data with no reference to the app's state, so that it can move into the
//! core modules.

use std::collections::{BTreeMap, HashMap};

use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::analyze::Kind;
use crate::review::HunkId;
use crate::rewrite::FileProposal;

/// A file the loader found: its findings and, when fixable, its proposal.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: String,
    pub findings: Vec<FindingRow>,
    pub proposal: FileProposal,
    /// Fixes that could not be proposed, and why (they need a human).
    pub manual: Vec<Manual>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub line: usize,
    pub rule: String,
    pub kind: Kind,
    pub message: String,
}

/// Something in a file that only a human can fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manual {
    pub line: Option<usize>,
    pub rule: String,
    pub text: String,
}

/// What the loader reports.
#[derive(Debug, Clone)]
pub enum LoadMsg {
    /// The scan visited this many files so far.
    Scanning(usize),
    /// The scan is over; this many files have findings and will follow.
    Scanned {
        files: usize,
    },
    File(Box<Loaded>),
    Done,
    Failed(String),
}

/// The result of a commit the main loop made.
#[derive(Debug, Clone)]
pub struct Committed {
    pub branch: String,
    pub commits: Vec<String>,
    pub paths: Vec<String>,
    /// Something that went wrong after the commit was made.
    pub warning: Option<String>,
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
    Committed(Result<Committed, String>),
    /// An effect failed (a session that could not be saved, …).
    Error(String),
}

/// What the commit dialog asks the main loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitPlan {
    pub branch: String,
    /// The message template (`{rules}`, `{count}`, `{files}`, `{branch}`).
    pub template: String,
    pub per_file: bool,
    /// Path and its full new contents, by path.
    pub changes: Vec<(String, String)>,
    /// The rules of each path's accepted hunks.
    pub rules: BTreeMap<String, Vec<String>>,
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

/// Where the review is and what it aims at, for the status line.
#[derive(Debug, Clone, Default)]
pub struct Target {
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

impl Target {
    /// The rules' notes and ids from `config`, the base as described by the
    /// git layer, and the branch commits go to.
    pub fn new(config: &crate::rules::Config, base: String, branch: String) -> Self {
        Target {
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
