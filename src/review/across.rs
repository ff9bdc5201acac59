//! Decisions across files. A hunk may be linked to hunks of other files
//! (a patch string and the code it intercepts, see `pipeline::links`):
//! both land or neither. Within a file [`FileReview::decide`] follows the
//! `requires` links; these functions follow the links between files too,
//! over the reviews of a whole session, for the TUI and `canon apply`
//! alike. Links between files are mutual: accepting a hunk accepts the
//! hunks it is linked to, rejecting it rejects them, and making it pending
//! makes the accepted ones pending.

use std::collections::BTreeMap;

use super::{Decision, Error, FileReview, HunkId, Outcome};
use crate::rewrite::Across;

/// What a decision did, in its file and through the links to others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cascade {
    /// The decision's outcome in its own file.
    pub here: Outcome,
    /// Hunks decided through the links between files, and the hunks
    /// their own files' links decided with them: (review, hunk, new
    /// decision), in any file (the first one too, reached back through
    /// another).
    pub along: Vec<(usize, HunkId, Decision)>,
    /// The reviews that took an undo step, one entry per step.
    pub steps: Vec<usize>,
}

impl Cascade {
    /// The other files' hunks decided along, and in how many files.
    pub fn elsewhere(&self, at: usize) -> (usize, usize) {
        let mut files: Vec<usize> = self.along.iter().map(|(i, _, _)| *i).collect();
        files.sort_unstable();
        files.dedup();
        let hunks = self.along.len();
        (hunks, files.iter().filter(|&&i| i != at).count())
    }
}

/// Decide hunk `id` of `reviews[at]` with its links, in its file and
/// across files.
pub fn decide(
    reviews: &mut [&mut FileReview],
    at: usize,
    id: HunkId,
    decision: Decision,
) -> Result<Cascade, Error> {
    let depth = reviews[at].undo_depth();
    let here = reviews[at].decide(id, decision.clone())?;
    let mut cascade = Cascade::default();
    if reviews[at].undo_depth() > depth {
        cascade.steps.push(at);
    }
    let mut changed = vec![(at, id, reviews[at].decision(id).clone())];
    changed.extend(here.linked.iter().map(|(h, d)| (at, *h, d.clone())));
    cascade.here = here;
    follow(reviews, changed, &mut cascade);
    Ok(cascade)
}

/// Follow the links between files from hunks whose decision `changed`
/// (review, hunk, decision): a whole file decided, an edit kept.
pub fn follow(
    reviews: &mut [&mut FileReview],
    mut changed: Vec<(usize, HunkId, Decision)>,
    cascade: &mut Cascade,
) {
    while let Some((i, id, d)) = changed.pop() {
        let links: Vec<(String, usize)> = (reviews[i].across(id).iter())
            .map(|a| (a.path.clone(), a.other))
            .collect();
        for (path, other) in links {
            let Some(j) = reviews.iter().position(|r| r.path() == path) else {
                continue;
            };
            let Some(oh) = reviews[j].hunk_of(other) else {
                continue;
            };
            let current = reviews[j].decision(oh);
            let new = match &d {
                d if d.is_accepted() => (!current.is_accepted()).then_some(Decision::Accepted),
                Decision::Rejected => {
                    (*current != Decision::Rejected).then_some(Decision::Rejected)
                }
                _ => current.is_accepted().then_some(Decision::Pending),
            };
            let Some(new) = new else {
                continue;
            };
            let depth = reviews[j].undo_depth();
            if let Ok(out) = reviews[j].decide(oh, new.clone()) {
                if reviews[j].undo_depth() > depth {
                    cascade.steps.push(j);
                }
                cascade.along.push((j, oh, new.clone()));
                changed.push((j, oh, new));
                for (h, d) in out.linked {
                    cascade.along.push((j, h, d.clone()));
                    changed.push((j, h, d));
                }
            }
        }
    }
}

/// An accepted hunk whose link to another file is not kept: the hunk
/// there is not accepted, or that file is not under review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub path: String,
    pub hunk: HunkId,
    pub link: Across,
    /// The other hunk's decision; `None` when the file (or the hunk) is not
    /// among the reviews.
    pub other: Option<(HunkId, Decision)>,
}

