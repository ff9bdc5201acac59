//! Rewrites: findings turned into byte-range edits on the base text.
//!
//! Rules apply in the order written, each to the output of the ones before
//! it; the edits of all layers are composed back onto the base text so that
//! the review model sees one set of non-overlapping edits per file, with
//! `requires` links between edits that must be applied together. A rule
//! reads the tree of the text it is given (the caller's, when it has one);
//! a layer that changed the text is re-parsed: edits that would add syntax
//! errors are dropped and reported, never proposed, and the next rule reads
//! that parse. No I/O here.

mod captures;
mod compose;
mod cycles;
mod edit;
mod layer;
mod moves;
mod precedence;
mod rewrites;
mod text;
pub mod verify;
mod view;

use std::ops::Range;
use tree_sitter::{Parser, Tree};

pub use edit::{Across, Edit, EditKind, FileProposal, UnionFind, applied, renumbered};
pub use view::propose_viewed;

use crate::python::modules::Modules;
use crate::python::{self, ModuleName, Semantic, symtable};
use crate::rules::{Rule, RuleKind};
use compose::Composite;
use layer::{Ctx, Layer};

/// A fix a rule could not propose, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub rule: String,
    /// The code it concerns (as it read when the rule ran).
    pub excerpt: String,
    pub reason: String,
    /// 1-based line of the code in the file as it is (on disk, or in the
    /// base tree), where `check` reports it: not in the text the rule ran
    /// on, which earlier fixes (an import line added) may have shifted.
    pub line: usize,
}

/// A file's proposal and what could not be proposed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proposal {
    pub file: FileProposal,
    pub skipped: Vec<Skipped>,
}

fn syntax_error_count(tree: &Tree) -> usize {
    python::syntax_errors(tree).len()
}

/// Propose the fixes of `rules` (in order) for one file.
pub fn propose(
    path: &str,
    module: &ModuleName,
    base: &str,
    rules: &[&Rule],
    parser: &mut Parser,
) -> Proposal {
    // Only what the rules' authors marked; the drivers also ask Python.
    let modules =
        Modules::default().with(rules.iter().flat_map(|r| r.module_marks().iter().cloned()));
    let facts = Facts {
        modules: &modules,
        referrers: &verify::NoReferrers,
        stars: &python::Unseen,
        project: &no_project,
    };
    propose_with(path, module, base, rules, parser, &facts)
}

/// What canon knows beyond the file, gathered once per run by the driver:
/// where dotted paths stop being modules, which module-level names other
/// project files refer to, and which names a project module exports to
/// `from m import *`.
pub struct Facts<'a> {
    pub modules: &'a Modules,
    pub referrers: &'a dyn verify::Referrers,
    /// Which names a star import of a project module binds.
    pub stars: &'a dyn python::StarNames,
    /// Whether a dotted name is a module of the project, from its files
    /// (`Some(true)` for `pkg/sub.py` or `pkg/sub/`; see
    /// `pipeline::python_env::project_module`): a package's submodules,
    /// whose names `import pkg.sub` binds in the package's namespace.
    pub project: &'a (dyn Fn(&str) -> Option<bool> + Sync),
}

/// [`Facts::project`] where no project files are known (tests, single files).
pub fn no_project(_: &str) -> Option<bool> {
    None
}

/// [`propose`], knowing the project's [`Facts`]: imports name the module a
/// symbol lives in, and a fix never removes a name another file imports.
pub fn propose_with(
    path: &str,
    module: &ModuleName,
    base: &str,
    rules: &[&Rule],
    parser: &mut Parser,
    facts: &Facts,
) -> Proposal {
    propose_parsed(path, module, base, None, rules, parser, facts)
}

/// [`propose_with`] given the base's whole `tree` when the caller has it
/// (the scan parsed it): the file is parsed again only after a rule
/// changed it.
///
/// A file with lone carriage returns (classic Mac OS line endings) is
/// worked on as Python reads it, each one a line end: the rules see a copy
/// with line feeds there (same offsets), and the edits come back on the
/// file's own bytes, new lines ending as its first line does.
pub fn propose_parsed(
    path: &str,
    module: &ModuleName,
    base: &str,
    tree: Option<Tree>,
    rules: &[&Rule],
    parser: &mut Parser,
    facts: &Facts,
) -> Proposal {
    let seen = python::lone_cr_as_lf(base);
    let mut proposal = propose_lf(path, module, &seen, tree, rules, parser, facts);
    if let std::borrow::Cow::Owned(_) = seen {
        let file = &mut proposal.file;
        file.base = base.to_string();
        if python::first_break_is_lone_cr(base) {
            for e in &mut file.edits {
                e.replacement = lone_lf_as_cr(&e.replacement);
            }
        }
        proposal.file = without_no_ops(std::mem::take(file));
    }
    proposal
}

/// Each `\n` that is not part of a `\r\n`, as `\r`.
fn lone_lf_as_cr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = '\0';
    for c in text.chars() {
        out.push(if c == '\n' && prev != '\r' { '\r' } else { c });
        prev = c;
    }
    out
}

/// [`propose_parsed`] on a text whose lines all end in `\n`.
///
/// In a file that spells a name in a form Python normalises (`ｈelper` is
/// `helper`, [`python::nfkc`]) edits by name as written would miss uses:
/// every fix is refused, each rule that had one saying why (those found on
/// the normalised text, when canon can normalise it).
fn propose_lf(
    path: &str,
    module: &ModuleName,
    base: &str,
    tree: Option<Tree>,
    rules: &[&Rule],
    parser: &mut Parser,
    facts: &Facts,
) -> Proposal {
    use python::nfkc::{self, Names};
    if !nfkc::suspect(base) {
        return propose_as_written(path, module, base, tree, rules, parser, facts);
    }
    let names = match &tree {
        Some(t) => nfkc::names(t, base),
        None => nfkc::names(&python::parse(parser, base), base),
    };
    let (mut p, reason) = match names {
        Names::AsWritten => {
            return propose_as_written(path, module, base, tree, rules, parser, facts);
        }
        Names::Folded(f) => {
            let mut p = propose_as_written(path, module, &f.text, None, rules, parser, facts);
            // Where each refused fix was, on the file's own text.
            for e in &mut p.file.edits {
                e.range = f.back(e.range.start)..f.back(e.range.end);
            }
            p.file.base = base.to_string();
            (p, f.reason())
        }
        Names::Unknown(name) => (
            propose_as_written(path, module, base, tree, rules, parser, facts),
            nfkc::spelling_reason(&name, None),
        ),
    };
    let file = refuse_all(p.file, &reason, &mut p.skipped);
    Proposal {
        file,
        skipped: p.skipped,
    }
}

