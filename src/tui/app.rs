//! The review app's state and `update()`: every key, mouse event, loaded
//! file and effect result is a [`Msg`]; `update` changes the state and
//! returns the [`Effect`]s (save, edit, commit, quit) for the main loop to
//! run. No I/O and no terminal here, so tests script it with messages.

use std::collections::{BTreeMap, HashMap};

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};

use super::diff::{self, Rendered};
use super::keymap::{Action, Keymap};
use crate::review::{Cursor, Decision, FileReview, Filters, HunkId, Session};
use crate::rewrite::EditKind;

/// A file the loader found: the core's reviewable file.
pub use crate::pipeline::{FindingRow, Manual, Reviewable as Loaded};

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

/// A file's state mark in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Pending,
    Partial,
    Done,
    /// Findings but no hunk: only a human can fix it.
    Manual,
}

/// A file in the list.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    pub findings: Vec<FindingRow>,
    pub review: FileReview,
    pub manual: Vec<Manual>,
    /// The rule ids of its findings and hunks.
    pub rules: Vec<String>,
    /// Committed in this session: done on the branch, out of the list.
    pub committed: bool,
}

impl Entry {
    pub fn mark(&self) -> Mark {
        let c = self.review.counts();
        if c.total() == 0 {
            Mark::Manual
        } else if c.decided() == 0 {
            Mark::Pending
        } else if c.pending == 0 {
            Mark::Done
        } else {
            Mark::Partial
        }
    }
}

/// An "accept/reject every identical change" waiting for a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulk {
    pub accept: bool,
    pub old: String,
    pub new: String,
    /// Hunks that would change, and in how many files.
    pub hunks: usize,
    pub files: usize,
    /// "import rewrites", "dotted-path string rewrites", …
    pub what: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Branch,
    Message,
    PerFile,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitForm {
    pub branch: String,
    pub template: String,
    pub per_file: bool,
    pub field: Field,
    pub files: usize,
    pub hunks: usize,
    /// Files with accepted hunks that still have pending ones.
    pub partial: usize,
    pub error: Option<String>,
    /// Waiting for the main loop.
    pub busy: bool,
    /// Where typing goes in the focused text field, in characters.
    pub cursor: usize,
    /// The files the dialog showed: files streaming in meanwhile (with
    /// accepts restored from the session) wait for the next commit.
    pub paths: Vec<String>,
}

impl CommitForm {
    /// The focused text field, if the focus is on one.
    pub fn text(&self) -> Option<&str> {
        match self.field {
            Field::Branch => Some(&self.branch),
            Field::Message => Some(&self.template),
            Field::PerFile => None,
        }
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        match self.field {
            Field::Branch => Some(&mut self.branch),
            Field::Message => Some(&mut self.template),
            Field::PerFile => None,
        }
    }

    fn focus(&mut self, field: Field) {
        self.field = field;
        self.cursor = self.text().map_or(0, |t| t.chars().count());
    }

    /// Insert `c` at the cursor.
    fn insert(&mut self, c: char) {
        let at = self.cursor;
        if let Some(t) = self.text_mut() {
            let byte = t.char_indices().nth(at).map_or(t.len(), |(i, _)| i);
            t.insert(byte, c);
            self.cursor += 1;
        }
    }

    /// Delete the character before the cursor.
    fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let at = self.cursor - 1;
        if let Some(t) = self.text_mut()
            && let Some((byte, _)) = t.char_indices().nth(at)
        {
            t.remove(byte);
            self.cursor = at;
        }
    }

    fn move_cursor(&mut self, to: usize) {
        let len = self.text().map_or(0, |t| t.chars().count());
        self.cursor = to.min(len);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// The help screen, scrolled this many lines.
    Help(u16),
    /// Typing a path filter; `previous` comes back on Esc.
    Filter {
        input: String,
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
        in_folder(path, self.scope.as_deref())
    }
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
    pub target: Target,
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
    saved: BTreeMap<String, BTreeMap<HunkId, Decision>>,
    /// Where the session left off, until the reviewer moves.
    resume: Option<Cursor>,
    /// Decisions dropped because their hunk changed.
    pub dropped: usize,
    pub restored: usize,
    /// Each undo step: the paths whose review changed, and the hunk the
    /// cursor was on.
    undo: Vec<(Vec<String>, usize)>,
    /// Rendered diffs by path.
    cache: HashMap<String, Rendered>,
    /// The reviewer moved: streamed files no longer move the selection.
    moved: bool,
    /// First row of the file list on screen.
    pub list_offset: usize,
    /// Files committed this session, per branch.
    pub committed_on: BTreeMap<String, usize>,
    /// Rejections in committed files, kept for the next review (the
    /// accepted hunks are in the branch by then and need no decision).
    carried: BTreeMap<String, BTreeMap<HunkId, Decision>>,
    /// An edit the file refused, offered again by the next `e` on its hunk.
    refused: Option<(String, HunkId, String)>,
}

