//! Hunks linked across files (a patch string and the code it intercepts,
//! hostile 13 defect 11): the header says which hunk of which file each
//! goes with, a decision on one decides the other and one `u` undoes
//! both, the commit dialog refuses a group split across files, and a
//! per-file commit keeps the group in one commit.

use super::*;

/// `app.py` imports and calls `Thing`; `test_app.py` patches
/// `oldpkg.models.Thing.method` around the call; a move of `Thing`.
pub(super) fn linked_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        (
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"oldpkg.models.Thing\"\nnew = \"newpkg.models.Widget\"\n",
        ),
        ("oldpkg/__init__.py", ""),
        (
            "oldpkg/models.py",
            "class Thing:\n    def method(self):\n        return \"old\"\n",
        ),
        ("newpkg/__init__.py", ""),
        (
            "newpkg/models.py",
            "class Widget:\n    def method(self):\n        return \"new\"\n",
        ),
        (
            "app.py",
            "from oldpkg.models import Thing\n\n\ndef make():\n    return Thing().method()\n",
        ),
        (
            "test_app.py",
            "from unittest import mock\n\nimport app\n\nwith mock.patch(\"oldpkg.models.Thing.method\", return_value=\"patched\"):\n    print(app.make())\n",
        ),
    ];
    for (path, text) in files {
        let at = dir.path().join(path);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, text).unwrap();
    }
    dir
}

/// The files as the loader sends them (the links apart), and the links.
fn loads(dir: &Path) -> (Setup, Vec<Loaded>, Links) {
    let config = crate::rules::load(dir, None).expect("config");
    let project = crate::pipeline::collect(
        &config,
        crate::pipeline::Origin::WorkTree(&[dir.to_path_buf()]),
        crate::pipeline::Mode::Proposals,
        &Default::default(),
    )
    .expect("scan");
    let mut links = Links::new();
    let files = (project.files.into_iter())
        .filter(|f| f.violating())
        .map(|mut f| {
            links.insert(f.path.clone(), std::mem::take(&mut f.proposal.file.across));
            f.reviewable(&config)
        })
        .collect();
    let target = Setup::new(&config, "HEAD (abc1234)".into(), "canon/migration".into());
    (target, files, links)
}

/// The review of the linked project, with `session` restored.
pub(super) fn linked_app(session: Option<Session>) -> App {
    let dir = linked_project();
    let (target, files, links) = loads(dir.path());
    let mut app = App::new(target, session, (120, 24));
    for f in files {
        update(&mut app, Msg::Load(LoadMsg::File(Box::new(f))));
    }
    update(&mut app, Msg::Load(LoadMsg::Links(links)));
    update(&mut app, Msg::Load(LoadMsg::Done));
    app
}

fn entry<'a>(app: &'a App, path: &str) -> &'a crate::tui::app::Entry {
    app.entries.iter().find(|e| e.path == path).expect("entry")
}

/// The decision every hunk of `path` has (they all go with the patch).
fn only(app: &App, path: &str) -> Decision {
    let e = entry(app, path);
    let all: Vec<&Decision> = e
        .review
        .hunks()
        .iter()
        .map(|h| e.review.decision(h.id))
        .collect();
    assert!(all.iter().all(|d| d == &all[0]), "{path}: {all:?}");
    all[0].clone()
}

#[test]
fn the_header_says_which_hunk_of_which_file_a_hunk_goes_with() {
    let app = linked_app(None);
    assert_eq!(path(&app), "app.py");
    let e = app.current().unwrap();
    let header: String = app.header(e, 0, true).into_iter().map(|(_, t)| t).collect();
    assert!(
        header.contains("⛓ goes with test_app.py hunk #1"),
        "{header}"
    );
    let t = entry(&app, "test_app.py");
    let header: String = app
        .header(t, 0, false)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(
        header.contains("⛓ goes with app.py hunks #1 #2"),
        "{header}"
    );
}

#[test]
fn y_accepts_the_linked_hunk_in_the_other_file_and_one_u_undoes_both() {
    let mut app = linked_app(None);
    assert_eq!(key(&mut app, 'y'), vec![Effect::Save]);
    assert_eq!(only(&app, "app.py"), Decision::Accepted);
    assert_eq!(only(&app, "test_app.py"), Decision::Accepted);
    let notice = &app.notice.as_ref().unwrap().1;
    assert!(
        notice.contains("and 1 hunk linked across files (1 other file)"),
        "{notice}"
    );
    key(&mut app, 'u');
    assert_eq!(only(&app, "app.py"), Decision::Pending);
    assert_eq!(only(&app, "test_app.py"), Decision::Pending);
}

#[test]
fn n_and_d_reject_the_linked_hunk_in_the_other_file() {
    let mut app = linked_app(None);
    key(&mut app, 'n');
    assert_eq!(only(&app, "app.py"), Decision::Rejected);
    assert_eq!(only(&app, "test_app.py"), Decision::Rejected);
    key(&mut app, 'u');
    assert_eq!(only(&app, "app.py"), Decision::Pending);
    // From the test's side: the whole file rejected, the code with it.
    keys(&mut app, "JJ");
    assert_eq!(path(&app), "test_app.py");
    key(&mut app, 'd');
    assert_eq!(only(&app, "app.py"), Decision::Rejected);
    let notice = &app.notice.as_ref().unwrap().1;
    assert!(
        notice.contains("2 hunks linked to them in other files"),
        "{notice}"
    );
}