/// [`propose_lf`] on a text whose names read as written.
fn propose_as_written(
    path: &str,
    module: &ModuleName,
    base: &str,
    tree: Option<Tree>,
    rules: &[&Rule],
    parser: &mut Parser,
    facts: &Facts,
) -> Proposal {
    let rules = &run_order(rules);
    let mut state = State {
        composite: Composite::default(),
        current: base.to_string(),
        skipped: Vec::new(),
        parsed: tree.map(|t| (base.to_string(), t)),
        layers: 0,
        unshaped: Vec::new(),
    };
    // A fix the self-check refused may pass once a later rule has made its
    // change (a chain through the old module that a later move re-spells):
    // then every rule runs again on the result, twice more at most, so that
    // a second run of canon finds nothing left to do.
    for pass in 0..3 {
        let (mut blocked, mut unblocked) = (false, false);
        let mut at = 0;
        while at < rules.len() {
            // The rules that leave the text as it is read one parse and one
            // Semantic of it, made when the first of them needs it: built
            // per rule, a module defining the shims of thousands of rules
            // cost rules x definitions.
            let text = state.current.clone();
            let tree = std::cell::OnceCell::new();
            if let Some((t, parsed)) = state.parsed.take() {
                if t == text {
                    let _ = tree.set(parsed);
                }
            }
            let sem = std::cell::OnceCell::new();
            let shared = Shared {
                text: &text,
                tree: &tree,
                sem: &sem,
            };
            while at < rules.len() {
                let rule = rules[at];
                if pass > 0 {
                    state.skipped.retain(|s| s.rule != rule.id);
                    state.unshaped.retain(|s| s.rule != rule.id);
                }
                let downstream = moves::Downstream::of(rules, at);
                let (refused, changed) =
                    state.rule(rule, &downstream, base, (module, &shared), parser, facts);
                unblocked |= blocked && changed;
                blocked |= refused;
                at += 1;
                if changed {
                    break;
                }
            }
            drop(sem);
            if state.parsed.is_none()
                && state.current == text
                && let Some(tree) = tree.into_inner()
            {
                state.parsed = Some((text, tree));
            }
        }
        if !unblocked {
            break;
        }
    }
    let State {
        mut composite,
        current,
        mut skipped,
        mut parsed,
        layers,
        ..
    } = state;
    if layers > 1 {
        let tree = match parsed.take() {
            Some((text, tree)) if text == current => tree,
            _ => python::parse(parser, &current),
        };
        link_across_layers(&mut composite, &current, &tree, module, facts);
        let base_tree = python::parse(parser, base);
        link_removed_bindings(&mut composite, base, &base_tree, module, facts);
    }
    let file = without_no_ops(FileProposal {
        path: path.to_string(),
        base: base.to_string(),
        edits: composite.edits,
        requires: composite.requires,
        across: Vec::new(),
    });
    let file = in_own_encoding(file, &mut skipped);
    Proposal { file, skipped }
}

/// The order the rules run in (proposing, and the whole-file recheck that
/// follows them): `rules` as written, except that chained moves run in the
/// order they chain ([`feeders_first`]) and a move of a path under another
/// move's old path goes before it (`app.ws.factory.create_manager` → `Manager`
/// before `app.ws.factory` → `app.ws.helpers`): the module move would
/// otherwise take the symbol with it, to a module that does not have it,
/// and the specific move would find nothing left to move.
pub(crate) fn run_order<'r>(rules: &[&'r Rule]) -> Vec<&'r Rule> {
    fn old(r: &Rule) -> Option<&str> {
        match &r.kind {
            RuleKind::Move { old, .. } => Some(old),
            _ => None,
        }
    }
    let under = |p: &str, g: &str| p != g && crate::python::semantic::is_at_or_under(p, g);
    // Runs per file: first a sorted pass that says whether any move nests
    // in another (a path's descendants sort right after it), so the usual
    // config costs n log n, not n².
    let mut olds: Vec<&str> = rules.iter().filter_map(|r| old(r)).collect();
    olds.sort_unstable();
    let mut out: Vec<&Rule> = rules.to_vec();
    feeders_first(&mut out);
    if olds.windows(2).any(|w| under(w[1], w[0])) {
        specific_first(&mut out, old, under);
    }
    if !olds.is_empty() {
        rewrites_beside_moves(&mut out);
    }
    out
}

/// A move of a path under another move's old path before it (see [`run_order`]).
fn specific_first(
    out: &mut Vec<&Rule>,
    old: fn(&Rule) -> Option<&str>,
    under: impl Fn(&str, &str) -> bool,
) {
    for i in 0..out.len() {
        let Some(specific) = old(out[i]) else {
            continue;
        };
        let general = (0..i).find(|&j| old(out[j]).is_some_and(|g| under(specific, g)));
        if let Some(j) = general {
            let r = out.remove(i);
            out.insert(j, r);
        }
    }
}

