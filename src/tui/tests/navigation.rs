//! Moving: between files and hunks, scrolling the diff and the file list,
//! and resizing.

use super::*;

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
