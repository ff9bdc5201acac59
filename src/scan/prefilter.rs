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
    /// Per rule id, the indices of its candidate literals (`None`: any
    /// file) and of its paired ones: worked out once, not per file.
    by_rule: HashMap<String, RuleLiterals>,
}

/// A rule's candidate literals (`None`: any file) and paired ones, by
/// index into [`Prefilter::literals`].
type RuleLiterals = (Option<Vec<usize>>, Option<[usize; 2]>);

/// Up to this many literals, a candidate is searched once per literal.
const FEW: usize = 32;

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Self {
        let mut literals: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut unconstrained = false;
        let mut by_rule = HashMap::new();
        for rule in rules {
            let mut at = |l: String| match index.get(&l) {
                Some(&i) => i,
                None => {
                    index.insert(l.clone(), literals.len());
                    literals.push(l);
                    literals.len() - 1
                }
            };
            let any = rule
                .candidate_literals()
                .map(|ls| ls.into_iter().map(&mut at).collect::<Vec<usize>>());
            let paired = rule.paired_literals().map(|[a, b]| [at(a), at(b)]);
            unconstrained |= any.is_none();
            // Ids are unique (the config says so when it loads).
            by_rule.insert(rule.id.clone(), (any, paired));
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
            by_rule,
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
            .filter(|r| match self.by_rule.get(&r.id) {
                Some((Some(any), paired)) => {
                    any.iter().any(|&i| seen[i])
                        || paired.is_some_and(|p| p.iter().all(|&i| seen[i]))
                }
                Some((None, _)) => true,
                // A rule the prefilter was not built with: asked afresh.
                None => match r.candidate_literals() {
                    Some(ls) => {
                        let seen = |l: &String| self.index.get(l).is_some_and(|&i| seen[i]);
                        ls.iter().any(seen)
                            || r.paired_literals().is_some_and(|p| p.iter().all(seen))
                    }
                    None => true,
                },
            })
            .collect();
        (!kept.is_empty()).then_some(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(toml: &str) -> Vec<Rule> {
        let path = std::path::Path::new("canon.toml");
        crate::rules::compile(path, toml, std::path::Path::new("."))
            .unwrap()
            .rules
    }

    /// Each rule's literals are looked up by its id, worked out once.
    #[test]
    fn candidates_are_the_rules_whose_literals_occur() {
        let all = rules(
            "[[move]]\nid = \"a\"\nold = \"pkg.alpha.fetch\"\nnew = \"pkg.beta.fetch\"\n\n[[move]]\nid = \"b\"\nold = \"lib.gamma.gather\"\nnew = \"lib.delta.gather\"\n\n[[move]]\nid = \"c\"\nold = \"zed.omega.hold\"\nnew = \"zed.psi.hold\"\n",
        );
        let pre = Prefilter::new(&all);
        let refs: Vec<&Rule> = all.iter().collect();
        let ids = |text: &str| -> Vec<(String, String)> {
            (pre.candidate_rules(text.as_bytes(), &refs)
                .unwrap_or_default())
            .iter()
            .map(|r| (r.id.clone(), r.dotted_paths()[0].to_string()))
            .collect()
        };
        assert_eq!(
            ids("from pkg.alpha import fetch\n"),
            [("a".into(), "pkg.alpha.fetch".into())]
        );
        assert_eq!(
            ids("from zed.omega import hold\n"),
            [("c".into(), "zed.omega.hold".into())]
        );
        assert_eq!(
            ids("from lib.gamma import gather\n"),
            [("b".into(), "lib.gamma.gather".into())]
        );
        assert!(ids("import os\n").is_empty());
    }
}