/// A rewrite whose pattern names a path at or under a move's old path runs
/// before that move, whatever the order written: the move would re-point
/// every use first, leaving the rewrite nothing to match, its call shape
/// (`{old.mod.helper}($X)` → `{new.mod.assist}($X, retries=3)`) never made
/// while `check` reports it. One whose pattern names a move's new path
/// (and no old one) runs after it, so that it sees the moved uses.
fn rewrites_beside_moves(out: &mut Vec<&Rule>) {
    use std::collections::HashMap;
    let pattern_of = |r: &Rule| match &r.kind {
        RuleKind::Rewrite { pattern, .. } if !pattern.symbols.is_empty() => {
            Some(pattern.symbols.clone())
        }
        _ => None,
    };
    if !out.iter().any(|r| pattern_of(r).is_some()) {
        return;
    }
    let rewrites: Vec<&Rule> = out
        .iter()
        .copied()
        .filter(|r| pattern_of(r).is_some())
        .collect();
    // Where the moves are, by old path and by new path (again after a rewrite moved).
    let places = |out: &[&Rule]| {
        let (mut by_old, mut by_new): (HashMap<String, usize>, HashMap<String, usize>) =
            Default::default();
        for (k, r) in out.iter().enumerate() {
            if let RuleKind::Move { old, new } = &r.kind {
                by_old.entry(old.clone()).or_insert(k);
                by_new.insert(new.clone(), k);
            }
        }
        (by_old, by_new)
    };
    let (mut by_old, mut by_new) = places(out);
    for rewrite in rewrites {
        let Some(symbols) = pattern_of(rewrite) else {
            continue;
        };
        // The moves whose path some symbol of the pattern is at or under.
        let at = |map: &HashMap<String, usize>| -> Vec<usize> {
            symbols
                .iter()
                .flat_map(|s| {
                    let ends = s.match_indices('.').map(|(i, _)| i).chain([s.len()]);
                    ends.filter_map(|e| map.get(&s[..e]).copied())
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let Some(i) = out.iter().position(|r| std::ptr::eq(*r, rewrite)) else {
            continue;
        };
        let to = match (at(&by_old).into_iter().min(), at(&by_new).into_iter().max()) {
            (Some(j), _) if j < i => j,
            (None, Some(j)) if j > i => j,
            _ => continue,
        };
        let r = out.remove(i);
        out.insert(to, r);
        (by_old, by_new) = places(out);
    }
}

/// Chained moves (`a` → `b`, `b` → `c`) in the order they chain, whatever
/// the order written: a move whose new path is at or under another's old
/// path goes before it, so one run takes `a` to `c` (written newest first,
/// a run left `b`, and the next run proposed more). Otherwise the written
/// order (a stable topological sort, by the dotted prefixes of each new
/// path: no n² pairs). Config load rejects cycles.
fn feeders_first(rules: &mut Vec<&Rule>) {
    use std::collections::{BTreeSet, HashMap};
    let mut by_old: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, r) in rules.iter().enumerate() {
        if let RuleKind::Move { old, .. } = &r.kind {
            by_old.entry(old.as_str()).or_default().push(k);
        }
    }
    // feeds[j]: the rules whose old path rule j's new path is at or under.
    let mut feeds: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
    let mut waits = vec![0usize; rules.len()];
    for (j, r) in rules.iter().enumerate() {
        let RuleKind::Move { new, .. } = &r.kind else {
            continue;
        };
        let ends = new.match_indices('.').map(|(i, _)| i).chain([new.len()]);
        for e in ends {
            for &k in by_old.get(&new[..e]).into_iter().flatten() {
                if k != j {
                    feeds[j].push(k);
                    waits[k] += 1;
                }
            }
        }
    }
    if waits.iter().all(|&w| w == 0) {
        return;
    }
    let mut ready: BTreeSet<usize> = (0..rules.len()).filter(|&k| waits[k] == 0).collect();
    let mut order = Vec::with_capacity(rules.len());
    while let Some(j) = ready.pop_first() {
        order.push(j);
        for &k in &feeds[j] {
            waits[k] -= 1;
            if waits[k] == 0 {
                ready.insert(k);
            }
        }
    }
    if order.len() == rules.len() {
        *rules = order.into_iter().map(|k| rules[k]).collect();
    }
}

/// `file` if its proposed text keeps the source encoding the base declares
/// (PEP 263) and that encoding can hold it; else no edits, and each rule
/// of them refused with the reason: a fix is never written in an encoding
/// other than its file's, nor made to lose characters.
fn in_own_encoding(file: FileProposal, skipped: &mut Vec<Skipped>) -> FileProposal {
    use crate::python::encoding::{self, Codec, EncodeError};
    let own = encoding::declared(file.base.as_bytes());
    if own == Ok(Codec::Utf8) && !file.edits.iter().any(|e| e.replacement.contains("coding")) {
        return file;
    }
    let proposed = file.proposed();
    let error = match encoding::encode(&proposed) {
        Ok(_) if encoding::declared(proposed.as_bytes()) == own => return file,
        Ok(_) => "the fix would change the source encoding the file declares".to_string(),
        Err(EncodeError::Unencodable { ch, codec, .. }) => format!(
            "the fix writes `{ch}`, which {codec} (the source encoding the file declares) cannot hold"
        ),
        Err(e) => e.to_string(),
    };
    refuse_all(file, &error, skipped)
}

/// `file` with no edits, each rule that had one refused for `reason`.
fn refuse_all(file: FileProposal, reason: &str, skipped: &mut Vec<Skipped>) -> FileProposal {
    let index = python::LineIndex::new(&file.base);
    let mut rules: Vec<&str> = Vec::new();
    for e in &file.edits {
        for r in &e.rules {
            if rules.contains(&r.as_str()) {
                continue;
            }
            rules.push(r);
            let line = index.line_of(e.range.start);
            skipped.push(Skipped {
                rule: r.clone(),
                excerpt: python::excerpt(index.line_text(line)),
                reason: reason.to_string(),
                line: line + 1,
            });
        }
    }
    file.keeping(&vec![false; file.edits.len()])
}

/// What proposing carries from rule to rule.
struct State {
    composite: Composite,
    /// The base with every edit so far applied.
    current: String,
    skipped: Vec<Skipped>,
    /// The parse of `current`, when the caller or validation already made it.
    parsed: Option<(String, Tree)>,
    /// How many layers changed the text (rules, and rounds of one rule).
    layers: usize,
    /// The sites a rewrite left as they were, with a note (refused, or
    /// passed on as a value): a move of what its pattern names leaves them
    /// too ([`State::lost_shape`]).
    unshaped: Vec<Unshaped>,
}

/// A site rewrite `rule` (whose pattern names `symbols`) left for a human.
struct Unshaped {
    rule: String,
    symbols: Vec<String>,
    /// On the base text.
    range: Range<usize>,
    line: usize,
    reason: String,
}

impl State {
    /// Run `rule` on the current text, and again on its own output while
    /// that may help. Returns whether its last round refused part of its
    /// fix, and whether it changed the text.
    fn rule(
        &mut self,
        rule: &Rule,
        downstream: &moves::Downstream,
        base: &str,
        (module, shared): (&ModuleName, &Shared<'_, '_>),
        parser: &mut Parser,
        facts: &Facts,
    ) -> (bool, bool) {
        let (mut refused, mut changed) = (false, false);
        // A group the self-check refused may pass once the rest of the
        // rule's fix is in (two imports that would have clashed): the rule
        // runs again on its own output, a few times at most, and only what
        // the last round refused is reported.
        for round in 0..MAX_ROUNDS {
            // A rule whose names the text no longer (or never) spells has
            // nothing to do here: skip the parse.
            let current = &self.current;
            let spelled = rule
                .literals()
                .is_none_or(|ls| ls.iter().any(|l| current.contains(l.as_str())));
            if !spelled {
                break;
            }
            // Where earlier moves' output stands in the current text (what
            // a rewrite asks; a move does not).
            let moved: Vec<Range<usize>> = match rule.kind {
                RuleKind::Rewrite { .. } if !self.composite.edits.is_empty() => {
                    (self.composite.edits.iter())
                        .zip(self.composite.current_ranges())
                        .filter(|(e, _)| e.rules.iter().any(|r| downstream.is_move(r)))
                        .map(|(_, c)| c)
                        .collect()
                }
                _ => Vec::new(),
            };
            let parsed = &mut self.parsed;
            let made = match current == shared.text {
                // The text the rules before left as it was: their parse.
                true => {
                    let tree = (shared.tree).get_or_init(|| python::parse(parser, current));
                    let sem = shared.sem.get_or_init(|| {
                        Semantic::build_knowing(
                            tree,
                            shared.text,
                            &module.name,
                            module.is_init,
                            facts.stars,
                        )
                    });
                    rule_layer(
                        rule,
                        (downstream, &moved),
                        (tree, sem),
                        parsed,
                        parser,
                        facts,
                    )
                }
                false => {
                    let tree = match parsed.take() {
                        Some((text, tree)) if text == *current => tree,
                        _ => python::parse(parser, current),
                    };
                    let sem = Semantic::build_knowing(
                        &tree,
                        current,
                        &module.name,
                        module.is_init,
                        facts.stars,
                    );
                    let made = rule_layer(
                        rule,
                        (downstream, &moved),
                        (&tree, &sem),
                        parsed,
                        parser,
                        facts,
                    );
                    drop(sem);
                    if made.as_ref().is_none_or(|(l, _)| l.edits.is_empty()) {
                        // Nothing changes: the next rule reads the same tree.
                        *parsed = Some((current.to_string(), tree));
                    }
                    made
                }
            };
            let Some((mut layer, again)) = made else {
                break;
            };
            refused = again.refused;
            if round + 1 == MAX_ROUNDS
                && let Some(inner) = again.nested.clone()
            {
                layer.skipped.push((
                    inner,
                    format!(
                        "calls nested more than {MAX_ROUNDS} deep: the inner ones are not \
                         proposed, so this fix is left to do by hand"
                    ),
                ));
            }
            if round > 0 {
                self.skipped.retain(|s: &Skipped| s.rule != rule.id);
                self.unshaped.retain(|s| s.rule != rule.id);
            }
            if let RuleKind::Move { old, .. } = &rule.kind
                && let Some(notes) = self.lost_shape(old, &layer, current)
            {
                // The move's own notes stand; it changes nothing here.
                let mut skipped = std::mem::take(&mut layer.skipped);
                skipped.extend(notes);
                layer = layer::Layer {
                    skipped,
                    ..Default::default()
                };
            }
            let lines = (!layer.skipped.is_empty()).then(|| python::LfLines::new(base));
            for (range, reason) in &layer.skipped {
                let line = |at: usize| lines.as_ref().map_or(1, |l| l.line(at.min(base.len())));
                let at = self.composite.base_pos(range.start.min(current.len()));
                self.skipped.push(Skipped {
                    rule: rule.id.clone(),
                    excerpt: python::excerpt(&current[range.clone()]),
                    reason: reason.clone(),
                    line: line(at),
                });
                if let RuleKind::Rewrite { pattern, .. } = &rule.kind {
                    let end = self.composite.base_pos(range.end.min(current.len()));
                    self.unshaped.push(Unshaped {
                        rule: rule.id.clone(),
                        symbols: pattern.symbols.clone(),
                        range: at..end.max(at),
                        line: line(at),
                        reason: reason.clone(),
                    });
                }
            }
            if layer.edits.is_empty() {
                break;
            }
            self.composite.add_layer(current, &layer, &rule.id);
            self.layers += 1;
            self.current = self.composite.apply(base);
            changed = true;
            // Refusals get three rounds; nested matches one per level. A
            // site left (suppressed, unparsed, …) may be fixable once the
            // rest is in: an import the rule re-pointed now binds the new
            // module, and the site can use it instead of a new import.
            let left = again.refused || !layer.skipped.is_empty();
            if !(left && round < 2 || again.nested.is_some()) {
                break;
            }
        }
        (refused, changed)
    }
}

impl State {
    /// Notes refusing the whole of a move's `layer` (made on `current`)
    /// when one of its edits lands inside a site that a rewrite of what
    /// the move takes (its pattern names `old` or a path under it) left
    /// for a human: moved, the site would name the new symbol in its old
    /// shape (`assist(2)` where the rewrite gives `assist(2, retries=3)`),
    /// which no rule then finds, and its call would silently run
    /// differently. The site keeps naming the old symbol (a finding of the
    /// rewrite still), and so do the file's other uses, with the import
    /// that binds them: a move of some uses and not others is not made.
    fn lost_shape(
        &self,
        old: &str,
        layer: &layer::Layer,
        current: &str,
    ) -> Option<Vec<(Range<usize>, String)>> {
        if layer.edits.is_empty() || self.unshaped.is_empty() {
            return None;
        }
        // Told where the move's finding is (its first edit, the import).
        let first = (layer.edits.iter().map(|e| e.range.clone()))
            .min_by_key(|r| r.start)
            .unwrap_or_default();
        let mut notes = Vec::new();
        for site in &self.unshaped {
            if !(site.symbols.iter()).any(|s| python::semantic::is_at_or_under(s, old)) {
                continue;
            }
            let at = self.composite.current_range(&site.range);
            let inside = |e: &layer::LayerEdit| match e.range.is_empty() {
                true => at.start < e.range.start && e.range.start < at.end,
                false => e.range.start < at.end && at.start < e.range.end,
            };
            if !layer.edits.iter().any(inside) {
                continue;
            }
            let excerpt =
                python::excerpt(&current[at.start.min(current.len())..at.end.min(current.len())]);
            notes.push((
                first.clone(),
                format!(
                    "rule `{}` could not fix line {} (`{excerpt}`: {}); moved, the call would lose the new shape that rule gives it and run differently, so the file's uses of `{old}` stay, with their import: for a human (make that change by hand, then run canon again)",
                    site.rule, site.line, site.reason
                ),
            ));
        }
        (!notes.is_empty()).then_some(notes)
    }
}

/// Each layer links its own edits (a use to the import it needs); a use
/// one layer wrote may rely on a binding an earlier layer's edit wrote (a
/// rename in a later round onto the import the first round made). On the
/// composed text `current`, link every name inside an edit whose every
/// binding lies inside other edits to those edits, so that no subset of
/// hunks a reviewer accepts leaves it unbound.
fn link_across_layers(
    composite: &mut Composite,
    current: &str,
    tree: &Tree,
    module: &ModuleName,
    facts: &Facts,
) {
    let sem = Semantic::build_knowing(tree, current, &module.name, module.is_init, facts.stars);
    let ranges = composite.current_ranges();
    let inside = |pos: usize| {
        let i = ranges.partition_point(|r| r.end <= pos);
        ranges
            .get(i)
            .is_some_and(|r| r.start <= pos && pos < r.end)
            .then_some(i)
    };
    let mut links = Vec::new();
    for r in &sem.references {
        if r.node.kind() != "identifier" {
            continue;
        }
        let pos = r.node.start_byte();
        let Some(i) = inside(pos) else { continue };
        let name = sem.text(r.node);
        let bindings = sem.lookup_all(name, r.scope, pos);
        let held: Vec<Option<usize>> = bindings.iter().map(|b| inside(b.pos)).collect();
        // A binding no edit touches is there whatever the reviewer takes;
        // so is an earlier one in the same scope (`import a.b` after
        // `import a.c` binds `a` again).
        let kept = |b: &&python::Binding| b.visible <= pos && inside(b.pos).is_none();
        let also_bound = bindings.first().is_some_and(|first| {
            sem.scopes.iter().any(|sc| {
                sc.bindings.get(name).is_some_and(|bs| {
                    bs.iter().any(|b| b.pos == first.pos) && bs.iter().any(|b| kept(&b))
                })
            })
        });
        if held.contains(&None) || also_bound {
            continue;
        }
        links.extend(
            held.into_iter()
                .flatten()
                .filter(|&j| j != i)
                .map(|j| (i, j)),
        );
    }
    if links.is_empty() {
        return;
    }
    composite.requires.extend(links);
    composite.requires.sort_unstable();
    composite.requires.dedup();
}

/// An import one layer removed (or re-pointed away from its name) may
/// have had uses an earlier layer re-spelled (`import typing` goes once
/// `typing.Sequence` and `typing.Mapping` moved, by two rules): on the base
/// text, the edit that unbinds the name requires every edit holding a use
/// of it, so that no subset of hunks a reviewer accepts leaves one unbound.
fn link_removed_bindings(
    composite: &mut Composite,
    base: &str,
    tree: &Tree,
    module: &ModuleName,
    facts: &Facts,
) {
    let sem = Semantic::build_knowing(tree, base, &module.name, module.is_init, facts.stars);
    let edits = &composite.edits;
    let inside = |pos: usize| {
        let i = edits.partition_point(|e| e.range.end <= pos);
        edits
            .get(i)
            .is_some_and(|e| e.range.start <= pos && pos < e.range.end)
            .then_some(i)
    };
    let unbinds = |i: usize, name: &str| {
        let e = &edits[i];
        match e.kind {
            EditKind::RemoveImport => true,
            EditKind::Import => !e
                .replacement
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == name),
            _ => false,
        }
    };
    let mut links = Vec::new();
    for r in &sem.references {
        if r.node.kind() != "identifier" {
            continue;
        }
        let pos = r.node.start_byte();
        let Some(j) = inside(pos) else { continue };
        let name = sem.text(r.node);
        for b in sem.lookup_all(name, r.scope, pos) {
            if !matches!(b.kind, python::BindingKind::Import { .. }) {
                continue;
            }
            if let Some(i) = inside(b.pos).filter(|&i| i != j && unbinds(i, name)) {
                links.push((i, j));
            }
        }
    }
    if links.is_empty() {
        return;
    }
    composite.requires.extend(links);
    composite.requires.sort_unstable();
    composite.requires.dedup();
}

/// `file` less the edits that give back the text they replace (rules that
/// undo each other's work): a hunk that changes nothing is no proposal.
fn without_no_ops(file: FileProposal) -> FileProposal {
    let keep: Vec<bool> = file
        .edits
        .iter()
        .map(|e| file.base.get(e.range.clone()) != Some(e.replacement.as_str()))
        .collect();
    if keep.iter().all(|k| *k) {
        return file;
    }
    file.keeping(&keep)
}

/// The text the rules before the current one left as it was, and its
/// parse and Semantic once a rule has needed them.
struct Shared<'a, 't> {
    text: &'t str,
    tree: &'t std::cell::OnceCell<Tree>,
    sem: &'a std::cell::OnceCell<Semantic<'t>>,
}

/// One rule's edits on `current`, normalized, unsuppressed, re-parsed and
/// self-checked, and whether the self-check refused some of them (another
/// round may take those); `None` for a rule with no fix. `parsed` is the
/// parse of `current` when there is one, and becomes that of the output;
/// `moved`: where the current text is earlier moves' output.
fn rule_layer(
    rule: &Rule,
    (downstream, moved): (&moves::Downstream, &[Range<usize>]),
    (tree, sem): (&Tree, &Semantic),
    parsed: &mut Option<(String, Tree)>,
    parser: &mut Parser,
    facts: &Facts,
) -> Option<(Layer, Again)> {
    if !matches!(
        rule.kind,
        RuleKind::Move { .. } | RuleKind::Rewrite { fix: Some(_), .. }
    ) {
        return None;
    }
    let current = sem.source;
    let errors_before = syntax_error_count(tree);
    let cx = Ctx::new(sem, facts);
    let (layer, mapping) = match &rule.kind {
        RuleKind::Move { old, new } => (
            moves::move_layer(&cx, &rule.id, old, new, rule.all_strings, downstream),
            verify::Mapping::Move { old, new },
        ),
        RuleKind::Rewrite {
            pattern,
            fix: Some(fix),
        } => {
            let mut layer = rewrites::rewrite_layer(
                &cx,
                tree.root_node(),
                pattern,
                fix,
                (downstream, moved),
                parser,
            );
            for s in fix.symbols() {
                layer = moves::refuse_missing_target(&cx, layer, s);
            }
            passed_as_value(&mut layer, sem, rule);
            (layer, verify::Mapping::Rewrite)
        }
        _ => return None,
    };
    let nested = layer.nested.clone();
    let mut layer = normalize(layer);
    keep_blocks_nonempty(&mut layer, current, tree.root_node());
    let layer = drop_suppressed(layer, sem, current, tree.root_node(), &rule.id);
    let layer = drop_comment_losing(layer, sem, current, tree.root_node());
    let layer = drop_self_documenting(layer, current, tree.root_node());
    let unparsed = python::unparsed_regions(tree, current);
    let mut layer = drop_unparsed(layer, current, &unparsed);
    if layer.edits.is_empty() {
        // Nothing changes: the next rule reads the same tree (the caller's).
        return Some((
            layer,
            Again {
                refused: false,
                nested,
            },
        ));
    }
    *parsed = validate(&mut layer, current, tree, parser, errors_before);
    let before = layer.skipped.len();
    if !layer.edits.is_empty() {
        let check = verify::Check::new(sem, mapping, facts).with_unparsed(unparsed);
        *parsed = verify::enforce(&mut layer, &check, parser, parsed.take());
    }
    let refused = layer.skipped.len() > before;
    Some((layer, Again { refused, nested }))
}

/// A layer's removals that would leave a block without a statement (a
/// `try:` whose only statement was an import left unused) leave `pass` in
/// the last one's place: Python refuses an empty block, and tree-sitter
/// parses one without complaint.
fn keep_blocks_nonempty(layer: &mut Layer, src: &str, root: tree_sitter::Node) {
    let removals: Vec<usize> = (0..layer.edits.len())
        .filter(|&i| layer.edits[i].replacement.is_empty() && !layer.edits[i].range.is_empty())
        .collect();
    let mut blocks_done: Vec<usize> = Vec::new();
    for &i in &removals {
        let range = layer.edits[i].range.clone();
        let code = &src[range.clone()];
        let first = range.start + (code.len() - code.trim_start().len());
        let Some(mut node) = root.named_descendant_for_byte_range(first, first) else {
            continue;
        };
        while let Some(p) = node.parent()
            && p.kind() != "block"
        {
            node = p;
        }
        let Some(block) = node.parent().filter(|p| p.kind() == "block") else {
            continue;
        };
        if blocks_done.contains(&block.start_byte()) {
            continue;
        }
        let mut cursor = block.walk();
        let statements: Vec<tree_sitter::Node> = block
            .named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .collect();
        let remover = |n: &tree_sitter::Node| {
            removals.iter().copied().find(|&j| {
                let r = &layer.edits[j].range;
                r.start <= n.start_byte() && n.end_byte() <= r.end
            })
        };
        let written_inside = layer.edits.iter().any(|e| {
            !e.replacement.is_empty()
                && block.start_byte() <= e.range.start
                && e.range.start <= block.end_byte()
        });
        let Some(last) = statements.last() else {
            continue;
        };
        if written_inside || !statements.iter().all(|n| remover(n).is_some()) {
            continue;
        }
        blocks_done.push(block.start_byte());
        let Some(j) = remover(last) else {
            continue;
        };
        let e = &mut layer.edits[j];
        let removed = &src[e.range.clone()];
        e.replacement = match e.range.start == text::line_start(src, e.range.start) {
            true => {
                let nl = ["\r\n", "\n", "\r"]
                    .into_iter()
                    .find(|nl| removed.ends_with(nl))
                    .unwrap_or("");
                format!("{}pass{nl}", text::indent_of(src, last.start_byte()))
            }
            false => "pass".to_string(),
        };
    }
}

/// Why a rule runs another round on its own output.
#[derive(Debug, Clone)]
struct Again {
    /// The self-check refused part of it (it may pass with the rest in).
    refused: bool,
    /// The first match that sat inside one rewritten (`f(f(1))`).
    nested: Option<Range<usize>>,
}

/// How many rounds a rule runs on its own output at most: one per level
/// of matches nested in each other (`f(f(f(1)))`), a few for refusals.
const MAX_ROUNDS: usize = 64;

/// Sort a layer's edits; drop any that overlap an earlier one, and every
/// edit that (transitively) requires a dropped one.
fn normalize(layer: Layer) -> Layer {
    let n = layer.edits.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (layer.edits[i].range.start, layer.edits[i].range.end, i));
    let mut keep = vec![true; n];
    let mut last: Option<usize> = None;
    let mut last_end = 0;
    for &i in &order {
        let e = &layer.edits[i];
        let clash = last.is_some_and(|p| {
            e.range.start < last_end || (layer.edits[p].range == e.range && !e.range.is_empty())
        });
        if clash {
            keep[i] = false;
        } else {
            last = Some(i);
            last_end = last_end.max(e.range.end);
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for &(a, b) in &layer.requires {
            if keep[a] && !keep[b] {
                keep[a] = false;
                changed = true;
            }
        }
    }
    rebuild(
        layer,
        &order,
        &keep,
        "overlaps another fix of the same rule",
    )
}

/// Drop every group of linked edits in which one edit touches a line whose
/// `# canon: ignore` comment covers this rule, so that a suppressed finding
/// is never fixed and nothing is half-applied. An import edit counts every
/// line of its statement (the comment may sit on the name's line of a
/// parenthesised import). The dropped edits are not reported: the reviewer
/// asked for them to be left alone.
/// The function `rule` replaces, passed on as a value where its fix cannot
/// reach (`Depends(get_factory)`): each one a fix not made, and why, as
/// `check` reports it (a `# canon: ignore` for the rule leaves it out).
fn passed_as_value(layer: &mut Layer, sem: &Semantic, rule: &Rule) {
    let Some(callee) = rule.replaced_callee() else {
        return;
    };
    let uses = python::passed_as_value(sem, callee);
    if uses.is_empty() {
        return;
    }
    let index = python::LineIndex::new(sem.source);
    let suppressions = crate::analyze::Suppressions::from_comments(sem, &index);
    for node in uses {
        let line = index.position(node.start_byte()).line;
        if suppressions.suppresses(line, &rule.id) {
            continue;
        }
        let why = crate::analyze::findings::passed_as_value_message(sem.text(node), callee);
        layer.skipped.push((node.byte_range(), why));
    }
}

/// Drop every group of linked edits in which one edit goes into code
/// canon cannot parse ([`python::unparsed_regions`]: the statement around
/// a syntax error, valid Python tree-sitter misreads among them): a fix
/// there cannot be checked, and may not compile. Whole lines inserted
/// before or after such a statement change nothing in it.
fn drop_unparsed(layer: Layer, text: &str, unparsed: &[Range<usize>]) -> Layer {
    if unparsed.is_empty() || layer.edits.is_empty() {
        return layer;
    }
    let inside = |e: &layer::LayerEdit| {
        let r = &e.range;
        let k = unparsed.partition_point(|u| u.end <= r.start);
        unparsed.get(k).is_some_and(|u| match r.is_empty() {
            true => u.start < r.start && r.start < u.end,
            false => u.start < r.end,
        })
    };
    let bad: Vec<bool> = layer.edits.iter().map(inside).collect();
    let index = python::LineIndex::new(text);
    drop_bad_edits(
        layer,
        &bad,
        &index,
        "in code canon cannot parse",
        &|_| {
            Some(
                "the statement does not parse as canon reads it (tree-sitter misreads some valid Python, such as `*x[k], = …`): a fix in it cannot be checked, so none is made"
                    .to_string(),
            )
        },
        &|line| format!("it goes with a fix on line {line}, in code canon cannot parse"),
    )
}

fn drop_suppressed(
    layer: Layer,
    sem: &Semantic,
    text: &str,
    root: tree_sitter::Node,
    rule: &str,
) -> Layer {
    if sem.comments.is_empty() || layer.edits.is_empty() {
        return layer;
    }
    let index = python::LineIndex::new(text);
    let suppressions = crate::analyze::Suppressions::from_comments(sem, &index);
    let suppressed = |e: &layer::LayerEdit| {
        let (mut lo, mut hi) = (e.range.start, e.range.end);
        // Whole lines inserted before a line (an import added after the
        // one above) change no line that is there: they go with the line
        // above, not with the statement that starts where they land.
        if lo == hi
            && e.replacement.ends_with('\n')
            && (lo == 0 || text.as_bytes()[lo - 1] == b'\n')
        {
            if lo == 0 {
                return false;
            }
            lo -= 1;
            hi = lo;
        }
        let mut node = root.descendant_for_byte_range(lo, hi.max(lo));
        while let Some(n) = node {
            if matches!(
                n.kind(),
                "import_statement" | "import_from_statement" | "future_import_statement"
            ) {
                lo = lo.min(n.start_byte());
                hi = hi.max(n.end_byte());
                break;
            }
            node = n.parent();
        }
        let first = index.position(lo).line;
        let last = index.position(hi.saturating_sub(1).max(lo)).line;
        (first..=last).any(|line| suppressions.suppresses(line, rule))
    };
    let bad: Vec<bool> = layer.edits.iter().map(suppressed).collect();
    drop_bad_edits(layer, &bad, &index, "suppressed", &|_| None, &|line| {
        format!("it goes with code that `# canon: ignore` keeps as it is (line {line})")
    })
}

/// The layer with each re-spelt reference whose text holds a comment
/// the replacement does not (`(old.mod  # why` / `.helper)(1)` re-spelt
/// `new.mod.assist`) re-spelt name by name instead, the comment and the
/// layout kept (`(new` / `.mod  # why` / `.assist)(1)`); without the ones
/// that cannot be (a comment in the part a shorter path drops), and what
/// goes with them, each said. A rewrite's fix says so itself when a
/// comment lies outside its captures; a move's re-spelt chain dropped the
/// comment silently.
fn drop_comment_losing(
    mut layer: Layer,
    sem: &Semantic,
    text: &str,
    root: tree_sitter::Node,
) -> Layer {
    if sem.comments.is_empty() || layer.edits.is_empty() {
        return layer;
    }
    let mut comments: Vec<Range<usize>> = sem.comments.iter().map(|c| c.byte_range()).collect();
    comments.sort_by_key(|c| c.start);
    let mut bad = vec![false; layer.edits.len()];
    let mut notes: Vec<(usize, String)> = Vec::new();
    for (i, e) in layer.edits.iter_mut().enumerate() {
        if e.kind != EditKind::Reference {
            continue;
        }
        let first = comments.partition_point(|c| c.start < e.range.start);
        let inside: Vec<&Range<usize>> = comments[first..]
            .iter()
            .take_while(|c| c.end <= e.range.end)
            .collect();
        let Some(lost) = inside
            .iter()
            .find(|c| !e.replacement.contains(&text[(**c).clone()]))
        else {
            continue;
        };
        if let Some(kept) = respelt_in_place(root, text, &e.range, &e.replacement, &inside) {
            e.replacement = kept;
            continue;
        }
        bad[i] = true;
        notes.push((
            e.range.start,
            format!(
                "the code has a comment the fix would drop (`{}`): change it by hand",
                python::excerpt(&text[(*lost).clone()])
            ),
        ));
    }
    if notes.is_empty() {
        return layer;
    }
    // Counted only when a fix is dropped: this runs on every layer of a
    // file with comments.
    let index = python::LineIndex::new(text);
    let notes: Vec<(usize, String)> = (notes.into_iter())
        .map(|(at, n)| (index.position(at).line, n))
        .collect();
    let bad_note = |line: usize| {
        notes
            .iter()
            .find(|(l, _)| *l == line)
            .map(|(_, n)| n.clone())
    };
    drop_bad_edits(
        layer,
        &bad,
        &index,
        "it would drop a comment",
        &bad_note,
        &|line| format!("it goes with a fix on line {line}, which would drop a comment"),
    )
}

/// The chain at `range` (`old` / `.mod  # why` / `.helper`) re-spelt as the
/// dotted `replacement` name by name, what lies between the names (line
/// breaks, comments) kept: the first names take the new path's first
/// names, the last one the rest of it; a longer chain's extra names go, when
/// no comment (of `comments`) lies in what goes. `None` when the text is not
/// a plain chain of names or the replacement not a dotted name.
fn respelt_in_place(
    root: tree_sitter::Node,
    text: &str,
    range: &Range<usize>,
    replacement: &str,
    comments: &[&Range<usize>],
) -> Option<String> {
    let mut node = root.descendant_for_byte_range(range.start, range.end)?;
    if node.byte_range() != *range {
        return None;
    }
    let mut names: Vec<Range<usize>> = Vec::new();
    while node.kind() == "attribute" {
        names.push(node.child_by_field_name("attribute")?.byte_range());
        node = node.child_by_field_name("object")?;
    }
    if node.kind() != "identifier" || names.is_empty() {
        return None;
    }
    names.push(node.byte_range());
    names.reverse();
    let segments: Vec<&str> = replacement.split('.').collect();
    let is_name = |s: &&str| {
        !s.is_empty()
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c == '_' || c.is_alphanumeric())
    };
    if !segments.iter().all(is_name) {
        return None;
    }
    let (n, m) = (names.len(), segments.len());
    let mut out = String::new();
    let mut at = range.start;
    for (j, name) in names.iter().enumerate().take(n.min(m)) {
        out.push_str(&text[at..name.start]);
        match j + 1 == n.min(m) {
            true if m > n => out.push_str(&segments[j..].join(".")),
            _ => out.push_str(segments[j]),
        }
        at = name.end;
    }
    // A shorter path: the names it has no room for go, with the dots and
    // breaks before them, unless a comment sits there.
    if comments.iter().any(|c| at <= c.start && c.end <= range.end) {
        return None;
    }
    Some(out)
}

