//! The file list: entries as they stream in from the loader (with the
//! session's decisions restored), and the filters that make the visible
//! list out of them.

use super::{App, Level, plural};
use crate::review::{FileReview, HunkId, Restored, Saved};

use super::msg::{FindingRow, Loaded, Manual};

/// What became of a file's saved decisions (not pending) when it loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resumed {
    pub restored: usize,
    pub dropped: usize,
}

impl Resumed {
    /// Those of `saved` in `report` (which may tell of more: decisions
    /// made on an earlier proposal of the file meanwhile).
    fn of(saved: &Saved, report: &Restored) -> Resumed {
        let mine = |set: &std::collections::BTreeSet<HunkId>| {
            set.iter()
                .filter(|id| saved.decisions.contains_key(id))
                .count()
        };
        Resumed {
            restored: mine(&report.restored),
            dropped: mine(&report.dropped),
        }
    }
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

impl App {
    pub(super) fn loaded(&mut self, loaded: Loaded) {
        // Before anything moves: the visible list still matches the entries.
        let selected_path = self.current().map(|e| e.path.clone());
        let mut review = FileReview::new(loaded.proposal);
        // The saved decisions stay until the load is done: the pipeline may
        // send a file again once the scan knows who refers to its names,
        // and the decisions the first proposal could not take may fit the
        // second. Those made on the first meanwhile carry over by hunk id.
        let saved = self.saved.get(&loaded.path).cloned().unwrap_or_default();
        let restore = match self.entries.iter().position(|e| e.path == loaded.path) {
            Some(old) => {
                let entry = self.entries.remove(old);
                self.loading.loaded -= 1;
                let mut restore = saved.unseen_in(&entry.review);
                restore.extend(entry.review.saved());
                restore
            }
            None => saved.clone(),
        };
        // What became of the session's decisions, as the review tells it
        // (an accept that lost a hunk it needs is dropped by its repair).
        let report = review.restore(&restore);
        self.resumed
            .insert(loaded.path.clone(), Resumed::of(&saved, &report));
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
        // Restored accepts change what the commit dialog's preview says.
        self.refresh_preview();
    }

    /// Every file is in: the links between hunks of different files.
    pub(super) fn linked(&mut self, mut links: crate::pipeline::links::Links) {
        for e in self.entries.iter_mut().filter(|e| !e.committed) {
            let across = links.remove(&e.path).unwrap_or_default();
            if across.is_empty() && !e.review.has_across() {
                continue;
            }
            e.review.set_across(across);
        }
        self.refresh();
        self.refresh_preview();
    }

    pub(super) fn load_done(&mut self) {
        self.loading.done = true;
        // Saved decisions of files in scope that no longer have any
        // proposal; outside the scope they were not looked at, and stay.
        let target = &self.target;
        let gone: usize = self
            .saved
            .iter()
            .filter(|(p, _)| target.in_scope(p) && !self.resumed.contains_key(*p))
            .map(|(_, d)| d.decisions.len())
            .sum();
        self.restored = self.resumed.values().map(|r| r.restored).sum();
        self.dropped = gone + self.resumed.values().map(|r| r.dropped).sum::<usize>();
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
        // Copies a saved rejection (or edit) could be for: the reviewer
        // decides them, `apply` leaves them out meanwhile.
        let holds: Vec<_> = self.entries.iter().flat_map(|e| e.review.held()).collect();
        let held: usize = holds.iter().map(|h| h.hunks.len()).sum();
        self.held = holds.iter().map(|h| h.rejected + h.edited).sum();
        if held > 0 {
            parts.push(format!(
                "{} saved decision{} on copies of a change could not be placed: {held} cop{} held until decided (`canon apply` skips them)",
                self.held,
                plural(self.held),
                if held == 1 { "y" } else { "ies" },
            ));
        }
        // What the scan could not read or parse is not in the list: said.
        if let Some(first) = self.loading.warnings.first() {
            let n = self.loading.warnings.len();
            parts.push(if n == 1 {
                format!("1 warning: {first}")
            } else {
                format!(
                    "{n} warnings: {first} (and {} more: `canon check` lists them)",
                    n - 1
                )
            });
        }
        if self.entries.is_empty() && parts.is_empty() {
            self.say(Level::Info, "Nothing to review: no file breaks a rule.");
        } else if !parts.is_empty() {
            let level = if self.dropped > 0 || held > 0 || !self.loading.warnings.is_empty() {
                Level::Warn
            } else {
                Level::Info
            };
            let mut text = parts.join("; ");
            text[..1].make_ascii_uppercase();
            self.say(level, text);
        }
    }

    // ---- filtering ----------------------------------------------------

    pub(super) fn passes(&self, e: &Entry) -> bool {
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
    pub(super) fn refilter(&mut self, keep: Option<&str>) {
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

    pub(super) fn clamp_hunk(&mut self) {
        let n = self.current().map_or(0, |e| e.review.hunks().len());
        self.hunk = self.hunk.min(n.saturating_sub(1));
    }
}

/// Whether `path` (`/`-separated) is `folder` or inside it; everything is
/// inside no folder.
pub fn in_folder(path: &str, folder: Option<&str>) -> bool {
    folder.is_none_or(|f| path == f || path.strip_prefix(f).is_some_and(|r| r.starts_with('/')))
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
