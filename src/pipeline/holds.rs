//! Patches that stay on the old path because code they intercept does.
//!
//! A move re-points `patch("old.mod.f")` in a test along with the uses of
//! `old.mod.f` in the code under test (see `links`). Where some of that
//! code keeps using the old path after every file is proposed (its use is
//! refused: a module bound through a parameter default, an `__all__`
//! re-export, a line under `# canon: ignore`, a file the rule excludes),
//! the re-pointed patch would replace `new.mod.f` while that code still
//! calls `old.mod.f`: the test would silently run the real code. So the
//! patch is held on the old path, with a note; and a held patch pins the
//! code it reaches everywhere else, as any patch a move leaves does (see
//! `rewrite::moves`), so that code is proposed again and stays too. That
//! can leave more code on the old path, and hold more patches: the
//! pipeline goes round until nothing more is held. Only the proposals can
//! tell which code stays, so this runs once every file is proposed.

use std::collections::BTreeMap;

use super::links::Proposed;
use crate::analyze::Reach;
use crate::python::semantic::is_at_or_under;
use crate::rewrite::verify::{Referrers, pin_note};
use crate::rules::{Config, RuleKind};
use crate::scan::Referrals;

/// The patches held on the old path: (module of the patching file, the
/// path its string names, move rule) → why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holds {
    by: BTreeMap<(String, String, String), String>,
}

impl Holds {
    pub fn holds(&self, module: &str, patched: &str, rule: &str) -> bool {
        self.why(module, patched, rule).is_some()
    }

    fn why(&self, module: &str, patched: &str, rule: &str) -> Option<&str> {
        (self.by.iter())
            .find(|((m, p, r), _)| m == module && p == patched && r == rule)
            .map(|(_, why)| why.as_str())
    }

    /// Whether a patch of `module` is held now that was not in `before`.
    pub fn new_in(&self, module: &str, before: &Holds) -> bool {
        (self.by.keys()).any(|k| k.0 == module && !before.by.contains_key(k))
    }

    pub fn extend(&mut self, held: Vec<((String, String, String), String)>) {
        self.by.extend(held);
    }
}

/// The scan's index as the proposals see it once patches are held: a
/// held patch pins the code it reaches like a patch the rule does not
/// rewrite, and its string stays.
pub struct Settled<'a> {
    pub referrals: &'a Referrals,
    pub holds: &'a Holds,
}

impl Referrers for Settled<'_> {
    fn refers(&self, module: &str, name: &str, except: &str) -> Option<String> {
        self.referrals.refers(module, name, except)
    }

    fn patches(&self, module: &str, name: &str, except: &str) -> Option<String> {
        Referrers::patches(self.referrals, module, name, except)
    }

    fn checks_patched(&self, module: &str, name: &str, except: &str) -> Option<String> {
        Referrers::checks_patched(self.referrals, module, name, except)
    }

    fn checks_pinned(&self, path: &str) -> Option<String> {
        Referrers::checks_pinned(self.referrals, path)
    }

    fn pins(&self, path: &str, except: Option<&str>, rule: Option<&str>) -> Vec<(String, String)> {
        let held = |m: &str, s: &str, r: &str| self.holds.holds(m, s, r);
        (self
            .referrals
            .pinners_holding(path, except, rule, &held)
            .into_iter())
        .map(|(file, line, symbol)| (symbol.to_string(), pin_note(file, line, symbol)))
        .collect()
    }

    fn holds(&self, module: &str, patched: &str, rule: &str) -> Option<String> {
        self.holds.why(module, patched, rule).map(str::to_string)
    }
}

/// What a file's code reaches (see `crate::analyze::FileAnalysis::reaches`).
pub type Reaches = Vec<(String, Reach)>;

/// What the run needs to tell which code stays on an old path.
pub struct Final<'a> {
    pub config: &'a Config,
    pub referrals: &'a Referrals,
    /// Each proposed file's last proposal, by path.
    pub proposed: &'a BTreeMap<String, Proposed>,
    /// What a proposed file's code reaches under the moves' old paths once
    /// its proposal is applied (see `crate::analyze::FileAnalysis::reaches`);
    /// `None` when that cannot be told (the file is then taken to stay).
    pub reaches: &'a dyn Fn(&str) -> Option<std::rc::Rc<Reaches>>,
    /// The files the run proposes for (see `links::links`).
    pub wanted: &'a dyn Fn(&str) -> bool,
    /// Which dotted names are modules.
    pub is_module: &'a dyn Fn(&str) -> bool,
}

/// The patches to hold beyond `holds`: each re-pointed by the proposal of
/// its file while the code of another file it intercepts stays on the old
/// path. A file the run leaves out (`wanted` says no) is no reason: the
/// links hold its patch back already.
pub fn stuck(at: &Final, holds: &Holds) -> Vec<((String, String, String), String)> {
    let mut out: Vec<((String, String, String), String)> = Vec::new();
    for patch in at.referrals.patches() {
        let Some(patcher) = at.proposed.get(patch.file) else {
            continue;
        };
        for rule in &at.config.rules {
            let RuleKind::Move { old, .. } = &rule.kind else {
                continue;
            };
            let key = (
                patch.module.to_string(),
                patch.symbol.to_string(),
                rule.id.clone(),
            );
            if !is_at_or_under(patch.symbol, old)
                || !patch.moved_by.contains(&rule.id)
                || !patcher.repoints(&rule.id, patch.line)
                || holds.holds(&key.0, &key.1, &key.2)
                || out.iter().any(|(k, _)| *k == key)
            {
                continue;
            }
            // In the patching file itself a name bound by a `from` import
            // where the module loads may be bound under the patch (`with
            // patch("old.mod.f"): from old.mod import f`): it counts as
            // intercepted there, whatever the order.
            let intercepted = |user: &str, r: &str, by: Reach| {
                let by = match (user == patch.file, by) {
                    (true, Reach::Loaded) => Reach::Import,
                    _ => by,
                };
                by.intercepted(r, patch.symbol, (at.is_module)(r))
            };
            for (user, reached, by) in at.referrals.reaching(patch.symbol, old) {
                // The patching file's own code too: its use may be refused.
                if !intercepted(user, reached, by) || !(at.wanted)(user) {
                    continue;
                }
                let excluded = at.config.settings.exclude.is_match(user) || !rule.applies_to(user);
                let stays = excluded
                    || !at.proposed.contains_key(user)
                    || (at.reaches)(user).is_none_or(|now| {
                        now.iter().any(|(r, by)| {
                            is_at_or_under(patch.symbol, r)
                                && is_at_or_under(r, old)
                                && intercepted(user, r, *by)
                        })
                    });
                if stays {
                    let why = format!(
                        "the patch stays on the old path: `{user}` still uses `{reached}` there (canon does not move that use), and re-pointed, the patch would no longer intercept it; move the patch and that use together, by hand"
                    );
                    out.push((key, why));
                    break;
                }
            }
        }
    }
    out
}
