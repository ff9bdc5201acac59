//! `canon review` without a terminal: the real `prepare()` (git base,
//! loader thread, session file, driver) with the app driven by scripted
//! keys and its effects run the way the main loop runs them. Checked with
//! the `git` CLI and git2: the branch holds exactly the accepted hunks,
//! HEAD, the index and the working tree are untouched, and a second
//! review resumes the decisions.

use std::path::Path;
use std::time::{Duration, Instant};

use canon::cli::Cli;
use canon::tui::app::Mode;
use canon::tui::{App, Effect, Msg, update};
use clap::Parser;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::util::Project;

const APP: &str = "from app.ws.factory import create_manager\n\n\ndef build(ctx):\n    return create_manager(ctx)\n";
const LIB: &str = "import app.legacy.events\n\napp.legacy.events.publish(1)\n";
const OTHER: &str = "import app.legacy.events\n\n\ndef f():\n    app.legacy.events.publish(2)\n";

pub(crate) struct Review {
    pub(crate) app: App,
    pub(crate) driver: Box<dyn canon::tui::Driver + Send>,
    pub(crate) session_file: std::path::PathBuf,
}

/// Prepare a review of `dir` and wait until every file is loaded.
pub(crate) fn open(dir: &Path) -> Review {
    open_with(dir, &[])
}

/// The same with more arguments after `canon review`.
fn open_with(dir: &Path, args: &[&str]) -> Review {
    let cli = Cli::parse_from(["canon", "review"].iter().chain(args));
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
        session_file: prepared.session_file,
    }
}

/// The paths in the file list, in order.
fn visible(app: &App) -> Vec<String> {
    app.visible
        .iter()
        .map(|&i| app.entries[i].path.clone())
        .collect()
}

impl Review {
    /// Press `keys` (a char each; `\n` is Enter), running effects like the main loop.
    pub(crate) fn press(&mut self, keys: &str) -> Vec<Effect> {
        let mut seen = Vec::new();
        for c in keys.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            // The effects run as the main loop runs them: one runner for both.
            let mut effects = canon::tui::Effects::new(self.driver.as_mut());
            effects.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            let turn = effects.drain_all(&mut self.app, &mut |_, _| Err("no editor here".into()));
            effects.save(&self.app).expect("save");
            seen.extend(turn.effects);
        }
        seen
    }

    fn path(&self) -> String {
        self.app
            .current()
            .map(|e| e.path.clone())
            .unwrap_or_default()
    }
}

fn repo() -> Project {
    Project::new()
        .file("app/__init__.py", "")
        .file("app/a.py", APP)
        .file("lib/b.py", LIB)
        .file("lib/c.py", OTHER)
        .git_init()
}

