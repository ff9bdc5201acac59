//! Property tests: random texts (LF and CRLF lines, maybe a BOM, maybe no
//! final newline), random non-overlapping edits with random links, random
//! decision sequences.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::sample::Index;

use super::*;
use crate::rewrite::{Edit, EditKind, FileProposal};

#[derive(Debug, Clone)]
enum Op {
    Decide(Index, u8),
    Split(Index),
    Undo,
    AcceptAll,
    RejectAll,
}

fn base_text() -> impl Strategy<Value = String> {
    let line = ("[ab \t]{0,4}", prop_oneof!["\n", "\r\n"]);
    (
        any::<bool>(),
        prop::collection::vec(line, 0..9),
        any::<bool>(),
    )
        .prop_map(|(bom, lines, final_newline)| {
            let mut s = String::from(if bom { "\u{feff}" } else { "" });
            let n = lines.len();
            for (i, (text, end)) in lines.into_iter().enumerate() {
                s.push_str(&text);
                if i + 1 < n || final_newline {
                    s.push_str(&end);
                }
            }
            s
        })
}

fn replacement() -> impl Strategy<Value = String> {
    prop_oneof!["", "x", "y\n", "z\r\n", "q\nr", "a"].prop_map(String::from)
}

fn proposal() -> impl Strategy<Value = FileProposal> {
    (
        base_text(),
        prop::collection::vec(any::<Index>(), 0..14),
        prop::collection::vec(replacement(), 7),
        prop::collection::vec((any::<Index>(), any::<Index>()), 0..8),
    )
        .prop_map(|(base, points, texts, links)| {
            let bounds: Vec<usize> = (0..=base.len())
                .filter(|&i| base.is_char_boundary(i))
                .collect();
            let mut at: Vec<usize> = points.iter().map(|p| *p.get(&bounds)).collect();
            at.sort_unstable();
            let edits: Vec<Edit> = at
                .chunks_exact(2)
                .zip(&texts)
                .enumerate()
                .map(|(i, (pair, text))| Edit {
                    range: pair[0]..pair[1],
                    replacement: text.clone(),
                    rules: vec![format!("rule-{}", i % 3)],
                    kind: EditKind::Reference,
                    note: None,
                })
                .collect();
            let requires = if edits.is_empty() {
                Vec::new()
            } else {
                links
                    .iter()
                    .map(|(a, b)| (a.index(edits.len()), b.index(edits.len())))
                    .filter(|(a, b)| a != b)
                    .collect()
            };
            FileProposal {
                path: "pkg/mod.py".into(),
                base,
                edits,
                requires,
                across: Vec::new(),
            }
        })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (any::<Index>(), 0u8..5).prop_map(|(i, d)| Op::Decide(i, d)),
        2 => any::<Index>().prop_map(Op::Split),
        2 => Just(Op::Undo),
        1 => Just(Op::AcceptAll),
        1 => Just(Op::RejectAll),
    ]
}

fn decision(d: u8) -> Decision {
    match d {
        0 => Decision::Pending,
        1 => Decision::Accepted,
        2 => Decision::Rejected,
        3 => Decision::Edited("E\r\n".into()),
        _ => Decision::Edited(String::new()),
    }
}

type State = (Vec<HunkId>, BTreeMap<HunkId, Decision>);

fn state(r: &FileReview) -> State {
    (
        r.hunks().iter().map(|h| h.id).collect(),
        r.decisions().clone(),
    )
}

fn run(r: &mut FileReview, op: &Op) {
    let pick = |i: &Index, r: &FileReview| r.hunks()[i.index(r.hunks().len())].id;
    match op {
        Op::Decide(i, d) if !r.hunks().is_empty() => {
            r.decide(pick(i, r), decision(*d)).unwrap();
        }
        Op::Split(i) if !r.hunks().is_empty() => {
            r.split(pick(i, r)).unwrap();
        }
        Op::Undo => {
            r.undo();
        }
        Op::AcceptAll => {
            r.accept_all();
        }
        Op::RejectAll => {
            r.reject_all();
        }
        _ => {}
    }
}

