//! Links across files, worked out once every file is proposed: a patch
//! string a move re-points in one file (`mock.patch("old.mod.C.f")` in
//! `test_app.py`) goes with that move's edits of the code the patch
//! intercepts in another (`from old.mod import C` in `app.py`). Applied
//! alone, either leaves the patch off the code: the patch alone replaces
//! what the code no longer calls, the code alone calls what the patch no
//! longer replaces, and the test silently runs the real code.
//!
//! The scan's index says who patches what ([`Referrals::patches`], with
//! the moves that rewrite each patch's string) and what each file's code
//! reaches ([`Referrals::reaching`]); the proposals say which edits make
//! those changes. The links are edit to edit, on both sides, as
//! `FileProposal::requires` links the edits of one file; the review turns
//! them into links between hunks, and every driver follows them.
//!
//! Narrow on purpose: a file is linked when its code reaches the patched
//! path or a name above it at or under the move's old path (`old.mod.C`,
//! or the module itself passed around), not when it uses other names of
//! the moved module (`old.mod.D`), and not by a `from` import that binds
//! the patched name itself when the module loads (`from old.mod import f`
//! at module level, for `patch("old.mod.f")`): bound before the test
//! patches it, that name is not intercepted either way (see
//! [`crate::analyze::Reach::intercepted`]).

use std::collections::BTreeMap;

use crate::python::LineIndex;
use crate::python::semantic::is_at_or_under;
use crate::rewrite::{Across, EditKind, FileProposal};
use crate::rules::{Config, RuleKind};
use crate::scan::Referrals;

/// What the links need of a file's proposal: per edit, its kind, its
/// rules, and for a dotted-path string the (1-based) line it starts on.
#[derive(Debug, Clone, Default)]
pub struct Proposed {
    edits: Vec<(EditKind, Vec<String>, Option<usize>)>,
    /// The edits `apply` takes, (range, replacement): what the file's
    /// code becomes (see [`Proposed::applied`]).
    changes: Vec<(std::ops::Range<usize>, String)>,
}

impl Proposed {
    pub fn of(proposal: &FileProposal) -> Proposed {
        let strings = (proposal.edits.iter()).any(|e| e.kind == EditKind::DottedString);
        let index = strings.then(|| LineIndex::new(&proposal.base));
        let edits = (proposal.edits.iter())
            .map(|e| {
                let line = match (&index, e.kind) {
                    (Some(index), EditKind::DottedString) => Some(index.line_of(e.range.start) + 1),
                    _ => None,
                };
                (e.kind, e.rules.clone(), line)
            })
            .collect();
        let changes = (proposal.edits.iter())
            .filter(|e| !e.kind.opt_in())
            .map(|e| (e.range.clone(), e.replacement.clone()))
            .collect();
        Proposed { edits, changes }
    }

    /// `base`, the text the proposal was made on, with the edits `apply`
    /// takes applied; `None` if they do not fit it.
    pub fn applied(&self, base: &str) -> Option<String> {
        let mut at = 0;
        for (range, _) in &self.changes {
            base.get(range.clone()).filter(|_| at <= range.start)?;
            at = range.end;
        }
        let changes = (self.changes.iter()).map(|(range, text)| (range.clone(), text.as_str()));
        Some(crate::rewrite::applied(base, changes))
    }

    /// Whether it re-points the patch string on `line` by `rule`.
    pub fn repoints(&self, rule: &str, line: usize) -> bool {
        !self.patch_edits(rule, line).is_empty()
    }