#[test]
fn review_commits_exactly_the_accepted_hunks_and_resumes_the_rest() {
    let p = repo();
    // A dirty working tree: it must not matter, and must not change.
    std::fs::write(p.path().join("lib/b.py"), "# local work\n").unwrap();
    let status = p.git(&["status", "--porcelain"]);
    let head = p.git(&["rev-parse", "HEAD"]).trim().to_string();

    let mut r = open(p.path());
    let paths = visible(&r.app);
    assert_eq!(paths, ["app/a.py", "lib/b.py", "lib/c.py"]);

    // Accept every hunk of app/a.py, then reject lib/b.py's.
    assert_eq!(r.path(), "app/a.py");
    r.press("a");
    assert_eq!(
        r.path(),
        "lib/b.py",
        "a finished file hands over to the next"
    );
    r.press("d");
    assert_eq!(r.path(), "lib/c.py");
    let saved = std::fs::read_to_string(&r.session_file).expect("session saved after deciding");
    assert!(
        saved.contains("accepted") && saved.contains("rejected"),
        "{saved}"
    );
    assert!(r.session_file.starts_with(p.path().join(".git/canon")));

    // Commit: one commit on the configured branch.
    let effects = r.press("c\n");
    assert!(matches!(effects.last(), Some(Effect::Save)), "{effects:?}");
    assert_eq!(r.app.mode, Mode::Normal, "{:?}", r.app.notice);
    let notice = r.app.notice.clone().unwrap().1;
    assert!(
        notice.starts_with("Committed 1 file on canon/migration"),
        "{notice}"
    );
    let listed = visible(&r.app);
    assert_eq!(
        listed,
        ["lib/b.py", "lib/c.py"],
        "the committed file left the list"
    );

    // The git CLI sees one commit on the branch, on top of HEAD, changing app/a.py only.
    assert_eq!(
        p.git(&["rev-list", "--count", &format!("{head}..canon/migration")])
            .trim(),
        "1"
    );
    assert_eq!(
        p.git(&["diff", "--name-only", &head, "canon/migration"])
            .trim(),
        "app/a.py"
    );
    let committed = p.git(&["show", "canon/migration:app/a.py"]);
    assert_eq!(
        committed,
        "from app.ws.manager import Manager\n\n\ndef build(ctx):\n    return Manager(user_context=ctx)\n"
    );
    // Nothing else moved.
    assert_eq!(p.git(&["rev-parse", "HEAD"]).trim(), head);
    assert_eq!(p.git(&["status", "--porcelain"]), status);
    assert_eq!(
        std::fs::read_to_string(p.path().join("lib/b.py")).unwrap(),
        "# local work\n"
    );
    // git2 agrees: the tip's parent is HEAD's commit.
    assert_eq!(p.tip_parent("canon/migration"), head);
    drop(r);

    // A new review starts from the branch tip: app/a.py is done, the
    // rejection of lib/b.py is resumed, lib/c.py is still pending.
    let r = open(p.path());
    let listed = visible(&r.app);
    assert_eq!(listed, ["lib/b.py", "lib/c.py"]);
    let b = &r.app.entries[r.app.visible[0]];
    assert_eq!(b.review.counts().rejected, b.review.hunks().len());
    let c = &r.app.entries[r.app.visible[1]];
    assert_eq!(c.review.counts().decided(), 0);
    assert_eq!(r.app.dropped, 0);
    let notice = r.app.notice.clone().unwrap().1;
    assert!(notice.starts_with("Resumed"), "{notice}");
}

#[test]
fn a_branch_moved_during_the_review_is_refused_and_nothing_is_lost() {
    let p = repo();
    let mut r = open(p.path());
    r.press("a");
    // Someone else creates the branch meanwhile.
    p.git(&["branch", "canon/migration", "HEAD"]);
    let moved = p.git(&["rev-parse", "canon/migration"]);
    r.press("c\n");
    let Mode::Commit(form) = &r.app.mode else {
        panic!("the dialog stays open: {:?}", r.app.mode)
    };
    let error = form.error.clone().unwrap();
    assert!(error.contains("canon/migration"), "{error}");
    assert_eq!(
        p.git(&["rev-parse", "canon/migration"]),
        moved,
        "the ref did not move"
    );
    assert!(
        r.app
            .visible
            .iter()
            .any(|&i| r.app.entries[i].path == "app/a.py")
    );
    assert_eq!(
        r.app.totals().accepted,
        r.app.entries[0].review.hunks().len()
    );
}

#[test]
fn decisions_whose_hunk_changed_are_dropped_with_a_notice() {
    let p = repo();
    let mut r = open(p.path());
    r.press("aa");
    drop(r);
    // lib/b.py changes on HEAD: its hunk is not the same any more.
    std::fs::write(
        p.path().join("lib/b.py"),
        "import app.legacy.events\n\napp.legacy.events.publish(99)\n",
    )
    .unwrap();
    p.git(&["commit", "-q", "-am", "change b"]);
    let r = open(p.path());
    // The changed use, and the import rewrite accepted with it: an accept
    // whose linked hunk is gone is not kept either.
    assert_eq!(r.app.dropped, 2);
    let notice = r.app.notice.clone().unwrap().1;
    assert!(
        notice.contains("dropped 2 decisions whose hunks changed"),
        "{notice}"
    );
    let b = &r.app.entries[r.app.visible[1]];
    assert_eq!(b.path, "lib/b.py");
    assert_eq!(b.review.counts().decided(), 0);
    let a = &r.app.entries[r.app.visible[0]];
    assert_eq!(a.path, "app/a.py");
    assert_eq!(a.review.counts().accepted, a.review.hunks().len(), "kept");
}

