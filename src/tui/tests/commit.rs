//! Committing: the dialog's fields, what a commit takes, and what stays
//! for the next review.

use super::*;

#[test]
fn c_with_nothing_accepted_says_so() {
    let mut app = app();
    assert!(key(&mut app, 'c').is_empty());
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.notice.as_ref().unwrap().1.contains("Nothing to commit"));
}

#[test]
fn the_commit_dialog_edits_the_branch_and_mode_and_committed_files_leave_the_list() {
    let mut app = app();
    // A file none of whose hunks go with hunks of other files.
    let pos = (app.visible.iter())
        .position(|&i| {
            let r = &app.entries[i].review;
            !r.hunks().is_empty() && !r.has_across()
        })
        .expect("a file with no links to others");
    go_to(&mut app, pos, 0);
    let first = path(&app);
    key(&mut app, 'a');
    key(&mut app, 'c');
    let Mode::Commit(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(form.files, 1);
    assert_eq!(form.field, Field::Branch);
    keys(&mut app, "-2");
    code(&mut app, KeyCode::Tab);
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)),
    );
    keys(&mut app, "Co-authored-by: me");
    code(&mut app, KeyCode::Tab);
    key(&mut app, ' ');
    let effects = code(&mut app, KeyCode::Enter);
    let [Effect::Commit(plan)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(plan.branch, format!("{}-2", app.target.branch));
    assert_eq!(
        plan.template,
        format!("{}\nCo-authored-by: me", app.target.template)
    );
    assert!(plan.per_file);
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].0, first);
    let e = app.entries.iter().find(|e| e.path == first).unwrap();
    assert_eq!(plan.changes[0].1, e.review.proposal().proposed());
    // A failure keeps the dialog open with the error; a branch that moved
    // says what to do about it.
    let moved = crate::pipeline::commit::CommitError::Git(crate::git::GitError::BranchMoved {
        branch: plan.branch.clone(),
        expected: None,
        actual: Some(git2::Oid::from_str("0f1332a0f1332a0f1332a0f1332a0f1332a0f13").unwrap()),
    });
    update(&mut app, Msg::Committed(Err(std::sync::Arc::new(moved))));
    let Mode::Commit(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let error = form.error.clone().unwrap();
    assert!(
        error.contains("moved since the review began") && error.contains("another branch name"),
        "{error}"
    );
    code(&mut app, KeyCode::Enter);
    let effects = update(
        &mut app,
        Msg::Committed(Ok(crate::tui::app::Committed {
            branch: plan.branch.clone(),
            commits: vec!["0123456789abcdef".into()],
            paths: vec![first.clone()],
            warning: None,
        })),
    );
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.visible.iter().all(|&i| app.entries[i].path != first));
    assert!(app.notice.as_ref().unwrap().1.contains("0123456"));
    assert!(!app.session().files.contains_key(&first));
}

