//! The one accept path. The TUI's commit dialog and `canon apply` both
//! build [`FileReview`]s from the pipeline's proposals, restore the saved
//! session into them, and turn the accepted hunks into a [`CommitPlan`]
//! here; `apply` is "accept what is still pending" on that same review,
//! so a hunk rejected or edited in the TUI stays so.

use std::collections::BTreeMap;

use globset::GlobSet;

use crate::review::{Decision, FileReview, HunkId, Session};

/// Accepted changes and where they go: what the commit dialog submits and
/// what `apply` commits.
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
    /// Paths whose accepted hunks are linked across files (see
    /// [`crate::review::across::groups`]): with `per_file`, each group is
    /// one commit, so that no commit of the branch holds one side alone.
    pub together: Vec<Vec<String>>,
}

/// What the accepted hunks of some reviews add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accepted {
    /// Path and its new text, sorted by path.
    pub changes: Vec<(String, String)>,
    pub rules: BTreeMap<String, Vec<String>>,
    /// Hunks accepted or edited.
    pub hunks: usize,
    /// Files that also have pending hunks.
    pub partial: usize,
    /// See [`CommitPlan::together`].
    pub together: Vec<Vec<String>>,
}

impl Accepted {
    pub fn of<'a>(reviews: impl IntoIterator<Item = &'a FileReview>) -> Accepted {
        let reviews: Vec<&FileReview> = reviews.into_iter().collect();
        let mut out = Accepted {
            together: crate::review::across::groups(&reviews),
            ..Accepted::default()
        };
        for review in reviews {
            let c = review.counts();
            let accepted = c.accepted + c.edited;
            if accepted == 0 {
                continue;
            }
            out.hunks += accepted;
            if c.pending > 0 {
                out.partial += 1;
            }
            let mut ids: Vec<String> = Vec::new();
            for h in review.hunks() {
                if review.decision(h.id).is_accepted() {
                    for r in &h.rules {
                        if !ids.contains(r) {
                            ids.push(r.clone());
                        }
                    }
                }
            }
            let path = review.path().to_string();
            out.rules.insert(path.clone(), ids);
            out.changes.push((path, review.accepted_text()));
        }
        out.changes.sort();
        out
    }

    pub fn plan(self, branch: &str, template: &str, per_file: bool) -> CommitPlan {
        CommitPlan {
            branch: branch.to_string(),
            template: template.to_string(),
            per_file,
            changes: self.changes,
            rules: self.rules,
            together: self.together,
        }
    }
}

/// The message of a commit of `paths` under `plan`: the rules of their
/// accepted hunks, in order of first appearance.
pub fn message(plan: &CommitPlan, paths: &[String]) -> String {
    let mut rules: Vec<String> = Vec::new();
    for r in paths
        .iter()
        .flat_map(|p| plan.rules.get(p).into_iter().flatten())
    {
        if !rules.contains(r) {
            rules.push(r.clone());
        }
    }
    crate::git::fill_message(&plan.template, &rules, paths, &plan.branch)
}

/// The review of a proposal with the session's decisions restored, and
/// how many saved decisions were dropped (their hunk changed since).
pub fn restored(
    proposal: crate::rewrite::FileProposal,
    session: Option<&Session>,
) -> (FileReview, usize) {
    let mut review = FileReview::new(proposal);
    let mut dropped = 0;
    if let Some(s) = session
        && let Some(saved) = s.files.get(review.path())
    {
        dropped = review.restore(saved);
    }
    (review, dropped)
}

/// Which pending hunks `apply` accepts: those of the given rules (all when
/// none), in files matching the globs (all when none).
#[derive(Debug, Default)]
pub struct Selection {
    pub rules: Vec<String>,
    pub paths: Option<GlobSet>,
}

impl Selection {
    pub fn wants_file(&self, path: &str) -> bool {
        self.paths.as_ref().is_none_or(|g| g.is_match(path))
    }