#[test]
fn review_of_a_folder_lists_only_the_files_under_it() {
    let p = repo();
    let r = open(&p.path().join("lib"));
    let listed = visible(&r.app);
    assert_eq!(listed, ["lib/b.py", "lib/c.py"]);
}

#[test]
fn a_commit_on_a_branch_named_in_the_dialog_moves_the_session_there() {
    let p = repo();
    let mut r = open(p.path());
    r.press("a");
    r.press("d");
    let old_session = r.session_file.clone();
    assert!(old_session.exists());
    // The dialog opens on the configured branch; type a suffix.
    r.press("c-2\n");
    let notice = r.app.notice.clone().unwrap().1;
    assert!(
        notice.starts_with("Committed 1 file on canon/migration-2"),
        "{notice}"
    );
    assert_eq!(
        p.git(&["log", "--format=%s", "-1", "canon/migration-2"])
            .trim(),
        "refactor: migrate ws-create, ws-ctor in 1 file"
    );
    assert!(!old_session.exists(), "the old branch's session is gone");
    let moved = old_session.with_file_name("review-canon~migration-2.json");
    let saved = std::fs::read_to_string(&moved).expect("the session moved with the branch");
    assert!(saved.contains("rejected"), "{saved}");
    drop(r);
    // Resuming on that branch: the committed file is done, the rejection kept.
    let app = open_with(p.path(), &["--branch", "canon/migration-2"]).app;
    let listed = visible(&app);
    assert_eq!(listed, ["lib/b.py", "lib/c.py"]);
    assert_eq!(
        app.entries[app.visible[0]].review.counts().rejected,
        app.entries[app.visible[0]].review.hunks().len()
    );
}

#[test]
fn a_file_committed_with_pending_hunks_stays_and_a_second_commit_stacks_the_rest() {
    let test = "from unittest.mock import patch\n\n\n@patch(\"app.ws.factory.create_manager\")\ndef test_one(m):\n    pass\n\n\n@patch(\"app.ws.factory.create_manager\")\ndef test_two(m):\n    pass\n";
    let p = Project::new().file("tests/test_ws.py", test).git_init();
    let head = p.git(&["rev-parse", "HEAD"]).trim().to_string();
    let mut r = open(p.path());
    assert_eq!(r.path(), "tests/test_ws.py");
    assert_eq!(r.app.current().unwrap().review.hunks().len(), 2);
    // Accept the first string only, and commit.
    r.press("y");
    r.press("c\n");
    let notice = r.app.notice.clone().unwrap().1;
    assert!(
        notice.contains("1 file with pending hunks stays"),
        "{notice}"
    );
    assert_eq!(
        r.path(),
        "tests/test_ws.py",
        "the file is still under review"
    );
    let e = r.app.current().unwrap();
    assert_eq!(e.review.hunks().len(), 1);
    assert_eq!(
        e.review.proposal().base,
        p.git(&["show", "canon/migration:tests/test_ws.py"]),
        "the rest is proposed on the committed text"
    );
    // Accept the rest: a second commit on top of the first.
    r.press("y");
    r.press("c\n");
    assert!(r.app.visible.is_empty(), "{:?}", r.app.notice);
    assert_eq!(
        p.git(&["rev-list", "--count", &format!("{head}..canon/migration")])
            .trim(),
        "2"
    );
    assert_eq!(
        p.git(&["show", "canon/migration:tests/test_ws.py"]),
        test.replace("app.ws.factory.create_manager", "app.ws.manager.Manager")
    );
}

