//! The review app's state and `update()`: every key, mouse event, loaded
//! file and effect result is a [`Msg`]; `update` changes the state and
//! returns the [`Effect`]s (save, edit, commit, quit) for the main loop to
//! run. No I/O and no terminal here, so tests script it with messages.
//!
//! `App`'s methods live by concern: `msg` the data going in and out,
//! `entries` the file list and its filters, `nav` moving and scrolling,
//! `decide` decisions and undo, `commit_form` the commit dialog, `keys`
//! the key and mouse dispatch.

mod commit_form;
mod decide;
mod entries;
mod keys;
mod msg;
mod nav;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use ratatui::layout::Rect;

use super::diff::Rendered;
use super::keymap::Keymap;
use super::layout::{self, HunkStarts, Panes};
use super::text_field::TextField;
use crate::review::Filters;
use crate::review::{Cursor, Decision, HunkId, Saved, Session};

pub use commit_form::{CommitForm, Field};
pub use decide::Bulk;
pub use entries::{Entry, Mark, fuzzy, in_folder};
pub use msg::{CommitPlan, Committed, Effect, FindingRow, LoadMsg, Loaded, Manual, Msg, Setup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Files,
    Diff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Unified,
    SideBySide,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// The help screen, scrolled this many lines.
    Help(u16),
    /// Typing a path filter; `previous` comes back on Esc.
    Filter {
        input: TextField,
        previous: Option<String>,
    },
    /// Choosing a rule; 0 is "all rules".
    Rules {
        selected: usize,
    },
    Confirm(Bulk),
    Commit(CommitForm),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loading {
    pub visited: usize,
    /// Files with findings, once the scan is over.
    pub expected: Option<usize>,
    pub loaded: usize,
    pub done: bool,
    pub error: Option<String>,
    /// The scan's warnings (files skipped or not parsed), one line each.
    pub warnings: Vec<String>,
}

/// The parts of a hunk's header, for the view to style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Marker,
    Decision(Decision),
    Rules,
    Links,
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
}

pub struct App {
    pub keymap: Keymap,
    pub target: Setup,
    /// Sorted by path.
    pub entries: Vec<Entry>,
    /// Indices into `entries` passing the filters (and not committed).
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// Hunk index in the selected file.
    pub hunk: usize,
    /// First row of the diff pane.
    pub scroll: usize,
    pub focus: Pane,
    pub layout: Layout,
    pub mode: Mode,
    pub filters: Filters,
    pub notice: Option<(Level, String)>,
    pub loading: Loading,
    pub size: (u16, u16),
    /// Decisions from the session file for files not loaded yet.
    saved: BTreeMap<String, Saved>,
    /// Where the session left off, until the reviewer moves.
    resume: Option<Cursor>,
    /// Decisions dropped because their hunk changed (counted when the
    /// load is done).
    pub dropped: usize,
    pub restored: usize,
    /// Saved decisions on copies that could not be placed (counted when
    /// the load is done): their copies are held.
    pub held: usize,
    /// Per loaded file: what became of its saved decisions so far.
    resumed: BTreeMap<String, entries::Resumed>,
    /// Each undo step: the paths whose review changed, and the hunk the
    /// cursor was on.
    undo: Vec<(Vec<String>, usize)>,
    /// Rendered diffs by path.
    cache: HashMap<String, Rendered>,
    /// The selected file's hunk starts, and what they were counted for.
    rows: RefCell<Option<(nav::RowsKey, HunkStarts)>>,
    /// The reviewer moved: streamed files no longer move the selection.
    moved: bool,
    /// First row of the file list on screen.
    pub list_offset: usize,
    /// Files committed this session, per branch.
    pub committed_on: BTreeMap<String, usize>,
    /// Rejections in committed files, kept for the next review (the
    /// accepted hunks are in the branch by then and need no decision).
    carried: BTreeMap<String, Saved>,
    /// An edit the file refused, offered again by the next `e` on its hunk.
    refused: Option<(String, HunkId, String)>,
}

impl App {
    pub fn new(target: Setup, session: Option<Session>, size: (u16, u16)) -> Self {
        let session = session.unwrap_or_default();
        App {
            keymap: Keymap::default(),
            target,
            entries: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            hunk: 0,
            scroll: 0,
            focus: Pane::Files,
            layout: Layout::Unified,
            mode: Mode::Normal,
            filters: session.filters,
            notice: None,
            loading: Loading::default(),
            size,
            saved: session.files,
            resume: session.cursor,
            dropped: 0,
            restored: 0,
            held: 0,
            resumed: BTreeMap::new(),
            undo: Vec::new(),
            cache: HashMap::new(),
            rows: RefCell::new(None),
            moved: false,
            list_offset: 0,
            committed_on: BTreeMap::new(),
            carried: BTreeMap::new(),
            refused: None,
        }
    }

