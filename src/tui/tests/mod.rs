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
use crate::pipeline::links::Links;
use crate::review::{Decision, Session};

mod across;
mod commit;
mod decisions;
mod filters;
mod loading;
mod navigation;

/// The demo's violating files, as the loader would send them: each file
/// as it is proposed, then the links between files once all are in.
fn demo() -> &'static (Setup, Vec<Loaded>, Links) {
    static DEMO: OnceLock<(Setup, Vec<Loaded>, Links)> = OnceLock::new();
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
        let mut links = Links::new();
        let loaded: Vec<Loaded> = project
            .files
            .into_iter()
            .filter(|f| f.violating())
            .map(|mut f| {
                let across = std::mem::take(&mut f.proposal.file.across);
                if !across.is_empty() {
                    links.insert(f.path.clone(), across);
                }
                f.reviewable(&config)
            })
            .collect();
        let target = Setup::new(
            &config,
            "HEAD (abc1234)".into(),
            config.settings.branch.clone(),
        );
        (target, loaded, links)
    })
}

fn app_with(session: Option<Session>, size: (u16, u16)) -> App {
    let (target, files, links) = demo();
    let mut app = App::new(target.clone(), session, size);
    update(
        &mut app,
        Msg::Load(LoadMsg::Scanned {
            files: files.len(),
            warnings: Vec::new(),
        }),
    );
    for f in files {
        update(&mut app, Msg::Load(LoadMsg::File(Box::new(f.clone()))));
    }
    update(&mut app, Msg::Load(LoadMsg::Links(links.clone())));
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

/// A hand-made file: path, base text, and edits as (needle, replacement),
/// each needle found after the previous one.
type Made<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// An app over hand-made files.
fn app_of(files: &[Made]) -> App {
    app_of_with(files, None)
}

/// An app over hand-made files, resuming `session`.
fn app_of_with(files: &[Made], session: Option<Session>) -> App {
    let (target, _, _) = demo();
    let mut app = App::new(target.clone(), session, (120, 32));
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
                across: Vec::new(),
            },
            manual: vec![],
        };
        update(&mut app, Msg::Load(LoadMsg::File(Box::new(loaded))));
    }
    update(&mut app, Msg::Load(LoadMsg::Done));
    app
}

const TWICE: &str = "from old import x\n\n\n\nfrom old import x\n";

/// Runs `f` with insta looking in `src/tui/snapshots/`, where the snapshots
/// were before these tests became a folder (their names are unchanged).
fn in_snapshots(f: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.bind(f);
}

// ---- snapshots ----------------------------------------------------------
//
// Every test that snapshots the screen stays here: insta names a snapshot
// after the test's module, and these names are `canon__tui__tests__*`.

#[test]
fn snapshot_file_list_and_diff() {
    let mut app = app();
    keys(&mut app, "y");
    in_snapshots(|| insta::assert_snapshot!(screen(&app)));
}

/// Hostile 14, defect 12: a rejection saved for one of two copies, after
/// a third copy came: the copies it may be for are held (pending, marked,
/// left out by `apply`) and the notice says so; quitting keeps it saved.
#[test]
fn snapshot_copies_held_by_a_rejection_that_could_not_be_placed() {
    let body = "def one():\n    from old import x\n\n\n\n\n\ndef two():\n    from old import x\n";
    let both: &[(&str, &str)] = &[("old", "new"), ("old", "new")];
    let mut app = app_of(&[("a.py", body, both)]);
    go_to(&mut app, 0, 1);
    key(&mut app, 'n');
    let session = app.session();
    let three = format!("{body}\n\ndef three():\n    from old import x\n");
    let all: &[(&str, &str)] = &[("old", "new"), ("old", "new"), ("old", "new")];
    let app = app_of_with(&[("a.py", &three, all)], Some(session.clone()));
    let e = app.current().unwrap();
    let held: Vec<bool> = e
        .review
        .hunks()
        .iter()
        .map(|h| e.review.is_held(h.id))
        .collect();
    assert_eq!(held, [false, true, true]);
    assert_eq!(app.totals().decided(), 0);
    let (level, notice) = app.notice.clone().unwrap();
    assert_eq!(level, crate::tui::app::Level::Warn);
    assert!(notice.contains("2 copies held until decided"), "{notice}");
    let again = &app.session().files["a.py"];
    assert_eq!(
        again.decisions, session.files["a.py"].decisions,
        "still saved"
    );
    assert!(again.copies[0].held, "and held from now on");
    in_snapshots(|| insta::assert_snapshot!(screen(&app)));
}

/// A hunk linked to a hunk of another file says so; accepting it accepted
/// both (hostile 13, defect 11).
#[test]
fn snapshot_links_across_files() {
    let mut app = across::linked_app(None);
    key(&mut app, 'y');
    in_snapshots(|| insta::assert_snapshot!(screen(&app)));
}

#[test]
fn snapshot_side_by_side() {
    let mut app = app();
    keys(&mut app, "Jv");
    in_snapshots(|| insta::assert_snapshot!(screen(&app)));
}

#[test]
fn snapshot_help() {
    let mut app = app();
    key(&mut app, '?');
    in_snapshots(|| insta::assert_snapshot!(screen(&app)));
}

#[test]
fn snapshot_commit_dialog() {
    let mut app = app();
    keys(&mut app, "ay");
    key(&mut app, 'c');
    in_snapshots(|| insta::assert_snapshot!(screen(&app)));
}

#[test]
fn snapshot_small_terminal_80x24() {
    let mut app = app_with(None, (80, 24));
    keys(&mut app, "jy");
    in_snapshots(|| insta::assert_snapshot!(screen(&app)));
}

#[test]
fn snapshot_tiny_terminal_40x10_with_every_overlay() {
    let mut app = app_with(None, (40, 10));
    in_snapshots(|| insta::assert_snapshot!("tiny_list", screen(&app)));
    code(&mut app, KeyCode::Tab);
    in_snapshots(|| insta::assert_snapshot!("tiny_diff", screen(&app)));
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
