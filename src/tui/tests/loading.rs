//! Loading: the demo's files streaming in, a failed scan, and a saved
//! session coming back (decisions, cursor, scope).

use super::*;

#[test]
fn the_demo_loads_every_violating_file_with_marks() {
    let app = app();
    assert_eq!(app.visible.len(), demo().1.len());
    assert!(app.loading.done);
    let marks: Vec<Mark> = app.visible.iter().map(|&i| app.entries[i].mark()).collect();
    assert!(marks.contains(&Mark::Pending));
    assert!(marks.contains(&Mark::Manual), "ban-only files need a human");
    assert_eq!(app.totals().decided(), 0);
    assert_eq!(app.selected, 0);
}

#[test]
fn files_streamed_out_of_order_are_listed_by_path_and_the_selection_stays_on_top() {
    let (target, files, _) = demo();
    let mut app = App::new(target.clone(), None, (120, 32));
    for f in files.iter().rev() {
        update(&mut app, Msg::Load(LoadMsg::File(Box::new(f.clone()))));
    }
    let paths: Vec<&str> = app
        .visible
        .iter()
        .map(|&i| app.entries[i].path.as_str())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(app.selected, 0);
    assert!(!app.loading.done, "no Done yet");
}

#[test]
fn the_first_frame_draws_before_any_file_arrives() {
    let (target, _, _) = demo();
    let app = App::new(target.clone(), None, (80, 24));
    let s = screen(&app);
    assert!(s.contains("scanning 0 files"), "{s}");
}

#[test]
fn a_session_restores_decisions_and_cursor_and_counts_the_dropped_ones() {
    let mut app = app();
    keys(&mut app, "yJn");
    key(&mut app, '/');
    keys(&mut app, "tests");
    code(&mut app, KeyCode::Enter);
    let mut session = app.session();
    let decided = app.totals().decided();
    // A decision on a hunk that no longer exists, and one for a file gone.
    let (file, decisions) = session.files.iter_mut().next().unwrap();
    let file = file.clone();
    decisions
        .decisions
        .insert(crate::review::HunkId(42), Decision::Accepted);
    session
        .files
        .entry("gone.py".into())
        .or_default()
        .decisions
        .insert(crate::review::HunkId(7), Decision::Rejected);
    let cursor = session.cursor.clone();
    let resumed = app_with(Some(session), (120, 32));
    assert_eq!(resumed.totals().decided(), decided);
    assert_eq!(resumed.dropped, 2);
    assert_eq!(resumed.filters.path.as_deref(), Some("tests"));
    let notice = &resumed.notice.as_ref().unwrap().1;
    assert!(notice.contains("dropped 2 decisions"), "{notice}");
    assert!(resumed.session().files.contains_key(&file));
    assert_eq!(
        resumed.current().map(|e| e.path.clone()),
        cursor.map(|c| c.path)
    );
}

#[test]
fn saving_while_loading_keeps_the_decisions_of_files_not_loaded_yet() {
    let mut full = app();
    key(&mut full, 'y');
    let session = full.session();
    let (target, files, _) = demo();
    let mut partial = App::new(target.clone(), Some(session.clone()), (120, 32));
    update(
        &mut partial,
        Msg::Load(LoadMsg::File(Box::new(files[5].clone()))),
    );
    assert_eq!(partial.session().files, session.files);
}

#[test]
fn a_failed_scan_is_shown_in_the_list_not_as_an_empty_repository() {
    let (target, _, _) = demo();
    let mut app = App::new(target.clone(), None, (100, 20));
    update(
        &mut app,
        Msg::Load(LoadMsg::Failed("cannot read the tree of HEAD".into())),
    );
    key(&mut app, 'j');
    let s = screen(&app);
    assert!(s.contains("The scan failed: cannot read the tree"), "{s}");
}

#[test]
fn the_resumed_cursor_stays_on_its_file_while_earlier_files_stream_in() {
    // Regression: files sorting before the cursor's file, loaded after it,
    // shifted the selection to the file before it (seen in the tmux test).
    let (target, files, _) = demo();
    let cursor_file = files[5].path.clone();
    let session = Session {
        cursor: Some(crate::review::Cursor {
            path: cursor_file.clone(),
            hunk: 1,
        }),
        ..Session::default()
    };
    let mut app = App::new(target.clone(), Some(session), (120, 32));
    for f in files.iter().skip(5).chain(files.iter().take(5)) {
        update(&mut app, Msg::Load(LoadMsg::File(Box::new(f.clone()))));
    }
    update(&mut app, Msg::Load(LoadMsg::Done));
    assert_eq!(path(&app), cursor_file);
    assert_eq!(app.hunk, 1);
}

