//! Hunks: the decision units of a file's proposal, grouped by base lines,
//! with ids that survive a rescan. Pure functions of the proposal.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::rewrite::{EditKind, FileProposal};

/// A hunk's stable id: FNV-1a 64 over the file path, the old text of the
/// hunk's base lines and their new text. Written as 16 hex digits.
///
/// FNV rather than std's `DefaultHasher`, whose output may change between
/// Rust releases: ids are stored in session files and must not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HunkId(pub u64);

impl fmt::Display for HunkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for HunkId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        u64::from_str_radix(s, 16).map(HunkId)
    }
}

// As a hex string, so that a `HunkId` can be a JSON object key.
impl Serialize for HunkId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HunkId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom(format!("bad hunk id `{s}`")))
    }
}

/// A decision unit: a maximal set of one file's edits whose base line spans
/// overlap or touch, or (after [`split`]) a single edit of such a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub id: HunkId,
    /// Indices into the proposal's `edits`, ascending.
    pub edits: Vec<usize>,
    /// Base lines covered, 0-based, end exclusive.
    pub lines: Range<usize>,
    /// The byte range of those lines in the base text (terminators included).
    pub bytes: Range<usize>,
    /// The base text of those lines.
    pub old: String,
    /// Those lines with the hunk's edits applied.
    pub new: String,
    /// The rule ids of the edits, in order of first appearance.
    pub rules: Vec<String>,
    /// The kinds of the edits, in order of first appearance.
    pub kinds: Vec<EditKind>,
    /// The edits' notes (why an edit reads as it does), in order.
    pub notes: Vec<String>,
    /// 0 for the first hunk of the file with this exact (old, new) change,
    /// 1 for the next, …; mixed into the id when > 0 so that identical
    /// changes in one file (two equal `patch("old.path")` lines) keep
    /// distinct ids.
    pub occurrence: u32,
    /// 0 when the file has no other hunk with this (old, new) change; else
    /// a hash of the hunk's neighbourhood (the base lines around it) and of
    /// how many such hunks share it, mixed into the id so that a copy of
    /// the change added elsewhere in the file (a teammate's new test with
    /// the same `patch("old.path")` line above) does not shift a saved
    /// decision onto another occurrence: ids of copies depend on where
    /// they are, not on their rank.
    pub anchor: u64,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(hash, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// The id of a change to `old` giving `new` in file `path`.
pub fn hunk_id(path: &str, old: &str, new: &str, occurrence: u32) -> HunkId {
    hunk_id_at(path, old, new, 0, occurrence)
}

/// [`hunk_id`] of a change with copies in the file, told apart by `anchor`
/// (see [`Hunk::anchor`]; 0 gives [`hunk_id`]).
pub fn hunk_id_at(path: &str, old: &str, new: &str, anchor: u64, occurrence: u32) -> HunkId {
    let mut h = FNV_OFFSET;
    for (i, part) in [path, old, new].into_iter().enumerate() {
        if i > 0 {
            h = fnv1a(h, b"\0");
        }
        h = fnv1a(h, part.as_bytes());
    }
    if occurrence > 0 {
        h = fnv1a(h, b"\0");
        h = fnv1a(h, occurrence.to_string().as_bytes());
    }
    if anchor != 0 {
        h = fnv1a(h, b"\0@");
        h = fnv1a(h, &anchor.to_le_bytes());
    }
    HunkId(h)
}

/// The base text of `bytes` with the edits `edits` (all inside it) applied.
fn apply_in(proposal: &FileProposal, bytes: &Range<usize>, edits: &[usize]) -> String {
    let base = &proposal.base;
    let mut out = String::with_capacity(bytes.len() + 32);
    let mut at = bytes.start;
    for &i in edits {
        let e = &proposal.edits[i];
        out.push_str(&base[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&base[at..bytes.end]);
    out
}

fn build(
    proposal: &FileProposal,
    edits: Vec<usize>,
    lines: Range<usize>,
    bytes: Range<usize>,
) -> Hunk {
    let old = proposal.base[bytes.clone()].to_string();
    let new = apply_in(proposal, &bytes, &edits);
    let mut rules: Vec<String> = Vec::new();
    let mut kinds: Vec<EditKind> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for &i in &edits {
        let e = &proposal.edits[i];
        if let Some(n) = &e.note
            && !notes.contains(n)
        {
            notes.push(n.clone());
        }
        for r in &e.rules {
            if !rules.contains(r) {
                rules.push(r.clone());
            }
        }
        if !kinds.contains(&e.kind) {
            kinds.push(e.kind);
        }
    }
    Hunk {
        id: HunkId(0),
        edits,
        lines,
        bytes,
        old,
        new,
        rules,
        kinds,
        notes,
        occurrence: 0,
        anchor: 0,
    }
}

/// Give `hunk` the first id at or after `occurrence` that is not in `taken`.
fn assign_id(path: &str, hunk: &mut Hunk, occurrence: u32, taken: &mut HashSet<HunkId>) {
    let mut n = occurrence;
    loop {
        let id = hunk_id_at(path, &hunk.old, &hunk.new, hunk.anchor, n);
        if taken.insert(id) {
            hunk.id = id;
            hunk.occurrence = n;
            return;
        }
        n += 1;
    }
}

/// The proposal's hunks, in file order. Edits are grouped when their line
/// spans overlap or touch (A's last line + 1 >= B's first line).
pub fn hunks(proposal: &FileProposal) -> Vec<Hunk> {
    let index = crate::python::LineIndex::new(&proposal.base);
    let mut groups: Vec<(Vec<usize>, usize, usize)> = Vec::new();
    for (i, e) in proposal.edits.iter().enumerate() {
        let (first, last) = index.span(&e.range);
        match groups.last_mut() {
            Some((edits, _, end)) if first <= *end + 1 => {
                edits.push(i);
                *end = (*end).max(last);
            }
            _ => groups.push((vec![i], first, last)),
        }
    }
    let mut built: Vec<Hunk> = groups
        .into_iter()
        .map(|(edits, first, last)| {
            build(
                proposal,
                edits,
                first..last + 1,
                index.lines_bytes(first, last),
            )
        })
        .collect();
    anchor_copies(proposal, &index, &mut built);
    let mut taken = HashSet::new();
    // Where each change's next id search starts: past its last occurrence,
    // whose smaller ones are all taken (the search from 0 would find the
    // same id, in time quadratic in the copies).
    let mut next: HashMap<(String, String, u64), u32> = HashMap::new();
    for h in &mut built {
        let key = (h.old.clone(), h.new.clone(), h.anchor);
        let from = next.get(&key).copied().unwrap_or(0);
        assign_id(&proposal.path, h, from, &mut taken);
        next.insert(key, h.occurrence + 1);
    }
    built
}

/// How many base lines either side of a hunk tell copies of its change apart.
const ANCHOR_LINES: usize = 3;

/// Give each hunk whose (old, new) change appears more than once in the
/// file its [`Hunk::anchor`]: a hash of the base lines around it and of
/// how many of the copies have those same lines around them. A copy added
/// or removed elsewhere leaves the others' ids alone; one added or
/// removed with the same neighbourhood changes all of theirs. An edit
/// next to a copy changes its id too: the session's record of the copies
/// (`saved.rs`) puts its decision back when the change has the same
/// copies, and never moves one onto another copy when it has not.
fn anchor_copies(proposal: &FileProposal, index: &crate::python::LineIndex, hs: &mut [Hunk]) {
    let mut family: HashMap<(&str, &str), usize> = HashMap::new();
    for h in hs.iter() {
        *family.entry((h.old.as_str(), h.new.as_str())).or_default() += 1;
    }
    let lines = index.line_count();
    let hood: Vec<Option<u64>> = hs
        .iter()
        .map(|h| {
            (family[&(h.old.as_str(), h.new.as_str())] > 1).then(|| {
                let before = h.lines.start.saturating_sub(ANCHOR_LINES);
                let after = (h.lines.end + ANCHOR_LINES).min(lines);
                let mut a = fnv1a(FNV_OFFSET, b"hood");
                if before < h.lines.start {
                    let r = index.lines_bytes(before, h.lines.start - 1);
                    a = fnv1a(a, proposal.base[r].as_bytes());
                }
                a = fnv1a(a, b"\0");
                if h.lines.end < after {
                    let r = index.lines_bytes(h.lines.end, after - 1);
                    a = fnv1a(a, proposal.base[r].as_bytes());
                }
                a
            })
        })
        .collect();
    let mut same: HashMap<(String, String, u64), u32> = HashMap::new();
    for (h, a) in hs.iter().zip(&hood) {
        if let Some(a) = a {
            *same.entry((h.old.clone(), h.new.clone(), *a)).or_default() += 1;
        }
    }
    for (h, a) in hs.iter_mut().zip(hood) {
        if let Some(a) = a {
            let m = same[&(h.old.clone(), h.new.clone(), a)];
            h.anchor = fnv1a(a, &m.to_le_bytes()).max(1);
        }
    }
}

/// `hunk`'s edits as one hunk each (`git add -p`'s `s`). Each part keeps
/// the hunk's lines, with only its own edit applied, so its id depends on
/// the same text as the hunk's. A hunk of one edit comes back unchanged.
pub fn split(proposal: &FileProposal, hunk: &Hunk) -> Vec<Hunk> {
    if hunk.edits.len() < 2 {
        return vec![hunk.clone()];
    }
    // A part never takes its hunk's id (it would when the other edits are
    // no-ops), so that a saved decision tells which of the two it was for.
    let mut taken = HashSet::from([hunk.id]);
    hunk.edits
        .iter()
        .map(|&i| {
            let mut h = build(proposal, vec![i], hunk.lines.clone(), hunk.bytes.clone());
            assign_id(&proposal.path, &mut h, hunk.occurrence, &mut taken);
            h
        })
        .collect()
}

/// Re-id `parts` (just split off) so none collides with `others`; parts
/// that do not collide keep their ids.
pub(crate) fn dedup_ids(path: &str, parts: &mut [Hunk], others: &HashSet<HunkId>) {
    let mut taken: HashSet<HunkId> = others.clone();
    for p in parts.iter_mut() {
        if !taken.insert(p.id) {
            let n = p.occurrence + 1;
            assign_id(path, p, n, &mut taken);
        }
    }
}
