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

// --- grouping --------------------------------------------------------------

#[test]
fn edits_on_adjacent_lines_form_one_hunk() {
    let p = proposal(FIVE, &[(at(FIVE, "b"), "B"), (at(FIVE, "c"), "C")], &[]);
    let hs = hunks(&p);
    assert_eq!(lines_of(&hs), vec![1..3]);
    assert_eq!(hs[0].edits, vec![0, 1]);
    assert_eq!(hs[0].old, "l1 b\nl2 c\n");
    assert_eq!(hs[0].new, "l1 B\nl2 C\n");
    assert_eq!(hs[0].bytes, 5..15);
}

#[test]
fn a_one_line_gap_separates_hunks() {
    let p = proposal(FIVE, &[(at(FIVE, "a"), "A"), (at(FIVE, "c"), "C")], &[]);
    let hs = hunks(&p);
    assert_eq!(lines_of(&hs), vec![0..1, 2..3]);
    assert_eq!(hs[1].edits, vec![1]);
}

#[test]
fn an_edit_spanning_lines_joins_the_hunks_it_touches() {
    // Edit 1 spans lines 2-3 (the newline of line 2 included); edit 2 is on line 4.
    let p = proposal(
        FIVE,
        &[
            (at(FIVE, "a"), "A"),
            (at(FIVE, "c\nl3"), "X"),
            (at(FIVE, "e"), "E"),
        ],
        &[],
    );
    assert_eq!(lines_of(&hunks(&p)), vec![0..1, 2..5]);
}

#[test]
fn a_deleted_whole_line_does_not_reach_the_next_line() {
    // Deleting "l1 b\n" ends on line 1; an edit on line 3 stays apart.
    let p = proposal(FIVE, &[(at(FIVE, "l1 b\n"), ""), (at(FIVE, "d"), "D")], &[]);
    assert_eq!(lines_of(&hunks(&p)), vec![1..2, 3..4]);
}

#[test]
fn an_insertion_at_the_end_belongs_to_the_last_line() {
    let p = proposal(FIVE, &[(FIVE.len()..FIVE.len(), "l5 f\n")], &[]);
    let hs = hunks(&p);
    assert_eq!(lines_of(&hs), vec![4..5]);
    assert_eq!(hs[0].new, "l4 e\nl5 f\n");
}

#[test]
fn an_empty_base_has_one_empty_line() {
    let p = proposal("", &[(0..0, "import a\n")], &[]);
    let hs = hunks(&p);
    assert_eq!(lines_of(&hs), vec![0..1]);
    assert_eq!((hs[0].old.as_str(), hs[0].new.as_str()), ("", "import a\n"));
}

#[test]
fn rules_and_kinds_are_listed_once_in_order() {
    let mut p = proposal(FIVE, &[(at(FIVE, "a"), "A"), (at(FIVE, "b"), "B")], &[]);
    p.edits[0].rules = vec!["move-x".into(), "rw-y".into()];
    p.edits[1].rules = vec!["rw-y".into()];
    p.edits[1].kind = EditKind::Import;
    let h = &hunks(&p)[0];
    assert_eq!(h.rules, vec!["move-x", "rw-y"]);
    assert_eq!(h.kinds, vec![EditKind::Reference, EditKind::Import]);
}

// --- ids -------------------------------------------------------------------

#[test]
fn the_id_is_fnv1a_over_path_old_and_new() {
    // Pinned: session files store these ids, so the hashing must not change.
    assert_eq!(
        hunk_id("a.py", "import a\n", "import b\n", 0),
        HunkId(0xe6fb_d264_24b6_f1f6)
    );
    assert_eq!(
        hunk_id("a.py", "import a\n", "import b\n", 1),
        HunkId(0xa8f5_fd05_fdc6_35a9)
    );
    let base = "import a\n";
    let p = proposal_at("a.py", base, &[(at(base, "a"), "b")], &[]);
    assert_eq!(hunks(&p)[0].id, HunkId(0xe6fb_d264_24b6_f1f6));
    assert_eq!(
        HunkId(0xe6fb_d264_24b6_f1f6).to_string(),
        "e6fbd26424b6f1f6"
    );
    assert_eq!("00000000000000ff".parse::<HunkId>().unwrap(), HunkId(255));
}

