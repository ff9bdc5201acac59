//! One file under review: its hunks, the decisions on them, the links
//! between hunks and an undo stack. A state machine with no I/O.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;

use super::accepted::accepted_text;
use super::hunk::{self, Hunk, HunkId};
use super::saved::{Held, Saved};
use super::{Decision, EditError, Error};
use crate::rewrite::FileProposal;

static PENDING: Decision = Decision::Pending;

/// The linked hunks whose decision changed as a consequence of a decision,
/// with their new decision, so the UI can say "also accepted 2 linked hunks".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub linked: Vec<(HunkId, Decision)>,
}

impl Outcome {
    pub fn is_empty(&self) -> bool {
        self.linked.is_empty()
    }

    /// How many linked hunks now have a decision like `d` (by variant).
    pub fn count(&self, d: &Decision) -> usize {
        let want = std::mem::discriminant(d);
        self.linked
            .iter()
            .filter(|(_, x)| std::mem::discriminant(x) == want)
            .count()
    }
}

/// Decisions per state, for a file's mark and the status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pending: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub edited: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.pending + self.accepted + self.rejected + self.edited
    }
    pub fn decided(&self) -> usize {
        self.total() - self.pending
    }
}

/// A state the undo stack can return to. The hunk layout is kept only for
/// steps that changed it (a split).
#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    decisions: BTreeMap<HunkId, Decision>,
    hunks: Option<Vec<Hunk>>,
}

/// A file's review. Decisions are stored for decided hunks only; a hunk
/// with none is pending.
#[derive(Debug, Clone)]
pub struct FileReview {
    pub(super) proposal: FileProposal,
    pub(super) hunks: Vec<Hunk>,
    pub(super) decisions: BTreeMap<HunkId, Decision>,
    /// `requires[x]`: the hunks hunk `x` directly requires (indices).
    requires: Vec<BTreeSet<usize>>,
    /// `required_by[y]`: the hunks that directly require hunk `y`.
    required_by: Vec<BTreeSet<usize>>,
    /// `across[x]`: the links of hunk `x`'s edits to other files' edits
    /// (indices into the proposal's `across`).
    pub(super) across: Vec<Vec<usize>>,
    pub(super) undo: Vec<Snapshot>,
    /// Saved decisions on copies that could not be placed, and the copies
    /// they hold (see `saved.rs`).
    pub(super) held: Vec<Held>,
}

impl FileReview {
    pub fn new(proposal: FileProposal) -> Self {
        let hunks = hunk::hunks(&proposal);
        let mut review = FileReview {
            proposal,
            hunks,
            decisions: BTreeMap::new(),
            requires: Vec::new(),
            required_by: Vec::new(),
            across: Vec::new(),
            undo: Vec::new(),
            held: Vec::new(),
        };
        review.link();
        review
    }

    pub fn path(&self) -> &str {
        &self.proposal.path
    }

    pub fn proposal(&self) -> &FileProposal {
        &self.proposal
    }

    pub fn hunks(&self) -> &[Hunk] {
        &self.hunks
    }

    pub fn hunk(&self, id: HunkId) -> Option<&Hunk> {
        self.hunks.iter().find(|h| h.id == id)
    }

    /// Where hunk `id` is in [`hunks`](Self::hunks).
    pub fn position(&self, id: HunkId) -> Option<usize> {
        self.hunks.iter().position(|h| h.id == id)
    }

    pub fn decision(&self, id: HunkId) -> &Decision {
        self.decisions.get(&id).unwrap_or(&PENDING)
    }

    /// The decided hunks' decisions (pending ones are absent).
    pub fn decisions(&self) -> &BTreeMap<HunkId, Decision> {
        &self.decisions
    }

    /// The hunks `id` directly requires.
    pub fn requires(&self, id: HunkId) -> Vec<HunkId> {
        self.linked(id, &self.requires)
    }

