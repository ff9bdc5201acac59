//! The self-check once more, over a whole proposal rather than one rule's
//! layer: the fuzz targets' and regression tests' binding-level invariant.
//!
//! [`enforce`](super::enforce) judges each layer on the text the layer was
//! made on; this judges the composed edits on the base, with every move's
//! mapping applied in order. So it catches what composing layers, salvaging
//! groups and the later rounds could break between them. A composed edit
//! keeps no fix pieces, so inside an edit that a rewrite made the pairing
//! is looser than the per-layer check's: each reference there must mean
//! what one of the edit's old references meant, a symbol a fix template
//! names, or (unbound) a name the old text left unbound too.

use std::collections::BTreeMap;

use tree_sitter::Parser;

use super::chains::{Chain, Meaning, chains};
use super::references::{cluster, same_place};
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
    let moves: Vec<(&str, &str)> = rules
        .iter()
        .filter_map(|r| match &r.kind {
            RuleKind::Move { old, new } => Some((old.as_str(), new.as_str())),
            _ => None,
        })
        .collect();
    let map = |s: &str| {
        let mut s = s.to_string();
        for (old, new) in &moves {
            if is_at_or_under(&s, old) {
                s = format!("{new}{}", &s[old.len()..]);
            }
        }
        s
    };
    let rewrites: Vec<&str> = rules
        .iter()
        .filter(|r| matches!(r.kind, RuleKind::Rewrite { .. }))
        .map(|r| r.id.as_str())
        .collect();
    let fix_symbols: Vec<&str> = rules
        .iter()
        .filter_map(|r| match &r.kind {
            RuleKind::Rewrite { fix: Some(f), .. } => Some(f.symbols()),
            _ => None,
        })
        .flatten()
        .collect();
    // A fix template's own names (builtins) are unbound by design.
    let fix_texts: Vec<&str> = rules
        .iter()
        .filter_map(|r| match &r.kind {
            RuleKind::Rewrite { fix: Some(f), .. } => Some(f.source.as_str()),
            _ => None,
        })
        .collect();

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
    let old_chains = chains(&old, modules, &map, &|p| applied.inside_old(p));
    let new_chains = chains(&new, modules, &|s| s.to_string(), &|p| applied.back(p));
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
                Some(o) if o.text == c.text => same_place(o, c, &line, &mut out),
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
    let unbound_before: Vec<&String> = old_chains
        .iter()
        .filter_map(|c| match &c.original {
            Meaning::Unbound(n) => Some(n),
            _ => None,
        })
        .collect();
    for (i, (olds, news)) in inside.iter_mut() {
        let by_rewrite = file.edits[*i]
            .rules
            .iter()
            .any(|r| rewrites.contains(&r.as_str()));
        if !by_rewrite {
            cluster(olds, news, &line, &mut out);
            continue;
        }
        for c in news.iter() {
            let meant = |m: &Meaning| olds.iter().any(|o| o.meaning == *m || o.original == *m);
            let fine = meant(&c.meaning)
                || match &c.meaning {
                    Meaning::Symbols(s) => s.iter().all(|s| {
                        fix_symbols.iter().any(|f| is_at_or_under(s, f))
                            || meant(&Meaning::Symbols(vec![s.clone()]))
                    }),
                    Meaning::Unbound(n) => {
                        let head = n.split('.').next().unwrap_or(n);
                        unbound_before.contains(&n) || fix_texts.iter().any(|t| t.contains(head))
                    }
                    Meaning::Local { .. } => false,
                };
            if !fine {
                out.push(format!(
                    "line {}: the fix's `{}` means {}, which nothing it replaced meant",
                    line(file.edits[*i].range.start),
                    c.text,
                    c.meaning.describe()
                ));
            }
            if c.later && !olds.iter().any(|o| o.later) {
                out.push(format!("`{}` would be used before it is bound", c.text));
            }
        }
    }
    out.dedup();
    out
}