#[test]
fn a_bad_branch_name_is_refused_in_the_dialog() {
    let mut app = app();
    key(&mut app, 'a');
    key(&mut app, 'c');
    keys(&mut app, " bad..name");
    assert!(code(&mut app, KeyCode::Enter).is_empty());
    let Mode::Commit(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(form.error.is_some());
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn rejections_in_a_committed_file_are_kept_for_the_next_review() {
    let mut app = app();
    let first = path(&app);
    // Reject the last hunk (nothing needs it), accept the rest.
    let n = app.current().unwrap().review.hunks().len();
    go_to(&mut app, 0, n - 1);
    key(&mut app, 'n');
    go_to(&mut app, 0, 0);
    key(&mut app, 'y');
    let rejected: Vec<_> = app
        .entries
        .iter()
        .find(|e| e.path == first)
        .unwrap()
        .review
        .decisions()
        .iter()
        .filter(|(_, d)| **d == Decision::Rejected)
        .map(|(id, _)| *id)
        .collect();
    assert!(!rejected.is_empty());
    let branch = app.target.branch.clone();
    update(
        &mut app,
        Msg::Committed(Ok(crate::tui::app::Committed {
            branch,
            commits: vec!["abc".into()],
            paths: vec![first.clone()],
            warning: None,
        })),
    );
    let saved = app.session().files.get(&first).cloned().unwrap_or_default();
    assert_eq!(
        saved.decisions.keys().copied().collect::<Vec<_>>(),
        rejected
    );
    assert!(
        saved.decisions.values().all(|d| *d == Decision::Rejected),
        "accepts are in the branch now"
    );
    assert_eq!(app.committed_on.get(&app.target.branch), Some(&1));
}

#[test]
fn commit_dialog_fields_edit_at_the_cursor() {
    let mut app = app();
    key(&mut app, 'a');
    key(&mut app, 'c');
    let branch = app.target.branch.clone();
    for _ in 0..3 {
        code(&mut app, KeyCode::Left);
    }
    key(&mut app, 'X');
    code(&mut app, KeyCode::Home);
    key(&mut app, '_');
    code(&mut app, KeyCode::End);
    code(&mut app, KeyCode::Backspace);
    let Mode::Commit(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let n = branch.chars().count();
    let expected: String = format!("_{}X{}", &branch[..n - 3], &branch[n - 3..n - 1]);
    assert_eq!(form.branch, expected);
    assert!(
        screen(&app).contains(&format!("{expected}▏")),
        "the cursor shows at the end"
    );
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    let Mode::Commit(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(form.branch, "");
}

#[test]
fn undo_after_a_commit_keeps_the_other_files_part_of_a_step() {
    let mut app = app_of(&[
        ("a.py", "import os\n", &[("os", "sys")]),
        (
            "b.py",
            "import os\n\n\n\nimport re\n",
            &[("os", "sys"), ("re", "regex")],
        ),
    ]);
    key(&mut app, 'J');
    go_to(&mut app, 1, 1);
    key(&mut app, 'n'); // b.py: reject `re`
    key(&mut app, 'A'); // a.py and b.py: accept `os`
    key(&mut app, 'y');
    let branch = app.target.branch.clone();
    update(
        &mut app,
        Msg::Committed(Ok(crate::tui::app::Committed {
            branch,
            commits: vec!["abc".into()],
            paths: vec!["a.py".into()],
            warning: None,
        })),
    );
    key(&mut app, 'u'); // undoes b.py's part of the bulk accept
    let b = app.entries.iter().find(|e| e.path == "b.py").unwrap();
    assert_eq!(b.review.counts().accepted, 0);
    assert_eq!(b.review.counts().rejected, 1, "the older rejection stays");
}

#[test]
fn a_file_streaming_in_while_the_commit_dialog_is_open_waits_for_the_next_commit() {
    let (target, files, _) = demo();
    // The second file's accepts come back from the session as it loads.
    let mut full = app();
    key(&mut full, 'J');
    key(&mut full, 'a');
    let second = files[1].path.clone();
    let session = full.session();
    assert!(session.files.contains_key(&second));
    let mut app = App::new(target.clone(), Some(session), (120, 32));
    update(
        &mut app,
        Msg::Load(LoadMsg::File(Box::new(files[0].clone()))),
    );
    key(&mut app, 'a');
    key(&mut app, 'c');
    update(
        &mut app,
        Msg::Load(LoadMsg::File(Box::new(files[1].clone()))),
    );
    let effects = code(&mut app, KeyCode::Enter);
    let [Effect::Commit(plan)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let paths: Vec<&str> = plan.changes.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [files[0].path.as_str()],
        "only what the dialog showed"
    );
}

#[test]
fn a_commit_that_succeeded_with_a_failed_follow_up_says_both() {
    let mut app = app();
    let first = path(&app);
    key(&mut app, 'a');
    let branch = app.target.branch.clone();
    update(
        &mut app,
        Msg::Committed(Ok(crate::tui::app::Committed {
            branch,
            commits: vec!["0123456789".into()],
            paths: vec![first.clone()],
            warning: Some("the .git-blame-ignore-revs follow-up failed: a symlink".into()),
        })),
    );
    let (level, text) = app.notice.clone().unwrap();
    assert_eq!(level, crate::tui::app::Level::Warn);
    assert!(
        text.starts_with("Committed 1 file") && text.contains("follow-up failed"),
        "{text}"
    );
    assert!(
        app.visible.iter().all(|&i| app.entries[i].path != first),
        "it was committed"
    );
}

#[test]
fn a_long_failing_verify_shows_its_end_and_the_keys_in_the_dialog() {
    let mut app = app();
    key(&mut app, 'a');
    key(&mut app, 'c');
    code(&mut app, KeyCode::Enter);
    let mut output: String = (1..=200).map(|i| format!("test_{i} PASSED\n")).collect();
    output.push_str("FINAL-SUMMARY: 1 failed, 199 passed");
    let failed = crate::pipeline::commit::CommitError::VerifyFailed {
        command: "python -m pytest -q".into(),
        status: "exit status: 1".into(),
        output,
    };
    update(&mut app, Msg::Committed(Err(std::sync::Arc::new(failed))));
    let shown = screen(&app);
    assert!(shown.contains("FINAL-SUMMARY: 1 failed"), "{shown}");
    assert!(shown.contains("lines above"), "{shown}");
    assert!(
        shown.contains("failed (exit status: 1); nothing was"),
        "{shown}"
    );
    let hints = app.keymap.commit.hints();
    let start: String = hints.chars().take(12).collect();
    assert!(shown.contains(&start), "the keys stay visible: {shown}");
}

/// Counts commits; every commit fails as a verify would.
struct Failing {
    commits: usize,
}

impl crate::tui::Driver for Failing {
    fn save(&mut self, _: &Session) -> Result<(), crate::review::Error> {
        Ok(())
    }
    fn commit(
        &mut self,
        _: &crate::tui::CommitPlan,
    ) -> Result<crate::tui::Committed, crate::pipeline::commit::CommitError> {
        self.commits += 1;
        Err(crate::pipeline::commit::CommitError::VerifyCannotRun {
            command: "pytest".into(),
            reason: "not found".into(),
        })
    }
}

#[test]
fn the_dialog_shows_busy_in_a_frame_before_the_commit_runs() {
    let mut app = app();
    key(&mut app, 'a');
    key(&mut app, 'c');
    let mut driver = Failing { commits: 0 };
    let mut effects = crate::tui::Effects::new(&mut driver);
    effects.send(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    effects.drain(&mut app, &mut |_, _| Err("no editor".into()));
    assert!(effects.commit_due(), "the commit waits for a frame");
    assert!(screen(&app).contains("Committing…"));
    effects.drain(&mut app, &mut |_, _| Err("no editor".into()));
    assert!(!effects.commit_due());
    drop(effects);
    assert_eq!(driver.commits, 1);
    let Mode::Commit(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(form.error.as_deref().unwrap().contains("cannot run verify"));
}
