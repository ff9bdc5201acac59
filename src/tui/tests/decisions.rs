//! Deciding: accept, reject, whole files, identical changes, undo, split
//! and edit.

use super::*;

#[test]
fn y_accepts_the_hunk_and_its_links_says_so_saves_and_moves_on() {
    let mut app = app();
    let e = app.current().unwrap();
    let first = e.review.hunks()[0].id;
    let needs = e.review.requires(first);
    assert!(!needs.is_empty(), "the demo's first hunk needs another one");
    let effects = key(&mut app, 'y');
    assert_eq!(effects, vec![Effect::Save]);
    let e = app.current().unwrap();
    assert_eq!(*e.review.decision(first), Decision::Accepted);
    for id in needs {
        assert_eq!(*e.review.decision(id), Decision::Accepted);
    }
    let notice = &app.notice.as_ref().unwrap().1;
    assert!(notice.contains("linked"), "{notice}");
    assert_eq!(
        *e.review.decision(e.review.hunks()[app.hunk].id),
        Decision::Pending,
        "the cursor went to the next pending hunk"
    );
}

#[test]
fn n_rejects_the_hunk_and_the_hunks_that_need_it() {
    let mut app = app();
    let e = app.current().unwrap();
    let first = e.review.hunks()[0].id;
    let needed_by = e.review.required_by(first);
    key(&mut app, 'n');
    let e = app.current().unwrap();
    assert_eq!(*e.review.decision(first), Decision::Rejected);
    for id in needed_by {
        assert_eq!(*e.review.decision(id), Decision::Rejected);
    }
}

#[test]
fn a_and_d_decide_the_whole_file_then_the_cursor_moves_to_the_next_file() {
    let mut app = app();
    let first = path(&app);
    assert_eq!(key(&mut app, 'a'), vec![Effect::Save]);
    let e = app.entries.iter().find(|e| e.path == first).unwrap();
    assert_eq!(e.mark(), Mark::Done);
    assert_eq!(e.review.counts().accepted, e.review.hunks().len());
    assert_ne!(path(&app), first, "a finished file hands over to the next");
    let second = path(&app);
    key(&mut app, 'd');
    let e = app.entries.iter().find(|e| e.path == second).unwrap();
    assert_eq!(e.review.counts().rejected, e.review.hunks().len());
}

#[test]
fn u_undoes_any_number_of_steps() {
    let mut app = app();
    keys(&mut app, "yn");
    let decided = app.totals().decided();
    assert!(decided >= 2);
    key(&mut app, 'u');
    assert!(app.totals().decided() < decided);
    key(&mut app, 'u');
    assert_eq!(app.totals().decided(), 0);
    key(&mut app, 'u');
    assert!(app.notice.as_ref().unwrap().1.contains("Nothing to undo"));
}

#[test]
fn shift_a_asks_first_then_accepts_every_identical_change_and_one_u_undoes_it() {
    let mut app = app();
    // The legacy-events import is the same line in several files.
    let (pos, hunk) = hunk_with(&app, |n| n > 1).expect("an identical change in two files");
    go_to(&mut app, pos, hunk);
    let e = app.current().unwrap();
    let h = &e.review.hunks()[hunk];
    let (old, new) = (h.old.clone(), h.new.clone());
    let same = |app: &App| -> Vec<Decision> {
        app.entries
            .iter()
            .flat_map(|e| {
                e.review
                    .hunks()
                    .iter()
                    .filter(|x| x.old == old && x.new == new)
                    .map(|x| e.review.decision(x.id).clone())
            })
            .collect()
    };
    let count = same(&app).len();
    assert!(
        key(&mut app, 'A').is_empty(),
        "nothing happens before the yes"
    );
    let Mode::Confirm(bulk) = &app.mode else {
        panic!("a confirmation, got {:?}", app.mode)
    };
    assert_eq!(bulk.hunks, count);
    assert!(bulk.accept);
    let shown = screen(&app);
    assert!(
        shown.contains(&format!("Accept all {count} identical")),
        "{shown}"
    );
    assert_eq!(key(&mut app, 'y'), vec![Effect::Save]);
    assert!(same(&app).iter().all(|d| *d == Decision::Accepted));
    key(&mut app, 'u');
    assert!(
        same(&app).iter().all(|d| *d == Decision::Pending),
        "one undo step"
    );
    // D, answered no, changes nothing.
    go_to(&mut app, pos, hunk);
    key(&mut app, 'D');
    assert!(matches!(app.mode, Mode::Confirm(ref b) if !b.accept));
    key(&mut app, 'x');
    assert_eq!(app.mode, Mode::Normal);
    assert!(same(&app).iter().all(|d| *d == Decision::Pending));
    key(&mut app, 'D');
    code(&mut app, KeyCode::Enter);
    assert!(same(&app).iter().all(|d| *d == Decision::Rejected));
}

