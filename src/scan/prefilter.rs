//! The literal prefilter: one Aho-Corasick pass over a file's bytes decides
//! whether any rule could match it, so that only candidate files are parsed.
//! This is what keeps `canon check` close to `rg -l` on a large tree.

use aho_corasick::AhoCorasick;

use crate::rules::Rule;

pub struct Prefilter {
    /// `None` when some rule has no literal: every file is a candidate.
    matcher: Option<AhoCorasick>,
    literals: Vec<String>,
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Self {
        let mut literals: Vec<String> = Vec::new();
        let mut unconstrained = false;
        for rule in rules {
            match rule.literals() {
                Some(ls) => {
                    for l in ls {
                        if !literals.contains(&l) {
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
            Some(
                AhoCorasick::new(&literals).expect("literal identifiers always build an automaton"),
            )
        };
        Prefilter { matcher, literals }
    }

    /// The rules (of those that apply to the file) whose literals occur in
    /// `bytes`; `None` when no rule can match, so the file need not be parsed.
    pub fn candidate_rules<'r>(&self, bytes: &[u8], rules: &[&'r Rule]) -> Option<Vec<&'r Rule>> {
        let Some(matcher) = &self.matcher else {
            return Some(rules.to_vec());
        };
        // Fast path: most files match nothing at all.
        let first = matcher.find(bytes)?;
        let mut seen = vec![false; self.literals.len()];
        seen[first.pattern().as_usize()] = true;
        for m in matcher.find_overlapping_iter(&bytes[first.start()..]) {
            seen[m.pattern().as_usize()] = true;
        }
        let kept: Vec<&Rule> = rules
            .iter()
            .copied()
            .filter(|r| match r.literals() {
                Some(ls) => ls.iter().any(|l| {
                    self.literals
                        .iter()
                        .position(|x| x == l)
                        .is_some_and(|i| seen[i])
                }),
                None => true,
            })
            .collect();
        (!kept.is_empty()).then_some(kept)
    }
}
