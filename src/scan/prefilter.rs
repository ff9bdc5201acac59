//! The literal prefilter: one Aho-Corasick pass over a file's bytes decides
//! whether any rule could match it, so that only candidate files are parsed.
//! This is what keeps `canon check` close to `rg -l` on a large tree.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::rules::Rule;

pub struct Prefilter {
    /// `None` when some rule has no literal: every file is a candidate.
    matcher: Option<AhoCorasick>,
    /// aho-corasick's SIMD (Teddy) searcher, when the CPU and the literal
    /// set allow it: several times faster than the automaton's prefilter.
    packed: Option<aho_corasick::packed::Searcher>,
    literals: Vec<String>,
    /// Each literal's index in `literals`.
    index: HashMap<String, usize>,
    /// For many literals: an automaton reporting every occurrence
    /// (overlapping), so that which literals occur costs one pass over a
    /// candidate, not one per literal.
    every: Option<AhoCorasick>,
}

/// Up to this many literals, a candidate is searched once per literal.
const FEW: usize = 32;

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Self {
        let mut literals: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut unconstrained = false;
        for rule in rules {
            match rule.candidate_literals() {
                Some(ls) => {
                    for l in ls
                        .into_iter()
                        .chain(rule.paired_literals().into_iter().flatten())
                    {
                        if !index.contains_key(&l) {
                            index.insert(l.clone(), literals.len());
                            literals.push(l);
                        }
                    }
                }
                None => unconstrained = true,
            }
        }
        let matcher = if unconstrained || literals.is_empty() {
            None
        } else {
            // Leftmost semantics let aho-corasick use its SIMD (Teddy)
            // searcher; which literals occur is settled per candidate below.
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&literals)
                    .expect("literal identifiers always build an automaton"),
            )
        };
        let packed = matcher
            .as_ref()
            .and_then(|_| aho_corasick::packed::Searcher::new(literals.iter()));
        let every = (matcher.is_some() && literals.len() > FEW)
            .then(|| AhoCorasick::new(&literals).ok())
            .flatten();
        Prefilter {
            matcher,
            packed,
            literals,
            index,
            every,
        }
    }

    /// The rules (of those that apply to the file) whose literals occur in
    /// `bytes`; `None` when no rule can match, so the file need not be parsed.
    pub fn candidate_rules<'r>(&self, bytes: &[u8], rules: &[&'r Rule]) -> Option<Vec<&'r Rule>> {
        let Some(matcher) = &self.matcher else {
            return Some(rules.to_vec());
        };
        // Fast path: most files match nothing at all.
        let start = match &self.packed {
            Some(p) => p.find(bytes)?.start(),
            None => matcher.find(bytes)?.start(),
        };
        let rest = &bytes[start..];
        let seen: Vec<bool> = match &self.every {
            Some(every) => {
                let mut seen = vec![false; self.literals.len()];
                for m in every.find_overlapping_iter(rest) {
                    seen[m.pattern().as_usize()] = true;
                }
                seen
            }
            None => self
                .literals
                .iter()
                .map(|l| memchr::memmem::find(rest, l.as_bytes()).is_some())
                .collect(),
        };
        let kept: Vec<&Rule> = rules
            .iter()
            .copied()
            .filter(|r| match r.candidate_literals() {
                Some(ls) => {
                    let seen = |l: &String| self.index.get(l).is_some_and(|&i| seen[i]);
                    ls.iter().any(seen) || r.paired_literals().is_some_and(|p| p.iter().all(seen))
                }
                None => true,
            })
            .collect();
        (!kept.is_empty()).then_some(kept)
    }
}
