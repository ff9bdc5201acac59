//! The self-check once more, over a whole proposal rather than one rule's
//! layer: the fuzz targets' and regression tests' binding-level invariant.
//!
//! [`enforce`](super::enforce) judges each layer on the text the layer was
//! made on; this judges the composed edits on the base, so it catches what
//! composing layers, salvaging groups and later rounds could break between
//! them. Each rule's fix may have been held back in part (suppressed,
//! refused, not needed), so a reference's meaning may come out with any of
//! the rules' mappings applied or not, candidate by candidate — but it
//! must come out as one of those. A composed edit keeps no fix pieces, so
//! inside an edit that a rewrite made the pairing is looser than the
//! per-layer check's: each reference there must mean what one of the
//! edit's old references meant (a local one maybe with attributes a fix
//! template spells taken from it), a symbol a fix template names, or
//! (unbound) a name unbound before or spelled by a fix template.

use std::collections::{BTreeMap, BTreeSet};

use tree_sitter::Parser;

use super::chains::{Chain, Meaning, chains};
use super::{Applied, owner};
use crate::python::modules::Modules;
use crate::python::semantic::is_at_or_under;
use crate::python::{self, ModuleName, Semantic};
use crate::rewrite::FileProposal;
use crate::rules::{Rule, RuleKind};

/// What is wrong with the edits `apply` would take of `file` under `rules`
/// (the rules it was proposed with, in order), if anything.
pub fn recheck(
    file: &FileProposal,
    module: &ModuleName,
    rules: &[&Rule],
    modules: &Modules,
    parser: &mut Parser,
) -> Vec<String> {
    let file = file.applicable();
    if file.edits.is_empty() {
        return Vec::new();
    }
    let rules = Rules::of(&crate::rewrite::run_order(rules));
    let base = file.base.as_str();
    let mut text = String::with_capacity(base.len() + 64);
    let mut applied = Applied {
        old: Vec::new(),
        new: Vec::new(),
        fix: Vec::new(),
    };
    let mut at = 0;
    for e in &file.edits {
        text.push_str(&base[at..e.range.start]);
        let start = text.len();
        text.push_str(&e.replacement);
        applied.old.push(e.range.clone());
        applied.new.push(start..text.len());
        applied.fix.push(None);
        at = e.range.end;
    }
    text.push_str(&base[at..]);

    let old_tree = python::parse(parser, base);
    let old = Semantic::build(&old_tree, base, &module.name, module.is_init);
    let new_tree = python::parse(parser, &text);
    let new = Semantic::build(&new_tree, &text, &module.name, module.is_init);
    // Local bindings inside an edit cannot be paired by position.
    let same = |s: &str| s.to_string();
    let old_chains = chains(&old, modules, &same, &|p| applied.inside_old(p));
    let new_chains = chains(&new, modules, &same, &|p| applied.back(p));
    let lines = python::LineIndex::new(base);
    let line = |pos: usize| lines.position(pos).line;

    let mut out = Vec::new();
    let mut untouched: BTreeMap<usize, &Chain> = BTreeMap::new();
    let mut inside: BTreeMap<usize, (Vec<&Chain>, Vec<&Chain>)> = BTreeMap::new();
    for c in &old_chains {
        match owner(&applied.old, &c.range) {
            None => {
                untouched.insert(applied.forward(c.range.start), c);
            }
            Some(i) => inside.entry(i).or_default().0.push(c),
        }
    }
    for c in &new_chains {
        match owner(&applied.new, &c.range) {
            None => match untouched.remove(&c.range.start) {
                Some(o) if o.text == c.text => {
                    rules.same_place(o, c, line(o.range.start), &mut out)
                }
                _ => out.push(format!("`{}` would become a reference it was not", c.text)),
            },
            Some(i) => inside.entry(i).or_default().1.push(c),
        }
    }
    for o in untouched.values() {
        out.push(format!(
            "line {}: `{}` would no longer be the same reference",
            line(o.range.start),
            o.text
        ));
    }
    let unbound_before: BTreeSet<&String> = old_chains
        .iter()
        .filter_map(|c| match c.original() {
            Meaning::Unbound(n) => Some(n),
            _ => None,
        })
        .collect();
    for (i, (olds, news)) in &inside {
        let at = line(file.edits[*i].range.start);
        if file.edits[*i]
            .rules
            .iter()
            .any(|r| rules.rewrites.contains(&r.as_str()))
        {
            rules.rewritten(olds, news, &unbound_before, at, &mut out);
        } else {
            rules.cluster(olds, news, at, &mut out);
        }
    }
    out.dedup();
    out
}

/// What the rules say about meanings.
struct Rules<'r> {
    /// Each move's (old, new), in rule order.
    moves: Vec<(&'r str, &'r str)>,
    rewrites: Vec<&'r str>,
    /// The symbols the rewrites' fixes name, and their templates' text.
    fix_symbols: Vec<&'r str>,
    fix_texts: Vec<&'r str>,
}

