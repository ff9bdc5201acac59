//! Deciding: a hunk, a file, every identical change (after a yes), undo,
//! splitting a hunk, and the reviewer's own text back from `$EDITOR`.

use super::{App, Effect, Level, Mode, plural};
use crate::review::{Decision, FileReview, HunkId, across};
use crate::rewrite::EditKind;
use crate::tui::diff;

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

impl App {
    pub(super) fn decide(&mut self, decision: Decision) -> Vec<Effect> {
        let (Some(i), Some(id)) = (self.current_index(), self.current_hunk()) else {
            self.say(Level::Info, "No hunk here to decide.");
            return vec![];
        };
        let accept = decision.is_accepted();
        match self.decide_across(i, id, decision) {
            Ok((step, cascade)) => {
                if !step.is_empty() {
                    self.undo.push((step, self.hunk));
                }
                let verb = if accept { "Accepted" } else { "Rejected" };
                let n = cascade.here.linked.len();
                let (along, files) = cascade.elsewhere(i);
                let mut text = format!("{verb} hunk {}", self.hunk + 1);
                if n > 0 {
                    let why = if accept { "it needs" } else { "that need it" };
                    text.push_str(&format!(" and {n} linked hunk{} {why}", plural(n)));
                }
                if along > 0 {
                    text.push_str(&format!(
                        "{} {along} hunk{} linked across files{}: a patch and the code it intercepts go together",
                        if n > 0 { ", and" } else { " and" },
                        plural(along),
                        match files {
                            0 => String::new(),
                            f => format!(" ({f} other file{})", plural(f)),
                        }
                    ));
                }
                if n > 0 || along > 0 {
                    text.push('.');
                    self.say(Level::Info, text);
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

    /// The reviews of the files not committed, and the entry of each.
    fn open_reviews(&mut self) -> (Vec<&mut FileReview>, Vec<usize>) {
        (self.entries.iter_mut().enumerate())
            .filter(|(_, e)| !e.committed)
            .map(|(i, e)| (&mut e.review, i))
            .unzip()
    }

    /// Decide hunk `id` of entry `i`, following its links within the file
    /// and across files: the paths of the undo step (one per step each
    /// review took) and what it did.
    fn decide_across(
        &mut self,
        i: usize,
        id: HunkId,
        decision: Decision,
    ) -> Result<(Vec<String>, across::Cascade), crate::review::Error> {
        let (mut reviews, entry) = self.open_reviews();
        let at =
            (entry.iter().position(|&e| e == i)).ok_or(crate::review::Error::UnknownHunk(id))?;
        let cascade = across::decide(&mut reviews, at, id, decision)?;
        drop(reviews);
        let step = cascade
            .steps
            .iter()
            .map(|&r| self.entries[entry[r]].path.clone());
        Ok((step.collect(), cascade))
    }

    /// Follow the links across files from hunks of entry `i` whose
    /// decision `changed`: the paths of the undo steps taken, and how many
    /// hunks were decided along.
    pub(super) fn follow_across(
        &mut self,
        i: usize,
        changed: Vec<(HunkId, Decision)>,
    ) -> (Vec<String>, usize) {
        let (mut reviews, entry) = self.open_reviews();
        let Some(at) = entry.iter().position(|&e| e == i) else {
            return (Vec::new(), 0);
        };
        let mut cascade = across::Cascade::default();
        let changed = changed.into_iter().map(|(h, d)| (at, h, d)).collect();
        across::follow(&mut reviews, changed, &mut cascade);
        drop(reviews);
        let step = cascade
            .steps
            .iter()
            .map(|&r| self.entries[entry[r]].path.clone());
        (step.collect(), cascade.along.len())
    }

    pub(super) fn decide_file(&mut self, accept: bool) -> Vec<Effect> {
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
        let outcome = if accept {
            entry.review.accept_all()
        } else {
            entry.review.reject_all()
        };
        let changed = entry.review.undo_depth() > depth;
        let n = entry.review.hunks().len();
        let path = entry.path.clone();
        let mut step = if changed { vec![path.clone()] } else { vec![] };
        let (more, along) = self.follow_across(i, outcome.linked);
        step.extend(more);
        if !step.is_empty() {
            self.undo.push((step, self.hunk));
        }
        let verb = if accept { "Accepted" } else { "Rejected" };
        let mut text = format!("{verb} all {n} hunk{} in {path}", plural(n));
        if along > 0 {
            text.push_str(&format!(
                ", and {along} hunk{} linked to them in other files",
                plural(along)
            ));
        }
        text.push('.');
        self.say(Level::Info, text);
        self.refresh();
        self.advance();
        vec![Effect::Save]
    }

    /// Every hunk (path, id) with the current hunk's change that `accept`
    /// would change.
    pub(super) fn identical(&self, accept: bool) -> Option<Identical> {
        let e = self.current()?;
        let h = e.review.hunk(self.current_hunk()?)?;
        let (old, new) = (h.old.clone(), h.new.clone());
        let out = self.hunks_changing(&old, &new, accept);
        Some((old, new, out))
    }

    /// Every hunk (entry, id) changing `old` into `new` that `accept` (or
    /// a reject) would change. An accept leaves out the held copies (a
    /// saved rejection may be for one of them: only the reviewer can tell
    /// which, one by one).
    pub(super) fn hunks_changing(
        &self,
        old: &str,
        new: &str,
        accept: bool,
    ) -> Vec<(usize, HunkId)> {
        let mut out = Vec::new();
        for (i, other) in self.entries.iter().enumerate() {
            if other.committed {
                continue;
            }
            for oh in other.review.hunks() {
                if oh.old == old && oh.new == new && !(accept && other.review.is_held(oh.id)) {
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

    /// How many held copies change `old` into `new` (see
    /// [`Self::hunks_changing`]).
    fn held_changing(&self, old: &str, new: &str) -> usize {
        (self.entries.iter().filter(|e| !e.committed))
            .map(|e| {
                (e.review.hunks().iter())
                    .filter(|h| h.old == old && h.new == new && e.review.is_held(h.id))
                    .count()
            })
            .sum()
    }

    pub(super) fn ask_bulk(&mut self, accept: bool) -> Vec<Effect> {
        let held_here = (self.current())
            .zip(self.current_hunk())
            .is_some_and(|(e, id)| e.review.is_held(id));
        if accept && held_here {
            self.say(
                Level::Warn,
                "This copy is held: a saved rejection may be for it. Decide it with y or n; A takes no held copy.",
            );
            return vec![];
        }
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

    pub(super) fn run_bulk(&mut self, bulk: Bulk) -> Vec<Effect> {
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
            // One entry per step each file's review took, so that one `u`
            // takes them all back.
            if let Ok((more, cascade)) = self.decide_across(i, id, decision.clone()) {
                done += 1;
                linked += cascade.here.linked.len() + cascade.along.len();
                step.extend(more);
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
        let held = if bulk.accept {
            self.held_changing(&bulk.old, &bulk.new)
        } else {
            0
        };
        if held > 0 {
            text.push_str(&format!(
                "; {held} held cop{} left to decide one by one",
                if held == 1 { "y" } else { "ies" }
            ));
        }
        text.push_str("; u undoes them all.");
        self.say(Level::Info, text);
        self.refresh();
        self.advance();
        vec![Effect::Save]
    }

    pub(super) fn undo(&mut self) -> Vec<Effect> {
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

    pub(super) fn split(&mut self) -> Vec<Effect> {
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

    pub(super) fn edited(
        &mut self,
        path: &str,
        id: HunkId,
        result: Result<String, String>,
    ) -> Vec<Effect> {
        let text = match result {
            Ok(text) => text,
            Err(e) => {
                self.say(Level::Warn, format!("Edit not kept: {e}"));
                return vec![];
            }
        };
        let Some(i) = (self.entries.iter()).position(|e| e.path == path && !e.committed) else {
            return vec![];
        };
        let entry = &mut self.entries[i];
        let before = diff::new_text(&entry.review, id).unwrap_or_default();
        if text == before || text.trim_end() == before.trim_end() {
            self.refused = None;
            self.say(Level::Info, "The text is unchanged: no decision made.");
            return vec![];
        }
        let depth = entry.review.undo_depth();
        match entry.review.edit(id, &text) {
            Ok(outcome) => {
                self.refused = None;
                let mut step = Vec::new();
                if entry.review.undo_depth() > depth {
                    step.push(entry.path.clone());
                }
                let how = match entry.review.decision(id) {
                    Decision::Edited(_) => "Kept your edit of",
                    _ => "Your text is the proposal's: accepted",
                };
                let n = entry.review.position(id).map_or(0, |x| x + 1);
                let mut changed = vec![(id, entry.review.decision(id).clone())];
                changed.extend(outcome.linked);
                let (more, along) = self.follow_across(i, changed);
                step.extend(more);
                if !step.is_empty() {
                    self.undo.push((step, self.hunk));
                }
                let mut text = format!("{how} hunk {n}");
                if along > 0 {
                    text.push_str(&format!(
                        "; accepted {along} hunk{} linked to it in other files",
                        plural(along)
                    ));
                }
                text.push('.');
                self.say(Level::Info, text);
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
}

/// "import rewrites" for a hunk of import edits, and so on.
pub(super) fn describe(kinds: &[EditKind]) -> String {
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