#[test]
fn the_same_edits_give_the_same_ids() {
    let edits = [(at(FIVE, "a"), "A"), (at(FIVE, "d"), "D")];
    let one: Vec<HunkId> = hunks(&proposal(FIVE, &edits, &[]))
        .iter()
        .map(|h| h.id)
        .collect();
    let two: Vec<HunkId> = hunks(&proposal(FIVE, &edits, &[(0, 1)]))
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(one, two);
    assert_ne!(one[0], one[1]);
}

#[test]
fn an_id_does_not_depend_on_edits_elsewhere_or_on_line_numbers() {
    let alone = hunks(&proposal(FIVE, &[(at(FIVE, "d"), "D")], &[]))[0].id;
    let with_other = hunks(&proposal(
        FIVE,
        &[(at(FIVE, "a"), "A"), (at(FIVE, "d"), "D")],
        &[],
    ))[1]
        .id;
    assert_eq!(alone, with_other);
    // Lines added above (a rescan after someone edited the file) keep it too.
    let shifted = format!("# new\n# lines\n{FIVE}");
    let moved = hunks(&proposal(&shifted, &[(at(&shifted, "d"), "D")], &[]))[0].id;
    assert_eq!(alone, moved);
    // But another path, or another change, is another hunk.
    let other_path = hunks(&proposal_at("b.py", FIVE, &[(at(FIVE, "d"), "D")], &[]))[0].id;
    let other_text = hunks(&proposal(FIVE, &[(at(FIVE, "d"), "DD")], &[]))[0].id;
    assert_ne!(alone, other_path);
    assert_ne!(alone, other_text);
}

#[test]
fn identical_changes_in_one_file_get_distinct_ids() {
    let base = "patch('a.b')\n\npatch('a.b')\n";
    let second = base.rfind("a.b").unwrap();
    let p = proposal(
        base,
        &[(at(base, "a.b"), "c.d"), (second..second + 3, "c.d")],
        &[],
    );
    let hs = hunks(&p);
    assert_eq!(
        (hs[0].old.as_str(), hs[0].new.as_str()),
        (hs[1].old.as_str(), hs[1].new.as_str())
    );
    assert_eq!((hs[0].occurrence, hs[1].occurrence), (0, 1));
    assert_eq!(hs[0].id, hunk_id("pkg/mod.py", &hs[0].old, &hs[0].new, 0));
    assert_ne!(hs[0].id, hs[1].id);
}

// --- split -----------------------------------------------------------------

#[test]
fn split_gives_one_hunk_per_edit_over_the_same_lines() {
    let p = proposal(FIVE, &[(at(FIVE, "b"), "B"), (at(FIVE, "c"), "C")], &[]);
    let h = &hunks(&p)[0];
    let parts = split(&p, h);
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].edits, vec![0]);
    assert_eq!(parts[0].new, "l1 B\nl2 c\n");
    assert_eq!(parts[1].new, "l1 b\nl2 C\n");
    assert!(parts.iter().all(|q| q.lines == h.lines && q.old == h.old));
    assert_eq!(
        parts[0].id,
        hunk_id("pkg/mod.py", &h.old, "l1 B\nl2 c\n", 0)
    );
    assert!(parts.iter().all(|q| q.id != h.id));
    assert_eq!(split(&p, h), parts, "split ids are stable");
    // A hunk of one edit is its own split.
    let single = &hunks(&proposal(FIVE, &[(at(FIVE, "b"), "B")], &[]))[0];
    assert_eq!(split(&p, single), vec![single.clone()]);
}

/// Found by proptest: when a hunk's other edits are no-ops, a part's text
/// equals the hunk's, and so did its id; a restore then could not tell
/// whether the saved decision was for the part or the whole hunk.
#[test]
fn a_split_part_never_takes_its_hunks_id() {
    let p = proposal("a \n", &[(0..1, "a"), (1..1, "")], &[(1, 0)]);
    let mut r = FileReview::new(p.clone());
    let whole = r.hunks()[0].id;
    let parts = r.split(whole).unwrap();
    assert!(!parts.contains(&whole));
    r.decide(parts[1], Decision::Accepted).unwrap();
    let mut again = FileReview::new(p);
    assert_eq!(restore(&mut again, r.decisions()), 0);
    assert_eq!(again.decisions(), r.decisions());
}

