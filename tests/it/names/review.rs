//! The review of odd names and unreadable files: the loader lists every
//! file under its own name, a file it could not read as one a human must
//! look at, and a decision on an odd name survives into `apply`.

use std::path::Path;
use std::time::{Duration, Instant};

use canon::tui::{App, Msg, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::pep263::unreadable_user;
use super::{FIXED, SHOWN, USER, git2_blob, odd_project, write_raw};
use crate::util::Project;

struct Review {
    app: App,
    driver: Box<dyn canon::tui::Driver + Send>,
}

/// The review of `dir`, every file loaded.
fn open(dir: &Path) -> Review {
    let cli = <canon::cli::Cli as clap::Parser>::parse_from(["canon", "review"]);
    let prepared = canon::prepare_review(&cli.global, dir).expect("prepare");
    let mut app = prepared.app;
    update(&mut app, Msg::Resize(120, 40));
    let deadline = Instant::now() + Duration::from_secs(20);
    while !app.loading.done {
        let m = prepared
            .loads
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the loader finishes");
        update(&mut app, Msg::Load(m));
    }
    assert_eq!(app.loading.error, None);
    Review {
        app,
        driver: prepared.driver,
    }
}

impl Review {
    /// Press each key, running its effects (saves) as the main loop does.
    fn press(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut effects = canon::tui::Effects::new(self.driver.as_mut());
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            effects.send(Msg::Key(key));
            effects.drain_all(&mut self.app, &mut |_, _| Err("no editor here".into()));
            effects.save(&self.app).expect("save");
        }
    }
}

#[test]
fn the_review_lists_odd_names_as_they_are_in_the_tree() {
    let p = odd_project().git_init();
    let r = open(p.path());
    let mut paths: Vec<&str> = r.app.entries.iter().map(|e| e.path.as_str()).collect();
    paths.sort();
    let mut shown = SHOWN.to_vec();
    shown.sort();
    assert_eq!(paths, shown);
}

#[test]
fn the_review_lists_an_unreadable_file_as_needing_a_human() {
    let p = unreadable_user().git_init();
    let r = open(p.path());
    let koi = r
        .app
        .entries
        .iter()
        .find(|e| e.path == "app/koi.py")
        .expect("the unreadable file is listed");
    assert!(
        koi.manual.iter().any(|m| m.text.contains("koi8-r")),
        "{:?}",
        koi.manual
    );
}

#[test]
fn a_rejection_of_a_non_utf8_named_file_is_kept_by_apply() {
    let p = Project::new().file("app/ok.py", USER);
    write_raw(p.path(), b"app/caf\xe9.py", USER.as_bytes());
    let p = p.git_init();
    let mut r = open(p.path());
    assert_eq!(
        r.app.current().map(|e| e.path.as_str()),
        Some("app/caf\\xe9.py")
    );
    r.press("d");
    drop(r);
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Committed 1 file"), "{}", out.stdout);
    let branch = "canon/migration";
    assert_eq!(
        git2_blob(p.path(), branch, b"app/caf\xe9.py"),
        USER.as_bytes()
    );
    assert_eq!(git2_blob(p.path(), branch, b"app/ok.py"), FIXED.as_bytes());
    // The rejection is still there for the next run.
    let again = p.run(&["apply", "."]);
    assert!(
        again.stdout.contains("rejected in the review"),
        "{}",
        again.stdout
    );
}