impl App {
    pub fn new(target: Target, session: Option<Session>, size: (u16, u16)) -> Self {
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
            undo: Vec::new(),
            cache: HashMap::new(),
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

    /// Rows of the diff pane (its inner height), from the terminal size.
    pub fn diff_height(&self) -> usize {
        usize::from(self.size.1.saturating_sub(3 + self.hint_rows())).max(1)
    }

    /// Rows under the status line: the key hints, or the notice that
    /// replaces them (two rows when it is long); none on a tiny screen.
    pub fn hint_rows(&self) -> u16 {
        if self.size.1 < 12 {
            return 0;
        }
        match &self.notice {
            Some((_, text)) if text.chars().count() + 1 > usize::from(self.size.0) => 2,
            _ => 1,
        }
    }

    /// Columns inside the diff pane.
    pub fn diff_width(&self) -> usize {
        let outer = if self.two_panes() {
            self.size.0.saturating_sub(self.list_width())
        } else {
            self.size.0
        };
        usize::from(outer.saturating_sub(2))
    }

    /// Whether the list and the diff fit side by side.
    pub fn two_panes(&self) -> bool {
        self.size.0 >= 60
    }

    /// The list's width when both panes show.
    pub fn list_width(&self) -> u16 {
        (self.size.0 * 2 / 5).clamp(24, 60)
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.notice = Some((level, text.into()));
    }

    // ---- loading -------------------------------------------------------

    fn loaded(&mut self, loaded: Loaded) {
        let mut review = FileReview::new(loaded.proposal);
        // The pipeline proposes a file again once the scan knows who refers
        // to its names: the new proposal replaces the first, and the
        // decisions made on it meanwhile carry over by hunk id.
        if let Some(old) = self.entries.iter().position(|e| e.path == loaded.path) {
            let entry = self.entries.remove(old);
            self.loading.loaded -= 1;
            review.restore(entry.review.decisions());
        } else if let Some(saved) = self.saved.remove(&loaded.path) {
            let dropped = review.restore(&saved);
            self.dropped += dropped;
            self.restored += saved.len().saturating_sub(dropped);
        }
        let mut rules: Vec<String> = Vec::new();
        let hunk_rules = review.hunks().iter().flat_map(|h| h.rules.iter());
        for r in loaded.findings.iter().map(|f| &f.rule).chain(hunk_rules) {
            if !rules.contains(r) {
                rules.push(r.clone());
            }
        }
        let entry = Entry {
            path: loaded.path,
            findings: loaded.findings,
            review,
            manual: loaded.manual,
            rules,
            committed: false,
        };
        let selected_path = self.current().map(|e| e.path.clone());
        let at = self.entries.partition_point(|e| e.path < entry.path);
        self.entries.insert(at, entry);
        self.loading.loaded += 1;
        // Keep the selection on its file while others stream in: the one
        // the reviewer chose, or the resumed cursor's once it has loaded.
        let resumed = self
            .resume
            .as_ref()
            .is_some_and(|c| selected_path.as_deref() == Some(c.path.as_str()));
        let keep = if self.moved || resumed {
            selected_path
        } else {
            None
        };
        let hunk = self.hunk;
        self.refilter(keep.as_deref());
        if resumed {
            self.hunk = hunk;
        }
        if !self.moved && self.resume.is_none() {
            self.selected = 0;
            self.hunk = 0;
            self.scroll = 0;
        }
        if let Some(cursor) = &self.resume
            && self.entries[at].path == cursor.path
        {
            let hunk = cursor.hunk;
            if let Some(pos) = self.visible.iter().position(|&i| i == at) {
                self.selected = pos;
                self.hunk = hunk.min(self.entries[at].review.hunks().len().saturating_sub(1));
                self.scroll_to_hunk();
            }
        }
        self.refresh();
    }

    fn load_done(&mut self) {
        self.loading.done = true;
        // Saved decisions of files in scope that no longer have any
        // proposal; outside the scope they were not looked at, and stay.
        let target = &self.target;
        let gone: usize = self
            .saved
            .iter()
            .filter(|(p, _)| target.in_scope(p))
            .map(|(_, d)| d.len())
            .sum();
        self.dropped += gone;
        self.saved.retain(|p, _| !target.in_scope(p));
        let mut parts = Vec::new();
        if self.restored > 0 {
            parts.push(format!(
                "resumed {} decision{}",
                self.restored,
                plural(self.restored)
            ));
        }
        if self.dropped > 0 {
            parts.push(format!(
                "dropped {} decision{} whose hunk{} changed",
                self.dropped,
                plural(self.dropped),
                plural(self.dropped)
            ));
        }
        if self.entries.is_empty() {
            self.say(Level::Info, "Nothing to review: no file breaks a rule.");
        } else if !parts.is_empty() {
            let level = if self.dropped > 0 {
                Level::Warn
            } else {
                Level::Info
            };
            let mut text = parts.join("; ");
            text[..1].make_ascii_uppercase();
            self.say(level, text);
        }
    }

    // ---- filtering and moving ------------------------------------------

    fn passes(&self, e: &Entry) -> bool {
        if e.committed {
            return false;
        }
        if let Some(rule) = &self.filters.rule
            && !e.rules.contains(rule)
        {
            return false;
        }
        match &self.filters.path {
            Some(query) => fuzzy(query, &e.path),
            None => true,
        }
    }

    /// Recompute the visible list, keeping `keep` selected when it stays.
    fn refilter(&mut self, keep: Option<&str>) {
        self.visible = (0..self.entries.len())
            .filter(|&i| self.passes(&self.entries[i]))
            .collect();
        match keep.and_then(|p| self.visible.iter().position(|&i| self.entries[i].path == p)) {
            Some(pos) => self.selected = pos,
            None => {
                self.selected = self.selected.min(self.visible.len().saturating_sub(1));
                if keep.is_some() {
                    self.hunk = 0;
                    self.scroll = 0;
                }
            }
        }
        self.clamp_hunk();
    }

    fn clamp_hunk(&mut self) {
        let n = self.current().map_or(0, |e| e.review.hunks().len());
        self.hunk = self.hunk.min(n.saturating_sub(1));
    }

    /// Render the selected file's diff if the cache is stale.
    pub fn refresh(&mut self) {
        let Some(e) = self.current() else { return };
        let key = diff::key(&e.review);
        if self.cache.get(&e.path).is_some_and(|r| r.key == key) {
            return;
        }
        let rendered = diff::render(&e.review);
        let path = e.path.clone();
        self.cache.insert(path, rendered);
    }

    fn select_file(&mut self, pos: usize) {
        if self.visible.is_empty() {
            return;
        }
        let pos = pos.min(self.visible.len() - 1);
        if pos != self.selected {
            self.selected = pos;
            self.hunk = 0;
            self.scroll = 0;
        }
        self.resume = None;
        self.moved = true;
        self.refresh();
    }

    /// Hunk `x`'s header: number, decision, rules, links, the rule's note.
    pub fn header(&self, e: &Entry, x: usize, current: bool) -> Vec<(Part, String)> {
        let review = &e.review;
        let hunk = &review.hunks()[x];
        let d = review.decision(hunk.id).clone();
        let label = match &d {
            Decision::Pending => "pending",
            Decision::Accepted => "✓ accepted",
            Decision::Rejected => "✗ rejected",
            Decision::Edited(_) => "✎ edited",
        };
        let mut parts = vec![
            (
                Part::Marker,
                format!("{}#{} ", if current { "▶" } else { " " }, x + 1),
            ),
            (Part::Decision(d), format!("{label} ")),
            (Part::Rules, format!("[{}] ", hunk.rules.join(", "))),
        ];
        let number = |id| review.position(id).map(|p| format!("#{}", p + 1));
        let needs: Vec<String> = review
            .requires(hunk.id)
            .into_iter()
            .filter_map(number)
            .collect();
        let needed: Vec<String> = review
            .required_by(hunk.id)
            .into_iter()
            .filter_map(number)
            .collect();
        if !needs.is_empty() {
            parts.push((Part::Links, format!("⛓ needs {} ", needs.join(" "))));
        }
        if !needed.is_empty() {
            parts.push((Part::Links, format!("⛓ needed by {} ", needed.join(" "))));
        }
        if let Some(note) = hunk.rules.iter().find_map(|r| self.target.notes.get(r)) {
            parts.push((Part::Note, format!("— {note}")));
        }
        // Why an edit reads as it does (an alias kept, and why).
        for note in &hunk.notes {
            parts.push((Part::Note, format!(" ({note})")));
        }
        parts
    }

    /// Screen lines of hunk `x`'s header.
    fn header_rows(&self, e: &Entry, x: usize) -> usize {
        let len: usize = self
            .header(e, x, false)
            .iter()
            .map(|(_, t)| t.chars().count())
            .sum();
        diff::wrapped_lines(len, self.diff_width(), HEADER_INDENT)
    }

    /// The first row of each hunk in the diff pane, and the total rows.
    pub fn hunk_rows(&self) -> (Vec<usize>, usize) {
        let Some(r) = self.rendered() else {
            return (Vec::new(), 0);
        };
        let Some(e) = self.current() else {
            return (Vec::new(), 0);
        };
        let mut starts = Vec::with_capacity(r.hunks.len());
        let mut row = 0;
        for (x, h) in r.hunks.iter().enumerate() {
            starts.push(row);
            // The header, the rows, a blank line.
            row += self.header_rows(e, x)
                + 1
                + match self.layout {
                    Layout::Unified => {
                        let width = self.diff_width();
                        h.rows
                            .iter()
                            .map(|row| diff::wrapped(row.text_len(), width, r.digits))
                            .sum::<usize>()
                    }
                    Layout::SideBySide => {
                        let half = self.diff_width().saturating_sub(1) / 2;
                        diff::side_by_side(&h.rows)
                            .into_iter()
                            .map(|(a, b)| diff::wrapped_pair(a, b, half, r.digits))
                            .sum::<usize>()
                    }
                };
        }
        let manual = self
            .current()
            .map_or(0, |e| manual_rows(e, self.diff_width()));
        (starts, row + manual)
    }

    fn scroll_to_hunk(&mut self) {
        self.refresh();
        let (starts, total) = self.hunk_rows();
        if let Some(&start) = starts.get(self.hunk) {
            let end = starts.get(self.hunk + 1).copied().unwrap_or(total);
            let height = self.diff_height();
            if start < self.scroll || end > self.scroll + height {
                // The hunk's header at the top, unless that would leave
                // the bottom of the pane empty.
                self.scroll = start
                    .min(total.saturating_sub(height))
                    .max(if end - start > height { start } else { 0 });
            }
        }
    }

    /// Scroll the diff and make current the first hunk whose header shows
    /// (else the one the view is inside), so `y` never decides a hunk the
    /// reviewer cannot see.
    fn scroll_and_follow(&mut self, delta: isize) {
        self.scroll_by(delta);
        let (starts, _) = self.hunk_rows();
        let height = self.diff_height();
        let visible = starts
            .iter()
            .position(|&s| s >= self.scroll && s < self.scroll + height);
        let inside = starts.iter().rposition(|&s| s <= self.scroll);
        if let Some(x) = visible.or(inside) {
            self.hunk = x;
        }
    }

    fn scroll_by(&mut self, delta: isize) {
        let (_, total) = self.hunk_rows();
        let max = total.saturating_sub(self.diff_height().min(total).max(1));
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    fn move_hunk(&mut self, forward: bool) {
        let Some(e) = self.current() else { return };
        let n = e.review.hunks().len();
        self.resume = None;
        self.moved = true;
        if forward {
            if self.hunk + 1 < n {
                self.hunk += 1;
            } else if self.selected + 1 < self.visible.len() {
                self.select_file(self.selected + 1);
            }
        } else if self.hunk > 0 {
            self.hunk -= 1;
        } else if self.selected > 0 {
            self.select_file(self.selected - 1);
            let n = self.current().map_or(0, |e| e.review.hunks().len());
            self.hunk = n.saturating_sub(1);
        }
        self.scroll_to_hunk();
    }

    /// After a decision: the next pending hunk in this file, else the first
    /// pending one in the files after it.
    fn advance(&mut self) {
        let Some(e) = self.current() else { return };
        let hunks = e.review.hunks();
        let pending = |r: &FileReview, x: usize| *r.decision(r.hunks()[x].id) == Decision::Pending;
        if let Some(x) = (self.hunk + 1..hunks.len())
            .chain(0..self.hunk)
            .find(|&x| pending(&e.review, x))
        {
            self.hunk = x;
            self.scroll_to_hunk();
            return;
        }
        let next = (self.selected + 1..self.visible.len()).find(|&p| {
            let r = &self.entries[self.visible[p]].review;
            (0..r.hunks().len()).any(|x| pending(r, x))
        });
        if let Some(p) = next {
            self.select_file(p);
            let r = &self.entries[self.visible[p]].review;
            self.hunk = (0..r.hunks().len()).find(|&x| pending(r, x)).unwrap_or(0);
            self.scroll_to_hunk();
        }
    }

    // ---- deciding ------------------------------------------------------

    fn decide(&mut self, decision: Decision) -> Vec<Effect> {
        let (Some(i), Some(id)) = (self.current_index(), self.current_hunk()) else {
            self.say(Level::Info, "No hunk here to decide.");
            return vec![];
        };
        let accept = decision.is_accepted();
        let entry = &mut self.entries[i];
        let depth = entry.review.undo_depth();
        match entry.review.decide(id, decision) {
            Ok(outcome) => {
                let path = entry.path.clone();
                if entry.review.undo_depth() > depth {
                    self.undo.push((vec![path], self.hunk));
                }
                let verb = if accept { "Accepted" } else { "Rejected" };
                let n = outcome.linked.len();
                if n > 0 {
                    let why = if accept { "it needs" } else { "that need it" };
                    self.say(
                        Level::Info,
                        format!(
                            "{verb} hunk {} and {n} linked hunk{} {why}.",
                            self.hunk + 1,
                            plural(n)
                        ),
                    );
                } else {
                    self.notice = None;
                }
                self.refresh();
                self.advance();
                vec![Effect::Save]
            }
            Err(e) => {
                self.say(Level::Warn, e.to_string());
                vec![]
            }
        }
    }

    fn decide_file(&mut self, accept: bool) -> Vec<Effect> {
        let Some(i) = self.current_index() else {
            return vec![];
        };
        let entry = &mut self.entries[i];
        if entry.review.hunks().is_empty() {
            self.say(
                Level::Info,
                "This file has no hunk to decide: it needs a human.",
            );
            return vec![];
        }
        let depth = entry.review.undo_depth();
        if accept {
            entry.review.accept_all();
        } else {
            entry.review.reject_all();
        }
        let changed = entry.review.undo_depth() > depth;
        let n = entry.review.hunks().len();
        let path = entry.path.clone();
        if changed {
            self.undo.push((vec![path.clone()], self.hunk));
        }
        let verb = if accept { "Accepted" } else { "Rejected" };
        self.say(
            Level::Info,
            format!("{verb} all {n} hunk{} in {path}.", plural(n)),
        );
        self.refresh();
        self.advance();
        vec![Effect::Save]
    }

    /// Every hunk (path, id) with the current hunk's change that `accept`
    /// would change.
    fn identical(&self, accept: bool) -> Option<Identical> {
        let e = self.current()?;
        let h = e.review.hunk(self.current_hunk()?)?;
        let (old, new) = (h.old.clone(), h.new.clone());
        let out = self.hunks_changing(&old, &new, accept);
        Some((old, new, out))
    }

    /// Every hunk (entry, id) changing `old` into `new` that `accept` (or
    /// a reject) would change.
    fn hunks_changing(&self, old: &str, new: &str, accept: bool) -> Vec<(usize, HunkId)> {
        let mut out = Vec::new();
        for (i, other) in self.entries.iter().enumerate() {
            if other.committed {
                continue;
            }
            for oh in other.review.hunks() {
                if oh.old == old && oh.new == new {
                    let d = other.review.decision(oh.id);
                    let already = if accept {
                        *d == Decision::Accepted
                    } else {
                        *d == Decision::Rejected
                    };
                    if !already {
                        out.push((i, oh.id));
                    }
                }
            }
        }
        out
    }

    fn ask_bulk(&mut self, accept: bool) -> Vec<Effect> {
        let Some((old, new, hunks)) = self.identical(accept) else {
            self.say(Level::Info, "No hunk here to decide.");
            return vec![];
        };
        if hunks.is_empty() {
            let state = if accept { "accepted" } else { "rejected" };
            self.say(
                Level::Info,
                format!("Every identical change is already {state}."),
            );
            return vec![];
        }
        let mut files: Vec<usize> = hunks.iter().map(|(i, _)| *i).collect();
        files.dedup();
        if hunks.len() == 1 {
            // Only this hunk: nothing to confirm.
            let decision = if accept {
                Decision::Accepted
            } else {
                Decision::Rejected
            };
            let n = self.hunk + 1;
            let effects = self.decide(decision);
            if self.notice.is_none() {
                let verb = if accept { "Accepted" } else { "Rejected" };
                self.say(
                    Level::Info,
                    format!("{verb} hunk {n}: no other file has this change."),
                );
            }
            return effects;
        }
        let what = self
            .current()
            .and_then(|e| e.review.hunk(self.current_hunk()?))
            .map(|h| describe(&h.kinds))
            .unwrap_or_else(|| "changes".into());
        self.mode = Mode::Confirm(Bulk {
            accept,
            old,
            new,
            hunks: hunks.len(),
            files: files.len(),
            what,
        });
        vec![]
    }

    fn run_bulk(&mut self, bulk: Bulk) -> Vec<Effect> {
        // The change the reviewer was shown, wherever the cursor is now.
        let hunks = self.hunks_changing(&bulk.old, &bulk.new, bulk.accept);
        let decision = if bulk.accept {
            Decision::Accepted
        } else {
            Decision::Rejected
        };
        let mut step: Vec<String> = Vec::new();
        let mut linked = 0;
        let mut done = 0;
        for (i, id) in hunks {
            let entry = &mut self.entries[i];
            let depth = entry.review.undo_depth();
            if let Ok(outcome) = entry.review.decide(id, decision.clone()) {
                done += 1;
                linked += outcome.linked.len();
                // One entry per step the file's review took, so that one
                // `u` takes them all back.
                for _ in depth..entry.review.undo_depth() {
                    step.push(entry.path.clone());
                }
            }
        }
        let mut files = step.clone();
        files.dedup();
        let files = files.len();
        if !step.is_empty() {
            self.undo.push((step, self.hunk));
        }
        let verb = if bulk.accept { "Accepted" } else { "Rejected" };
        let mut text = format!(
            "{verb} {done} identical {} in {files} file{}",
            bulk.what,
            plural(files)
        );
        if linked > 0 {
            text.push_str(&format!(" (and {linked} linked hunk{})", plural(linked)));
        }
        text.push_str("; u undoes them all.");
        self.say(Level::Info, text);
        self.refresh();
        self.advance();
        vec![Effect::Save]
    }

    fn undo(&mut self) -> Vec<Effect> {
        let Some((step, hunk)) = self.undo.pop() else {
            self.say(Level::Info, "Nothing to undo.");
            return vec![];
        };
        let Some(first) = step.first().cloned() else {
            return vec![];
        };
        for path in &step {
            if let Some(e) = self
                .entries
                .iter_mut()
                .find(|e| &e.path == path && !e.committed)
            {
                e.review.undo();
            }
        }
        let mut files = step.clone();
        files.dedup();
        let n = files.len();
        if let Some(pos) = self
            .visible
            .iter()
            .position(|&i| self.entries[i].path == first)
        {
            self.select_file(pos);
            self.hunk = hunk;
            self.scroll_to_hunk();
        }
        self.say(
            Level::Info,
            if n == 1 {
                format!("Undone in {first}.")
            } else {
                format!("Undone in {n} files.")
            },
        );
        self.clamp_hunk();
        self.refresh();
        vec![Effect::Save]
    }

    fn split(&mut self) -> Vec<Effect> {
        let (Some(i), Some(id)) = (self.current_index(), self.current_hunk()) else {
            return vec![];
        };
        let entry = &mut self.entries[i];
        match entry.review.split(id) {
            Ok(parts) if parts.len() > 1 => {
                self.undo.push((vec![entry.path.clone()], self.hunk));
                self.say(
                    Level::Info,
                    format!("Split hunk {} into {} hunks.", self.hunk + 1, parts.len()),
                );
                self.refresh();
                self.scroll_to_hunk();
                vec![Effect::Save]
            }
            Ok(_) => {
                self.say(
                    Level::Info,
                    "This hunk is a single edit; it cannot be split.",
                );
                vec![]
            }
            Err(e) => {
                self.say(Level::Warn, e.to_string());
                vec![]
            }
        }
    }

    fn edited(&mut self, path: &str, id: HunkId, result: Result<String, String>) -> Vec<Effect> {
        let text = match result {
            Ok(text) => text,
            Err(e) => {
                self.say(Level::Warn, format!("Edit not kept: {e}"));
                return vec![];
            }
        };
        let Some(entry) = self
            .entries
            .iter_mut()
            .find(|e| e.path == path && !e.committed)
        else {
            return vec![];
        };
        let before = diff::new_text(&entry.review, id).unwrap_or_default();
        if text == before || text.trim_end() == before.trim_end() {
            self.refused = None;
            self.say(Level::Info, "The text is unchanged: no decision made.");
            return vec![];
        }
        let depth = entry.review.undo_depth();
        match entry.review.edit(id, &text) {
            Ok(_) => {
                self.refused = None;
                if entry.review.undo_depth() > depth {
                    self.undo.push((vec![entry.path.clone()], self.hunk));
                }
                let how = match entry.review.decision(id) {
                    Decision::Edited(_) => "Kept your edit of",
                    _ => "Your text is the proposal's: accepted",
                };
                let n = entry.review.position(id).map_or(0, |x| x + 1);
                self.say(Level::Info, format!("{how} hunk {n}."));
                self.refresh();
                vec![Effect::Save]
            }
            Err(e) => {
                self.refused = Some((path.to_string(), id, text));
                self.say(Level::Warn, format!("{path}: {e}; e opens your text again"));
                vec![]
            }
        }
    }

    // ---- commit --------------------------------------------------------

    /// What the commit would contain, for the dialog and the plan.
    pub fn commit_changes(&self) -> (CommitPlan, usize, usize) {
        let mut changes = Vec::new();
        let mut rules = BTreeMap::new();
        let (mut hunks, mut partial) = (0, 0);
        for e in self.entries.iter().filter(|e| !e.committed) {
            let c = e.review.counts();
            let accepted = c.accepted + c.edited;
            if accepted == 0 {
                continue;
            }
            hunks += accepted;
            if c.pending > 0 {
                partial += 1;
            }
            let mut ids: Vec<String> = Vec::new();
            for h in e.review.hunks() {
                if e.review.decision(h.id).is_accepted() {
                    for r in &h.rules {
                        if !ids.contains(r) {
                            ids.push(r.clone());
                        }
                    }
                }
            }
            rules.insert(e.path.clone(), ids);
            changes.push((e.path.clone(), e.review.accepted_text()));
        }
        let plan = CommitPlan {
            branch: self.target.branch.clone(),
            template: self.target.template.clone(),
            per_file: false,
            changes,
            rules,
        };
        (plan, hunks, partial)
    }

    fn open_commit(&mut self) {
        let (plan, hunks, partial) = self.commit_changes();
        if plan.changes.is_empty() {
            self.say(
                Level::Info,
                "Nothing to commit yet: accept some hunks first (y, a, A).",
            );
            return;
        }
        self.mode = Mode::Commit(CommitForm {
            branch: plan.branch,
            template: plan.template,
            per_file: false,
            field: Field::Branch,
            files: plan.changes.len(),
            hunks,
            partial,
            error: None,
            busy: false,
            cursor: 0,
            paths: plan.changes.iter().map(|(p, _)| p.clone()).collect(),
        });
        if let Mode::Commit(form) = &mut self.mode {
            form.focus(Field::Branch);
        }
    }

    fn submit_commit(&mut self) -> Vec<Effect> {
        let Mode::Commit(form) = &mut self.mode else {
            return vec![];
        };
        if let Err(e) = crate::git::Repo::check_branch_name(&form.branch) {
            form.error = Some(e.to_string());
            return vec![];
        }
        if form.template.trim().is_empty() {
            form.error = Some("the message is empty".into());
            return vec![];
        }
        form.busy = true;
        form.error = None;
        let (branch, template, per_file) =
            (form.branch.clone(), form.template.clone(), form.per_file);
        let shown = form.paths.clone();
        let (mut plan, _, _) = self.commit_changes();
        plan.changes.retain(|(p, _)| shown.contains(p));
        plan.rules.retain(|p, _| shown.contains(p));
        plan.branch = branch;
        plan.template = template;
        plan.per_file = per_file;
        vec![Effect::Commit(plan)]
    }

    fn committed(&mut self, result: Result<Committed, String>) -> Vec<Effect> {
        match result {
            Ok(done) => {
                let keep = self.current().map(|e| e.path.clone());
                let mut kept = 0;
                for e in self.entries.iter_mut() {
                    if done.paths.contains(&e.path) {
                        // Pending hunks stay in review, on the committed text.
                        if e.review.counts().pending > 0
                            && let Some(next) = e.review.remaining()
                        {
                            e.review = next;
                            kept += 1;
                            continue;
                        }
                        e.committed = true;
                        // The rejections, with their ids on the committed
                        // text (where the next review will find them).
                        if let Some(next) = e.review.remaining()
                            && !next.decisions().is_empty()
                        {
                            self.carried
                                .insert(e.path.clone(), next.decisions().clone());
                        }
                    }
                }
                *self.committed_on.entry(done.branch.clone()).or_default() += done.paths.len();
                // A committed file's review is gone: its part of each undo
                // step goes too, the other files' parts stay.
                for step in &mut self.undo {
                    step.0.retain(|p| !done.paths.contains(p));
                }
                self.undo.retain(|step| !step.0.is_empty());
                self.target.branch = done.branch.clone();
                self.mode = Mode::Normal;
                self.cache.retain(|path, _| !done.paths.contains(path));
                let short: Vec<&str> = done.commits.iter().map(|c| &c[..c.len().min(7)]).collect();
                let n = done.paths.len();
                let mut text = format!(
                    "Committed {n} file{} on {} in {} commit{}: {}",
                    plural(n),
                    done.branch,
                    done.commits.len(),
                    plural(done.commits.len()),
                    short.join(" ")
                );
                if kept > 0 {
                    text.push_str(&format!(
                        "; {kept} file{} with pending hunks stay{}, on the committed text",
                        plural(kept),
                        if kept == 1 { "s" } else { "" }
                    ));
                }
                match &done.warning {
                    Some(w) => self.say(Level::Warn, format!("{text}; but {w}")),
                    None => self.say(Level::Info, text),
                }
                self.refilter(keep.as_deref());
                self.clamp_hunk();
                self.refresh();
                vec![Effect::Save]
            }
            Err(e) => {
                if let Mode::Commit(form) = &mut self.mode {
                    form.busy = false;
                    form.error = Some(e);
                } else {
                    self.say(Level::Warn, e);
                }
                vec![]
            }
        }
    }

    // ---- keys ----------------------------------------------------------

    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
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

    fn filter_key(
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

    fn rules_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
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

    fn commit_key(&mut self, key: KeyEvent, mut form: CommitForm) -> Vec<Effect> {
        if form.busy {
            self.mode = Mode::Commit(form);
            return vec![];
        }
        match key.code {
            KeyCode::Esc => {
                self.say(Level::Info, "Commit cancelled.");
                return vec![];
            }
            // Alt-Enter or Ctrl-J: a new line in the message.
            KeyCode::Enter
                if form.field == Field::Message && key.modifiers.contains(KeyModifiers::ALT) =>
            {
                form.insert('\n');
            }
            KeyCode::Char('j')
                if form.field == Field::Message
                    && key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                form.insert('\n');
            }
            KeyCode::Enter => {
                self.mode = Mode::Commit(form);
                return self.submit_commit();
            }
            KeyCode::Tab | KeyCode::Down => form.focus(match form.field {
                Field::Branch => Field::Message,
                Field::Message => Field::PerFile,
                Field::PerFile => Field::Branch,
            }),
            KeyCode::BackTab | KeyCode::Up => form.focus(match form.field {
                Field::Branch => Field::PerFile,
                Field::Message => Field::Branch,
                Field::PerFile => Field::Message,
            }),
            KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right if form.field == Field::PerFile => {
                form.per_file = !form.per_file;
            }
            KeyCode::Left => form.move_cursor(form.cursor.saturating_sub(1)),
            KeyCode::Right => form.move_cursor(form.cursor + 1),
            KeyCode::Home => form.move_cursor(0),
            KeyCode::End => form.move_cursor(usize::MAX),
            KeyCode::Char('a') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                form.move_cursor(0)
            }
            KeyCode::Char('e') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                form.move_cursor(usize::MAX)
            }
            KeyCode::Backspace => form.backspace(),
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                if let Some(t) = form.text_mut() {
                    t.clear();
                }
                form.cursor = 0;
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => form.insert(c),
            _ => {}
        }
        form.error = None;
        self.mode = Mode::Commit(form);
        vec![]
    }