#[test]
fn s_splits_a_hunk_of_several_edits_and_u_joins_it_again() {
    let mut app = app();
    let (pos, hunk) = splittable(&app);
    go_to(&mut app, pos, hunk);
    let before = app.current().unwrap().review.hunks().len();
    assert_eq!(key(&mut app, 's'), vec![Effect::Save]);
    let after = app.current().unwrap().review.hunks().len();
    assert!(after > before, "{before} -> {after}");
    key(&mut app, 'u');
    assert_eq!(app.current().unwrap().review.hunks().len(), before);
}

#[test]
fn e_asks_for_the_editor_and_the_text_that_comes_back_is_validated() {
    let mut app = app();
    let effects = key(&mut app, 'e');
    let [Effect::Edit { path, hunk, text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(*path, self::path(&app));
    let proposed = app
        .current()
        .unwrap()
        .review
        .hunk(*hunk)
        .unwrap()
        .new
        .clone();
    assert_eq!(*text, proposed);
    // A broken edit is refused and changes nothing.
    let broken = update(
        &mut app,
        Msg::Edited {
            path: path.clone(),
            hunk: *hunk,
            result: Ok("def (:\n".into()),
        },
    );
    assert!(broken.is_empty());
    assert_eq!(decision(&app, 0), Decision::Pending);
    assert!(app.notice.as_ref().unwrap().1.contains("syntax error"));
    // A good one is kept as the reviewer's text.
    let mine = format!("# reviewed\n{proposed}");
    let ok = update(
        &mut app,
        Msg::Edited {
            path: path.clone(),
            hunk: *hunk,
            result: Ok(mine.clone()),
        },
    );
    assert_eq!(ok, vec![Effect::Save]);
    assert_eq!(decision(&app, 0), Decision::Edited(mine));
    // An editor that failed changes nothing.
    update(
        &mut app,
        Msg::Edited {
            path: path.clone(),
            hunk: *hunk,
            result: Err("vi exited with 1".into()),
        },
    );
    assert!(app.notice.as_ref().unwrap().1.contains("vi exited"));
}

#[test]
fn a_bulk_key_with_no_other_identical_change_decides_at_once() {
    let mut app = app();
    let (pos, hunk) = hunk_with(&app, |n| n == 1).expect("a change made once");
    go_to(&mut app, pos, hunk);
    let effects = key(&mut app, 'D');
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(app.mode, Mode::Normal);
    let e = &app.entries[app.visible[pos]];
    assert_eq!(
        *e.review.decision(e.review.hunks()[hunk].id),
        Decision::Rejected
    );
}

#[test]
fn an_unchanged_edit_decides_nothing_and_a_refused_one_is_offered_again() {
    let mut app = app();
    let effects = key(&mut app, 'e');
    let [Effect::Edit { path, hunk, text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let (path, hunk, text) = (path.clone(), *hunk, text.clone());
    update(
        &mut app,
        Msg::Edited {
            path: path.clone(),
            hunk,
            result: Ok(text.clone()),
        },
    );
    assert_eq!(
        decision(&app, 0),
        Decision::Pending,
        "quitting the editor is not a yes"
    );
    let broken = format!("{text}def (:\n");
    update(
        &mut app,
        Msg::Edited {
            path: path.clone(),
            hunk,
            result: Ok(broken.clone()),
        },
    );
    assert_eq!(decision(&app, 0), Decision::Pending);
    let again = key(&mut app, 'e');
    assert_eq!(
        again,
        vec![Effect::Edit {
            path,
            hunk,
            text: broken
        }],
        "the refused text comes back to be fixed"
    );
}

#[test]
fn undo_goes_back_to_the_file_it_changed() {
    let mut app = app();
    let first = path(&app);
    key(&mut app, 'a');
    assert_ne!(path(&app), first);
    key(&mut app, 'u');
    assert_eq!(path(&app), first);
}

#[test]
fn undo_returns_to_the_hunk_it_changed() {
    let mut app = app();
    let (pos, hunk) = (1, 1);
    go_to(&mut app, pos, hunk);
    key(&mut app, 'n');
    key(&mut app, 'J');
    key(&mut app, 'u');
    assert_eq!((app.selected, app.hunk), (pos, hunk));
}

#[test]
fn one_u_undoes_a_bulk_decision_that_hit_a_file_twice() {
    let mut app = app_of(&[
        ("a.py", TWICE, &[("old", "new"), ("old", "new")]),
        ("b.py", TWICE, &[("old", "new"), ("old", "new")]),
    ]);
    key(&mut app, 'A');
    assert!(matches!(app.mode, Mode::Confirm(ref b) if b.hunks == 4));
    key(&mut app, 'y');
    assert_eq!(app.totals().accepted, 4);
    key(&mut app, 'u');
    assert_eq!(
        app.totals().decided(),
        0,
        "every hunk of the bulk step is back"
    );
}

#[test]
fn the_mouse_does_nothing_while_a_pop_up_waits_and_the_bulk_decides_what_was_shown() {
    let mut app = app_of(&[
        ("a.py", TWICE, &[("old", "new"), ("old", "new")]),
        ("b.py", "import os\n", &[("os", "sys")]),
    ]);
    key(&mut app, 'A');
    let wheel = Msg::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 2,
        row: 3,
        modifiers: KeyModifiers::NONE,
    });
    update(&mut app, wheel);
    assert_eq!(app.selected, 0);
    key(&mut app, 'y');
    assert_eq!(app.totals().accepted, 2);
    key(&mut app, 'u');
    assert_eq!(app.totals().decided(), 0);
    key(&mut app, 'u');
    assert!(app.notice.as_ref().unwrap().1.contains("Nothing to undo"));
}

#[test]
fn a_decision_that_changes_nothing_is_not_an_undo_step() {
    let mut app = app_of(&[
        ("a.py", "import os\n", &[("os", "sys")]),
        ("b.py", "import os\n", &[("os", "sys")]),
    ]);
    key(&mut app, 'y');
    assert_eq!(path(&app), "b.py");
    key(&mut app, 'y');
    key(&mut app, 'K');
    key(&mut app, 'y'); // already accepted
    key(&mut app, 'u');
    let b = app.entries.iter().find(|e| e.path == "b.py").unwrap();
    assert_eq!(
        b.review.counts().decided(),
        0,
        "the newest real step was undone"
    );
    let a = app.entries.iter().find(|e| e.path == "a.py").unwrap();
    assert_eq!(a.review.counts().accepted, 1);
}

/// `A` takes no held copy (a saved rejection may be for it, and only the
/// reviewer can tell which): on the unheld copy it accepts that one and
/// another file's, says how many held copies are left, and `apply` would
/// still leave them out; on a held copy it asks for `y` or `n`.
#[test]
fn a_bulk_accept_leaves_the_held_copies_to_the_reviewer() {
    let body = "def one():\n    from old import x\n\n\n\n\n\ndef two():\n    from old import x\n";
    let both: &[(&str, &str)] = &[("old", "new"), ("old", "new")];
    let mut app = app_of(&[("a.py", body, both)]);
    go_to(&mut app, 0, 1);
    key(&mut app, 'n');
    let session = app.session();
    let three = format!("{body}\n\ndef three():\n    from old import x\n");
    let all: &[(&str, &str)] = &[("old", "new"), ("old", "new"), ("old", "new")];
    let files: &[Made] = &[
        ("a.py", &three, all),
        (
            "b.py",
            "def four():\n    from old import x\n",
            &[("old", "new")],
        ),
    ];
    let mut app = app_of_with(files, Some(session));
    let held = |app: &App| -> Vec<bool> {
        let e = &app.entries[0];
        e.review
            .hunks()
            .iter()
            .map(|h| e.review.is_held(h.id))
            .collect()
    };
    assert_eq!(held(&app), [false, true, true]);
    // On a held copy: nothing decided, and the reason.
    go_to(&mut app, 0, 1);
    key(&mut app, 'A');
    assert_eq!(app.totals().decided(), 0);
    assert!(
        app.notice.as_ref().unwrap().1.contains("held"),
        "{:?}",
        app.notice
    );
    // On the unheld copy: it and b.py's, not the held ones.
    go_to(&mut app, 0, 0);
    key(&mut app, 'A');
    assert!(matches!(app.mode, Mode::Confirm(ref b) if b.hunks == 2));
    key(&mut app, 'y');
    assert_eq!(app.totals().accepted, 2);
    assert_eq!(held(&app), [false, true, true]);
    let notice = &app.notice.as_ref().unwrap().1;
    assert!(notice.contains("2 held copies left"), "{notice}");
}
