//! The text a set of decisions produces: a pure function, spliced from the
//! base so that every byte outside the accepted hunks is the base's own.

use std::collections::BTreeMap;
use std::ops::Range;

use super::Decision;
use super::hunk::{Hunk, HunkId};
use crate::python::LineIndex;
use crate::rewrite::FileProposal;

/// The base text with accepted hunks' edits applied and edited hunks' lines
/// replaced by the reviewer's text; pending and rejected hunks stay as in
/// the base. An edited hunk's text stands for all its lines, so the edits
/// of other hunks on those lines (parts split off the same hunk) are not
/// applied over it; of two edited hunks on the same lines the first wins.
pub fn accepted_text(
    proposal: &FileProposal,
    hunks: &[Hunk],
    decisions: &BTreeMap<HunkId, Decision>,
) -> String {
    let base = &proposal.base;
    let mut out = String::with_capacity(base.len() + 64);
    let mut at = 0;
    for (range, text) in pieces(proposal, hunks, decisions) {
        out.push_str(&base[at..range.start]);
        out.push_str(text);
        at = range.end;
    }
    out.push_str(&base[at..]);
    out
}

/// The base ranges [`accepted_text`] replaces and their new text, sorted
/// and not overlapping.
pub(super) fn pieces<'a>(
    proposal: &'a FileProposal,
    hunks: &'a [Hunk],
    decisions: &'a BTreeMap<HunkId, Decision>,
) -> Vec<(Range<usize>, &'a str)> {
    let base = &proposal.base;
    let mut replaced: Vec<(&Range<usize>, &Range<usize>, &str)> = Vec::new();
    let mut keep = vec![false; proposal.edits.len()];
    for h in hunks {
        match decisions.get(&h.id) {
            Some(Decision::Accepted) => {
                for &i in &h.edits {
                    if let Some(k) = keep.get_mut(i) {
                        *k = true;
                    }
                }
            }
            Some(Decision::Edited(text)) => replaced.push((&h.lines, &h.bytes, text)),
            _ => {}
        }
    }
    replaced.sort_by_key(|(lines, _, _)| (lines.start, lines.end));
    let mut last_line = 0;
    replaced.retain(|(lines, _, _)| {
        let free = lines.start >= last_line;
        if free {
            last_line = lines.end;
        }
        free
    });

    // Splice pieces: the edited ranges, then every kept edit whose lines
    // are not under an edited range. Hunks never share lines otherwise, so
    // the pieces do not overlap.
    let mut pieces: Vec<(Range<usize>, &str)> = replaced
        .iter()
        .map(|(_, bytes, text)| ((*bytes).clone(), *text))
        .collect();
    if !replaced.is_empty() {
        let index = LineIndex::new(base);
        for (i, e) in proposal.edits.iter().enumerate() {
            if keep[i] {
                let (first, last) = index.span(&e.range);
                keep[i] = !replaced
                    .iter()
                    .any(|(lines, _, _)| first < lines.end && lines.start <= last);
            }
        }
    }
    pieces.extend(
        proposal
            .edits
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(e, _)| (e.range.clone(), e.replacement.as_str())),
    );
    pieces.sort_by_key(|(r, _)| (r.start, r.end));
    pieces
}
