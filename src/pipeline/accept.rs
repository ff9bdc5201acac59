//! The one accept path. The TUI's commit dialog and `canon apply` both
//! build [`FileReview`]s from the pipeline's proposals, restore the saved
//! session into them, and turn the accepted hunks into a [`CommitPlan`]
//! here; `apply` is "accept what is still pending" on that same review,
//! so a hunk rejected or edited in the TUI stays so.

use std::collections::BTreeMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::paths::Seen;

use crate::review::{Decision, FileReview, HunkId, Restored, Session};

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

/// The message of a commit of `paths` (the repository's, for `{files}`)
/// under `plan`, whose paths are the project's in the repository's
/// `folder`: the rules of their accepted hunks, in order of first appearance.
pub fn message(plan: &CommitPlan, folder: &str, paths: &[String]) -> String {
    let mut rules: Vec<String> = Vec::new();
    for r in paths
        .iter()
        .filter_map(|p| super::in_project(folder, p))
        .flat_map(|p| plan.rules.get(p).into_iter().flatten())
    {
        if !rules.contains(r) {
            rules.push(r.clone());
        }
    }
    crate::git::fill_message(&plan.template, &rules, paths, &plan.branch)
}

/// The review of a proposal with the session's decisions restored, and
/// what became of them (dropped: their hunk changed since; held: copies
/// whose saved rejection could not be placed).
pub fn restored(
    proposal: crate::rewrite::FileProposal,
    session: Option<&Session>,
) -> (FileReview, Restored) {
    let mut review = FileReview::new(proposal);
    let mut report = Restored::default();
    if let Some(s) = session
        && let Some(saved) = s.files.get(review.path())
    {
        report = review.restore(saved);
    }
    (review, report)
}

/// Which pending hunks `apply` accepts: those of the given rules (all when
/// none), in files matching the globs (all when none) and under `within`
/// (`canon apply src/app.py`: the `[PATH]` narrower than the project).
#[derive(Debug, Default)]
pub struct Selection {
    pub rules: Vec<String>,
    pub paths: Option<PathGlobs>,
    pub within: Option<PathGlobs>,
}

/// `--path` globs, read as `[PATH]` arguments are: against each file's
/// path as it reads from the current folder (as `check` prints it), a
/// leading `./` or none alike. A glob matches a file, or a folder and
/// every file under it; `*` stays within one folder (as in the config's
/// `paths`, `**` crosses folders). A file above the current folder
/// (`../a.py`) is matched only by a glob that climbs (`../*.py`).
#[derive(Debug)]
pub struct PathGlobs {
    /// Each glob as given, with the set that matches it and under it.
    globs: Vec<(String, GlobSet, bool)>,
    seen: Option<Seen>,
}

impl PathGlobs {
    /// `seen`: how the project's paths read from the current folder (None:
    /// as they are, from the root).
    pub fn new(globs: &[String], seen: Option<Seen>) -> Result<PathGlobs, globset::Error> {
        let mut out = Vec::new();
        for given in globs {
            let glob = normal_glob(given);
            let mut set = GlobSetBuilder::new();
            for g in [glob.clone(), format!("{glob}/**")] {
                set.add(GlobBuilder::new(&g).literal_separator(true).build()?);
            }
            let climbs = glob.starts_with("../") || glob == "..";
            out.push((given.clone(), set.build()?, climbs));
        }
        Ok(PathGlobs { globs: out, seen })
    }

    /// The project's file `path` as the globs read it.
    fn shown<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        match &self.seen {
            Some(seen) => seen.path(path).into(),
            None => path.into(),
        }
    }

    fn glob_matches(shown: &str, (_, set, climbs): &(String, GlobSet, bool)) -> bool {
        (*climbs || !shown.starts_with("../")) && set.is_match(shown)
    }

    pub fn is_match(&self, path: &str) -> bool {
        let shown = self.shown(path);
        self.globs.iter().any(|g| Self::glob_matches(&shown, g))
    }

    /// The globs, as given, that match none of `paths`.
    pub fn unmatched<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Vec<&str> {
        let shown: Vec<_> = paths.into_iter().map(|p| self.shown(p)).collect();
        (self.globs.iter())
            .filter(|g| !shown.iter().any(|s| Self::glob_matches(s, g)))
            .map(|(given, _, _)| given.as_str())
            .collect()
    }
}

