//! The binding-level self-check: a layer of edits is kept only if canon can
//! show that the new text means what the old text meant, with the rule's
//! old → new mapping applied.
//!
//! Both texts are resolved with the same resolver ([`Semantic`]). Every
//! maximal reference (a name, or an attribute chain from a name) of the old
//! text is paired with one of the new text: by position outside the edits,
//! as a multiset inside each cluster of edits, and piece by piece inside a
//! rewrite's fix (its `{symbol}`s must denote their symbol, its `$holes`
//! must mean what the matched text meant, any other name must be a
//! builtin). Then: no import that was used is left unused, none is
//! duplicated, no module-level name that `__all__`, a dotted-path string or
//! another project file names disappears, no module a `sys.modules[…]`
//! lookup finds stops being imported, no submodule another file reaches
//! through its package stops being loaded, no import an edit writes makes
//! an import cycle at import time, every fix still groups as one
//! expression where it lands (precedence), and every `await` added sits in
//! an `async def` proper. A linked group of edits that fails is retried
//! piece by piece (each use or fix with what it needs); what still fails is
//! dropped and reported with the reason; what is left is proposed. No I/O
//! here.
//!
//! This file holds the check's entry points (`Check`, `enforce`) and the
//! edit bookkeeping (`Applied`); the parts live beside it: `chains` (what
//! each reference means), `references` (pairing old and new references),
//! `imports` (unused, duplicated and misdirected imports, vanishing module
//! names) and `shape` (precedence, f-string quotes, `await` placement).

use std::collections::HashSet;
use std::ops::Range;

use tree_sitter::{Parser, Tree};

use super::layer::{FixPieces, Layer};
use crate::python::modules::Modules;
use crate::python::semantic::is_at_or_under;
use crate::python::{self, Semantic};

mod chains;
mod imports;
mod references;
mod shape;
mod whole;

use chains::{Chain, chains};
use imports::ImportUse;
use shape::{awaits, structure};
pub use whole::recheck;

/// How a rule changes what references mean.
#[derive(Debug, Clone, Copy)]
pub enum Mapping<'a> {
    /// A move: every symbol at or under `old` now lives under `new`.
    Move { old: &'a str, new: &'a str },
    /// A rewrite: only its fixes change meaning, and they say how.
    Rewrite,
}

impl Mapping<'_> {
    fn apply(&self, symbol: &str) -> String {
        match self {
            Mapping::Move { old, new } if is_at_or_under(symbol, old) => {
                format!("{new}{}", &symbol[old.len()..])
            }
            _ => symbol.to_string(),
        }
    }
}

/// Who else refers to a module's names: another project file importing
/// `name` from `module`, or naming `module.name` in a dotted-path string.
pub trait Referrers: Sync {
    /// Some other file refers to `module.name`; the answer names it.
    fn refers(&self, module: &str, name: &str, except: &str) -> Option<String>;

    /// Some other file may patch `module.name` (a patch's string,
    /// `patch.object`, `setattr`, `patch.multiple`); the answer names it.
    /// Every such file also [`Referrers::refers`] to it.
    fn patches(&self, module: &str, name: &str, except: &str) -> Option<String> {
        let _ = (module, name, except);
        None
    }

    /// [`Referrers::patches`], by a file that checks how its stand-ins
    /// were called (`fake.assert_called_once_with(ctx)`, a `lambda ctx:`
    /// stand-in): one a changed call would fail.
    fn checks_patched(&self, module: &str, name: &str, except: &str) -> Option<String> {
        let _ = (module, name, except);
        None
    }

    /// A patch of `path` or of a symbol under it, by a file that checks
    /// how its stand-ins were called (see [`Referrers::checks_patched`]);
    /// the answer names it.
    fn checks_pinned(&self, path: &str) -> Option<String> {
        let _ = path;
        None
    }

    /// The patches of symbols at or under `path` by files other than
    /// module `except` (by any file, this one too, for `None`) that move
    /// rule `rule` does not rewrite along with the uses (every patch, for
    /// a rewrite's `None`): `patch.object(old.mod, "f", …)`, `old.mod.f =
    /// fake`, a `patch("old.mod.f")` string under `# canon: ignore`, in a
    /// file the rule excludes, or seen by a rewrite (whose fix changes the
    /// call, not the patch). Each is (symbol, what names the file, line
    /// and symbol), in file and line order.
    fn pins(&self, path: &str, except: Option<&str>, rule: Option<&str>) -> Vec<(String, String)> {
        let _ = (path, except, rule);
        Vec::new()
    }

    /// Why move rule `rule` must leave the patch strings of `module` that
    /// name `patched` as they are, when it must: code of another file
    /// that the patch intercepts stays on the old path (its uses are not
    /// moved), and a re-pointed patch would stop intercepting it. Known
    /// once every file is proposed (see `pipeline::holds`).
    fn holds(&self, module: &str, patched: &str, rule: &str) -> Option<String> {
        let _ = (module, patched, rule);
        None
    }
}