#[test]
fn review_outside_a_git_repository_says_what_works_there() {
    let p = Project::new().file("app/a.py", APP);
    let cli = Cli::parse_from(["canon", "review"]);
    let Err(e) = canon::prepare_review(&cli.global, p.path()) else {
        panic!("a review needs a repository")
    };
    let e = e.to_string();
    assert!(
        e.contains("not in a git repository") && e.contains("canon apply --write"),
        "{e}"
    );
}

/// Run `msg` through the app, returning its effects without running them.
fn send(app: &mut App, msg: Msg) -> Vec<Effect> {
    update(app, msg)
}

#[test]
fn apply_after_a_review_commits_what_the_review_would_keeping_rejections_and_edits() {
    let p = repo();
    let mut r = open(p.path());
    // app/a.py: edit its last hunk (the reviewer's own text), accept the rest.
    assert_eq!(r.path(), "app/a.py");
    let (id, new) = {
        let e = r.app.current().unwrap();
        let last = e.review.hunks().last().unwrap();
        (last.id, last.new.clone())
    };
    let mine = new.replace("\n", "  # checked by hand\n");
    send(
        &mut r.app,
        Msg::Edited {
            path: "app/a.py".into(),
            hunk: id,
            result: Ok(mine.clone()),
        },
    );
    r.driver.save(&r.app.session()).unwrap();
    assert_eq!(
        *r.app.current().unwrap().review.decision(id),
        canon::review::Decision::Edited(mine.clone()),
        "{:?}",
        r.app.notice
    );
    // lib/b.py: reject every hunk. lib/c.py: left pending.
    let b = r
        .app
        .visible
        .iter()
        .position(|&i| r.app.entries[i].path == "lib/b.py");
    r.app.selected = b.unwrap();
    r.press("d");
    drop(r);
    let session = p.path().join(".git/canon/review-canon~migration.json");
    let first = std::fs::read_to_string(&session).unwrap();

    // What the review itself would commit once the pending hunks are accepted.
    let mut again = open(p.path());
    let c = again
        .app
        .visible
        .iter()
        .position(|&i| again.app.entries[i].path == "lib/c.py");
    again.app.selected = c.unwrap();
    again.press("a");
    let mut plan = None;
    for k in ['c', '\n'] {
        let code = if k == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(k)
        };
        for e in send(
            &mut again.app,
            Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        ) {
            if let Effect::Commit(p) = e {
                plan = Some(p);
            }
        }
    }
    let plan = plan.expect("the dialog submits a plan");
    drop(again);
    // Back to the first session's decisions (c.py pending): `apply` accepts it.
    std::fs::write(&session, &first).unwrap();
    let paths: Vec<&str> = plan.changes.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["app/a.py", "lib/c.py"], "b.py is rejected");

    assert!(
        first.contains("edited")
            && first.contains("rejected")
            && !first.contains("\"lib/c.py\": {"),
        "{first}"
    );
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        p.git(&["diff", "--name-only", "HEAD", "canon/migration"])
            .trim(),
        "app/a.py\nlib/c.py"
    );
    for (path, text) in &plan.changes {
        assert_eq!(
            &p.git(&["show", &format!("canon/migration:{path}")]),
            text,
            "{path}"
        );
    }
    let a = p.git(&["show", "canon/migration:app/a.py"]);
    assert!(a.contains(mine.trim_end()), "the edit is committed: {a}");
    assert_eq!(
        p.git(&["show", "canon/migration:lib/b.py"]),
        LIB,
        "the rejection holds"
    );
    // The rejection stays in the session for the next review, on the branch.
    let r = open(p.path());
    assert_eq!(visible(&r.app), ["lib/b.py"]);
    let b = &r.app.entries[r.app.visible[0]];
    assert_eq!(b.review.counts().rejected, b.review.hunks().len());
}