#[test]
fn every_finding_without_a_hunk_is_listed_as_needing_a_human() {
    // Regression: files whose findings are a definition, an `__all__`
    // re-export or a module that cannot move showed an empty pane.
    let app = app();
    for &i in &app.visible {
        let e = &app.entries[i];
        if e.review.hunks().is_empty() {
            assert!(
                !e.manual.is_empty(),
                "{} has findings but nothing to show",
                e.path
            );
        }
    }
    let events = app
        .entries
        .iter()
        .find(|e| e.path == "netra_backend/app/legacy/events/__init__.py")
        .unwrap();
    assert_eq!(events.manual.len(), events.findings.len());
    assert!(events.manual.iter().all(|m| m.line.is_some()));
}

#[test]
fn a_narrowed_review_keeps_the_saved_decisions_outside_it() {
    let mut target = demo().0.clone();
    target.scope = Some("sub".into());
    let mut session = Session::default();
    session
        .files
        .entry("other/x.py".into())
        .or_default()
        .decisions
        .insert(crate::review::HunkId(1), Decision::Accepted);
    session
        .files
        .entry("sub/gone.py".into())
        .or_default()
        .decisions
        .insert(crate::review::HunkId(2), Decision::Accepted);
    let mut app = App::new(target, Some(session), (120, 32));
    update(&mut app, Msg::Load(LoadMsg::Done));
    assert_eq!(app.dropped, 1, "only the one in scope");
    assert!(app.session().files.contains_key("other/x.py"));
    assert!(!app.session().files.contains_key("sub/gone.py"));
}

#[test]
fn a_file_sent_again_replaces_its_entry_and_keeps_the_decisions_made_on_it() {
    // The pipeline re-sends a file once the scan knows who refers to its
    // names; the list must not grow, and what was decided stays decided.
    let mut app = app();
    let count = app.entries.len();
    let first = path(&app);
    key(&mut app, 'y');
    let decided = app
        .entries
        .iter()
        .find(|e| e.path == first)
        .unwrap()
        .review
        .decisions()
        .clone();
    assert!(!decided.is_empty());
    let again = demo().1.iter().find(|f| f.path == first).unwrap().clone();
    update(&mut app, Msg::Load(LoadMsg::File(Box::new(again))));
    assert_eq!(app.entries.len(), count, "replaced, not added");
    let e = app.entries.iter().find(|e| e.path == first).unwrap();
    assert_eq!(e.review.decisions(), &decided);
    assert_eq!(app.loading.loaded, count);
}

/// A demo file with a proposal of several hunks, and the same file as a
/// first, provisional proposal that lacks its last hunk's edits.
fn provisional_and_final() -> (Loaded, Loaded) {
    let (_, files, _) = demo();
    let last = files
        .iter()
        .rev()
        .find(|f| {
            crate::review::FileReview::new(f.proposal.clone())
                .hunks()
                .len()
                >= 2
        })
        .expect("a demo file with two hunks")
        .clone();
    let review = crate::review::FileReview::new(last.proposal.clone());
    let gone: Vec<usize> = review.hunks().last().unwrap().edits.clone();
    let mut first = last.clone();
    let keep: Vec<usize> = (0..first.proposal.edits.len())
        .filter(|i| !gone.contains(i))
        .collect();
    first.proposal.edits = keep
        .iter()
        .map(|&i| last.proposal.edits[i].clone())
        .collect();
    first.proposal.requires = last
        .proposal
        .requires
        .iter()
        .filter_map(|&(a, b)| {
            let a = keep.iter().position(|&k| k == a)?;
            let b = keep.iter().position(|&k| k == b)?;
            Some((a, b))
        })
        .collect();
    (first, last)
}

#[test]
fn a_saved_decision_the_first_proposal_lacks_is_restored_on_the_final_one() {
    let (target, _, _) = demo();
    let (first, last) = provisional_and_final();
    let final_review = crate::review::FileReview::new(last.proposal.clone());
    let id = final_review.hunks().last().unwrap().id;
    let mut session = Session::default();
    session.files.insert(
        last.path.clone(),
        crate::review::Saved::from(std::collections::BTreeMap::from([(id, Decision::Rejected)])),
    );
    session.cursor = Some(crate::review::Cursor {
        path: last.path.clone(),
        hunk: 0,
    });
    let mut app = App::new(target.clone(), Some(session), (120, 32));
    update(&mut app, Msg::Load(LoadMsg::File(Box::new(first))));
    // Quitting now must not lose it: the session still holds it.
    let mid = app.session();
    assert_eq!(
        mid.files[&last.path].decisions.get(&id),
        Some(&Decision::Rejected)
    );
    update(&mut app, Msg::Load(LoadMsg::File(Box::new(last.clone()))));
    update(&mut app, Msg::Load(LoadMsg::Done));
    let e = app.entries.iter().find(|e| e.path == last.path).unwrap();
    assert_eq!(*e.review.decision(id), Decision::Rejected);
    assert_eq!(app.dropped, 0, "{:?}", app.notice);
    assert_eq!(app.restored, 1);
}