#[test]
fn the_commit_dialog_refuses_a_group_split_across_files() {
    // A session from before the links: the code accepted, the patch rejected.
    let probe = linked_app(None);
    let every = |p: &str, d: Decision| {
        let hunks = entry(&probe, p).review.hunks().iter();
        let decisions: std::collections::BTreeMap<_, _> =
            hunks.map(|h| (h.id, d.clone())).collect();
        crate::review::Saved::from(decisions)
    };
    let mut session = Session::default();
    (session.files).insert("app.py".into(), every("app.py", Decision::Accepted));
    (session.files).insert(
        "test_app.py".into(),
        every("test_app.py", Decision::Rejected),
    );
    let mut app = linked_app(Some(session));
    assert_eq!(only(&app, "app.py"), Decision::Accepted);
    assert!(key(&mut app, 'c').is_empty());
    assert_eq!(app.mode, Mode::Normal);
    let notice = &app.notice.as_ref().unwrap().1;
    assert!(
        notice.starts_with(
            "Not committed: app.py hunk #1 goes with test_app.py hunk #1, which is rejected"
        ) && notice.contains("patch(\"oldpkg.models.Thing.method\")"),
        "{notice}"
    );
    // Deciding one decides both again, and then the commit goes ahead.
    key(&mut app, 'y');
    assert_eq!(only(&app, "test_app.py"), Decision::Accepted);
    key(&mut app, 'c');
    assert!(matches!(app.mode, Mode::Commit(_)), "{:?}", app.notice);
}

#[test]
fn a_per_file_commit_keeps_linked_files_in_one_commit() {
    let mut app = linked_app(None);
    key(&mut app, 'y');
    key(&mut app, 'c');
    code(&mut app, KeyCode::Tab);
    code(&mut app, KeyCode::Tab);
    key(&mut app, ' ');
    let Mode::Commit(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(form.per_file);
    assert!(form.preview.ends_with("in 2 files"), "{}", form.preview);
    let effects = code(&mut app, KeyCode::Enter);
    let [Effect::Commit(plan)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(plan.per_file);
    assert_eq!(
        plan.together,
        [vec!["app.py".to_string(), "test_app.py".into()]]
    );
}

/// `app.py` calls the moved class in `uses` functions, far enough apart
/// to be hunks of their own; `test_app.py` patches its method in
/// `patches` tests.
fn many_linked_project(uses: usize, patches: usize) -> tempfile::TempDir {
    let dir = linked_project();
    let app: String = (0..uses)
        .map(|i| {
            format!("def make{i}():\n    return oldpkg.models.Thing().method()\n\n\n\n\n\n\n\n\n")
        })
        .collect();
    let tests: String = (0..patches)
        .map(|i| {
            format!(
                "@mock.patch(\"oldpkg.models.Thing.method\", return_value=\"patched\")\n\
                 def test_{i}(m):\n    assert app.make{}() == \"patched\"\n\n\n\n\n\n\n\n\n",
                i % uses
            )
        })
        .collect();
    std::fs::write(
        dir.path().join("app.py"),
        format!("import oldpkg.models\n\n\n{app}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("test_app.py"),
        format!("from unittest import mock\n\nimport app\n\n\n{tests}"),
    )
    .unwrap();
    dir
}

#[test]
fn many_patches_of_a_name_used_many_times_go_together_in_few_links() {
    let dir = many_linked_project(30, 40);
    let (target, files, links) = loads(dir.path());
    let edits: usize = files.iter().map(|f| f.proposal.edits.len()).sum();
    let count: usize = links.values().map(Vec::len).sum();
    // Each of 40 patches with each of 30 uses: 1,200 pairs, twice over.
    assert!(edits >= 70, "{edits} edits");
    assert!(count <= 4 * edits, "{count} links for {edits} edits");
    let mut app = App::new(target, None, (120, 24));
    for f in files {
        update(&mut app, Msg::Load(LoadMsg::File(Box::new(f))));
    }
    update(&mut app, Msg::Load(LoadMsg::Links(links)));
    update(&mut app, Msg::Load(LoadMsg::Done));
    // Every hunk of both files still goes with every other: one accepted
    // (the last of the code), all are; one undo, none.
    assert_eq!(path(&app), "app.py");
    keys(&mut app, "G");
    key(&mut app, 'y');
    assert_eq!(only(&app, "app.py"), Decision::Accepted);
    assert_eq!(only(&app, "test_app.py"), Decision::Accepted);
    key(&mut app, 'u');
    assert_eq!(only(&app, "app.py"), Decision::Pending);
    assert_eq!(only(&app, "test_app.py"), Decision::Pending);
    // Rejecting a patch of the test file rejects all the code.
    keys(&mut app, "JJ");
    assert_eq!(path(&app), "test_app.py");
    key(&mut app, 'n');
    assert_eq!(only(&app, "app.py"), Decision::Rejected);
    assert_eq!(only(&app, "test_app.py"), Decision::Rejected);
}