    /// The hunks that directly require `id`.
    pub fn required_by(&self, id: HunkId) -> Vec<HunkId> {
        self.linked(id, &self.required_by)
    }

    fn linked(&self, id: HunkId, links: &[BTreeSet<usize>]) -> Vec<HunkId> {
        self.position(id)
            .map(|x| links[x].iter().map(|&y| self.hunks[y].id).collect())
            .unwrap_or_default()
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for h in &self.hunks {
            match self.decision(h.id) {
                Decision::Pending => c.pending += 1,
                Decision::Accepted => c.accepted += 1,
                Decision::Rejected => c.rejected += 1,
                Decision::Edited(_) => c.edited += 1,
            }
        }
        c
    }

    /// The file's text under the current decisions.
    pub fn accepted_text(&self) -> String {
        accepted_text(&self.proposal, &self.hunks, &self.decisions)
    }

    /// Derive hunk links from the edits' `requires`.
    pub(super) fn link(&mut self) {
        let n = self.hunks.len();
        let mut owner = vec![usize::MAX; self.proposal.edits.len()];
        for (x, h) in self.hunks.iter().enumerate() {
            for &e in &h.edits {
                if let Some(o) = owner.get_mut(e) {
                    *o = x;
                }
            }
        }
        self.requires = vec![BTreeSet::new(); n];
        self.required_by = vec![BTreeSet::new(); n];
        self.across = vec![Vec::new(); n];
        for (i, a) in self.proposal.across.iter().enumerate() {
            if let Some(&x) = owner.get(a.edit).filter(|&&x| x < n) {
                self.across[x].push(i);
            }
        }
        for &(a, b) in &self.proposal.requires {
            let (Some(&x), Some(&y)) = (owner.get(a), owner.get(b)) else {
                continue;
            };
            if x != y && x < n && y < n {
                self.requires[x].insert(y);
                self.required_by[y].insert(x);
            }
        }
    }