#[test]
fn a_file_sent_again_while_the_cursor_is_on_the_last_file_moves_nothing() {
    let mut app = app();
    let last = app.visible.len() - 1;
    go_to(&mut app, last, 0);
    let on = path(&app);
    let again = demo().1.iter().find(|f| f.path == on).unwrap().clone();
    update(&mut app, Msg::Load(LoadMsg::File(Box::new(again))));
    assert_eq!(path(&app), on);
    let first = demo().1[0].clone();
    update(&mut app, Msg::Load(LoadMsg::File(Box::new(first))));
    assert_eq!(path(&app), on, "the selection stays on its file");
}

#[test]
fn what_the_scan_could_not_read_is_said_once_the_list_is_loaded() {
    let (target, files, _) = demo();
    for (warnings, expected) in [
        (
            vec!["app/latin1.py: not valid UTF-8 (at byte 5), skipped".to_string()],
            "1 warning: app/latin1.py: not valid UTF-8 (at byte 5), skipped",
        ),
        (
            vec![
                "app/bin.py: binary file (contains NUL bytes), skipped".to_string(),
                "app/py2.py:2: Python 2 syntax (a print statement), which Python 3 cannot run"
                    .to_string(),
            ],
            "2 warnings: app/bin.py: binary file (contains NUL bytes), skipped (and 1 more: `canon check` lists them)",
        ),
    ] {
        let mut app = App::new(target.clone(), None, (120, 32));
        update(
            &mut app,
            Msg::Load(LoadMsg::Scanned {
                files: files.len(),
                warnings,
            }),
        );
        for f in files.iter() {
            update(&mut app, Msg::Load(LoadMsg::File(Box::new(f.clone()))));
        }
        update(&mut app, Msg::Load(LoadMsg::Done));
        let (level, text) = app.notice.clone().expect("a notice");
        assert_eq!(level, crate::tui::app::Level::Warn);
        assert_eq!(text, expected);
    }
}

/// Hostile 14, defect 08: a split hunk's parts were counted as missing
/// before the restore split the hunk again, and that count was taken
/// from what the restore dropped (0): "Dropped 2 decisions" (a panic in
/// a debug build) although both came back.
#[test]
fn resuming_a_split_hunk_says_its_decisions_were_resumed() {
    let file: Made = ("a.py", "import a, b\n", &[("a", "x"), ("b", "y")]);
    let mut app = app_of(&[file]);
    assert_eq!(app.current().unwrap().review.hunks().len(), 1);
    key(&mut app, 's');
    assert_eq!(app.current().unwrap().review.hunks().len(), 2);
    keys(&mut app, "y");
    go_to(&mut app, 0, 1);
    key(&mut app, 'n');
    let decided = app.totals();
    assert_eq!((decided.accepted, decided.rejected), (1, 1));
    let resumed = app_of_with(&[file], Some(app.session()));
    assert_eq!(resumed.totals(), decided);
    assert_eq!((resumed.restored, resumed.dropped), (2, 0));
    let notice = &resumed.notice.as_ref().unwrap().1;
    assert_eq!(notice, "Resumed 2 decisions");
}

/// Two functions with the same body: two copies of one change.
const TWO_COPIES: &str =
    "def one():\n    from old import x\n\n\n\n\n\ndef two():\n    from old import x\n";
const ON_BOTH: &[(&str, &str)] = &[("old", "new"), ("old", "new")];

/// Hostile 14, defect 12: a teammate's comment two lines above the
/// second copy changed its id, and its rejection was dropped (`apply`
/// then committed it). It comes back onto the copy at its place.
#[test]
fn a_rejected_copy_is_still_rejected_after_a_comment_next_to_it() {
    let mut app = app_of(&[("a.py", TWO_COPIES, ON_BOTH)]);
    go_to(&mut app, 0, 1);
    key(&mut app, 'n');
    let session = app.session();
    let commented = TWO_COPIES.replace("\n\n\ndef two", "\n\n# TODO\ndef two");
    let resumed = app_of_with(&[("a.py", &commented, ON_BOTH)], Some(session));
    assert_eq!(decision(&resumed, 0), Decision::Pending);
    assert_eq!(decision(&resumed, 1), Decision::Rejected);
    assert_eq!((resumed.restored, resumed.dropped, resumed.held), (1, 0, 0));
    assert_eq!(resumed.notice.as_ref().unwrap().1, "Resumed 1 decision");
}