#[test]
fn split_parts_inherit_decisions_and_undo_restores_the_hunk() {
    let p = proposal(FIVE, &[(at(FIVE, "b"), "B"), (at(FIVE, "c"), "C")], &[]);
    let mut r = FileReview::new(p);
    let id = r.hunks()[0].id;
    r.decide(id, Decision::Rejected).unwrap();
    let parts = r.split(id).unwrap();
    assert_eq!(parts.len(), 2);
    assert!(parts.iter().all(|&q| *r.decision(q) == Decision::Rejected));
    r.decide(parts[1], Decision::Accepted).unwrap();
    assert_eq!(r.accepted_text(), "l0 a\nl1 b\nl2 C\nl3 d\nl4 e\n");
    assert!(r.undo());
    assert!(r.undo(), "undo the split");
    assert_eq!(r.hunks().len(), 1);
    assert_eq!(r.hunks()[0].id, id);
    assert_eq!(*r.decision(id), Decision::Rejected);
}

#[test]
fn split_links_follow_the_edits() {
    // Edits 0 and 1 on adjacent lines (one hunk); edit 1 requires edit 2 (far away).
    let p = proposal(
        FIVE,
        &[
            (at(FIVE, "a"), "A"),
            (at(FIVE, "b"), "B"),
            (at(FIVE, "e"), "E"),
        ],
        &[(1, 2)],
    );
    let mut r = FileReview::new(p);
    let (h0, h1) = (r.hunks()[0].id, r.hunks()[1].id);
    assert_eq!(r.requires(h0), vec![h1]);
    let parts = r.split(h0).unwrap();
    assert!(r.requires(parts[0]).is_empty());
    assert_eq!(r.requires(parts[1]), vec![h1]);
    assert_eq!(r.required_by(h1), vec![parts[1]]);
    let out = r.decide(parts[0], Decision::Accepted).unwrap();
    assert!(out.is_empty());
    assert_eq!(*r.decision(h1), Decision::Pending);
}

// --- decisions and links ---------------------------------------------------

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

#[test]
fn accepting_a_hunk_accepts_what_it_transitively_requires() {
    let (mut r, [a, b, c]) = chain();
    let out = r.decide(a, Decision::Accepted).unwrap();
    assert_eq!(
        out.linked,
        vec![(b, Decision::Accepted), (c, Decision::Accepted)]
    );
    assert_eq!(out.count(&Decision::Accepted), 2);
    assert_eq!(r.accepted_text(), "l0 A\nl1 b\nl2 C\nl3 d\nl4 E\n");
    // Accepting the end of the chain touches nothing else.
    let (mut r, [a, b, c]) = chain();
    assert!(r.decide(c, Decision::Accepted).unwrap().is_empty());
    assert_eq!(
        (r.decision(a), r.decision(b)),
        (&Decision::Pending, &Decision::Pending)
    );
    consistent(&r).unwrap();
}

#[test]
fn rejecting_a_hunk_rejects_what_transitively_requires_it() {
    let (mut r, [a, b, c]) = chain();
    r.accept_all();
    let out = r.decide(c, Decision::Rejected).unwrap();
    assert_eq!(
        out.linked,
        vec![(a, Decision::Rejected), (b, Decision::Rejected)]
    );
    assert_eq!(r.accepted_text(), FIVE);
    consistent(&r).unwrap();
    // Rejecting the head of the chain leaves what it required alone.
    let (mut r, [a, b, c]) = chain();
    r.accept_all();
    assert!(r.decide(a, Decision::Rejected).unwrap().is_empty());
    assert!(r.decision(b).is_accepted() && r.decision(c).is_accepted());
}

#[test]
fn making_a_hunk_pending_again_resets_the_accepted_hunks_needing_it() {
    let (mut r, [a, b, c]) = chain();
    r.decide(a, Decision::Accepted).unwrap();
    let out = r.decide(c, Decision::Pending).unwrap();
    assert_eq!(
        out.linked,
        vec![(a, Decision::Pending), (b, Decision::Pending)]
    );
    assert!(r.decisions().is_empty());
}