    /// Every hunk reachable from `start` through `links`, `start` excluded.
    fn closure(&self, start: usize, links: &[BTreeSet<usize>]) -> Vec<usize> {
        let mut seen = vec![false; self.hunks.len()];
        seen[start] = true;
        let mut stack = vec![start];
        let mut out = Vec::new();
        while let Some(x) = stack.pop() {
            for &y in &links[x] {
                if !seen[y] {
                    seen[y] = true;
                    out.push(y);
                    stack.push(y);
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn set(&mut self, x: usize, d: Decision) {
        let id = self.hunks[x].id;
        if d == Decision::Pending {
            self.decisions.remove(&id);
        } else {
            self.decisions.insert(id, d);
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            decisions: self.decisions.clone(),
            hunks: None,
        }
    }

    /// Keep `before` on the undo stack if anything changed since.
    fn commit(&mut self, before: Snapshot) {
        if before.decisions != self.decisions || before.hunks.is_some() {
            self.undo.push(before);
        }
    }

    /// Decide hunk `id`, then its links: accepting (or editing) a hunk
    /// accepts everything it transitively requires; rejecting it rejects
    /// everything that transitively requires it; making it pending again
    /// makes the accepted hunks that require it pending too.
    pub fn decide(&mut self, id: HunkId, decision: Decision) -> Result<Outcome, Error> {
        let x = self.position(id).ok_or(Error::UnknownHunk(id))?;
        let before = self.snapshot();
        let mut outcome = Outcome::default();
        let closure = if decision.is_accepted() {
            self.closure(x, &self.requires)
        } else {
            self.closure(x, &self.required_by)
        };
        self.set(x, decision.clone());
        for y in closure {
            let current = self.decision(self.hunks[y].id);
            let new = match &decision {
                d if d.is_accepted() => (!current.is_accepted()).then_some(Decision::Accepted),
                Decision::Rejected => {
                    (*current != Decision::Rejected).then_some(Decision::Rejected)
                }
                _ => current.is_accepted().then_some(Decision::Pending),
            };
            if let Some(new) = new {
                outcome.linked.push((self.hunks[y].id, new.clone()));
                self.set(y, new);
            }
        }
        self.commit(before);
        Ok(outcome)
    }

    /// Accept every hunk (edited hunks keep the reviewer's text).
    pub fn accept_all(&mut self) -> Outcome {
        self.decide_all(Decision::Accepted)
    }

    /// Reject every hunk.
    pub fn reject_all(&mut self) -> Outcome {
        self.decide_all(Decision::Rejected)
    }

    /// One undo step for the whole file; the outcome lists every hunk changed.
    fn decide_all(&mut self, decision: Decision) -> Outcome {
        let before = self.snapshot();
        let mut outcome = Outcome::default();
        for x in 0..self.hunks.len() {
            let current = self.decision(self.hunks[x].id);
            let keep = match decision {
                Decision::Accepted => current.is_accepted(),
                _ => *current == decision,
            };
            if !keep {
                outcome.linked.push((self.hunks[x].id, decision.clone()));
                self.set(x, decision.clone());
            }
        }
        self.commit(before);
        outcome
    }

    /// Split hunk `id` into its edits. The parts inherit an accept or a
    /// reject; an edited hunk's parts are pending (the reviewer's text was
    /// for the whole hunk), and so become the accepted hunks that need them.
    /// Returns the parts' ids (just `id` for a hunk of one edit).
    pub fn split(&mut self, id: HunkId) -> Result<Vec<HunkId>, Error> {
        let x = self.position(id).ok_or(Error::UnknownHunk(id))?;
        if self.hunks[x].edits.len() < 2 {
            return Ok(vec![id]);
        }
        let before = Snapshot {
            decisions: self.decisions.clone(),
            hunks: Some(self.hunks.clone()),
        };
        let inherited = match self.decisions.remove(&id) {
            Some(Decision::Edited(_)) | None => Decision::Pending,
            Some(d) => d,
        };
        let ids = self.replace_with_parts(x);
        for &p in &ids {
            if inherited != Decision::Pending {
                self.decisions.insert(p, inherited.clone());
            }
        }
        self.repair();
        self.commit(before);
        Ok(ids)
    }

    /// Put hunk `x`'s parts in its place and re-derive the links.
    pub(super) fn replace_with_parts(&mut self, x: usize) -> Vec<HunkId> {
        let mut parts = hunk::split(&self.proposal, &self.hunks[x]);
        let others: HashSet<HunkId> = self
            .hunks
            .iter()
            .enumerate()
            .filter(|&(y, _)| y != x)
            .map(|(_, h)| h.id)
            .collect();
        hunk::dedup_ids(&self.proposal.path, &mut parts, &others);
        let ids = parts.iter().map(|h| h.id).collect();
        self.hunks.splice(x..=x, parts);
        self.link();
        ids
    }

    /// Make pending every accepted hunk that (transitively) requires a hunk
    /// that is not accepted. Returns how many changed.
    pub(super) fn repair(&mut self) -> usize {
        let mut changed = 0;
        loop {
            let bad = (0..self.hunks.len()).find(|&x| {
                self.decision(self.hunks[x].id).is_accepted()
                    && self.requires[x]
                        .iter()
                        .any(|&y| !self.decision(self.hunks[y].id).is_accepted())
            });
            match bad {
                Some(x) => {
                    self.set(x, Decision::Pending);
                    changed += 1;
                }
                None => return changed,
            }
        }
    }

    /// Decide hunk `id` as the reviewer's `text` for its lines, if the file
    /// (as decided so far, with this hunk edited and the hunks it needs
    /// accepted) parses with no syntax error the base does not have.
    /// `text` equal to the proposal's accepts the hunk instead.
    pub fn edit(&mut self, id: HunkId, text: &str) -> Result<Outcome, EditError> {
        let hunk = self.hunk(id).ok_or(Error::UnknownHunk(id))?;
        // A CRLF file stays CRLF whatever the editor wrote.
        let mut text = if hunk.old.contains("\r\n")
            || (!hunk.old.contains('\n') && self.proposal.base.contains("\r\n"))
        {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        // Editors add a final newline; keep the hunk's own ending.
        if !hunk.new.ends_with('\n') && !hunk.old.ends_with('\n') && text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        if hunk.new.ends_with('\n') && !text.is_empty() && !text.ends_with('\n') {
            text.push_str(if hunk.new.ends_with("\r\n") {
                "\r\n"
            } else {
                "\n"
            });
        }
        let decision = if text == hunk.new {
            Decision::Accepted
        } else {
            Decision::Edited(text)
        };
        let mut trial = self.clone();
        trial.decide(id, decision.clone())?;
        let mut parser = crate::python::parser();
        let mut errors =
            |src: &str| crate::python::syntax_errors(&crate::python::parse(&mut parser, src));
        let before = errors(&self.proposal.base).len();
        let after_text = trial.accepted_text();
        let after = errors(&after_text);
        if after.len() > before {
            // An error node can start well before the edit (an unclosed
            // bracket swallows the module from its first line): report no
            // earlier than where the reviewer's text begins.
            let edit_at = match trial.decision(id) {
                Decision::Edited(t) if !t.is_empty() => after_text.find(t.as_str()),
                _ => None,
            };
            let at = after
                .first()
                .map_or(0, |r| r.start)
                .max(edit_at.unwrap_or(0));
            let line = after_text[..at.min(after_text.len())].matches('\n').count() + 1;
            return Err(EditError::Syntax { line });
        }
        // What else Python would refuse, or a name left unbound: judged as
        // the fuzz invariants judge a proposal, against the base.
        if let Some(problem) =
            crate::invariants::new_problems(&self.proposal.path, &self.proposal.base, &after_text)
                .into_iter()
                .next()
        {
            return Err(match problem.split_once(" leaves ") {
                Some((_, names)) => {
                    EditError::Unbound(names.trim_end_matches(" unbound").to_string())
                }
                None => EditError::Compile(problem),
            });
        }
        // The file is written in the source encoding it declares.
        crate::python::encoding::encode(&after_text).map_err(EditError::Encoding)?;
        Ok(self.decide(id, decision)?)
    }

    /// How many steps [`undo`](Self::undo) can take back; a call that
    /// changed nothing adds none.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Return to the state before the last change. False if there is none.
    pub fn undo(&mut self) -> bool {
        let Some(s) = self.undo.pop() else {
            return false;
        };
        self.decisions = s.decisions;
        if let Some(hunks) = s.hunks {
            self.hunks = hunks;
            self.link();
        }
        true
    }

    /// What is left once the accepted hunks are committed: a review whose
    /// base is [`accepted_text`](Self::accepted_text) and whose hunks are
    /// the ones not applied (pending and rejected, rejections kept). Links
    /// to committed hunks are dropped, since those are in the base now.
    /// `None` when nothing is left.
    pub fn remaining(&self) -> Option<FileReview> {
        self.remaining_indexed().0
    }

    /// [`remaining`](Self::remaining), and where each edit went in it (old
    /// index -> new, `usize::MAX` for one applied or gone): other files'
    /// links to this one's edits follow with [`FileReview::renumber_across`].
    pub fn remaining_indexed(&self) -> (Option<FileReview>, Vec<usize>) {
        let left = self.left();
        let ranges = self.left_ranges(&left);
        let n = self.proposal.edits.len();
        let mut edits = Vec::new();
        let mut index = vec![usize::MAX; n];
        // For each new edit, whether it comes from a rejected hunk.
        let mut was_rejected = Vec::new();
        for e in 0..n {
            if let Some((start, end)) = ranges[e] {
                let mut edit = self.proposal.edits[e].clone();
                edit.range = start..end;
                index[e] = edits.len();
                edits.push(edit);
                was_rejected.push(left[e] == Some(true));
            }
        }
        if edits.is_empty() {
            return (None, index);
        }
        let requires = self
            .proposal
            .requires
            .iter()
            .filter_map(|&(a, b)| {
                let (a, b) = (index[a], index[b]);
                (a != usize::MAX && b != usize::MAX).then_some((a, b))
            })
            .collect();
        let mut next = FileReview::new(FileProposal {
            path: self.proposal.path.clone(),
            base: super::accepted::accepted_text(&self.proposal, &self.hunks, &self.decisions),
            edits,
            requires,
            across: crate::rewrite::renumbered(&self.proposal.across, &index),
        });
        // Rejections follow their edits (hunk ids may differ on the new
        // text: an identical change earlier in the file is gone).
        let rejected: BTreeMap<HunkId, Decision> = next
            .hunks
            .iter()
            .filter(|h| h.edits.iter().any(|&e| was_rejected[e]))
            .map(|h| (h.id, Decision::Rejected))
            .collect();
        next.restore(&Saved::from(rejected));
        self.hand_on_held(&mut next);
        (Some(next), index)
    }

    /// For each edit, by index: `None` when its hunk is accepted, else
    /// whether that hunk was rejected.
    fn left(&self) -> Vec<Option<bool>> {
        let mut left: Vec<Option<bool>> = vec![None; self.proposal.edits.len()];
        for h in &self.hunks {
            let d = self.decision(h.id);
            if !d.is_accepted() {
                for &e in &h.edits {
                    left[e] = Some(*d == Decision::Rejected);
                }
            }
        }
        left
    }

    /// Where each edit not applied (`left`) lands in the committed text;
    /// `None` for one superseded by what was committed, or needing one that is.
    fn left_ranges(&self, left: &[Option<bool>]) -> Vec<Option<(usize, usize)>> {
        let pieces = super::accepted::pieces(&self.proposal, &self.hunks, &self.decisions);
        let n = self.proposal.edits.len();
        let mut ranges = vec![None; n];
        for e in 0..n {
            if left[e].is_some() {
                let r = &self.proposal.edits[e].range;
                ranges[e] = committed_span(&pieces, r.start, r.end);
            }
        }
        // An edit that needs a superseded one cannot be made either.
        let mut changed = true;
        while changed {
            changed = false;
            for &(a, b) in &self.proposal.requires {
                if ranges[a].is_some() && left[b].is_some() && ranges[b].is_none() {
                    ranges[a] = None;
                    changed = true;
                }
            }
        }
        ranges
    }
}

/// Where the base span `s..e` lands in the committed text (`pieces` are
/// the committed replacements); `None` inside a replaced range (an edit
/// there is superseded by what was committed).
fn committed_span(pieces: &[(Range<usize>, &str)], s: usize, e: usize) -> Option<(usize, usize)> {
    let mut shift: isize = 0;
    for (r, text) in pieces {
        let overlaps = if r.is_empty() {
            s < r.start && r.start < e
        } else if s == e {
            r.start < s && s < r.end
        } else {
            r.start < e && s < r.end
        };
        if overlaps {
            return None;
        }
        if r.end <= s {
            shift += text.len() as isize - r.len() as isize;
        }
    }
    Some((
        s.saturating_add_signed(shift),
        e.saturating_add_signed(shift),
    ))
}

/// Every accepted (or edited) hunk's required hunks are accepted too.
pub fn consistent(review: &FileReview) -> Result<(), String> {
    for h in review.hunks() {
        if !review.decision(h.id).is_accepted() {
            continue;
        }
        for r in review.requires(h.id) {
            if !review.decision(r).is_accepted() {
                return Err(format!(
                    "{}: hunk {} (lines {}-{}) is accepted but the hunk {} it requires is {}",
                    review.path(),
                    h.id,
                    h.lines.start + 1,
                    h.lines.end,
                    r,
                    review.decision(r).as_str()
                ));
            }
        }
    }
    Ok(())
}
