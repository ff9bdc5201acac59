//! Decisions and their links, undo, the accepted text and consistency.

use super::*;

// --- decisions and links ---------------------------------------------------

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
    assert_eq!(restore(&mut r, &saved.into()).dropped.len(), 1);
    assert_eq!(*r.decision(a), Decision::Pending);
    assert_eq!(*r.decision(b), Decision::Pending);
    assert_eq!(*r.decision(c), Decision::Accepted);
    consistent(&r).unwrap();
}
