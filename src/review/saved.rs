//! A file's saved decisions and how they come back onto a new review.
//!
//! A decision is saved under its hunk's id. Copies of one change (the same
//! old and new text twice in a file) have ids that depend on the lines
//! around them, so an unrelated edit next to a copy changes its id. The
//! session therefore also keeps, for each change with copies, the copies'
//! ids in file order: a decision whose id is gone goes back onto the copy
//! at its place when the change still has as many copies, in the same
//! order. A rejection or an edit that cannot be placed so is never turned
//! into a pending hunk that `apply` would accept: the change's copies are
//! *held* (pending, but left out by `apply`) until the reviewer decides
//! them, and the decision stays saved meanwhile. Pure: no I/O.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::Decision;
use super::file::FileReview;
use super::hunk::{self, Hunk, HunkId};

/// One file's saved decisions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    /// Hunk id -> decision (pending hunks are not stored).
    pub decisions: BTreeMap<HunkId, Decision>,
    /// For the changes with copies that some decision is on: which copies
    /// there were.
    pub copies: Vec<Copies>,
}

/// The copies of one change when the decisions were saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Copies {
    /// The change's id without a neighbourhood: [`hunk::hunk_id`] of its
    /// path, old and new text, the same for every copy.
    pub change: HunkId,
    /// The copies' hunk ids, in file order.
    pub ids: Vec<HunkId>,
    /// The decisions on these copies were held already when saved (they
    /// could not be placed): they go back onto no copy by its place, as
    /// the copies have changed since (a commit of the others, say).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub held: bool,
}

impl From<BTreeMap<HunkId, Decision>> for Saved {
    fn from(decisions: BTreeMap<HunkId, Decision>) -> Self {
        Saved {
            decisions,
            copies: Vec::new(),
        }
    }
}

impl Saved {
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty()
    }

    /// The decisions not on any hunk of `review` (with their copies), which
    /// a later proposal of the file may still have a place for.
    pub fn unseen_in(&self, review: &FileReview) -> Saved {
        let decisions: BTreeMap<HunkId, Decision> = self
            .decisions
            .iter()
            .filter(|(id, _)| review.position(**id).is_none())
            .map(|(id, d)| (*id, d.clone()))
            .collect();
        let copies = self
            .copies
            .iter()
            .filter(|c| c.ids.iter().any(|id| decisions.contains_key(id)))
            .cloned()
            .collect();
        Saved { decisions, copies }
    }

    /// Add `other`'s decisions (over ours, for the same id) and copies.
    pub fn extend(&mut self, other: Saved) {
        self.decisions.extend(other.decisions);
        for c in other.copies {
            if !self.copies.contains(&c) {
                self.copies.push(c);
            }
        }
    }

    /// The copies record a decision's id is in, or the one a change without
    /// copies implies (its hunk id is its change's id).
    fn copies_of(&self, id: HunkId) -> Copies {
        self.copies
            .iter()
            .find(|c| c.ids.contains(&id))
            .cloned()
            .unwrap_or(Copies {
                change: id,
                ids: vec![id],
                held: false,
            })
    }
}

/// What became of each saved decision (by its saved id) in a restore.
/// Every saved decision that is not pending is in exactly one set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restored {
    /// On a hunk again: by id, or on the copy at its place.
    pub restored: BTreeSet<HunkId>,
    /// Lost: its hunk is gone (the text changed), or it was an accept that
    /// lost a hunk it requires. Its hunk counts as pending.
    pub dropped: BTreeSet<HunkId>,
    /// A rejection or an edit of a copy whose change now has another
    /// number of copies: the copies are held (see [`FileReview::held`]).
    pub held: BTreeSet<HunkId>,
}

/// Saved rejections and edits that could not be told apart among the
/// copies of their change; they hold every copy still pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Held {
    /// The copies as they were saved (the decisions' ids are among them).
    copies: Copies,
    /// The copies' old text: the change's copies and their split parts.
    old: String,
    decisions: BTreeMap<HunkId, Decision>,
}

/// A change with copies whose saved rejections or edits could not be
/// placed, as `apply` and the TUI say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    /// The saved rejections and the saved edits.
    pub rejected: usize,
    pub edited: usize,
    /// How many copies the change had when they were saved, and has now.
    pub was: usize,
    pub now: usize,
    /// The copies held now (pending), in file order.
    pub hunks: Vec<HunkId>,
}