/// The scan's index: the files that import a name, spell it as a chain or
/// as a dotted-path string.
impl Referrers for crate::scan::Referrals {
    fn refers(&self, module: &str, name: &str, except: &str) -> Option<String> {
        self.referrer(&format!("{module}.{name}"), except)
            .map(|path| format!("`{path}` refers to it"))
    }

    fn patches(&self, module: &str, name: &str, except: &str) -> Option<String> {
        self.patcher(&format!("{module}.{name}"), except)
            .map(|path| format!("`{path}` patches `{module}.{name}`"))
    }

    fn checks_patched(&self, module: &str, name: &str, except: &str) -> Option<String> {
        self.checking_patcher(&format!("{module}.{name}"), except)
            .map(|path| format!("`{path}` patches `{module}.{name}`"))
    }

    fn checks_pinned(&self, path: &str) -> Option<String> {
        (self.pinners(path, None, None).into_iter())
            .find(|(file, _, _)| self.checks(file))
            .map(|(file, line, symbol)| pin_note(file, line, symbol))
    }

    fn pins(&self, path: &str, except: Option<&str>, rule: Option<&str>) -> Vec<(String, String)> {
        self.pinners(path, except, rule)
            .into_iter()
            .map(|(file, line, symbol)| (symbol.to_string(), pin_note(file, line, symbol)))
            .collect()
    }
}

/// Who makes a patch, as [`Referrers::pins`] says it.
pub fn pin_note(file: &str, line: usize, symbol: &str) -> String {
    format!("`{file}` (line {line}) patches `{symbol}`")
}

/// Nobody outside the file refers to anything (tests, single files).
pub struct NoReferrers;

impl Referrers for NoReferrers {
    fn refers(&self, _: &str, _: &str, _: &str) -> Option<String> {
        None
    }
}

/// The edits of one candidate set, sorted, with their ranges in both texts.
struct Applied<'l> {
    old: Vec<Range<usize>>,
    new: Vec<Range<usize>>,
    fix: Vec<Option<&'l FixPieces>>,
}

impl Applied<'_> {
    // The edits are sorted and do not overlap, so ends are sorted too, and
    // `new[i].end - old[i].end` is the shift of everything after edit `i`:
    // each mapping is a binary search, not a walk over every edit.

    /// Old-text position outside every edit → new-text position.
    fn forward(&self, pos: usize) -> usize {
        let i = self.old.partition_point(|o| o.end <= pos);
        match i.checked_sub(1) {
            Some(j) => pos + self.new[j].end - self.old[j].end,
            None => pos,
        }
    }

    /// New-text position → old-text position, `usize::MAX` inside a replacement.
    fn back(&self, pos: usize) -> usize {
        let i = self.new.partition_point(|n| n.end <= pos);
        if self
            .new
            .get(i)
            .is_some_and(|n| n.start <= pos && pos < n.end)
        {
            return usize::MAX;
        }
        match i.checked_sub(1) {
            Some(j) => pos + self.old[j].end - self.new[j].end,
            None => pos,
        }
    }

    /// Old-text binding position → itself, or `usize::MAX` inside an edit.
    fn inside_old(&self, pos: usize) -> usize {
        let i = self.old.partition_point(|o| o.end <= pos);
        if self
            .old
            .get(i)
            .is_some_and(|o| o.start <= pos && pos < o.end)
        {
            usize::MAX
        } else {
            pos
        }
    }
}

/// Whether dotted name `m` is surely a module: the rules' table says so, or
/// the project has its file.
fn is_module(modules: &Modules, project: &dyn Fn(&str) -> Option<bool>, m: &str) -> bool {
    modules.is_module(m) == Some(true) || project(m) == Some(true)
}

/// The first of sorted, non-overlapping `ranges` that a reference at `r`
/// touches or starts with.
fn owner(ranges: &[Range<usize>], r: &Range<usize>) -> Option<usize> {
    let from = ranges.partition_point(|e| e.end <= r.start);
    ranges[from..]
        .iter()
        .take_while(|e| e.start < r.end)
        .position(|e| touches(r, e) || (!e.is_empty() && e.start == r.start))
        .map(|i| from + i)
}

/// Whether a range touches an edit range (an insertion only strictly inside).
fn touches(r: &Range<usize>, e: &Range<usize>) -> bool {
    if e.is_empty() {
        r.start < e.start && e.start < r.end
    } else {
        r.start < e.end && e.start < r.end
    }
}

