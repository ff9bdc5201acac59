//! Saved decisions on copies of a repeated change (the same old and new
//! text twice in a file) after the file changed around them.

use std::collections::BTreeSet;

use super::*;

/// Two functions with the same body, far enough apart for each copy to
/// have its own neighbourhood.
const TWO: &str = "def one():\n    import old\n\n\n\n\n\ndef two():\n    import old\n";

/// `base` with every `old` proposed as `new`.
fn review_of(base: &str) -> FileReview {
    let edits: Vec<(Range<usize>, &str)> =
        every(base, "old").into_iter().map(|r| (r, "new")).collect();
    FileReview::new(proposal(base, &edits, &[]))
}

fn ids(r: &FileReview) -> Vec<HunkId> {
    r.hunks().iter().map(|h| h.id).collect()
}

/// A review's decisions through a session file's JSON, as the next run reads them.
fn through_json(r: &FileReview) -> Saved {
    let mut s = Session::default();
    s.record(r);
    let json = serde_json::to_string(&s).unwrap();
    let loaded: Session = serde_json::from_str(&json).unwrap();
    assert_eq!(loaded, s);
    loaded.saved("pkg/mod.py")
}

/// `TWO` with a teammate's comment two lines above `def two`.
fn commented() -> String {
    TWO.replace("\n\n\ndef two", "\n\n# TODO: merge with one()\ndef two")
}

#[test]
fn a_rejected_copy_stays_rejected_after_an_edit_next_to_it() {
    let mut r = review_of(TWO);
    let [one, two] = ids(&r)[..] else {
        panic!("two copies")
    };
    r.decide(two, Decision::Rejected).unwrap();
    let saved = through_json(&r);
    assert_eq!(saved.copies.len(), 1, "{saved:?}");

    let mut again = review_of(&commented());
    let now = ids(&again);
    assert_eq!(now[0], one, "the first copy's neighbourhood is unchanged");
    assert_ne!(now[1], two, "the comment changes the second copy's id");
    let report = again.restore(&saved);
    assert_eq!(report.restored, BTreeSet::from([two]), "{report:?}");
    assert!(report.dropped.is_empty() && report.held.is_empty());
    assert_eq!(*again.decision(now[1]), Decision::Rejected);
    assert_eq!(*again.decision(now[0]), Decision::Pending);
    assert!(again.held().is_empty());
    // Saved again, the decision is under the copy's new id.
    assert_eq!(
        again.saved().decisions,
        BTreeMap::from([(now[1], Decision::Rejected)])
    );
}

#[test]
fn an_edit_on_a_copy_comes_back_onto_it_too() {
    let mut r = review_of(TWO);
    let two = ids(&r)[1];
    r.decide(two, Decision::Edited("    import mine\n".into()))
        .unwrap();
    let mut again = review_of(&commented());
    let report = again.restore(&through_json(&r));
    assert_eq!(report.restored.len(), 1);
    assert!(
        again
            .accepted_text()
            .ends_with("def two():\n    import mine\n")
    );
    assert!(
        again
            .accepted_text()
            .contains("def one():\n    import old\n")
    );
}