/// The layer without the `bad` edits, the removals of imports in their
/// groups (a kept use still needs its import: keeping one changes no other
/// edit's meaning), and whatever requires a dropped edit. The rest of each
/// group is still made (`f(1)` beside an untouchable `f(2)`): the
/// self-check that follows holds it to its meaning. A bad edit says
/// `bad_note` of its own line; one dropped with it says `with_note` of the
/// first bad one's line;
/// imports not added or kept are no fix missed, and say nothing.
fn drop_bad_edits(
    layer: Layer,
    bad: &[bool],
    index: &python::LineIndex,
    why_bad: &str,
    bad_note: &dyn Fn(usize) -> Option<String>,
    with_note: &dyn Fn(usize) -> String,
) -> Layer {
    if !bad.contains(&true) {
        return layer;
    }
    let n = layer.edits.len();
    let mut dropped = bad.to_vec();
    let mut line_of: Vec<Option<usize>> = vec![None; n];
    for group in groups(&layer) {
        if let Some(&first) = group.iter().find(|&&i| bad[i]) {
            let line = index.position(layer.edits[first].range.start).line;
            for i in group {
                line_of[i] = Some(line);
                dropped[i] |= layer.edits[i].kind == EditKind::RemoveImport;
            }
        }
    }
    // An added import goes with the edits that need it: once none of them
    // is left, it would only be imported and not used.
    let mut needed_by = vec![0usize; n];
    for &(_, b) in &layer.requires {
        needed_by[b] += 1;
    }
    loop {
        let mut changed = false;
        let mut kept_needs = vec![0usize; n];
        for &(a, b) in &layer.requires {
            if dropped[b] && !dropped[a] {
                dropped[a] = true;
                changed = true;
            }
            if !dropped[a] {
                kept_needs[b] += 1;
            }
        }
        for i in 0..n {
            if !dropped[i]
                && line_of[i].is_some()
                && layer.edits[i].kind == EditKind::AddImport
                && needed_by[i] > 0
                && kept_needs[i] == 0
            {
                dropped[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let keep: Vec<bool> = dropped.iter().map(|d| !d).collect();
    let why: Vec<Option<String>> = (0..n)
        .map(|i| {
            let line = line_of[i]?;
            if !dropped[i]
                || matches!(
                    layer.edits[i].kind,
                    EditKind::RemoveImport | EditKind::AddImport
                )
            {
                return None;
            }
            match bad[i] {
                true => bad_note(index.position(layer.edits[i].range.start).line),
                false => Some(with_note(line)),
            }
        })
        .collect();
    let reported = layer.skipped.len();
    let order: Vec<usize> = (0..n).collect();
    let ranges: Vec<std::ops::Range<usize>> = layer.edits.iter().map(|e| e.range.clone()).collect();
    let mut out = rebuild(layer, &order, &keep, why_bad);
    out.skipped.truncate(reported);
    out.skipped.extend(
        why.into_iter()
            .zip(ranges)
            .filter_map(|(w, r)| w.map(|w| (r, w))),
    );
    out
}

/// The layer without the edits that change code inside an f-string's
/// self-documenting field (`f"{create_manager(1)=}"` prints its own text:
/// a rename would change what it prints), and what cannot go without them.
fn drop_self_documenting(layer: Layer, src: &str, root: tree_sitter::Node) -> Layer {
    if !may_self_document(src) {
        return layer;
    }
    let inside = |e: &layer::LayerEdit| {
        root.descendant_for_byte_range(e.range.start, e.range.end)
            .is_some_and(prints_own_text)
    };
    let bad: Vec<bool> = layer.edits.iter().map(inside).collect();
    if !bad.contains(&true) {
        return layer;
    }
    let index = python::LineIndex::new(src);
    drop_bad_edits(
        layer,
        &bad,
        &index,
        "",
        &|_| {
            Some("it is inside an f-string field that prints its own text (`{…=}`): renaming it would change the output".to_string())
        },
        &|line| {
            format!(
                "it goes with code inside an f-string field that prints its own text (`{{…=}}`, line {line}), which cannot change"
            )
        },
    )
}

/// Whether `src` may hold an f-string field that prints its own text: an
/// `=` before `}`, `!` or `:` (blanks between). Climbing from every edit to
/// the root costs depth², which a 1,000-term `+` chain makes cubic.
pub(crate) fn may_self_document(src: &str) -> bool {
    let bytes = src.as_bytes();
    memchr::memchr_iter(b'=', bytes).any(|i| {
        let rest = &bytes[i + 1..];
        let j = rest
            .iter()
            .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'))
            .count();
        matches!(rest.get(j), Some(b'}' | b'!' | b':'))
    })
}

/// Whether `node` is inside an f-string field that prints its own text
/// (`f"{helper()=}"` prints `helper()=7`).
fn prints_own_text(node: tree_sitter::Node) -> bool {
    let mut at = Some(node);
    while let Some(n) = at {
        if n.kind() == "interpolation" {
            let mut c = n.walk();
            if n.children(&mut c).any(|k| k.kind() == "=") {
                return true;
            }
        }
        at = n.parent();
    }
    false
}

/// The layer with only the kept edits (in `order`); the others are reported.
fn rebuild(layer: Layer, order: &[usize], keep: &[bool], why: &str) -> Layer {
    let kept = order.iter().filter(|&&i| keep[i]).count();
    let mut out = Layer {
        edits: Vec::with_capacity(kept),
        skipped: layer.skipped,
        ..Layer::default()
    };
    // Each edit moved, not copied: a layer may hold one per line of a file.
    let mut edits: Vec<Option<layer::LayerEdit>> = layer.edits.into_iter().map(Some).collect();
    let mut new_index = vec![usize::MAX; edits.len()];
    for &i in order {
        let Some(e) = edits[i].take() else {
            continue;
        };
        if keep[i] {
            new_index[i] = out.push_edit(e);
        } else {
            out.skipped.push((e.range, why.to_string()));
        }
    }
    for &(a, b) in &layer.requires {
        if new_index[a] != usize::MAX && new_index[b] != usize::MAX {
            out.require(new_index[a], new_index[b]);
        }
    }
    out
}

/// Keep the layer's edits that parse and compile as the text before them
/// did (whole groups, else site by site); report the others.
/// Returns the text with every edit applied and its tree, when all were kept.
fn validate(
    layer: &mut Layer,
    current: &str,
    tree: &Tree,
    parser: &mut Parser,
    errors_before: usize,
) -> Option<(String, Tree)> {
    let apply = |keep: &dyn Fn(usize) -> bool, layer: &Layer| {
        let mut out = String::with_capacity(current.len() + 64);
        let mut at = 0;
        for (i, e) in layer.edits.iter().enumerate() {
            if keep(i) {
                out.push_str(&current[at..e.range.start]);
                out.push_str(&e.replacement);
                at = e.range.end;
            }
        }
        out.push_str(&current[at..]);
        out
    };
    // More compile errors of a kind than the text had (a name the fix
    // spells used before that name's `global` in its function, a keyword
    // repeated): the same count as the invariants make of a proposal.
    // The text before is only walked when the text after has such errors
    // at all (most files have none: one walk per layer, not two). And the
    // text after is first walked only in the top-level statements the
    // edits touch: when those have no error, every error of the text after
    // is one of an untouched statement, which the text before has too.
    let (compile_before, base_tree) = (std::cell::OnceCell::new(), tree);
    let problem = |tree: &Tree, text: &str, edits: &[(Range<usize>, usize)]| -> Option<String> {
        if syntax_error_count(tree) > errors_before {
            return Some("the fix would not parse, so it is not proposed".to_string());
        }
        if let Some(touched) = touched_statements(base_tree, (tree, text), edits) {
            let within = |n: tree_sitter::Node| touched.binary_search(&n.start_byte()).is_ok();
            if symtable::compile_errors_in(tree, text, &within).is_empty() {
                return None;
            }
        }
        let errors = symtable::compile_errors(tree, text);
        if errors.is_empty() {
            return None;
        }
        let before = compile_before
            .get_or_init(|| symtable::counts(&symtable::compile_errors(base_tree, current)));
        let (kind, ..) = *symtable::added(before, &symtable::counts(&errors)).first()?;
        let e = errors.iter().find(|e| e.kind == kind)?;
        Some(format!(
            "Python would refuse the result ({}), so it is not proposed",
            e.says()
        ))
    };
    let kept = |keep: &dyn Fn(usize) -> bool, layer: &Layer| -> Vec<(Range<usize>, usize)> {
        (layer.edits.iter().enumerate())
            .filter(|&(i, _)| keep(i))
            .map(|(_, e)| (e.range.clone(), e.replacement.len()))
            .collect()
    };
    let text = apply(&|_| true, layer);
    let tree = reparse(parser, tree, current, &text, layer);
    if problem(&tree, &text, &kept(&|_| true, layer)).is_none() {
        return Some((text, tree));
    }
    // Keep what parses and compiles, group by group and within a group
    // site by site: one fix that would not does not sink the others.
    verify::keep_passing(layer, &mut |l, keep| {
        let text = apply(keep, l);
        problem(&python::parse(parser, &text), &text, &kept(keep, l))
            .into_iter()
            .collect()
    });
    None
}

/// The start bytes (sorted) of the top-level statements of `after` (`before`
/// with `edits` applied, in order) that the edits touch or border, when
/// every other top-level statement of `after` is one of `before`'s, the same
/// text in the same order, and the compile errors of the touched ones are
/// their own; `None` when that cannot be told cheaply: a tree with a syntax
/// error, statements the edits merged or split, a `global` or `nonlocal`
/// that may run at module level (it reads the module's other statements).
fn touched_statements(
    before_tree: &Tree,
    (after_tree, after): (&Tree, &str),
    edits: &[(Range<usize>, usize)],
) -> Option<Vec<usize>> {
    let (b_root, a_root) = (before_tree.root_node(), after_tree.root_node());
    if b_root.has_error() || a_root.has_error() {
        return None;
    }
    // The edits' ranges in `after`.
    let mut shift = 0isize;
    let mut moved = Vec::with_capacity(edits.len());
    for (r, len) in edits {
        let start = r.start.checked_add_signed(shift)?;
        moved.push(start..start + len);
        shift += *len as isize - r.len() as isize;
    }
    // Each statement (comments aside) the edits touch or border, and the
    // others, walking the statements and the edits together; an untouched
    // one of `before` as the range its text has in `after`.
    fn split(
        root: tree_sitter::Node,
        ranges: &[Range<usize>],
        shifts: Option<&[(Range<usize>, usize)]>,
    ) -> Option<(Vec<usize>, Vec<Range<usize>>)> {
        let (mut touched, mut untouched) = (Vec::new(), Vec::new());
        let (mut i, mut shift) = (0, 0isize);
        let mut cursor = root.walk();
        for n in root.named_children(&mut cursor) {
            if n.kind() == "comment" {
                continue;
            }
            let (s, e) = (n.start_byte(), n.end_byte());
            while i < ranges.len() && ranges[i].end < s {
                if let Some(edits) = shifts {
                    shift += edits[i].1 as isize - edits[i].0.len() as isize;
                }
                i += 1;
            }
            if i < ranges.len() && ranges[i].start <= e {
                touched.push(s);
            } else {
                untouched.push(s.checked_add_signed(shift)?..e.checked_add_signed(shift)?);
            }
        }
        Some((touched, untouched))
    }
    let ranges: Vec<Range<usize>> = edits.iter().map(|(r, _)| r.clone()).collect();
    let (_, kept_before) = split(b_root, &ranges, Some(edits))?;
    let (touched, kept_after) = split(a_root, &moved, None)?;
    if kept_before != kept_after {
        return None;
    }
    // A `global` or `nonlocal` at module level reads the module's other
    // statements (a name used before it): only a function or class keeps
    // its declarations to itself. (The text before's own may only add to
    // its errors, so only the text after's matter.)
    let mut cursor = a_root.walk();
    let module_level = a_root.named_children(&mut cursor).any(|n| {
        !matches!(
            n.kind(),
            "function_definition" | "class_definition" | "decorated_definition" | "comment"
        ) && (python::contains_word(&after[n.byte_range()], "global")
            || python::contains_word(&after[n.byte_range()], "nonlocal"))
    });
    (!module_level).then_some(touched)
}

/// Past this many edits, one every 64 bytes or closer, [`reparse`] parses afresh.
const FRESH_PARSE_EDITS: usize = 1000;

/// The tree of `new` (`old` with every edit of `layer` applied), parsed
/// incrementally from `old`'s tree: tree-sitter reuses what the edits did
/// not touch, and the result is the tree a fresh parse gives (code with a
/// syntax error is parsed afresh).
fn reparse(parser: &mut Parser, tree: &Tree, old: &str, new: &str, layer: &Layer) -> Tree {
    // Each edit costs a walk of the old tree, and the parser then revisits
    // every edited region: with edits nearly every line (a name renamed
    // 250,000 times), a fresh parse costs half as much.
    if layer.edits.len() > FRESH_PARSE_EDITS && layer.edits.len() * 64 > old.len() {
        return python::parse(parser, new);
    }
    let index = python::LineIndex::new(old);
    let point = |offset: usize| {
        let line = index.line_of(offset);
        tree_sitter::Point::new(line, offset - index.line_start(line))
    };
    let mut edited = tree.clone();
    // From the last edit back, so each one's offsets are still the old text's.
    for e in layer.edits.iter().rev() {
        let start = point(e.range.start);
        let rows = e.replacement.matches('\n').count();
        let new_end = match e.replacement.rfind('\n') {
            Some(nl) => tree_sitter::Point::new(start.row + rows, e.replacement.len() - nl - 1),
            None => tree_sitter::Point::new(start.row, start.column + e.replacement.len()),
        };
        edited.edit(&tree_sitter::InputEdit {
            start_byte: e.range.start,
            old_end_byte: e.range.end,
            new_end_byte: e.range.start + e.replacement.len(),
            start_position: start,
            old_end_position: point(e.range.end),
            new_end_position: new_end,
        });
    }
    let tree = parser
        .parse(new, Some(&edited))
        .unwrap_or_else(|| python::parse(parser, new));
    // Error recovery depends on what was parsed before: with an ERROR or
    // MISSING node on either side, only a fresh parse gives the tree a
    // fresh parse gives (and the error count `validate` compares).
    // A star tree-sitter misreads is read again by `python::parse` alone.
    if tree.root_node().has_error()
        || edited.root_node().has_error()
        || python::misreads_a_star(&tree, new)
    {
        return python::parse(parser, new);
    }
    // Every test run checks the incremental parse against a fresh one.
    #[cfg(debug_assertions)]
    {
        let fresh = python::parse(parser, new);
        debug_assert_eq!(
            tree.root_node().to_sexp(),
            fresh.root_node().to_sexp(),
            "an incremental parse differs from a fresh one"
        );
    }
    tree
}

/// Connected components of the layer's edits under `requires` (either way).
fn groups(layer: &Layer) -> Vec<Vec<usize>> {
    let n = layer.edits.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        p[x] = r;
        r
    }
    for &(a, b) in &layer.requires {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        parent[ra] = rb;
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut root_of: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let r = find(&mut parent, i);
        match root_of[r] {
            Some(g) => out[g].push(i),
            None => {
                root_of[r] = Some(out.len());
                out.push(vec![i]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