impl Hold {
    /// The saved decisions, as a phrase: "a rejection", "2 edits", "a
    /// rejection and an edit".
    pub fn what(&self) -> String {
        let some = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(one.to_string()),
            n => Some(format!("{n} {many}")),
        };
        [
            some(self.rejected, "a rejection", "rejections"),
            some(self.edited, "an edit", "edits"),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" and ")
    }
}

/// The id of `h`'s change, whatever its neighbourhood: the same for
/// every copy of it.
fn change(path: &str, h: &Hunk) -> HunkId {
    hunk::hunk_id(path, &h.old, &h.new, 0)
}

impl FileReview {
    /// Replace the decisions with `saved` (from a session file), splitting
    /// again the hunks whose parts were decided, putting a copy's decision
    /// back on the copy at its place when its change has the same copies
    /// (see the module doc), and dropping accepts whose required hunks are
    /// no longer accepted. Clears the undo stack.
    pub fn restore(&mut self, saved: &Saved) -> Restored {
        self.split_decided_parts(&saved.decisions);
        self.decisions.clear();
        self.held.clear();
        self.undo.clear();
        let mut out = Restored::default();
        // Saved id -> the hunk it is on now.
        let mut placed: BTreeMap<HunkId, HunkId> = BTreeMap::new();
        let live: Vec<(HunkId, &Decision)> = saved
            .decisions
            .iter()
            .filter(|(_, d)| **d != Decision::Pending)
            .map(|(id, d)| (*id, d))
            .collect();
        let mut unplaced: Vec<(HunkId, &Decision)> = Vec::new();
        for &(id, d) in &live {
            if self.position(id).is_some() {
                self.decisions.insert(id, d.clone());
                placed.insert(id, id);
            } else {
                unplaced.push((id, d));
            }
        }
        // The unplaced ones, by the copies record they belong to.
        let mut groups: Vec<(Copies, Vec<(HunkId, &Decision)>)> = Vec::new();
        for (id, d) in unplaced {
            let copies = saved.copies_of(id);
            match groups.iter_mut().find(|(c, _)| *c == copies) {
                Some((_, v)) => v.push((id, d)),
                None => groups.push((copies, vec![(id, d)])),
            }
        }
        for (copies, group) in groups {
            self.place_copies(&copies, group, saved, &mut placed, &mut out);
        }
        self.repair();
        for (key, at) in placed {
            if self.decisions.contains_key(&at) {
                out.restored.insert(key);
            } else {
                out.dropped.insert(key);
            }
        }
        out
    }

    /// Split again each hunk whose parts (not itself) have saved decisions.
    fn split_decided_parts(&mut self, saved: &BTreeMap<HunkId, Decision>) {
        let mut x = 0;
        while x < self.hunks.len() {
            let h = &self.hunks[x];
            if h.edits.len() > 1 && !saved.contains_key(&h.id) {
                let parts = hunk::split(&self.proposal, h);
                if parts.iter().any(|p| saved.contains_key(&p.id)) {
                    x += self.replace_with_parts(x).len();
                    continue;
                }
            }
            x += 1;
        }
    }

    /// Place `group`, saved decisions of `copies` whose ids are gone: on
    /// the copy at their place if the change has as many copies in the same
    /// order (those that kept their id are where they were); else hold the
    /// copies for a rejection or an edit, and drop an accept.
    fn place_copies(
        &mut self,
        copies: &Copies,
        group: Vec<(HunkId, &Decision)>,
        saved: &Saved,
        placed: &mut BTreeMap<HunkId, HunkId>,
        out: &mut Restored,
    ) {
        let path = self.proposal.path.clone();
        let now: Vec<usize> = (0..self.hunks.len())
            .filter(|&x| change(&path, &self.hunks[x]) == copies.change)
            .collect();
        let same = !copies.held
            && now.len() == copies.ids.len()
            && now.iter().zip(&copies.ids).all(|(&x, id)| {
                let at = self.hunks[x].id;
                at == *id || !copies.ids.contains(&at)
            });
        let mut held = BTreeMap::new();
        for (id, d) in group {
            let rank = copies.ids.iter().position(|c| *c == id).unwrap_or(0);
            if same {
                let at = self.hunks[now[rank]].id;
                // A decision saved on the copy under its new id wins.
                if !self.decisions.contains_key(&at) && !saved.decisions.contains_key(&at) {
                    self.decisions.insert(at, d.clone());
                }
                placed.insert(id, at);
            } else if !now.is_empty() && !d.is_accepted() {
                held.insert(id, d.clone());
            } else {
                out.dropped.insert(id);
            }
        }
        if held.is_empty() {
            return;
        }
        let keys: Vec<HunkId> = held.keys().copied().collect();
        let held = Held {
            copies: copies.clone(),
            old: self.hunks[now[0]].old.clone(),
            decisions: held,
        };
        if self.holds_any(&held) {
            out.held.extend(keys);
            self.held.push(held);
        } else {
            // Every copy it may be for is decided already.
            out.dropped.extend(keys);
        }
    }

