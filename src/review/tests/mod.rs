//! Hunk grouping and ids, decisions and their links, undo, the accepted
//! text, and the session file.

use std::collections::BTreeMap;
use std::ops::Range;

use super::*;
use crate::rewrite::{EditKind, FileProposal};

use crate::testing::{at, proposal_with as proposal_at};

fn proposal(
    base: &str,
    edits: &[(Range<usize>, &str)],
    requires: &[(usize, usize)],
) -> FileProposal {
    proposal_at("pkg/mod.py", base, edits, requires)
}

/// The byte ranges of every occurrence of `needle` in `base`.
fn every(base: &str, needle: &str) -> Vec<Range<usize>> {
    base.match_indices(needle)
        .map(|(i, _)| i..i + needle.len())
        .collect()
}

const FIVE: &str = "l0 a\nl1 b\nl2 c\nl3 d\nl4 e\n";

fn lines_of(hunks: &[Hunk]) -> Vec<Range<usize>> {
    hunks.iter().map(|h| h.lines.clone()).collect()
}

/// Hunks on lines 0, 2, 4; hunk 0 requires hunk 1 requires hunk 2.
fn chain() -> (FileReview, [HunkId; 3]) {
    let p = proposal(
        FIVE,
        &[
            (at(FIVE, "a"), "A"),
            (at(FIVE, "c"), "C"),
            (at(FIVE, "e"), "E"),
        ],
        &[(0, 1), (1, 2)],
    );
    let r = FileReview::new(p);
    let ids = [r.hunks()[0].id, r.hunks()[1].id, r.hunks()[2].id];
    (r, ids)
}

mod copies;
mod decisions;
mod hunks;
mod session;
