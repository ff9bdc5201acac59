//! Filters and the view: the path filter, the rule picker, side by side,
//! help and quit, and how the list and the diff draw what they show.

use super::*;

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
fn the_path_filter_is_a_substring_or_a_file_name_subsequence() {
    use crate::tui::app::fuzzy;
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
fn line_numbers_past_9999_widen_the_number_columns() {
    let base: String = (0..10_010).map(|i| format!("x{i} = 1\n")).collect();
    let mut app = app_of(&[("big.py", &base, &[("x10005 = 1", "y = 2")])]);
    update(&mut app, Msg::Resize(70, 20));
    assert_eq!(app.rendered().unwrap().digits, 5);
    let s = screen(&app);
    assert!(s.contains("10005 10005"), "{s}");
}