    /// The decisions to save: those on hunks, with the copies of their
    /// changes, and the held ones while a copy they hold is pending.
    pub fn saved(&self) -> Saved {
        let path = &self.proposal.path;
        let mut out = Saved::from(self.decisions.clone());
        let mut changes: Vec<(HunkId, Vec<HunkId>)> = Vec::new();
        for h in &self.hunks {
            let c = change(path, h);
            match changes.iter_mut().find(|(x, _)| *x == c) {
                Some((_, ids)) => ids.push(h.id),
                None => changes.push((c, vec![h.id])),
            }
        }
        for (change, ids) in changes {
            let decided = ids.iter().any(|id| self.decisions.contains_key(id));
            // A lone hunk whose id is its change's needs no record.
            if decided && (ids.len() > 1 || ids[0] != change) {
                out.copies.push(Copies {
                    change,
                    ids,
                    held: false,
                });
            }
        }
        for h in &self.held {
            if self.holds_any(h) {
                out.decisions.extend(h.decisions.clone());
                let copies = Copies {
                    held: true,
                    ..h.copies.clone()
                };
                if !out.copies.contains(&copies) {
                    out.copies.push(copies);
                }
            }
        }
        out
    }

    fn holds_any(&self, held: &Held) -> bool {
        self.hunks.iter().any(|h| self.holds(held, h))
    }

    /// `h` is pending and may be a copy `held`'s decisions are for: one of
    /// the change's copies (or a part of one) whose id is not one the
    /// copies had when saved (such a copy is where it was, and was not
    /// decided then).
    fn holds(&self, held: &Held, h: &Hunk) -> bool {
        h.old == held.old
            && *self.decision(h.id) == Decision::Pending
            && !held.copies.ids.contains(&h.id)
    }

    /// Whether hunk `id` is held: pending, a copy of a change whose saved
    /// rejection or edit could not be placed. `apply` leaves it out.
    pub fn is_held(&self, id: HunkId) -> bool {
        !self.held.is_empty()
            && self
                .hunk(id)
                .is_some_and(|h| self.held.iter().any(|x| self.holds(x, h)))
    }

    /// The changes whose copies are held, and which copies.
    pub fn held(&self) -> Vec<Hold> {
        self.held
            .iter()
            .filter_map(|x| {
                let hunks: Vec<HunkId> = self
                    .hunks
                    .iter()
                    .filter(|h| self.holds(x, h))
                    .map(|h| h.id)
                    .collect();
                let count =
                    |f: fn(&Decision) -> bool| x.decisions.values().filter(|d| f(d)).count();
                let path = &self.proposal.path;
                let now = self
                    .hunks
                    .iter()
                    .filter(|h| change(path, h) == x.copies.change)
                    .count();
                (!hunks.is_empty()).then(|| Hold {
                    rejected: count(|d| *d == Decision::Rejected),
                    edited: count(|d| matches!(d, Decision::Edited(_))),
                    was: x.copies.ids.len(),
                    now,
                    hunks,
                })
            })
            .collect()
    }

    /// Hold in `next` (what is left once the accepted hunks are committed)
    /// what this review holds: the held copies are pending there too.
    pub(super) fn hand_on_held(&self, next: &mut FileReview) {
        next.held = self
            .held
            .iter()
            .filter(|x| self.holds_any(x))
            .cloned()
            .collect();
    }
}