/// The self-check of one rule's layer on `before` (its model `old`).
pub struct Check<'a, 't> {
    old: &'a Semantic<'t>,
    mapping: Mapping<'a>,
    referrers: &'a dyn Referrers,
    modules: &'a Modules,
    /// See [`super::Facts::project`].
    project: &'a (dyn Fn(&str) -> Option<bool> + Sync),
    stars: &'a dyn crate::python::StarNames,
    /// The old text's maximal references, meanings mapped old → new.
    chains: Vec<Chain>,
    old_imports: ImportUse,
    /// The old text's syntax errors: code the model never saw.
    unparsed: Vec<Range<usize>>,
}

impl<'a, 't> Check<'a, 't> {
    pub fn new(old: &'a Semantic<'t>, mapping: Mapping<'a>, facts: &'a super::Facts<'a>) -> Self {
        let map = |s: &str| mapping.apply(s);
        let chains = chains(old, facts.modules, &map, &|p| p);
        let is_module = |m: &str| is_module(facts.modules, facts.project, m);
        let old_imports = ImportUse::of(old, (facts.referrers, &is_module), &map, &|p| p);
        Check {
            old,
            mapping,
            referrers: facts.referrers,
            modules: facts.modules,
            project: facts.project,
            stars: facts.stars,
            chains,
            old_imports,
            unparsed: Vec::new(),
        }
    }

    /// The old text's syntax errors (ERROR and MISSING nodes): the names
    /// their text spells keep the imports they had, since their uses there
    /// were never seen.
    pub fn with_unparsed(mut self, errors: Vec<Range<usize>>) -> Self {
        self.unparsed = errors;
        self
    }

    /// What is wrong with the layer's edits that `keep` selects, if anything.
    /// `parsed` is the new text's parse when the caller has it.
    pub fn problems(
        &self,
        layer: &Layer,
        keep: &dyn Fn(usize) -> bool,
        parser: &mut Parser,
        parsed: Option<&(String, Tree)>,
    ) -> Vec<String> {
        let src = self.old.source;
        let mut idx: Vec<usize> = (0..layer.edits.len()).filter(|&i| keep(i)).collect();
        idx.sort_by_key(|&i| (layer.edits[i].range.start, layer.edits[i].range.end));
        if idx.is_empty() {
            return Vec::new();
        }
        let mut text = String::with_capacity(src.len() + 64);
        let mut applied = Applied {
            old: Vec::new(),
            new: Vec::new(),
            fix: Vec::new(),
        };
        let mut at = 0;
        for &i in &idx {
            let e = &layer.edits[i];
            text.push_str(&src[at..e.range.start]);
            let start = text.len();
            text.push_str(&e.replacement);
            applied.old.push(e.range.clone());
            applied.new.push(start..text.len());
            applied.fix.push(e.fix.as_ref());
            at = e.range.end;
        }
        text.push_str(&src[at..]);
        let own;
        let tree = match parsed {
            Some((t, tree)) if *t == text => tree,
            _ => {
                own = python::parse(parser, &text);
                &own
            }
        };
        let is_init = self.old.package == self.old.module;
        let new = Semantic::build_knowing(tree, &text, &self.old.module, is_init, self.stars);
        // The fix's own shape first: those reasons say most about a site.
        let mut out = Vec::new();
        structure(tree, src, &text, &applied, &mut out);
        awaits(tree, &new, &applied, &mut out);
        self.references(&new, &applied, &mut out);
        self.imports(&new, &applied, &mut out);
        self.module_names(&new, &mut out);
        self.package_submodules(&new, &mut out);
        self.import_cycles(&new, &applied, &mut out);
        self.sys_modules_keys(&new, &applied, &mut out);
        self.unparsed_uses(&new, &mut out);
        out.dedup();
        out
    }
}

impl Check<'_, '_> {
    /// An import whose local name the unparsed code spells must still bind
    /// that name to its symbol (or to the symbol's new home): a use inside
    /// a syntax error would otherwise be left unbound.
    fn unparsed_uses(&self, new: &Semantic, out: &mut Vec<String>) {
        if self.unparsed.is_empty() {
            return;
        }
        let src = self.old.source;
        let spelled = |name: &str| {
            self.unparsed.iter().find(|r| {
                src.get((*r).clone()).is_some_and(|t| {
                    t.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .any(|w| w == name)
                })
            })
        };
        for entry in self.old.imports.iter().flat_map(|i| &i.entries) {
            let Some(symbol) = &entry.symbol else {
                continue;
            };
            let Some(at) = spelled(&entry.bound) else {
                continue;
            };
            let mapped = self.mapping.apply(symbol);
            let kept = new.imports.iter().flat_map(|i| &i.entries).any(|e| {
                e.bound == entry.bound
                    && e.symbol
                        .as_deref()
                        .is_some_and(|s| s == symbol || s == mapped)
            });
            if !kept {
                let line = src[..at.start.min(src.len())].matches('\n').count() + 1;
                out.push(format!(
                    "`{}` is also used on line {line}, in code canon cannot parse",
                    entry.bound
                ));
            }
        }
    }
}