    /// Whether the selection takes `rule`'s fixes in the file at `path`.
    pub fn wants(&self, path: &str, rule: &str) -> bool {
        self.wants_file(path) && (self.rules.is_empty() || self.rules.iter().any(|r| r == rule))
    }

    /// Accept the selected pending hunks of `review`, with the hunks they
    /// require. A hunk that needs one the reviewer rejected stays pending,
    /// and so does one whose edits are opt-in (strings that are data).
    /// Returns how many hunks were accepted.
    pub fn accept_pending(&self, review: &mut FileReview) -> usize {
        if !self.wants_file(review.path()) {
            return 0;
        }
        // An edit wanted: not opt-in (a string that is data), and of a
        // selected rule.
        let wants = |review: &FileReview, e: usize| {
            let edit = &review.proposal().edits[e];
            !edit.kind.opt_in()
                && (self.rules.is_empty() || edit.rules.iter().any(|r| self.rules.contains(r)))
        };
        // A hunk of wanted and unwanted edits is split first.
        let mixed: Vec<HunkId> = review
            .hunks()
            .iter()
            .filter(|h| *review.decision(h.id) == Decision::Pending)
            .filter(|h| {
                let w: Vec<bool> = h.edits.iter().map(|&e| wants(review, e)).collect();
                w.contains(&true) && w.contains(&false)
            })
            .map(|h| h.id)
            .collect();
        for id in mixed {
            let _ = review.split(id);
        }
        let wanted: Vec<HunkId> = review
            .hunks()
            .iter()
            .filter(|h| *review.decision(h.id) == Decision::Pending)
            .filter(|h| h.edits.iter().all(|&e| wants(review, e)))
            .map(|h| h.id)
            .collect();
        let before = review.counts().accepted;
        for id in wanted {
            if *review.decision(id) == Decision::Pending && !needs_rejected(review, id) {
                let _ = review.decide(id, Decision::Accepted);
            }
        }
        review.counts().accepted - before
    }
}

impl Selection {
    /// Rules outside `--rule` whose edits the hunks accepted since `before`
    /// (decisions as they were) carry along, with the 1-based lines of those
    /// hunks: an edit of two rules at one place (an import line both
    /// rewrite), or a hunk a selected one requires. Empty without `--rule`.
    pub fn came_along(
        &self,
        review: &FileReview,
        before: &BTreeMap<HunkId, Decision>,
    ) -> Vec<(String, Vec<usize>)> {
        let mut out: Vec<(String, Vec<usize>)> = Vec::new();
        if self.rules.is_empty() {
            return out;
        }
        for h in review.hunks() {
            let now = review.decision(h.id);
            let was = before.get(&h.id).unwrap_or(&Decision::Pending);
            if *now != Decision::Accepted || *was == Decision::Accepted {
                continue;
            }
            for r in h.rules.iter().filter(|r| !self.rules.contains(r)) {
                let line = h.lines.start + 1;
                match out.iter_mut().find(|(x, _)| x == r) {
                    Some((_, lines)) if !lines.contains(&line) => lines.push(line),
                    Some(_) => {}
                    None => out.push((r.clone(), vec![line])),
                }
            }
        }
        out
    }
}

/// Hunk `id` transitively requires a hunk the reviewer rejected, or one
/// `apply` never takes by itself (a string that is data), as
/// `FileProposal::applicable` leaves those out of `canon diff`.
fn needs_rejected(review: &FileReview, id: HunkId) -> bool {
    let mut seen = vec![id];
    let mut stack = vec![id];
    while let Some(x) = stack.pop() {
        for y in review.requires(x) {
            let opt_in = review.hunk(y).is_some_and(|h| {
                h.edits
                    .iter()
                    .any(|&e| review.proposal().edits[e].kind.opt_in())
            });
            if *review.decision(y) == Decision::Rejected || opt_in {
                return true;
            }
            if !seen.contains(&y) {
                seen.push(y);
                stack.push(y);
            }
        }
    }
    false
}