/// Keys for the main loop, once the loader is done; then `q`.
struct Script {
    keys: std::collections::VecDeque<KeyCode>,
    edits: usize,
}

impl canon::tui::Events<ratatui::backend::TestBackend> for Script {
    fn next(&mut self, app: &App, timeout: Duration) -> std::io::Result<Option<Msg>> {
        if !app.loading.done {
            std::thread::sleep(timeout);
            return Ok(None);
        }
        let code = self.keys.pop_front().unwrap_or(KeyCode::Char('q'));
        Ok(Some(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))))
    }

    fn edit(
        &mut self,
        _: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
        _: &str,
        text: &str,
    ) -> Result<String, String> {
        self.edits += 1;
        Ok(text.replace('\n', "  # mine\n"))
    }
}

#[test]
fn the_main_loop_over_a_test_backend_loads_decides_edits_commits_and_saves() {
    let p = repo();
    let cli = Cli::parse_from(["canon", "review"]);
    let prepared = canon::prepare_review(&cli.global, p.path()).expect("prepare");
    let mut app = prepared.app;
    let mut driver = prepared.driver;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    update(&mut app, Msg::Resize(120, 40));
    // app/a.py: edit the first hunk in the "editor", accept the file; commit.
    let mut script = Script {
        keys: [
            KeyCode::Char('e'),
            KeyCode::Char('a'),
            KeyCode::Char('c'),
            KeyCode::Enter,
        ]
        .into(),
        edits: 0,
    };
    let mut effects = canon::tui::Effects::new(driver.as_mut());
    canon::tui::main_loop(
        &mut terminal,
        &mut app,
        &prepared.loads,
        &mut effects,
        &prepared.progress,
        &mut script,
    )
    .expect("the loop ends on q");
    assert_eq!(script.edits, 1);
    let committed = p.git(&["show", "canon/migration:app/a.py"]);
    assert!(committed.contains("  # mine"), "{committed}");
    assert_eq!(
        p.git(&["diff", "--name-only", "HEAD", "canon/migration"])
            .trim(),
        "app/a.py"
    );
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Committed 1 file"), "{screen}");
    assert!(prepared.session_file.exists(), "saved before quitting");
}

/// `canon diff`'s hunks: per file, each hunk's `-`/`+` lines.
fn diff_hunks(patch: &str) -> std::collections::BTreeMap<String, Vec<Vec<String>>> {
    let mut out: std::collections::BTreeMap<String, Vec<Vec<String>>> = Default::default();
    let mut file = String::new();
    for line in patch.lines() {
        if let Some(path) = line.strip_prefix("+++ b/") {
            file = path.to_string();
        } else if line.starts_with("@@ ") {
            out.entry(file.clone()).or_default().push(Vec::new());
        } else if (line.starts_with('-') && !line.starts_with("--- "))
            || (line.starts_with('+') && !line.starts_with("+++ "))
        {
            out.get_mut(&file)
                .unwrap()
                .last_mut()
                .unwrap()
                .push(line.to_string());
        }
    }
    out
}