    fn normal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
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

    fn mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
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
        Msg::Load(LoadMsg::Scanned { files }) => {
            app.loading.expected = Some(files);
            vec![]
        }
        Msg::Load(LoadMsg::File(loaded)) => {
            app.loaded(*loaded);
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

/// Whether `path` (`/`-separated) is `folder` or inside it; everything is
/// inside no folder.
pub fn in_folder(path: &str, folder: Option<&str>) -> bool {
    folder.is_none_or(|f| path == f || path.strip_prefix(f).is_some_and(|r| r.starts_with('/')))
}

/// Continuation lines of a wrapped hunk header start this far in.
pub const HEADER_INDENT: usize = 4;
/// ... and of a wrapped "needs a human" line, past its line number.
pub const MANUAL_INDENT: usize = 6;

/// "   12 " before a "needs a human" line.
pub fn manual_number(line: Option<usize>) -> String {
    line.map(|l| format!("{l:>5} "))
        .unwrap_or_else(|| " ".repeat(MANUAL_INDENT))
}

/// Rows the "needs a human" section takes under the hunks, `width` wide.
pub fn manual_rows(e: &Entry, width: usize) -> usize {
    if e.manual.is_empty() {
        return 0;
    }
    1 + e
        .manual
        .iter()
        .map(|m| {
            let len = MANUAL_INDENT + m.rule.chars().count() + 3 + m.text.chars().count();
            diff::wrapped_lines(len, width, MANUAL_INDENT)
        })
        .sum::<usize>()
}

/// The path filter: a case-insensitive substring of the path ("tests/",
/// "ws_bridge"); failing that, a query with a `/` matches as a subsequence
/// of the path ("ws/fac" finds "app/ws/factory.py") and one without as a
/// subsequence of the file name ("wsbr" finds "handlers/ws_bridge.py").
pub fn fuzzy(query: &str, path: &str) -> bool {
    let query = query.to_lowercase();
    let path = path.to_lowercase();
    if path.contains(&query) {
        return true;
    }
    let haystack = if query.contains('/') {
        path.as_str()
    } else {
        path.rsplit('/').next().unwrap_or(&path)
    };
    let mut chars = haystack.chars();
    query.chars().all(|q| chars.any(|c| c == q))
}

/// "import rewrites" for a hunk of import edits, and so on.
fn describe(kinds: &[EditKind]) -> String {
    let imports = [
        EditKind::Import,
        EditKind::AddImport,
        EditKind::RemoveImport,
    ];
    if kinds.iter().all(|k| imports.contains(k)) {
        "import rewrites".into()
    } else if kinds.iter().all(|k| *k == EditKind::DottedString) {
        "dotted-path string rewrites".into()
    } else {
        "changes".into()
    }
}

/// A change's old and new text and the hunks (entry, id) that make it.
type Identical = (String, String, Vec<(usize, HunkId)>);

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
