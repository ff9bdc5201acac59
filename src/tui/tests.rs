//! The app driven by scripted messages: `update()` for every key, and
//! snapshots of the screen on a `TestBackend` (insta). The files are the
//! bundled demo's, scanned and proposed by the real engine.

use std::path::Path;
use std::sync::OnceLock;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::app::{
    App, Effect, Field, Layout, LoadMsg, Loaded, Mark, Mode, Msg, Pane, Setup, update,
};
use super::view::view;
use crate::review::{Decision, Session};

/// The demo's violating files, as the loader would send them.
fn demo() -> &'static (Setup, Vec<Loaded>) {
    static DEMO: OnceLock<(Setup, Vec<Loaded>)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
        let config = crate::rules::load(&dir, None).expect("demo config");
        let project = crate::pipeline::collect(
            &config,
            crate::pipeline::Origin::WorkTree(std::slice::from_ref(&dir)),
            crate::pipeline::Mode::Proposals,
            &Default::default(),
        )
        .expect("demo scan");
        let loaded: Vec<Loaded> = project
            .files
            .into_iter()
            .filter(|f| f.violating())
            .map(|f| f.reviewable(&config))
            .collect();
        let target = Setup::new(
            &config,
            "HEAD (abc1234)".into(),
            config.settings.branch.clone(),
        );
        (target, loaded)
    })
}

fn app_with(session: Option<Session>, size: (u16, u16)) -> App {
    let (target, files) = demo();
    let mut app = App::new(target.clone(), session, size);
    update(&mut app, Msg::Load(LoadMsg::Scanned { files: files.len() }));
    for f in files {
        update(&mut app, Msg::Load(LoadMsg::File(Box::new(f.clone()))));
    }
    update(&mut app, Msg::Load(LoadMsg::Done));
    app
}

fn app() -> App {
    app_with(None, (120, 32))
}

fn key(app: &mut App, c: char) -> Vec<Effect> {
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

fn code(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, c);
    }
}

fn screen(app: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size.0, app.size.1)).expect("test terminal");
    terminal.draw(|f| view(app, f)).expect("draw");
    terminal.backend().to_string()
}

fn path(app: &App) -> String {
    app.current().map(|e| e.path.clone()).unwrap_or_default()
}

fn decision(app: &App, hunk: usize) -> Decision {
    let e = app.current().expect("a file");
    e.review.decision(e.review.hunks()[hunk].id).clone()
}

/// The position of the first visible file whose review has a hunk of more
/// than one edit, and that hunk.
fn splittable(app: &App) -> (usize, usize) {
    for (pos, &i) in app.visible.iter().enumerate() {
        if let Some(h) = app.entries[i]
            .review
            .hunks()
            .iter()
            .position(|h| h.edits.len() > 1)
        {
            return (pos, h);
        }
    }
    panic!("the demo has a hunk of several edits");
}

/// How many hunks, in all files, make the same change as `h`.
fn copies(app: &App, h: &crate::review::Hunk) -> usize {
    app.entries
        .iter()
        .flat_map(|o| o.review.hunks())
        .filter(|x| x.old == h.old && x.new == h.new)
        .count()
}

/// The first (list position, hunk) whose change is made `want(copies)` times.
fn hunk_with(app: &App, want: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
    app.visible.iter().enumerate().find_map(|(pos, &i)| {
        app.entries[i]
            .review
            .hunks()
            .iter()
            .position(|h| want(copies(app, h)))
            .map(|h| (pos, h))
    })
}

fn go_to(app: &mut App, pos: usize, hunk: usize) {
    while app.selected < pos {
        key(app, 'J');
    }
    while app.selected > pos {
        key(app, 'K');
    }
    while app.hunk < hunk {
        key(app, ']');
    }
    while app.hunk > hunk {
        key(app, '[');
    }
    assert_eq!((app.selected, app.hunk), (pos, hunk));
}