/// Keep the layer's linked groups that pass the check, greedily in order;
/// drop and report the others. Returns the new text and its parse when
/// every edit was kept (and `parsed` had it).
pub fn enforce(
    layer: &mut Layer,
    check: &Check,
    parser: &mut Parser,
    parsed: Option<(String, Tree)>,
) -> Option<(String, Tree)> {
    if layer.edits.is_empty() {
        return parsed;
    }
    if check
        .problems(layer, &|_| true, parser, parsed.as_ref())
        .is_empty()
    {
        return parsed;
    }
    keep_passing(layer, &mut |l, keep| check.problems(l, keep, parser, None));
    None
}

/// What is wrong with the layer's text when only the edits `keep` says are made.
pub(super) type Problems<'p> = dyn FnMut(&Layer, &dyn Fn(usize) -> bool) -> Vec<String> + 'p;

/// Keep of `layer` each linked group that passes `problems` with the groups
/// kept before it, in order, and of a group that fails what passes piece by
/// piece ([`salvage`]); drop the rest, reported where it fails.
pub(super) fn keep_passing(layer: &mut Layer, problems: &mut Problems) {
    let n = layer.edits.len();
    let mut keep = vec![false; n];
    let mut refused: Vec<(Range<usize>, String)> = Vec::new();
    for g in super::groups(layer) {
        for &i in &g {
            keep[i] = true;
        }
        if problems(layer, &|i| keep[i]).is_empty() {
            continue;
        }
        for &i in &g {
            keep[i] = false;
        }
        salvage(layer, problems, &g, &mut keep, &mut refused);
    }
    let order: Vec<usize> = (0..n).collect();
    let reported = layer.skipped.len();
    let mut out = super::rebuild(std::mem::take(layer), &order, &keep, "");
    out.skipped.truncate(reported);
    out.skipped.extend(refused);
    *layer = out;
}

/// Keep what passes of group `g`, which failed as a whole, piece by piece:
/// each use or fix with what it needs (an import added for several fixes,
/// say), so that one bad site does not sink the others; removals last, once
/// what they need is in. Why the rest fails goes to `refused`.
fn salvage(
    layer: &Layer,
    problems: &mut Problems,
    g: &[usize],
    keep: &mut Vec<bool>,
    refused: &mut Vec<(Range<usize>, String)>,
) {
    let mut seeds = g.to_vec();
    seeds.sort_by_key(|&i| layer.edits[i].kind == super::EditKind::RemoveImport);
    let mut tried: HashSet<Vec<usize>> = HashSet::new();
    let (reported, mut first_failure) = (refused.len(), None);
    for seed in seeds {
        // An import added for a use goes in with that use, never alone: by
        // itself it would pass (an unused new import breaks nothing) and
        // be proposed for nothing.
        let serves = |i: usize| layer.requires.iter().any(|&(_, b)| b == i);
        if keep[seed] || layer.edits[seed].kind == super::EditKind::AddImport && serves(seed) {
            continue;
        }
        let closure = needs(layer, seed);
        if !tried.insert(closure.clone()) {
            continue;
        }
        let mut candidate = keep.clone();
        for &j in &closure {
            candidate[j] = true;
        }
        let Some(why) = problems(layer, &|i| candidate[i]).into_iter().next() else {
            *keep = candidate;
            continue;
        };
        // Reported at the use or fix it concerns; an import alone only
        // if nothing else of the group says why.
        let e = &layer.edits[seed];
        if !e.range.is_empty() && !is_import_kind(e.kind) {
            refused.push((e.range.clone(), why));
        } else if first_failure.is_none() {
            first_failure = Some((e.range.clone(), why));
        }
    }
    if refused.len() == reported
        && !g.iter().any(|&i| keep[i])
        && let Some(f) = first_failure
    {
        refused.push(f);
    }
}

/// Edit `i` and everything it needs, transitively (sorted).
fn needs(layer: &Layer, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut at = 0;
    while at < out.len() {
        let x = out[at];
        for &(a, b) in &layer.requires {
            if a == x && !out.contains(&b) {
                out.push(b);
            }
        }
        at += 1;
    }
    out.sort_unstable();
    out
}

fn is_import_kind(kind: super::EditKind) -> bool {
    use super::EditKind::*;
    matches!(kind, Import | AddImport | RemoveImport)
}

#[cfg(test)]
mod tests;

/// A reference's change of meaning, said so that it reads as a change: when
/// both sides describe alike (a local of `out`, before and after), another
/// binding of that name would answer it, one the edits make.
fn rebound(name: &str, was: &str, now: &str) -> String {
    if was == now {
        format!("`{name}` meant {was}, and would mean another binding of it, one the edits make")
    } else {
        format!("`{name}` meant {was} and would mean {now}")
    }
}