#[test]
fn canon_diff_shows_the_hunks_the_review_shows() {
    use canon::review::rows::{Row, render};
    let p = Project::demo().git_init();
    let out = p.run(&["diff", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let from_diff = diff_hunks(&out.stdout);
    let r = open(p.path());
    let mut from_review: std::collections::BTreeMap<String, Vec<Vec<String>>> = Default::default();
    for e in &r.app.entries {
        let review = &e.review;
        let rendered = render(review);
        for (hunk, rows) in review.hunks().iter().zip(&rendered.hunks) {
            // Strings that are data are the reviewer's call: `apply` and `diff` skip them.
            if hunk.kinds.iter().any(|k| k.opt_in()) {
                continue;
            }
            let lines = rows
                .rows
                .iter()
                .filter_map(|row| match row {
                    Row::Delete { segments, .. } | Row::Insert { segments, .. } => {
                        let sign = if matches!(row, Row::Delete { .. }) {
                            '-'
                        } else {
                            '+'
                        };
                        Some(format!(
                            "{sign}{}",
                            segments.iter().map(|s| s.text.as_str()).collect::<String>()
                        ))
                    }
                    Row::Context { .. } => None,
                })
                .collect();
            from_review.entry(e.path.clone()).or_default().push(lines);
        }
    }
    assert!(from_review.len() > 10, "the demo has many files to compare");
    // A patch hunk is one review hunk, or several close enough that their
    // context would overlap (git merges those; `git apply` needs them apart).
    let flat = |m: &std::collections::BTreeMap<String, Vec<Vec<String>>>| {
        m.iter()
            .map(|(k, v)| (k.clone(), v.concat()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(flat(&from_diff), flat(&from_review));
    let (blocks, hunks): (usize, usize) = (
        from_diff.values().map(Vec::len).sum(),
        from_review.values().map(Vec::len).sum(),
    );
    assert!(
        blocks <= hunks && blocks * 2 > hunks,
        "{blocks} blocks, {hunks} hunks"
    );

    // And it is a patch: `git apply` of it gives what `apply --write` writes.
    std::fs::write(p.path().join("fixes.patch"), &out.stdout).unwrap();
    p.git(&["apply", "fixes.patch"]);
    std::fs::remove_file(p.path().join("fixes.patch")).unwrap();
    let patched = p.git(&["diff"]);
    p.git(&["checkout", "--", "."]);
    let applied = p.run(&["apply", "--write", "."]);
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    assert_eq!(p.git(&["diff"]), patched);
}

#[test]
fn apply_says_when_saved_decisions_no_longer_fit_and_when_everything_is_rejected() {
    let p = repo();
    let mut r = open(p.path());
    for path in ["app/a.py", "lib/b.py", "lib/c.py"] {
        let pos = r
            .app
            .visible
            .iter()
            .position(|&i| r.app.entries[i].path == path);
        r.app.selected = pos.unwrap();
        r.press("d");
    }
    drop(r);
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("Nothing to commit on HEAD") && out.stdout.contains("rejected"),
        "{}",
        out.stdout
    );
    // lib/b.py changes at HEAD: its rejected use is not the same any more.
    std::fs::write(
        p.path().join("lib/b.py"),
        "import app.legacy.events\n\napp.legacy.events.publish(99)\n",
    )
    .unwrap();
    p.git(&["commit", "-q", "-am", "change b"]);
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("note: dropped 1 saved review decision whose hunk changed"),
        "{}",
        out.stderr
    );
    // The changed use's rejection is gone (pending again), but it needs the
    // import rewrite, whose rejection still fits: nothing can be committed.
    assert!(
        out.stdout.starts_with("Nothing to commit"),
        "{}",
        out.stdout
    );
    assert_eq!(p.git(&["branch", "--list", "canon/migration"]), "");
}

#[test]
fn one_review_of_a_branch_at_a_time_and_apply_waits_for_it() {
    let p = repo();
    let r = open(p.path());
    let cli = Cli::parse_from(["canon", "review"]);
    let Err(second) = canon::prepare_review(&cli.global, p.path()) else {
        panic!("a second review of the branch must be refused")
    };
    assert!(second.to_string().contains("another canon"), "{second}");
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("quit it first"), "{}", out.stderr);
    assert_eq!(p.git(&["branch", "--list", "canon/migration"]), "");
    // Another branch is another session.
    assert!(
        canon::prepare_review(
            &Cli::parse_from(["canon", "review", "--branch", "other"]).global,
            p.path()
        )
        .is_ok()
    );
    drop(r);
    assert_eq!(
        p.run(&["apply", "."]).code,
        0,
        "free once the review is gone"
    );
}