#[test]
fn a_rejected_copy_whose_change_has_more_copies_now_holds_the_ones_it_may_be() {
    let mut r = review_of(TWO);
    let [one, two] = ids(&r)[..] else {
        panic!("two copies")
    };
    r.decide(two, Decision::Rejected).unwrap();
    let saved = through_json(&r);
    // A third copy after the second changes the second's neighbourhood.
    let three = format!("{TWO}\n\ndef three():\n    import old\n");
    let mut again = review_of(&three);
    let now = ids(&again);
    assert_eq!(now[0], one);
    let report = again.restore(&saved);
    assert_eq!(report.held, BTreeSet::from([two]), "{report:?}");
    assert!(report.restored.is_empty() && report.dropped.is_empty());
    // All three are pending; the two it may be for are held.
    assert_eq!(again.counts().pending, 3);
    assert!(!again.is_held(now[0]), "the first copy is where it was");
    assert!(again.is_held(now[1]) && again.is_held(now[2]));
    let hold = &again.held()[0];
    assert_eq!(
        (hold.rejected, hold.edited, hold.was, hold.now),
        (1, 0, 2, 3)
    );
    assert_eq!(hold.hunks, now[1..].to_vec());
    assert_eq!(hold.what(), "a rejection");
    // The rejection stays saved while a copy it holds is pending.
    assert_eq!(again.saved().decisions.get(&two), Some(&Decision::Rejected));

    // Committing the first copy: what is left still holds the other two,
    // and a rescan of the committed text (two copies again, with other
    // ids) does not put the rejection onto one of them by its place.
    again.decide(now[0], Decision::Accepted).unwrap();
    let next = again.remaining().expect("two copies left");
    assert_eq!(next.held()[0].hunks.len(), 2);
    let mut rescan = next.clone();
    let report = rescan.restore(&through_json(&next));
    assert_eq!(report.held, BTreeSet::from([two]), "{report:?}");
    assert_eq!(rescan.counts().rejected, 0);
    assert!(rescan.hunks().iter().all(|h| rescan.is_held(h.id)));

    // Deciding a held copy ends its hold; once none is pending the saved
    // rejection is no longer saved.
    let left = ids(&rescan);
    rescan.decide(left[0], Decision::Rejected).unwrap();
    assert!(!rescan.is_held(left[0]) && rescan.is_held(left[1]));
    rescan.decide(left[1], Decision::Accepted).unwrap();
    assert!(rescan.held().is_empty());
    assert!(!rescan.saved().decisions.contains_key(&two));
}

#[test]
fn a_unique_hunk_that_gets_a_copy_holds_both_if_it_was_rejected() {
    let base = "def one():\n    import old\n";
    let mut r = review_of(base);
    let id = ids(&r)[0];
    r.decide(id, Decision::Rejected).unwrap();
    let saved = through_json(&r);
    assert!(saved.copies.is_empty(), "a lone hunk needs no record");
    let mut again = review_of(TWO);
    let report = again.restore(&saved);
    assert_eq!(report.held, BTreeSet::from([id]));
    assert!(again.hunks().iter().all(|h| again.is_held(h.id)));
}

#[test]
fn an_accept_or_a_changed_hunk_is_dropped_not_held() {
    // An accept of a copy that cannot be placed: dropped (its copies are
    // pending, as they would be with no session).
    let mut r = review_of(TWO);
    let two = ids(&r)[1];
    r.decide(two, Decision::Accepted).unwrap();
    let three = format!("{TWO}\n\ndef three():\n    import old\n");
    let mut again = review_of(&three);
    let report = again.restore(&through_json(&r));
    assert_eq!(report.dropped, BTreeSet::from([two]));
    assert!(again.held().is_empty());
    // A rejected hunk whose text changed: its change is gone, so is the
    // decision (the hunk now is another change).
    let base = "def one():\n    import old\n";
    let mut r = review_of(base);
    let id = ids(&r)[0];
    r.decide(id, Decision::Rejected).unwrap();
    let mut again = review_of("def one():\n    import old  # note\n");
    let report = again.restore(&through_json(&r));
    assert_eq!(report.dropped, BTreeSet::from([id]));
    assert!(again.held().is_empty());
}

#[test]
fn a_restore_reports_every_saved_decision_once() {
    // A split hunk resumed: each part's decision is restored, none dropped.
    let p = proposal(FIVE, &[(at(FIVE, "b"), "B"), (at(FIVE, "c"), "C")], &[]);
    let mut r = FileReview::new(p.clone());
    let parts = r.split(r.hunks()[0].id).unwrap();
    r.decide(parts[0], Decision::Accepted).unwrap();
    r.decide(parts[1], Decision::Rejected).unwrap();
    let mut again = FileReview::new(p);
    let report = again.restore(&through_json(&r));
    assert_eq!(report.restored, parts.iter().copied().collect());
    assert!(report.dropped.is_empty() && report.held.is_empty());
}