    /// The session to save: every decision (including those of files not
    /// loaded yet), the cursor and the filters.
    pub fn session(&self) -> Session {
        let mut files = self.saved.clone();
        files.extend(self.carried.clone());
        let mut session = Session {
            files,
            filters: self.filters.clone(),
            ..Session::default()
        };
        for e in self.entries.iter().filter(|e| !e.committed) {
            session.record(&e.review);
            // While loading, a saved decision this proposal has no hunk for
            // may fit the file's final proposal: it is kept.
            if !self.loading.done
                && let Some(saved) = self.saved.get(&e.path)
            {
                let mut kept = saved.unseen_in(&e.review);
                if !kept.is_empty() {
                    kept.extend(e.review.saved());
                    session.files.insert(e.path.clone(), kept);
                }
            }
        }
        session.cursor = self.resume.clone().or_else(|| {
            self.current().map(|e| Cursor {
                path: e.path.clone(),
                hunk: self.hunk,
            })
        });
        session
    }

    pub fn current(&self) -> Option<&Entry> {
        self.visible.get(self.selected).map(|&i| &self.entries[i])
    }

    fn current_index(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    pub fn current_hunk(&self) -> Option<HunkId> {
        self.current()
            .and_then(|e| e.review.hunks().get(self.hunk))
            .map(|h| h.id)
    }

    /// The rendered diff of the selected file (see [`App::refresh`]).
    pub fn rendered(&self) -> Option<&Rendered> {
        self.current().and_then(|e| self.cache.get(&e.path))
    }

    /// Totals over the files still under review.
    pub fn totals(&self) -> crate::review::Counts {
        let mut t = crate::review::Counts::default();
        for e in self.entries.iter().filter(|e| !e.committed) {
            let c = e.review.counts();
            t.pending += c.pending;
            t.accepted += c.accepted;
            t.rejected += c.rejected;
            t.edited += c.edited;
        }
        t
    }

    pub fn committed_files(&self) -> usize {
        self.entries.iter().filter(|e| e.committed).count()
    }

    /// Where the panes go on the terminal (see [`crate::tui::layout`]).
    pub fn panes(&self) -> Panes {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        Panes::new(area, self.hint_rows())
    }

    /// Rows of the diff pane (its inner height), from the terminal size.
    pub fn diff_height(&self) -> usize {
        self.panes().pane_height()
    }

    /// Rows under the status line: the key hints, or the notice that
    /// replaces them.
    pub fn hint_rows(&self) -> u16 {
        layout::hint_rows(self.size, self.notice.as_ref().map(|(_, t)| t.as_str()))
    }

    /// Columns inside the diff pane.
    pub fn diff_width(&self) -> usize {
        usize::from(self.panes().diff_inner().width)
    }

    /// Whether the list and the diff fit side by side.
    pub fn two_panes(&self) -> bool {
        layout::two_panes(self.size.0)
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.notice = Some((level, text.into()));
    }
}

/// The one entry point: apply `msg`, return what the main loop must do.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = apply(app, msg);
    // Keep the selected file on screen, scrolling the list only at its edges.
    let height = app.diff_height();
    if app.selected < app.list_offset {
        app.list_offset = app.selected;
    } else if app.selected >= app.list_offset + height {
        app.list_offset = app.selected + 1 - height;
    }
    effects
}

fn apply(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => app.key(key),
        Msg::Mouse(m) => app.mouse(m),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            app.scroll_by(0);
            vec![]
        }
        Msg::Load(LoadMsg::Scanning(n)) => {
            app.loading.visited = n;
            vec![]
        }
        Msg::Load(LoadMsg::Scanned { files, warnings }) => {
            app.loading.expected = Some(files);
            app.loading.warnings = warnings;
            vec![]
        }
        Msg::Load(LoadMsg::File(loaded)) => {
            app.loaded(*loaded);
            vec![]
        }
        Msg::Load(LoadMsg::Links(links)) => {
            app.linked(links);
            vec![]
        }
        Msg::Load(LoadMsg::Done) => {
            app.load_done();
            vec![]
        }
        Msg::Load(LoadMsg::Failed(e)) => {
            app.loading.done = true;
            app.loading.error = Some(e.clone());
            app.say(Level::Warn, e);
            vec![]
        }
        Msg::Edited { path, hunk, result } => app.edited(&path, hunk, result),
        Msg::Committed(result) => app.committed(result),
        Msg::Error(e) => {
            app.say(Level::Warn, e);
            vec![]
        }
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