/// A glob without its `./` parts (`./a.py`, `sub/./b.py`) or a trailing
/// `/`; `.` is the current folder, all of it.
fn normal_glob(glob: &str) -> String {
    let parts: Vec<&str> = glob
        .split('/')
        .enumerate()
        .filter(|(i, p)| *p != "." && !(p.is_empty() && *i > 0))
        .map(|(_, p)| p)
        .collect();
    match parts.is_empty() {
        true => "**".to_string(),
        false => parts.join("/"),
    }
}

impl Selection {
    pub fn wants_file(&self, path: &str) -> bool {
        self.paths.as_ref().is_none_or(|g| g.is_match(path))
            && self.within.as_ref().is_none_or(|g| g.is_match(path))
    }

    /// Whether the selection takes `rule`'s fixes in the file at `path`.
    pub fn wants(&self, path: &str, rule: &str) -> bool {
        self.wants_file(path) && (self.rules.is_empty() || self.rules.iter().any(|r| r == rule))
    }

    /// Accept the selected pending hunks of `review`, with the hunks they
    /// require. A hunk that needs one the reviewer rejected stays pending,
    /// and so does one whose edits are opt-in (strings that are data), and
    /// a held one (a copy whose saved rejection could not be placed: only
    /// the reviewer can tell which copy it was) or one that needs it.
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
        let open = |review: &FileReview, h: &crate::review::Hunk| {
            *review.decision(h.id) == Decision::Pending && !review.is_held(h.id)
        };
        let mixed: Vec<HunkId> = review
            .hunks()
            .iter()
            .filter(|h| open(review, h))
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
            .filter(|h| open(review, h))
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

/// Hunk `id` transitively requires a hunk the reviewer rejected, a held
/// one, or one `apply` never takes by itself (a string that is data), as
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
            if *review.decision(y) == Decision::Rejected || review.is_held(y) || opt_in {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(g: &[&str], seen: Option<(&str, &str)>) -> PathGlobs {
        let g: Vec<String> = g.iter().map(|s| s.to_string()).collect();
        let seen = seen.map(|(dir, prefix)| Seen {
            dir: dir.into(),
            prefix: prefix.into(),
        });
        PathGlobs::new(&g, seen).unwrap()
    }

    #[test]
    fn path_globs_read_from_the_current_folder() {
        // From the root: `./` or none, a folder and what is under it.
        let root = globs(&["./a.py", "sub/", "lib/*.py"], None);
        assert!(root.is_match("a.py") && root.is_match("sub/deep/b.py"));
        assert!(root.is_match("lib/c.py") && !root.is_match("lib/x/c.py"));
        assert!(!root.is_match("sub2/b.py"));
        // From sub/: its files by their names there; a file above only by `../`.
        let sub = globs(&["a.py", "**/*.py"], Some(("sub", "")));
        assert!(sub.is_match("sub/a.py") && sub.is_match("sub/deep/x.py"));
        assert!(!sub.is_match("a.py") && !sub.is_match("lib/c.py"));
        assert!(globs(&["../a.py"], Some(("sub", ""))).is_match("a.py"));
        assert!(globs(&["."], Some(("sub", ""))).is_match("sub/deep/x.py"));
        // From the repository's root above a project in services/api.
        let above = globs(&["services/api/*.py", "app.py"], Some(("", "services/api")));
        assert!(above.is_match("main.py") && !above.is_match("pkg/m.py"));
        assert_eq!(above.unmatched(["main.py"]), ["app.py"]);
    }
}