#[test]
fn an_edited_hunk_counts_as_accepted_for_links() {
    let (mut r, [a, b, c]) = chain();
    let out = r.decide(a, Decision::Edited("l0 mine\n".into())).unwrap();
    assert_eq!(out.count(&Decision::Accepted), 2);
    assert_eq!(r.accepted_text(), "l0 mine\nl1 b\nl2 C\nl3 d\nl4 E\n");
    consistent(&r).unwrap();
    // accept_all keeps the reviewer's text; rejecting what it needs rejects it.
    r.accept_all();
    assert_eq!(*r.decision(a), Decision::Edited("l0 mine\n".into()));
    r.decide(b, Decision::Rejected).unwrap();
    assert_eq!(*r.decision(a), Decision::Rejected);
    assert!(r.decision(c).is_accepted());
    let counts = r.counts();
    assert_eq!(
        (counts.accepted, counts.rejected, counts.decided()),
        (1, 2, 3)
    );
}

#[test]
fn an_edited_hunk_replaces_all_its_lines() {
    let p = proposal(
        FIVE,
        &[
            (at(FIVE, "b"), "B"),
            (at(FIVE, "c"), "C"),
            (at(FIVE, "e"), "E"),
        ],
        &[],
    );
    let mut r = FileReview::new(p);
    let ids: Vec<HunkId> = r.hunks().iter().map(|h| h.id).collect();
    r.decide(ids[0], Decision::Edited("mine\n".into())).unwrap();
    r.decide(ids[1], Decision::Accepted).unwrap();
    assert_eq!(r.accepted_text(), "l0 a\nmine\nl3 d\nl4 E\n");
}

#[test]
fn an_edited_split_part_stands_for_the_lines_its_siblings_share() {
    let p = proposal(FIVE, &[(at(FIVE, "b"), "B"), (at(FIVE, "c"), "C")], &[]);
    let mut r = FileReview::new(p);
    let parts = r.split(r.hunks()[0].id).unwrap();
    r.decide(parts[0], Decision::Accepted).unwrap();
    r.decide(parts[1], Decision::Edited("l1 b\nl2 see\n".into()))
        .unwrap();
    assert_eq!(r.accepted_text(), "l0 a\nl1 b\nl2 see\nl3 d\nl4 e\n");
}

#[test]
fn deciding_an_unknown_hunk_is_an_error() {
    let (mut r, _) = chain();
    let err = r.decide(HunkId(7), Decision::Accepted).unwrap_err();
    assert!(matches!(err, Error::UnknownHunk(HunkId(7))), "{err}");
    assert!(!r.can_undo());
}

#[test]
fn undo_walks_back_any_number_of_steps() {
    let (mut r, [a, b, c]) = chain();
    r.decide(c, Decision::Accepted).unwrap();
    r.decide(a, Decision::Accepted).unwrap();
    r.decide(c, Decision::Rejected).unwrap();
    r.reject_all(); // nothing changes: not an undo step
    assert!(r.decision(a) == &Decision::Rejected && r.decision(b) == &Decision::Rejected);
    assert!(r.undo());
    assert!([a, b, c].iter().all(|&x| r.decision(x).is_accepted()));
    assert!(r.undo());
    assert_eq!(r.decisions().keys().copied().collect::<Vec<_>>(), vec![c]);
    assert!(r.undo());
    assert!(r.decisions().is_empty());
    assert!(!r.undo());
    assert!(!r.can_undo());
}

#[test]
fn accept_all_and_reject_all_are_one_undo_step_each() {
    let (mut r, ids) = chain();
    let out = r.accept_all();
    assert_eq!(out.linked.len(), 3);
    assert_eq!(r.accepted_text(), r.proposal().proposed());
    r.reject_all();
    assert_eq!(r.accepted_text(), FIVE);
    assert!(r.undo());
    assert!(ids.iter().all(|&x| r.decision(x).is_accepted()));
    assert!(r.undo());
    assert!(!r.can_undo());
}

// --- bytes outside the accepted hunks ----------------------------------------