impl<'r> Rules<'r> {
    fn of(rules: &[&'r Rule]) -> Self {
        let mut r = Rules {
            moves: Vec::new(),
            rewrites: Vec::new(),
            fix_symbols: Vec::new(),
            fix_texts: Vec::new(),
        };
        for rule in rules {
            match &rule.kind {
                RuleKind::Move { old, new } => r.moves.push((old, new)),
                RuleKind::Rewrite { fix, .. } => {
                    r.rewrites.push(&rule.id);
                    if let Some(f) = fix {
                        r.fix_symbols.extend(f.symbols());
                        r.fix_texts.push(&f.source);
                    }
                }
                RuleKind::Ban { .. } => {}
            }
        }
        r
    }

    /// What `symbol` may have become: any of the moves, in order, taken or not.
    fn images(&self, symbol: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::from([symbol.to_string()]);
        for (old, new) in &self.moves {
            let moved: Vec<String> = out
                .iter()
                .filter(|s| is_at_or_under(s, old))
                .map(|s| format!("{new}{}", &s[old.len()..]))
                .collect();
            out.extend(moved);
        }
        out
    }

    /// Whether `new` is what `old` may have become: the same local or
    /// unbound name, or symbols each an image of an old candidate, with
    /// every old candidate represented.
    fn explains(&self, old: &Meaning, new: &Meaning) -> bool {
        match (old, new) {
            (Meaning::Symbols(o), Meaning::Symbols(n)) => {
                let images: Vec<BTreeSet<String>> = o.iter().map(|s| self.images(s)).collect();
                n.iter().all(|s| images.iter().any(|i| i.contains(s)))
                    && images.iter().all(|i| n.iter().any(|s| i.contains(s)))
            }
            _ => old == new,
        }
    }

    /// An old reference no edit touched, `o`, and the new one at its place, `c`.
    fn same_place(&self, o: &Chain, c: &Chain, line: usize, out: &mut Vec<String>) {
        if !o.later && c.later {
            out.push(format!(
                "line {line}: `{}` would be used before it is bound",
                c.text
            ));
        } else if !o.unsure && c.unsure {
            out.push(format!(
                "line {line}: `{}` may be unbound here: no binding of it would run on every path to it",
                c.text
            ));
        }
        let carries = |old: &str, new: &str| old != new && self.images(old).contains(new);
        if super::chains::relies_anew(o, c, &carries) {
            out.push(format!(
                "line {line}: `{}` would rely on a module no import loads",
                c.text
            ));
        }
        if !self.explains(o.original(), &c.meaning) {
            out.push(format!(
                "line {line}: {}",
                super::rebound(&o.text, &o.original().describe(), &c.meaning.describe())
            ));
        }
    }

    /// The references of an edit no rewrite made: the same meanings (as
    /// the moves may have left them), as a multiset.
    fn cluster(&self, olds: &[&Chain], news: &[&Chain], line: usize, out: &mut Vec<String>) {
        if olds.len() != news.len() {
            out.push(format!(
                "line {line}: the fix changes how many references there are ({} before, {} after)",
                olds.len(),
                news.len()
            ));
            return;
        }
        let mut used = vec![false; olds.len()];
        for c in news {
            let found = (0..olds.len())
                .find(|&j| !used[j] && self.explains(olds[j].original(), &c.meaning));
            match found {
                Some(j) => used[j] = true,
                None => out.push(format!(
                    "line {line}: `{}` would mean {}, which no reference it replaced meant",
                    c.text,
                    c.meaning.describe()
                )),
            }
        }
    }

    /// The references of an edit a rewrite made (see the module docs).
    fn rewritten(
        &self,
        olds: &[&Chain],
        news: &[&Chain],
        unbound_before: &BTreeSet<&String>,
        line: usize,
        out: &mut Vec<String>,
    ) {
        for c in news {
            let meant = |m: &Meaning| olds.iter().any(|o| self.explains(o.original(), m));
            let fine = meant(&c.meaning)
                || match &c.meaning {
                    Meaning::Symbols(s) => s.iter().all(|s| {
                        self.fix_symbols.iter().any(|f| is_at_or_under(s, f))
                            || olds.iter().any(|o| match o.original() {
                                Meaning::Symbols(v) => v.iter().any(|x| self.images(x).contains(s)),
                                _ => false,
                            })
                    }),
                    Meaning::Unbound(n) => {
                        let head = n.split('.').next().unwrap_or(n);
                        unbound_before.contains(n)
                            || self.fix_texts.iter().any(|t| t.contains(head))
                    }
                    // A copied local taken further by the template
                    // (`$X.real` on `get(x)`).
                    Meaning::Local { at, path, .. } => olds.iter().any(|o| match o.original() {
                        Meaning::Local {
                            at: was, path: p, ..
                        } => {
                            was == at
                                && path.strip_prefix(p.as_str()).is_some_and(|rest| {
                                    rest.starts_with('.')
                                        && self.fix_texts.iter().any(|t| t.contains(rest))
                                })
                        }
                        _ => false,
                    }),
                };
            if !fine {
                out.push(format!(
                    "line {line}: the fix's `{}` means {}, which nothing it replaced meant",
                    c.text,
                    c.meaning.describe()
                ));
            }
            if c.later && !olds.iter().any(|o| o.later) {
                out.push(format!("`{}` would be used before it is bound", c.text));
            }
        }
    }
}