/// The first accepted hunk (in a file `counts` takes) linked to a hunk of
/// another file that is not accepted, or is in a file `counts` leaves out
/// or that is not among the reviews.
pub fn broken(reviews: &[&FileReview], counts: &dyn Fn(&str) -> bool) -> Option<Broken> {
    for r in reviews
        .iter()
        .filter(|r| r.has_across() && counts(r.path()))
    {
        for h in r.hunks() {
            if !r.decision(h.id).is_accepted() {
                continue;
            }
            for link in r.across(h.id) {
                let other = (reviews.iter())
                    .filter(|o| counts(o.path()))
                    .find(|o| o.path() == link.path)
                    .and_then(|o| o.hunk_of(link.other).map(|x| (x, o.decision(x).clone())));
                if other.as_ref().is_none_or(|(_, d)| !d.is_accepted()) {
                    return Some(Broken {
                        path: r.path().to_string(),
                        hunk: h.id,
                        link: link.clone(),
                        other,
                    });
                }
            }
        }
    }
    None
}

/// Make pending every accepted hunk whose link to another file is not
/// kept (see [`broken`]), and what that breaks in turn, until every link
/// between accepted hunks is kept: `apply --path` never lands one side
/// alone. Returns what was held back, in order.
pub fn hold_back(reviews: &mut [&mut FileReview]) -> Vec<Broken> {
    let mut held = Vec::new();
    loop {
        let found = {
            let shared: Vec<&FileReview> = reviews.iter().map(|r| &**r).collect();
            broken(&shared, &|_| true)
        };
        let Some(b) = found else {
            return held;
        };
        let Some(i) = reviews.iter().position(|r| r.path() == b.path) else {
            return held;
        };
        let Ok(outcome) = reviews[i].decide(b.hunk, Decision::Pending) else {
            return held;
        };
        // The hunks of the file that need it are held back with it.
        let with: Vec<Broken> = (outcome.linked.into_iter())
            .map(|(hunk, _)| Broken { hunk, ..b.clone() })
            .collect();
        held.push(b);
        held.extend(with);
    }
}

/// The paths whose accepted hunks are linked to accepted hunks of other
/// files, in groups that must land in one commit (each sorted, in order
/// of their first path); files with no such link are in none.
pub fn groups(reviews: &[&FileReview]) -> Vec<Vec<String>> {
    let mut root: BTreeMap<&str, &str> = BTreeMap::new();
    fn find<'a>(root: &BTreeMap<&'a str, &'a str>, mut p: &'a str) -> &'a str {
        while let Some(&up) = root.get(p).filter(|&&up| up != p) {
            p = up;
        }
        p
    }
    for r in reviews.iter().filter(|r| r.has_across()) {
        for h in r.hunks().iter().filter(|h| r.decision(h.id).is_accepted()) {
            for link in r.across(h.id) {
                let Some(o) = reviews.iter().find(|o| o.path() == link.path) else {
                    continue;
                };
                if !o
                    .hunk_of(link.other)
                    .is_some_and(|x| o.decision(x).is_accepted())
                {
                    continue;
                }
                let (a, b) = (r.path(), o.path());
                root.entry(a).or_insert(a);
                root.entry(b).or_insert(b);
                let (ra, rb) = (find(&root, a), find(&root, b));
                if ra != rb {
                    root.insert(ra.max(rb), ra.min(rb));
                }
            }
        }
    }
    let mut by_root: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for &p in root.keys() {
        by_root
            .entry(find(&root, p))
            .or_default()
            .push(p.to_string());
    }
    by_root.into_values().collect()
}

/// A review's links to other files.
impl FileReview {
    /// The links of hunk `id`'s edits to edits of other files.
    pub fn across(&self, id: HunkId) -> Vec<&Across> {
        self.position(id)
            .map(|x| {
                self.across[x]
                    .iter()
                    .map(|&a| &self.proposal.across[a])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether some hunk has a link to another file.
    pub fn has_across(&self) -> bool {
        !self.proposal.across.is_empty()
    }

    /// The hunk that holds edit `edit` (an index into the proposal's edits).
    pub fn hunk_of(&self, edit: usize) -> Option<HunkId> {
        self.hunks
            .iter()
            .find(|h| h.edits.contains(&edit))
            .map(|h| h.id)
    }

    /// Set the links to other files (known once every file is proposed);
    /// decisions stay as they are.
    pub fn set_across(&mut self, across: Vec<Across>) {
        self.proposal.across = across;
        self.link();
    }

    /// After `path` was committed in part: its edits renumbered by `index`
    /// (old index -> new, `usize::MAX` for one committed or gone, whose
    /// links go), as [`FileReview::remaining_indexed`] says.
    pub fn renumber_across(&mut self, path: &str, index: &[usize]) {
        if !self.proposal.across.iter().any(|a| a.path == path) {
            return;
        }
        let across = std::mem::take(&mut self.proposal.across);
        self.proposal.across = across
            .into_iter()
            .filter_map(|mut a| {
                if a.path == path {
                    a.other = *index.get(a.other).filter(|&&o| o != usize::MAX)?;
                }
                Some(a)
            })
            .collect();
        self.link();
    }
}