#[test]
fn crlf_bom_tabs_and_trailing_spaces_are_kept() {
    let base = "\u{feff}# -*- coding: utf-8 -*-\r\nimport a  \r\n\r\n\tx = a.f()\t\r\n\r\ny = a.g() \r\nz = 1";
    let p = proposal(
        base,
        &[
            (at(base, "import a"), "import b"),
            (at(base, "a.f"), "b.f"),
            (at(base, "a.g"), "b.g"),
        ],
        &[],
    );
    let mut r = FileReview::new(p);
    assert_eq!(r.hunks().len(), 3);
    let first = r.hunks()[0].id;
    r.decide(first, Decision::Accepted).unwrap();
    let text = r.accepted_text();
    assert_eq!(text, base.replacen("import a", "import b", 1));
    assert!(text.starts_with('\u{feff}'));
    r.accept_all();
    assert_eq!(
        r.accepted_text(),
        "\u{feff}# -*- coding: utf-8 -*-\r\nimport b  \r\n\r\n\tx = b.f()\t\r\n\r\ny = b.g() \r\nz = 1"
    );
    let edited = r.hunks()[2].id;
    r.decide(edited, Decision::Edited("y = mine() \r\n".into()))
        .unwrap();
    assert!(r.accepted_text().ends_with("\r\ny = mine() \r\nz = 1"));
}

// --- consistency -----------------------------------------------------------

#[test]
fn restoring_an_accept_without_what_it_requires_drops_it() {
    let (mut r, [a, b, c]) = chain();
    let saved = BTreeMap::from([(a, Decision::Accepted), (c, Decision::Accepted)]);
    assert_eq!(restore(&mut r, &saved), 1);
    assert_eq!(*r.decision(a), Decision::Pending);
    assert_eq!(*r.decision(b), Decision::Pending);
    assert_eq!(*r.decision(c), Decision::Accepted);
    consistent(&r).unwrap();
}

// --- session file ----------------------------------------------------------

#[test]
fn a_session_round_trips_through_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".git/canon/session.json");
    let (mut r, [a, _, c]) = chain();
    r.decide(a, Decision::Accepted).unwrap();
    r.decide(c, Decision::Edited("l4 mine\n".into())).unwrap();
    let mut s = Session::default();
    s.record(&r);
    s.cursor = Some(Cursor {
        path: "pkg/mod.py".into(),
        hunk: 2,
    });
    s.filters.rule = Some("ws-create".into());
    save_atomic(&path, &s).unwrap();
    let loaded = load(&path).unwrap().unwrap();
    assert_eq!(loaded, s);
    let json = std::fs::read_to_string(&path).unwrap();
    assert!(json.contains(&format!("\"{a}\": \"accepted\"")), "{json}");
    assert!(json.contains("\"edited\": \"l4 mine\\n\""), "{json}");

    let (mut fresh, _) = chain();
    assert_eq!(restore(&mut fresh, &loaded.decisions("pkg/mod.py")), 0);
    assert_eq!(fresh.decisions(), r.decisions());
    assert_eq!(fresh.accepted_text(), r.accepted_text());
}

#[test]
fn decisions_on_hunks_that_no_longer_exist_are_dropped_and_counted() {
    let (mut r, ids) = chain();
    r.accept_all();
    let mut s = Session::default();
    s.record(&r);
    // The file changed: line 2's text is different, so its hunk is new.
    let base = FIVE.replace("l2 c", "l2 c  # edited");
    let p = proposal(
        &base,
        &[
            (at(&base, "a"), "A"),
            (at(&base, "c "), "C "),
            (at(&base, " e\n"), " E\n"),
        ],
        &[],
    );
    let mut r2 = FileReview::new(p);
    assert_eq!((r2.hunks()[0].id, r2.hunks()[2].id), (ids[0], ids[2]));
    assert_eq!(restore(&mut r2, &s.decisions("pkg/mod.py")), 1);
    assert!(r2.decision(ids[0]).is_accepted() && r2.decision(ids[2]).is_accepted());
    assert_eq!(*r2.decision(r2.hunks()[1].id), Decision::Pending);
}