// ---- loading ------------------------------------------------------------

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
    let (target, files) = demo();
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
    let (target, _) = demo();
    let app = App::new(target.clone(), None, (80, 24));
    let s = screen(&app);
    assert!(s.contains("scanning 0 files"), "{s}");
}

// ---- moving -------------------------------------------------------------

#[test]
fn j_k_and_arrows_move_between_files_in_the_list() {
    let mut app = app();
    key(&mut app, 'j');
    assert_eq!(app.selected, 1);
    code(&mut app, KeyCode::Down);
    assert_eq!(app.selected, 2);
    key(&mut app, 'k');
    code(&mut app, KeyCode::Up);
    code(&mut app, KeyCode::Up);
    assert_eq!(app.selected, 0, "stops at the top");
}

#[test]
fn tab_switches_pane_and_j_k_then_move_between_hunks() {
    let mut app = app();
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Diff);
    key(&mut app, 'j');
    assert_eq!((app.selected, app.hunk), (0, 1));
    key(&mut app, 'k');
    assert_eq!((app.selected, app.hunk), (0, 0));
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Files);
}

#[test]
fn brackets_move_between_hunks_and_across_files() {
    let mut app = app();
    let n = app.current().unwrap().review.hunks().len();
    for _ in 0..n - 1 {
        key(&mut app, ']');
    }
    assert_eq!((app.selected, app.hunk), (0, n - 1));
    key(&mut app, ']');
    assert_eq!(
        (app.selected, app.hunk),
        (1, 0),
        "past the last hunk: next file"
    );
    key(&mut app, '[');
    assert_eq!(
        (app.selected, app.hunk),
        (0, n - 1),
        "back to the last hunk"
    );
}

#[test]
fn shift_j_and_k_move_between_files() {
    let mut app = app();
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT)),
    );
    assert_eq!(app.selected, 1);
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('K'), KeyModifiers::SHIFT)),
    );
    assert_eq!(app.selected, 0);
}

#[test]
fn page_keys_and_the_mouse_wheel_scroll_the_diff() {
    let mut app = app_with(None, (120, 12));
    let before = app.scroll;
    code(&mut app, KeyCode::PageDown);
    assert!(app.scroll > before, "PgDn scrolls");
    code(&mut app, KeyCode::PageUp);
    assert_eq!(app.scroll, before);
    let wheel = |kind, column| {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut app, wheel(MouseEventKind::ScrollDown, 100));
    assert_eq!(
        app.scroll,
        before + 3,
        "the wheel over the diff scrolls 3 rows"
    );
    update(&mut app, wheel(MouseEventKind::ScrollUp, 100));
    assert_eq!(app.scroll, before);
    update(&mut app, wheel(MouseEventKind::ScrollDown, 2));
    assert_eq!(
        app.selected, 1,
        "the wheel over the list moves the selection"
    );
}

#[test]
fn resize_is_kept_and_clamps_the_scroll() {
    let mut app = app();
    update(&mut app, Msg::Resize(40, 10));
    assert_eq!(app.size, (40, 10));
    assert!(!app.two_panes());
    code(&mut app, KeyCode::PageDown);
    update(&mut app, Msg::Resize(200, 80));
    let (_, total) = app.hunk_rows();
    assert!(app.scroll + app.diff_height().min(total) <= total.max(app.diff_height()));
}

// ---- deciding -----------------------------------------------------------

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

// ---- filters and view ---------------------------------------------------

#[test]
fn slash_filters_files_fuzzily_as_you_type_and_esc_restores() {
    let mut app = app();
    let all = app.visible.len();
    key(&mut app, '/');
    keys(&mut app, "tests/");
    assert!(matches!(app.mode, Mode::Filter { .. }));
    let n = app.visible.len();
    assert!(n > 0 && n < all);
    assert!(
        app.visible
            .iter()
            .all(|&i| app.entries[i].path.starts_with("tests/"))
    );
    assert_eq!(code(&mut app, KeyCode::Enter), vec![Effect::Save]);
    assert_eq!(app.filters.path.as_deref(), Some("tests/"));
    key(&mut app, '/');
    code(&mut app, KeyCode::Backspace);
    keys(&mut app, "zzzz");
    assert!(app.visible.is_empty());
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.visible.len(), n, "Esc brings the previous filter back");
}