    /// The edits of `rule` that re-point the patch string on `line`.
    fn patch_edits(&self, rule: &str, line: usize) -> Vec<usize> {
        (self.edits.iter().enumerate())
            .filter(|(_, (kind, rules, at))| {
                *kind == EditKind::DottedString
                    && *at == Some(line)
                    && rules.iter().any(|r| r == rule)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The edits of `rule` that move code: not dotted-path strings (a
    /// patch of its own, an import path), not strings that are data.
    fn code_edits(&self, rule: &str) -> Vec<usize> {
        (self.edits.iter().enumerate())
            .filter(|(_, (kind, rules, _))| {
                !matches!(kind, EditKind::DottedString | EditKind::DataString)
                    && rules.iter().any(|r| r == rule)
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// Each file's links to others, by path.
pub type Links = BTreeMap<String, Vec<Across>>;

/// Up to how many pairs of a patch's edits and a file's code edits are
/// each linked. Past that, a link that joins nothing new is left out:
/// every driver follows links through (accepting a hunk accepts what its
/// links reach, and what theirs reach), so the hunks that go together are
/// the same, in links that grow with the edits, not with patches × uses
/// (2,000 patches of a name used 2,000 times: 4 million links, 2.3 GB).
const ALL_PAIRS: usize = 16;

/// Which edits (file, edit) the links so far join, directly or through
/// others.
#[derive(Default)]
struct Joined<'r> {
    index: std::collections::HashMap<(&'r str, usize), usize>,
    joined: crate::rewrite::UnionFind,
}

impl<'r> Joined<'r> {
    fn node(&mut self, at: (&'r str, usize)) -> usize {
        match self.index.get(&at) {
            Some(&i) => i,
            None => {
                let i = self.joined.add();
                self.index.insert(at, i);
                i
            }
        }
    }

    /// Joins `a` and `b`; false if they were joined already.
    fn join(&mut self, a: (&'r str, usize), b: (&'r str, usize)) -> bool {
        let (a, b) = (self.node(a), self.node(b));
        self.joined.join(a, b)
    }
}

/// The edit of a file the run leaves out that a link points to: none.
pub const OUTSIDE: usize = usize::MAX;

/// The links between the `proposed` files (by path). `is_module` says
/// which dotted names are modules: a `from` import of a moved module
/// (`from old import mod`) is no reach of what the patch names in it,
/// the chains through it are. A file the run leaves out (`wanted` says
/// no: `apply --write app.py`) has no proposal to link to: an edit that
/// goes with it is linked to its edit [`OUTSIDE`], which no review has,
/// so that it is not applied alone either.
pub fn links(
    config: &Config,
    referrals: &Referrals,
    proposed: &BTreeMap<String, Proposed>,
    wanted: &dyn Fn(&str) -> bool,
    is_module: &dyn Fn(&str) -> bool,
) -> Links {
    let mut out = Links::new();
    let outside = Proposed::default();
    let mut joined = Joined::default();
    for patch in referrals.patches() {
        let (patched, patcher, line, moved_by) =
            (patch.symbol, patch.file, patch.line, patch.moved_by);
        let b = match proposed.get(patcher) {
            Some(b) => b,
            None if !wanted(patcher) => &outside,
            None => continue,
        };
        for rule in &config.rules {
            let RuleKind::Move { old, .. } = &rule.kind else {
                continue;
            };
            if !is_at_or_under(patched, old) || !moved_by.contains(&rule.id) {
                continue;
            }
            let patches = match std::ptr::eq(b, &outside) {
                true => vec![OUTSIDE],
                false => b.patch_edits(&rule.id, line),
            };
            if patches.is_empty() {
                continue;
            }
            for (user, reached, by) in referrals.reaching(patched, old) {
                if user == patcher || !by.intercepted(reached, patched, is_module(reached)) {
                    continue;
                }
                let code = match proposed.get(user) {
                    Some(a) => a.code_edits(&rule.id),
                    None if !wanted(user) => vec![OUTSIDE],
                    None => continue,
                };
                // All the pairs while they are few; past that, those that
                // join what no link joins yet (see [`Joined`]).
                let few = code.len() * patches.len() <= ALL_PAIRS
                    || code.contains(&OUTSIDE)
                    || patches.contains(&OUTSIDE);
                for &code in &code {
                    for &patch in &patches {
                        if !joined.join((user, code), (patcher, patch)) && !few {
                            continue;
                        }
                        let link = |edit, path: &str, other, patch| Across {
                            edit,
                            path: path.to_string(),
                            other,
                            rule: rule.id.clone(),
                            patched: patched.to_string(),
                            patch,
                        };
                        if code != OUTSIDE {
                            (out.entry(user.to_string()).or_default())
                                .push(link(code, patcher, patch, false));
                        }
                        if patch != OUTSIDE {
                            (out.entry(patcher.to_string()).or_default())
                                .push(link(patch, user, code, true));
                        }
                    }
                }
            }
        }
    }
    for links in out.values_mut() {
        links.sort_by(|x, y| (x.edit, &x.path, x.other).cmp(&(y.edit, &y.path, y.other)));
        links.dedup();
    }
    out
}