#[test]
fn restore_splits_again_the_hunks_whose_parts_were_decided() {
    let p = proposal(FIVE, &[(at(FIVE, "b"), "B"), (at(FIVE, "c"), "C")], &[]);
    let mut r = FileReview::new(p.clone());
    let parts = r.split(r.hunks()[0].id).unwrap();
    r.decide(parts[1], Decision::Accepted).unwrap();
    let saved = r.decisions().clone();
    let mut again = FileReview::new(p);
    assert_eq!(restore(&mut again, &saved), 0);
    assert_eq!(
        again.hunks().iter().map(|h| h.id).collect::<Vec<_>>(),
        parts
    );
    assert_eq!(again.accepted_text(), "l0 a\nl1 b\nl2 C\nl3 d\nl4 e\n");
}

#[test]
fn an_atomic_save_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.json");
    let mut s = Session::default();
    save_atomic(&path, &s).unwrap();
    s.cursor = Some(Cursor {
        path: "a.py".into(),
        hunk: 0,
    });
    save_atomic(&path, &s).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["session.json"]);
    assert_eq!(load(&path).unwrap().unwrap(), s);
}

#[test]
fn loading_no_file_a_bad_file_or_another_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.json");
    assert!(load(&path).unwrap().is_none());
    std::fs::write(&path, "{not json").unwrap();
    assert!(matches!(load(&path), Err(Error::Json { .. })));
    std::fs::write(&path, r#"{"version": 99, "files": {}}"#).unwrap();
    let err = load(&path).unwrap_err();
    assert!(matches!(err, Error::Version { found: 99, .. }), "{err}");
    std::fs::write(
        &path,
        r#"{"version": 1, "files": {"a.py": {"zz": "accepted"}}}"#,
    )
    .unwrap();
    let err = load(&path).unwrap_err();
    assert!(err.to_string().contains("bad hunk id `zz`"), "{err}");
    // Only the version is required.
    std::fs::write(&path, r#"{"version": 1}"#).unwrap();
    assert_eq!(load(&path).unwrap().unwrap(), Session::default());
}

#[test]
fn an_edit_that_parses_is_kept_and_one_that_breaks_the_file_is_refused() {
    let base = "from old.mod import f\n\n\ndef g():\n    return f()\n";
    let mut review = FileReview::new(proposal(base, &[(at(base, "old.mod"), "new.mod")], &[]));
    let id = review.hunks()[0].id;
    let err = review.edit(id, "from new.mod import (f\n").unwrap_err();
    assert!(matches!(err, EditError::Syntax { line: 1 }), "{err}");
    assert_eq!(*review.decision(id), Decision::Pending);
    review.edit(id, "from other.mod import f\n").unwrap();
    assert_eq!(
        *review.decision(id),
        Decision::Edited("from other.mod import f\n".into())
    );
    assert!(
        review
            .accepted_text()
            .starts_with("from other.mod import f\n")
    );
    // The proposal's own text is an accept.
    review.edit(id, "from new.mod import f\n").unwrap();
    assert_eq!(*review.decision(id), Decision::Accepted);
}

#[test]
fn a_refused_edit_names_the_line_of_the_edit_not_the_top_of_the_file() {
    // The demo's heartbeat.py, where a trial showed "line 1" for an edit of
    // line 14: an unclosed bracket made the error node start at the top.
    let base = include_str!("../../assets/demo/netra_backend/app/websocket_core/heartbeat.py");
    let old = at(base, "WebSocketManager(user_context)");
    let start = old.start;
    let mut review = FileReview::new(proposal(
        base,
        &[(old, "WebSocketManager(user_context=user_context)")],
        &[],
    ));
    let id = review.hunks()[0].id;
    let line = base[..start].matches('\n').count() + 1;
    let err = review
        .edit(
            id,
            "        self.manager = WebSocketManager(user_context=user_context)A((\n",
        )
        .unwrap_err();
    assert!(
        matches!(err, EditError::Syntax { line: l } if l == line),
        "{err} (want {line})"
    );
}

#[test]
fn what_remains_after_a_commit_is_a_review_on_the_committed_text() {
    let base = "from old import a\n\n\nx = a.f()\n\n\nfrom old import b\n\n\ny = b.g()\n";
    let mut review = FileReview::new(proposal(
        base,
        &[
            (
                at(base, "from old import a"),
                "from new import a\nimport extra",
            ),
            (at(base, "a.f()"), "a.h()"),
            (at(base, "from old import b"), "from new import b"),
            (at(base, "b.g()"), "b.k()"),
        ],
        &[(1, 0), (3, 2)],
    ));
    assert_eq!(review.hunks().len(), 4);
    let ids: Vec<HunkId> = review.hunks().iter().map(|h| h.id).collect();
    // Accept the first pair (with its link), reject the last hunk, leave one pending.
    review.decide(ids[1], Decision::Accepted).unwrap();
    review.decide(ids[3], Decision::Rejected).unwrap();
    let committed = review.accepted_text();
    let next = review.remaining().expect("two hunks are left");
    assert_eq!(next.proposal().base, committed);
    assert_eq!(next.hunks().len(), 2);
    // Applying everything left gives the full proposal.
    assert_eq!(next.proposal().proposed(), review.proposal().proposed());
    // The rejection is kept; the pending hunk is pending; the link between them stays.
    assert_eq!(*next.decision(next.hunks()[1].id), Decision::Rejected);
    assert_eq!(*next.decision(next.hunks()[0].id), Decision::Pending);
    assert_eq!(next.requires(next.hunks()[1].id), vec![next.hunks()[0].id]);
    // Nothing left when every hunk was applied.
    let mut all = review.clone();
    all.accept_all();
    assert!(all.remaining().is_none());
}

#[test]
fn an_edit_of_a_crlf_file_keeps_crlf_line_endings() {
    let base = "import os\r\nfrom old.mod import f\r\n\r\nf()\r\n";
    let mut review = FileReview::new(proposal(base, &[(at(base, "old.mod"), "new.mod")], &[]));
    let id = review.hunks()[0].id;
    // Editors hand back LF.
    review.edit(id, "from mine import f\n# reviewed\n").unwrap();
    assert_eq!(
        review.accepted_text(),
        "import os\r\nfrom mine import f\r\n# reviewed\r\n\r\nf()\r\n"
    );
}

#[test]
fn what_remains_after_committing_a_split_hunk_with_one_part_edited_lands_in_the_right_place() {
    // Found in review: the shift counted both parts of a split hunk, though
    // the edited part's text stands for the whole line.
    let base = "from old.mod import f  # was old.mod\n\n\n\nfrom old.mod import c\n";
    let edits: Vec<(Range<usize>, &str)> = every(base, "old.mod")
        .into_iter()
        .map(|r| (r, "new.mod"))
        .collect();
    let mut review = FileReview::new(proposal(base, &edits, &[]));
    assert_eq!(review.hunks().len(), 2);
    let parts = review.split(review.hunks()[0].id).unwrap();
    review.decide(parts[0], Decision::Accepted).unwrap();
    review
        .edit(parts[1], "from mine import f  # reviewed\n")
        .unwrap();
    let committed = review.accepted_text();
    assert!(
        committed.starts_with("from mine import f  # reviewed\n"),
        "{committed}"
    );
    let mut next = review.remaining().expect("the last import is left");
    assert_eq!(next.proposal().base, committed);
    assert_eq!(
        next.hunks().len(),
        1,
        "the superseded part is not proposed again"
    );
    next.accept_all();
    assert_eq!(
        next.accepted_text(),
        "from mine import f  # reviewed\n\n\n\nfrom new.mod import c\n"
    );
}

#[test]
fn a_rejection_survives_the_commit_of_an_identical_change_before_it() {
    // Found in review: the rejected copy's id had occurrence 1, but on the
    // committed text it is the only copy.
    let base = "from old import x\n\n\n\nfrom old import x\n";
    let edits: Vec<(Range<usize>, &str)> =
        every(base, "old").into_iter().map(|r| (r, "new")).collect();
    let mut review = FileReview::new(proposal(base, &edits, &[]));
    let ids: Vec<HunkId> = review.hunks().iter().map(|h| h.id).collect();
    review.decide(ids[0], Decision::Accepted).unwrap();
    review.decide(ids[1], Decision::Rejected).unwrap();
    let next = review.remaining().expect("the rejected copy is left");
    assert_eq!(next.hunks().len(), 1);
    assert_eq!(*next.decision(next.hunks()[0].id), Decision::Rejected);
}