#[test]
fn r_filters_by_rule() {
    let mut app = app();
    let all = app.visible.len();
    key(&mut app, 'r');
    assert_eq!(app.mode, Mode::Rules { selected: 0 });
    key(&mut app, 'j');
    code(&mut app, KeyCode::Enter);
    let rule = app.target.rules[0].clone();
    assert_eq!(app.filters.rule.as_deref(), Some(rule.as_str()));
    assert!(app.visible.len() < all);
    assert!(
        app.visible
            .iter()
            .all(|&i| app.entries[i].rules.contains(&rule))
    );
    key(&mut app, 'r');
    code(&mut app, KeyCode::Up);
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.filters.rule, None);
    assert_eq!(app.visible.len(), all);
}

#[test]
fn v_toggles_side_by_side() {
    let mut app = app();
    key(&mut app, 'v');
    assert_eq!(app.layout, Layout::SideBySide);
    assert!(screen(&app).contains("side by side"));
    key(&mut app, 'v');
    assert_eq!(app.layout, Layout::Unified);
}

#[test]
fn question_mark_opens_help_and_esc_closes_it() {
    let mut app = app();
    key(&mut app, '?');
    assert_eq!(app.mode, Mode::Help(0));
    key(&mut app, 'j');
    assert_eq!(app.mode, Mode::Help(1));
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn q_and_ctrl_c_save_and_quit() {
    let mut app = app();
    assert_eq!(key(&mut app, 'q'), vec![Effect::Save, Effect::Quit]);
    let mut app = self::app();
    key(&mut app, '?');
    let effects = update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert_eq!(
        effects,
        vec![Effect::Save, Effect::Quit],
        "even from the help"
    );
}

// ---- commit -------------------------------------------------------------

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
        Msg::Committed(Ok(super::app::Committed {
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

// ---- session ------------------------------------------------------------

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
    decisions.insert(crate::review::HunkId(42), Decision::Accepted);
    session
        .files
        .entry("gone.py".into())
        .or_default()
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
    let (target, files) = demo();
    let mut partial = App::new(target.clone(), Some(session.clone()), (120, 32));
    update(
        &mut partial,
        Msg::Load(LoadMsg::File(Box::new(files[5].clone()))),
    );
    assert_eq!(partial.session().files, session.files);
}

// ---- snapshots ----------------------------------------------------------

#[test]
fn snapshot_file_list_and_diff() {
    let mut app = app();
    keys(&mut app, "y");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn snapshot_side_by_side() {
    let mut app = app();
    keys(&mut app, "Jv");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn snapshot_help() {
    let mut app = app();
    key(&mut app, '?');
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn snapshot_commit_dialog() {
    let mut app = app();
    keys(&mut app, "ay");
    key(&mut app, 'c');
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn snapshot_small_terminal_80x24() {
    let mut app = app_with(None, (80, 24));
    keys(&mut app, "jy");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn snapshot_tiny_terminal_40x10_with_every_overlay() {
    let mut app = app_with(None, (40, 10));
    insta::assert_snapshot!("tiny_list", screen(&app));
    code(&mut app, KeyCode::Tab);
    insta::assert_snapshot!("tiny_diff", screen(&app));
    // Every overlay draws without a panic on a tiny screen.
    for script in ["?", "r", "/x", "A", "ac"] {
        let mut app = app_with(None, (40, 10));
        keys(&mut app, script);
        let _ = screen(&app);
    }
    for size in [(1, 1), (19, 4), (20, 5), (25, 6)] {
        let mut app = app_with(None, size);
        keys(&mut app, "?");
        let _ = screen(&app);
    }
}

#[test]
fn a_failed_scan_is_shown_in_the_list_not_as_an_empty_repository() {
    let (target, _) = demo();
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
        Msg::Committed(Ok(super::app::Committed {
            branch,
            commits: vec!["abc".into()],
            paths: vec![first.clone()],
            warning: None,
        })),
    );
    let saved = app.session().files.get(&first).cloned().unwrap_or_default();
    assert_eq!(saved.keys().copied().collect::<Vec<_>>(), rejected);
    assert!(
        saved.values().all(|d| *d == Decision::Rejected),
        "accepts are in the branch now"
    );
    assert_eq!(app.committed_on.get(&app.target.branch), Some(&1));
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
fn a_fully_rejected_file_is_marked_apart_from_an_accepted_one() {
    let mut app = app();
    key(&mut app, 'd');
    let s = screen(&app);
    assert!(
        s.contains("✗ …/app/agents/supervisor/agent_runner.py"),
        "{s}"
    );
}

#[test]
fn the_filter_prompt_clears_the_status_line_under_it() {
    let mut app = app();
    key(&mut app, '/');
    let s = screen(&app);
    let status = s.lines().rev().nth(1).unwrap();
    assert!(status.contains("Enter keep · Esc cancel"), "{status}");
    assert!(!status.contains("canon/websocket-ssot"), "{status}");
}

#[test]
fn the_file_list_scrolls_only_at_its_edges() {
    let mut app = app_with(None, (100, 12));
    let height = app.diff_height();
    for _ in 0..height + 2 {
        key(&mut app, 'j');
    }
    assert_eq!(
        app.list_offset,
        app.selected + 1 - height,
        "scrolled with the selection"
    );
    let offset = app.list_offset;
    key(&mut app, 'k');
    assert_eq!(
        app.list_offset, offset,
        "moving up inside the window does not scroll"
    );
    let s = screen(&app);
    let selected = path(&app);
    let name = selected.rsplit('/').next().unwrap();
    assert!(s.contains(name), "the selected file is on screen:\n{s}");
}

#[test]
fn the_resumed_cursor_stays_on_its_file_while_earlier_files_stream_in() {
    // Regression: files sorting before the cursor's file, loaded after it,
    // shifted the selection to the file before it (seen in the tmux test).
    let (target, files) = demo();
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
fn page_down_makes_a_visible_hunk_current() {
    let mut app = app_with(None, (100, 16));
    // The file with the most hunks, so that a page holds only some.
    let pos = (0..app.visible.len())
        .max_by_key(|&p| app.entries[app.visible[p]].review.hunks().len())
        .unwrap();
    go_to(&mut app, pos, 0);
    for _ in 0..6 {
        code(&mut app, KeyCode::PageDown);
        let (starts, _) = app.hunk_rows();
        let start = starts[app.hunk];
        let end = starts.get(app.hunk + 1).copied().unwrap_or(usize::MAX);
        let shown = start >= app.scroll && start < app.scroll + app.diff_height();
        let inside = start <= app.scroll && app.scroll < end;
        assert!(
            shown || inside,
            "hunk {} at {start}, scroll {}",
            app.hunk,
            app.scroll
        );
    }
}

#[test]
fn the_path_filter_is_a_substring_or_a_file_name_subsequence() {
    use super::app::fuzzy;
    assert!(fuzzy("tests/", "tests/test_events.py"));
    assert!(fuzzy("TESTS", "tests/test_events.py"));
    assert!(!fuzzy(
        "tests",
        "netra_backend/app/agents/tool_dispatcher.py"
    ));
    assert!(!fuzzy(
        "test_tool",
        "netra_backend/app/websocket_core/connection_pool.py"
    ));
    assert!(fuzzy("wsbr", "netra_backend/app/handlers/ws_bridge.py"));
    assert!(fuzzy("ws/fac", "app/ws/factory.py"));
    assert!(
        !fuzzy("wsfac", "app/ws/factory.py"),
        "no '/': the file name only"
    );
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
fn a_long_note_wraps_instead_of_being_cut() {
    let mut app = app_with(None, (50, 30));
    code(&mut app, KeyCode::Tab);
    let e = app.current().unwrap();
    let note = e.review.hunks()[0]
        .rules
        .iter()
        .find_map(|r| app.target.notes.get(r))
        .cloned()
        .unwrap();
    let s = screen(&app);
    let flat: String = s
        .lines()
        .map(|l| l.trim_matches('"').trim_matches('│').trim())
        .collect::<Vec<_>>()
        .join("");
    let squeezed: String = note.split_whitespace().collect();
    let flat: String = flat.split_whitespace().collect();
    assert!(flat.contains(&squeezed), "the whole note shows:\n{s}");
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

/// A hand-made file: path, base text, and edits as (needle, replacement),
/// each needle found after the previous one.
type Made<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// An app over hand-made files.
fn app_of(files: &[Made]) -> App {
    let (target, _) = demo();
    let mut app = App::new(target.clone(), None, (120, 32));
    for (path, base, edits) in files {
        let mut from = 0;
        let edits = edits
            .iter()
            .map(|(needle, to)| {
                let start = base[from..].find(needle).expect("needle") + from;
                from = start + needle.len();
                crate::rewrite::Edit {
                    range: start..start + needle.len(),
                    replacement: to.to_string(),
                    rules: vec!["legacy-events".into()],
                    kind: crate::rewrite::EditKind::Import,
                    note: None,
                }
            })
            .collect();
        let loaded = Loaded {
            path: path.to_string(),
            findings: vec![],
            proposal: crate::rewrite::FileProposal {
                path: path.to_string(),
                base: base.to_string(),
                edits,
                requires: vec![],
            },
            manual: vec![],
        };
        update(&mut app, Msg::Load(LoadMsg::File(Box::new(loaded))));
    }
    update(&mut app, Msg::Load(LoadMsg::Done));
    app
}

const TWICE: &str = "from old import x\n\n\n\nfrom old import x\n";

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
        Msg::Committed(Ok(super::app::Committed {
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
fn a_narrowed_review_keeps_the_saved_decisions_outside_it() {
    let mut target = demo().0.clone();
    target.scope = Some("sub".into());
    let mut session = Session::default();
    session
        .files
        .entry("other/x.py".into())
        .or_default()
        .insert(crate::review::HunkId(1), Decision::Accepted);
    session
        .files
        .entry("sub/gone.py".into())
        .or_default()
        .insert(crate::review::HunkId(2), Decision::Accepted);
    let mut app = App::new(target, Some(session), (120, 32));
    update(&mut app, Msg::Load(LoadMsg::Done));
    assert_eq!(app.dropped, 1, "only the one in scope");
    assert!(app.session().files.contains_key("other/x.py"));
    assert!(!app.session().files.contains_key("sub/gone.py"));
}

#[test]
fn line_numbers_past_9999_widen_the_number_columns() {
    let base: String = (0..10_010).map(|i| format!("x{i} = 1\n")).collect();
    let mut app = app_of(&[("big.py", &base, &[("x10005 = 1", "y = 2")])]);
    update(&mut app, Msg::Resize(70, 20));
    assert_eq!(app.rendered().unwrap().digits, 5);
    let s = screen(&app);
    assert!(s.contains("10005 10005"), "{s}");
}

#[test]
fn a_file_streaming_in_while_the_commit_dialog_is_open_waits_for_the_next_commit() {
    let (target, files) = demo();
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
        Msg::Committed(Ok(super::app::Committed {
            branch,
            commits: vec!["0123456789".into()],
            paths: vec![first.clone()],
            warning: Some("the .git-blame-ignore-revs follow-up failed: a symlink".into()),
        })),
    );
    let (level, text) = app.notice.clone().unwrap();
    assert_eq!(level, super::app::Level::Warn);
    assert!(
        text.starts_with("Committed 1 file") && text.contains("follow-up failed"),
        "{text}"
    );
    assert!(
        app.visible.iter().all(|&i| app.entries[i].path != first),
        "it was committed"
    );
}
