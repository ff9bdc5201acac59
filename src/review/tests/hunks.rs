//! Hunk grouping, ids and splitting.

use super::*;

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
    // Copies are told apart by their neighbourhood, not their rank.
    assert!(hs[0].anchor != 0 && hs[0].anchor != hs[1].anchor);
    assert_eq!((hs[0].occurrence, hs[1].occurrence), (0, 0));
    assert_eq!(
        hs[0].id,
        hunk_id_at("pkg/mod.py", &hs[0].old, &hs[0].new, hs[0].anchor, 0)
    );
    assert_ne!(hs[0].id, hs[1].id);
}

#[test]
fn a_copy_added_above_does_not_shift_the_ids_of_the_others() {
    let block = |name: &str| format!("\n\ndef {name}():\n    patch('a.b')\n    pass\n\n");
    let edits = |base: &str| {
        let v: Vec<(std::ops::Range<usize>, &str)> = base
            .match_indices("a.b")
            .map(|(i, _)| (i..i + 3, "c.d"))
            .collect();
        hunks(&proposal(base, &v, &[]))
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    let before = format!("{}{}", block("keep"), block("two"));
    let after = format!("{}{}{}", block("added"), block("keep"), block("two"));
    let (b, a) = (edits(&before), edits(&after));
    assert_eq!(a.len(), 3);
    assert_eq!(&a[1..], &b[..], "the reviewed copies keep their ids");
    assert!(!b.contains(&a[0]), "the new copy has an id of its own");
    // Copies with the same neighbourhood: one more changes all their ids
    // (decisions on them are dropped, never moved onto another copy).
    let x = "\n\n\n\ndef x():\n    patch('a.b')\n    pass\n\n\n\n";
    let twin = x.repeat(2);
    let three = x.repeat(3);
    let (t, th) = (edits(&twin), edits(&three));
    assert_ne!(t[0], t[1]);
    assert!(th.iter().all(|id| !t.contains(id)));
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
    assert_eq!(restore(&mut again, &r.saved()).dropped.len(), 0);
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