/// The expected text, built hunk by hunk: the base between hunks; for each
/// range of lines (split parts share one), the first edited part's text,
/// else the base lines with the accepted parts' edits applied.
fn oracle(r: &FileReview) -> String {
    let p = r.proposal();
    let mut ranges: Vec<std::ops::Range<usize>> =
        r.hunks().iter().map(|h| h.bytes.clone()).collect();
    ranges.sort_by_key(|b| (b.start, b.end));
    ranges.dedup();
    let mut out = String::new();
    let mut at = 0;
    for bytes in ranges {
        let group: Vec<&Hunk> = r.hunks().iter().filter(|h| h.bytes == bytes).collect();
        out.push_str(&p.base[at..bytes.start]);
        let edited = group.iter().find_map(|h| match r.decision(h.id) {
            Decision::Edited(t) => Some(t.clone()),
            _ => None,
        });
        let text = edited.unwrap_or_else(|| {
            let mut keep: Vec<usize> = group
                .iter()
                .filter(|h| *r.decision(h.id) == Decision::Accepted)
                .flat_map(|h| h.edits.iter().copied())
                .collect();
            keep.sort_unstable();
            let mut s = String::new();
            let mut pos = bytes.start;
            for i in keep {
                let e = &p.edits[i];
                s.push_str(&p.base[pos..e.range.start]);
                s.push_str(&e.replacement);
                pos = e.range.end;
            }
            s.push_str(&p.base[pos..bytes.end]);
            s
        });
        out.push_str(&text);
        at = bytes.end;
    }
    out.push_str(&p.base[at..]);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn hunks_partition_the_edits_over_disjoint_lines(p in proposal()) {
        let hs = hunks(&p);
        let all: Vec<usize> = hs.iter().flat_map(|h| h.edits.iter().copied()).collect();
        prop_assert_eq!(all, (0..p.edits.len()).collect::<Vec<_>>());
        for w in hs.windows(2) {
            // At least one untouched line between two hunks.
            prop_assert!(w[0].lines.end < w[1].lines.start, "{:?}", hs);
        }
        let mut ids: Vec<HunkId> = hs.iter().map(|h| h.id).collect();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), hs.len());
        for h in &hs {
            prop_assert_eq!(&p.base[h.bytes.clone()], h.old.as_str());
        }
    }

    #[test]
    fn decisions_stay_consistent_and_undo_walks_back(
        p in proposal(),
        ops in prop::collection::vec(op(), 0..30),
    ) {
        let mut r = FileReview::new(p);
        let mut history: Vec<State> = Vec::new();
        for op in &ops {
            let before = state(&r);
            run(&mut r, op);
            if let Err(e) = consistent(&r) {
                return Err(TestCaseError::fail(format!("after {op:?}: {e}")));
            }
            let after = state(&r);
            match op {
                Op::Undo => {
                    if let Some(prev) = history.pop() {
                        prop_assert_eq!(&after, &prev);
                    } else {
                        prop_assert_eq!(&after, &before);
                    }
                }
                _ if after != before => history.push(before),
                _ => {}
            }
            let mut ids = after.0.clone();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), r.hunks().len(), "hunk ids are unique");
        }
    }

    #[test]
    fn all_accepted_is_the_proposal_and_all_rejected_is_the_base(
        p in proposal(),
        splits in prop::collection::vec(any::<Index>(), 0..4),
    ) {
        let mut r = FileReview::new(p.clone());
        for s in &splits {
            if !r.hunks().is_empty() {
                run(&mut r, &Op::Split(*s));
            }
        }
        r.accept_all();
        prop_assert_eq!(r.accepted_text(), p.proposed());
        prop_assert_eq!(accepted_text(&p, r.hunks(), r.decisions()), p.proposed());
        r.reject_all();
        prop_assert_eq!(r.accepted_text(), p.base.clone());
        prop_assert_eq!(accepted_text(&p, r.hunks(), &BTreeMap::new()), p.base);
    }

    #[test]
    fn text_outside_accepted_hunks_is_the_base(
        p in proposal(),
        ops in prop::collection::vec(op(), 0..30),
    ) {
        let mut r = FileReview::new(p.clone());
        for op in &ops {
            run(&mut r, op);
        }
        let text = r.accepted_text();
        prop_assert_eq!(&text, &oracle(&r));
        // And directly: before the first and after the last changed hunk.
        let changed: Vec<&Hunk> = r.hunks().iter().filter(|h| r.decision(h.id).is_accepted()).collect();
        let start = changed.iter().map(|h| h.bytes.start).min().unwrap_or(p.base.len());
        let end = changed.iter().map(|h| h.bytes.end).max().unwrap_or(p.base.len());
        prop_assert!(text.starts_with(&p.base[..start]));
        prop_assert!(text.ends_with(&p.base[end..]));
    }

    #[test]
    fn a_saved_session_restores_the_same_text(
        p in proposal(),
        ops in prop::collection::vec(op(), 0..20),
    ) {
        let mut r = FileReview::new(p.clone());
        for op in &ops {
            run(&mut r, op);
        }
        let mut s = Session::default();
        s.record(&r);
        let json = serde_json::to_string(&s).unwrap();
        let loaded: Session = serde_json::from_str(&json).unwrap();
        let mut again = FileReview::new(p);
        prop_assert_eq!(restore(&mut again, &loaded.saved("pkg/mod.py")).dropped.len(), 0);
        prop_assert_eq!(again.accepted_text(), r.accepted_text());
        consistent(&again).unwrap();
    }
}
