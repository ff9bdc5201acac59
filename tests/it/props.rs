//! Property: for any subset of proposed edits closed under `requires` (what
//! deciding hunks in the review produces), the result parses with no new
//! errors and uses no name that is not bound (an import removed while still
//! needed, or a new name whose import was left out).

use std::collections::BTreeSet;
use std::path::Path;

use canon::python::{self, ModuleName};
use canon::rewrite::FileProposal;
use proptest::prelude::*;

fn unbound(text: &str, module: &ModuleName) -> BTreeSet<String> {
    canon::invariants::unbound(&mut python::parser(), text, module)
}

/// Every demo file's proposal, with its module name (computed once).
fn demo_proposals() -> &'static [(FileProposal, ModuleName)] {
    static ALL: std::sync::OnceLock<Vec<(FileProposal, ModuleName)>> = std::sync::OnceLock::new();
    ALL.get_or_init(compute_demo_proposals)
}

fn compute_demo_proposals() -> Vec<(FileProposal, ModuleName)> {
    // What every driver gets: the core pipeline's proposals.
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo"));
    let config = canon::rules::load(root, None).unwrap();
    let targets = [root.to_path_buf()];
    let project = canon::pipeline::collect(
        &config,
        canon::pipeline::Origin::WorkTree(&targets),
        canon::pipeline::Mode::Proposals,
        &Default::default(),
    )
    .unwrap();
    project
        .files
        .into_iter()
        .filter(|f| !f.proposal.file.edits.is_empty())
        .map(|f| (f.proposal.file, f.module.unwrap()))
        .collect()
}

fn closed(p: &FileProposal, mut keep: Vec<bool>) -> Vec<bool> {
    let mut changed = true;
    while changed {
        changed = false;
        for &(a, b) in &p.requires {
            if keep[a] && !keep[b] {
                keep[b] = true;
                changed = true;
            }
        }
    }
    keep
}

#[test]
fn demo_has_linked_proposals_to_exercise() {
    let all = demo_proposals();
    assert!(all.len() >= 15, "{}", all.len());
    assert!(all.iter().any(|(p, _)| !p.requires.is_empty()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_closed_subset_parses_and_binds(seed in any::<u64>(), pick in any::<usize>()) {
        let all = demo_proposals();
        let (p, module) = &all[pick % all.len()];
        let mut bits = seed;
        let keep: Vec<bool> = (0..p.edits.len()).map(|_| { bits = bits.rotate_left(7) ^ 0x9e37_79b9_7f4a_7c15; bits & 1 == 1 }).collect();
        let keep = closed(p, keep);
        let text = p.apply_where(|i| keep[i]);
        let mut parser = python::parser();
        let before = python::syntax_errors(&python::parse(&mut parser, &p.base)).len();
        let after = python::syntax_errors(&python::parse(&mut parser, &text)).len();
        prop_assert!(after <= before, "{} does not parse:\n{}", p.path, text);
        let new_unbound: Vec<String> = unbound(&text, module).difference(&unbound(&p.base, module)).cloned().collect();
        prop_assert!(new_unbound.is_empty(), "{}: {:?} unbound in:\n{}", p.path, new_unbound, text);
    }
}
