//! Writing: commits on a branch, verified with git2 and the git CLI, and the
//! proof that HEAD, the index and the working tree are left alone.

use git2::Repository;

use super::support::{BRANCH, EMAIL, NAME, TestRepo, changes, commit, commit_on, message};
use crate::git::{CommitRequest, GitError};

#[test]
fn commit_on_a_new_branch() {
    let t = TestRepo::with_files(&[
        ("a.py", "import imp\n"),
        ("b.py", "import os\n"),
        ("keep.txt", "untouched\n"),
    ]);
    let head = t.rev("HEAD");
    let repo = t.open();
    let base = repo.base(None, BRANCH).unwrap();
    let changes = changes(&[("a.py", "import importlib\n"), ("pkg/new.py", "x = 1\n")]);
    let ids = repo
        .commit(&CommitRequest {
            branch: BRANCH,
            base: &base,
            expected: None,
            changes: &changes,
            message: &|paths: &[String]| {
                format!(
                    "Migrate {} files\n\nfiles: {}",
                    paths.len(),
                    paths.join(" ")
                )
            },
            per_file: false,
            together: &[],
        })
        .unwrap();
    assert_eq!(ids.len(), 1);
    let id = ids[0];
    let expected_message = "Migrate 2 files\n\nfiles: a.py pkg/new.py";

    // The branch points at it; its parent is HEAD.
    assert_eq!(t.rev(BRANCH), id);
    assert_eq!(t.rev(&format!("{BRANCH}^")), head);
    assert_eq!(repo.branch_tip(BRANCH).unwrap(), Some(id));

    // git2's view: parent, message, author and committer.
    let git = Repository::open(t.path()).unwrap();
    let c = git.find_commit(id).unwrap();
    assert_eq!(c.parent_ids().collect::<Vec<_>>(), [head]);
    assert_eq!(c.message_raw().unwrap(), expected_message);
    for sig in [c.author(), c.committer()] {
        assert_eq!(sig.name().unwrap(), NAME);
        assert_eq!(sig.email().unwrap(), EMAIL);
    }

    // The CLI's view.
    assert_eq!(
        t.git(&["log", "-1", "--format=%an <%ae>|%cn <%ce>|%P", BRANCH])
            .trim(),
        format!("{NAME} <{EMAIL}>|{NAME} <{EMAIL}>|{head}")
    );
    let raw = t.git(&["cat-file", "commit", BRANCH]);
    let (_, body) = raw.split_once("\n\n").unwrap();
    assert_eq!(body, expected_message);

    // Tree = base tree + changes.
    let mut want = t.ls_tree("HEAD");
    want.insert(
        "a.py".into(),
        ("100644".into(), blob_id("import importlib\n")),
    );
    want.insert("pkg/new.py".into(), ("100644".into(), blob_id("x = 1\n")));
    assert_eq!(t.ls_tree(BRANCH), want);
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:a.py")]),
        "import importlib\n"
    );
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:keep.txt")]),
        "untouched\n"
    );
    assert_eq!(
        t.git(&["diff", "--name-status", "HEAD", BRANCH]),
        "M\ta.py\nA\tpkg/new.py\n"
    );
    // The reflog says who moved the branch.
    assert_eq!(
        t.git(&["reflog", "-1", "--format=%gs", BRANCH]).trim(),
        "canon: Migrate 2 files"
    );
    // HEAD did not move.
    assert_eq!(t.rev("HEAD"), head);
    assert_eq!(t.git(&["symbolic-ref", "HEAD"]).trim(), "refs/heads/main");
}

fn blob_id(text: &str) -> git2::Oid {
    git2::Oid::hash_object(git2::ObjectType::Blob, text.as_bytes()).unwrap()
}

#[test]
fn dirty_working_tree_head_and_index_are_left_alone() {
    let t = TestRepo::with_files(&[
        ("a.py", "import imp\n"),
        ("b.py", "import os\n"),
        ("pkg/c.py", "import imp\n"),
    ]);
    // Modified and unstaged, modified and staged, untracked, deleted.
    t.write("a.py", b"import imp  # local edit\n");
    t.write("b.py", b"import os, sys\n");
    t.git(&["add", "b.py"]);
    t.write("notes.txt", b"scratch\n");
    t.write("pkg/untracked.py", b"import imp\n");
    std::fs::remove_file(t.path().join("pkg/c.py")).unwrap();
    let before = t.snapshot();
    assert_eq!(
        before.status,
        " M a.py\nM  b.py\n D pkg/c.py\n?? notes.txt\n?? pkg/untracked.py\n"
    );

    let repo = t.open();
    commit(
        &repo,
        &[
            ("a.py", "import importlib\n"),
            ("pkg/c.py", "import importlib\n"),
        ],
        false,
    )
    .unwrap();
    commit(&repo, &[("b.py", "import os\nimport sys\n")], true).unwrap();

    assert_eq!(t.snapshot(), before);
    // The commits were made from the base commit, not from the dirty files.
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:a.py")]),
        "import importlib\n"
    );
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:pkg/c.py")]),
        "import importlib\n"
    );
}

#[test]
fn per_file_commits_follow_path_order() {
    let t = TestRepo::with_files(&[
        ("b.py", "import imp\n"),
        ("a.py", "import imp\n"),
        ("pkg/c.py", "import imp\n"),
    ]);
    let head = t.rev("HEAD");
    let repo = t.open();
    // Given out of order on purpose: the commits still go in path order.
    let ids = commit(
        &repo,
        &[
            ("pkg/c.py", "import importlib\n"),
            ("a.py", "import importlib\n"),
            ("b.py", "import importlib\n"),
        ],
        true,
    )
    .unwrap();
    assert_eq!(ids.len(), 3);
    assert_eq!(t.rev(BRANCH), ids[2]);
    assert_eq!(
        t.git(&[
            "log",
            "--reverse",
            "--format=%H %s",
            &format!("{head}..{BRANCH}")
        ]),
        format!(
            "{} migrate: a.py\n{} migrate: b.py\n{} migrate: pkg/c.py\n",
            ids[0], ids[1], ids[2]
        )
    );
    for (id, path) in ids.iter().zip(["a.py", "b.py", "pkg/c.py"]) {
        let touched = t.git(&["show", "--name-only", "--format=", &id.to_string()]);
        assert_eq!(touched, format!("{path}\n"));
    }
    assert_eq!(t.rev(&format!("{}^", ids[0])), head);
    assert_eq!(t.rev(&format!("{}^", ids[1])), ids[0]);
    assert_eq!(t.rev(&format!("{}^", ids[2])), ids[1]);
}

#[test]
fn a_later_session_stacks_on_the_branch() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n"), ("b.py", "import imp\n")]);
    let head = t.rev("HEAD");
    let repo = t.open();
    let first = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap()[0];

    let base = repo.base(None, BRANCH).unwrap();
    assert_eq!(base.commit, first);
    assert_eq!(base.branch_tip, Some(first));
    let second = commit_on(
        &repo,
        &base,
        base.branch_tip,
        &[("b.py", "import importlib\n")],
        false,
    )
    .unwrap()[0];

    assert_eq!(t.rev(BRANCH), second);
    assert_eq!(t.rev(&format!("{second}^")), first);
    assert_eq!(t.rev(&format!("{first}^")), head);
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:a.py")]),
        "import importlib\n"
    );
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:b.py")]),
        "import importlib\n"
    );
    assert_eq!(
        t.git(&["rev-list", "--count", &format!("{head}..{BRANCH}")])
            .trim(),
        "2"
    );
}

#[test]
fn branch_moved_since_review_is_refused() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n"), ("b.py", "import imp\n")]);
    let head = t.rev("HEAD");
    let repo = t.open();
    let first = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap()[0];

    // Review begins: the tip is `first`. Meanwhile someone moves the branch.
    let base = repo.base(None, BRANCH).unwrap();
    t.git(&["branch", "-f", BRANCH, &head.to_string()]);
    let err = commit_on(
        &repo,
        &base,
        Some(first),
        &[("b.py", "import importlib\n")],
        false,
    )
    .unwrap_err();
    match &err {
        GitError::BranchMoved {
            branch,
            expected,
            actual,
        } => {
            assert_eq!(branch, BRANCH);
            assert_eq!(*expected, Some(first));
            assert_eq!(*actual, Some(head));
        }
        other => panic!("expected BranchMoved, got {other:?}"),
    }
    assert!(err.to_string().contains("nothing was committed"), "{err}");
    assert_eq!(t.rev(BRANCH), head);

    // The same when the branch did not exist at the start but does now.
    t.git(&["branch", "-D", "-q", BRANCH]);
    let base = repo.base(None, BRANCH).unwrap();
    assert_eq!(base.branch_tip, None);
    t.git(&["branch", BRANCH, &head.to_string()]);
    let err = commit_on(&repo, &base, None, &[("b.py", "import importlib\n")], false).unwrap_err();
    assert!(
        matches!(err, GitError::BranchMoved { expected: None, .. }),
        "{err:?}"
    );
    assert_eq!(t.rev(BRANCH), head);

    // And when it was deleted under us.
    let base = repo.base(None, BRANCH).unwrap();
    t.git(&["branch", "-D", "-q", BRANCH]);
    let err = commit_on(&repo, &base, base.branch_tip, &[("b.py", "x\n")], true).unwrap_err();
    assert!(
        matches!(err, GitError::BranchMoved { actual: None, .. }),
        "{err:?}"
    );
    assert_eq!(repo.branch_tip(BRANCH).unwrap(), None);
}

#[test]
fn a_race_after_the_early_check_is_caught_by_the_compare_and_swap() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n"), ("b.py", "import imp\n")]);
    let head = t.rev("HEAD");
    let repo = t.open();
    let first = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap()[0];
    let base = repo.base(None, BRANCH).unwrap();
    let changes = changes(&[("b.py", "import importlib\n")]);
    for per_file in [false, true] {
        t.git(&["branch", "-f", BRANCH, &first.to_string()]);
        // The message callback runs after the early check and before the ref
        // moves: the git CLI moves the branch right there.
        let racing = |paths: &[String]| {
            t.git(&["branch", "-f", BRANCH, &head.to_string()]);
            message(paths)
        };
        let err = repo
            .commit(&CommitRequest {
                branch: BRANCH,
                base: &base,
                expected: Some(first),
                changes: &changes,
                message: &racing,
                per_file,
                together: &[],
            })
            .unwrap_err();
        assert!(
            matches!(err, GitError::BranchMoved { expected: Some(e), actual: Some(a), .. } if e == first && a == head),
            "{err:?}"
        );
        assert_eq!(t.rev(BRANCH), head);
    }

    // A branch created by someone else mid-commit is not overwritten either.
    t.git(&["branch", "-D", "-q", BRANCH]);
    let base = repo.base(None, BRANCH).unwrap();
    let racing = |paths: &[String]| {
        t.git(&["branch", BRANCH, &head.to_string()]);
        message(paths)
    };
    let err = repo
        .commit(&CommitRequest {
            branch: BRANCH,
            base: &base,
            expected: None,
            changes: &changes,
            message: &racing,
            per_file: false,
            together: &[],
        })
        .unwrap_err();
    assert!(
        matches!(err, GitError::BranchMoved { expected: None, .. }),
        "{err:?}"
    );
    assert_eq!(t.rev(BRANCH), head);
}

#[test]
fn modes_subfolders_and_crlf_are_kept() {
    let t = TestRepo::with_files(&[
        ("tool.py", "#!/usr/bin/env python\nimport imp\n"),
        ("pkg/sub/mod.py", "import imp\n"),
        ("win.py", "import imp\r\nprint(1)\r\n"),
    ]);
    t.make_executable("tool.py");
    t.commit_all("executable");
    let repo = t.open();
    let crlf = "import importlib\r\nprint(1)\r\n";
    commit(
        &repo,
        &[
            ("tool.py", "#!/usr/bin/env python\nimport importlib\n"),
            ("pkg/sub/mod.py", "import importlib\n"),
            ("win.py", crlf),
            ("pkg/sub/added.py", "y = 2\n"),
        ],
        false,
    )
    .unwrap();

    let tree = t.ls_tree(BRANCH);
    assert_eq!(tree["tool.py"].0, "100755");
    assert_eq!(tree["pkg/sub/mod.py"].0, "100644");
    assert_eq!(tree["pkg/sub/added.py"].0, "100644");
    assert_eq!(tree["win.py"].0, "100644");
    assert_eq!(
        t.git_bytes(&["cat-file", "blob", &format!("{BRANCH}:win.py")]),
        crlf.as_bytes()
    );
    assert_eq!(tree["win.py"].1, blob_id(crlf));
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:pkg/sub/mod.py")]),
        "import importlib\n"
    );
}

#[test]
fn gitattributes_filters_apply_like_git_add() {
    let t = TestRepo::with_files(&[
        (".gitattributes", "*.py ident\nlf/*.py text eol=lf\n"),
        ("a.py", "# $Id$\nimport imp\n"),
        ("lf/b.py", "import imp\n"),
    ]);
    let repo = t.open();
    commit(
        &repo,
        &[
            // A checked-out `$Id: <sha> $` is collapsed back to `$Id$`.
            (
                "a.py",
                "# $Id: 0123456789abcdef0123456789abcdef01234567 $\nimport importlib\n",
            ),
            // text eol=lf: CRLF is normalised to LF in the repository.
            ("lf/b.py", "import importlib\r\n"),
        ],
        false,
    )
    .unwrap();
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:a.py")]),
        "# $Id$\nimport importlib\n"
    );
    assert_eq!(
        t.git_bytes(&["cat-file", "blob", &format!("{BRANCH}:lf/b.py")]),
        b"import importlib\n"
    );
}

#[test]
fn unchanged_paths_are_skipped_and_nothing_is_an_error() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n"), ("b.py", "import os\n")]);
    let repo = t.open();
    let err = commit(&repo, &[("a.py", "import imp\n")], false).unwrap_err();
    assert!(matches!(err, GitError::NothingToCommit), "{err:?}");
    assert_eq!(repo.branch_tip(BRANCH).unwrap(), None);

    let seen = std::cell::RefCell::new(Vec::new());
    let base = repo.base(None, BRANCH).unwrap();
    let changes = changes(&[("a.py", "import importlib\n"), ("b.py", "import os\n")]);
    let ids = repo
        .commit(&CommitRequest {
            branch: BRANCH,
            base: &base,
            expected: None,
            changes: &changes,
            message: &|paths: &[String]| {
                seen.borrow_mut().push(paths.to_vec());
                message(paths)
            },
            per_file: true,
            together: &[],
        })
        .unwrap();
    assert_eq!(ids.len(), 1);
    assert_eq!(*seen.borrow(), [vec!["a.py".to_string()]]);
}

#[test]
fn symlinks_and_bad_paths_are_refused() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n"), ("pkg/b.py", "x\n")]);
    std::os::unix::fs::symlink("a.py", t.path().join("link.py")).unwrap();
    t.commit_all("link");
    let repo = t.open();
    let err = commit(&repo, &[("link.py", "import importlib\n")], false).unwrap_err();
    assert!(
        matches!(&err, GitError::NotAFile { path } if path == "link.py"),
        "{err:?}"
    );
    let err = commit(&repo, &[("pkg", "x\n")], false).unwrap_err();
    assert!(
        matches!(&err, GitError::NotAFile { path } if path == "pkg"),
        "{err:?}"
    );

    for bad in [
        "",
        "/abs.py",
        "../up.py",
        "pkg/../a.py",
        "pkg//b.py",
        "./a.py",
        ".git/config",
        "pkg/.GIT/x",
        "a\0.py",
    ] {
        let err = commit(&repo, &[(bad, "x\n")], false).unwrap_err();
        assert!(
            matches!(&err, GitError::InvalidPath { path, .. } if path == bad),
            "{bad:?}: {err:?}"
        );
    }
    // Below a file.
    let err = commit(&repo, &[("a.py/x.py", "x\n")], false).unwrap_err();
    assert!(
        matches!(&err, GitError::InvalidPath { path, .. } if path == "a.py/x.py"),
        "{err:?}"
    );
    let err = commit(&repo, &[("a.py", "1\n"), ("a.py", "2\n")], false).unwrap_err();
    assert!(
        matches!(&err, GitError::InvalidPath { path, .. } if path == "a.py"),
        "{err:?}"
    );
    assert_eq!(repo.branch_tip(BRANCH).unwrap(), None);
}

#[test]
fn blame_ignore_file_is_created_then_appended() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n"), ("b.py", "import imp\n")]);
    let repo = t.open();
    let ids = commit(
        &repo,
        &[
            ("a.py", "import importlib\n"),
            ("b.py", "import importlib\n"),
        ],
        true,
    )
    .unwrap();

    let tip = repo.branch_tip(BRANCH).unwrap().unwrap();
    let follow = crate::git::blame_ignore_commit(&repo, BRANCH, tip, &ids).unwrap();
    assert_eq!(t.rev(BRANCH), follow);
    assert_eq!(t.rev(&format!("{follow}^")), tip);
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:.git-blame-ignore-revs")]),
        format!("# migrate: a.py\n{}\n# migrate: b.py\n{}\n", ids[0], ids[1])
    );
    assert_eq!(t.ls_tree(BRANCH)[".git-blame-ignore-revs"].0, "100644");
    assert_eq!(
        t.git(&["show", "--name-only", "--format=%s", BRANCH]),
        "Add 2 migration commits to .git-blame-ignore-revs\n\n.git-blame-ignore-revs\n"
    );
    // git itself reads the file: blame skips the migration commit.
    let list = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        list.path(),
        t.git(&["show", &format!("{BRANCH}:.git-blame-ignore-revs")]),
    )
    .unwrap();
    let blame = |extra: &[&str]| {
        let mut args = vec!["blame", "--porcelain"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&[BRANCH, "--", "a.py"]);
        t.git(&args)[..40].to_string()
    };
    assert_eq!(blame(&[]), ids[0].to_string());
    let list_path = list.path().to_str().unwrap();
    assert_eq!(
        blame(&["--ignore-revs-file", list_path]),
        t.rev("main").to_string()
    );

    // Already listed: nothing to add.
    let err = crate::git::blame_ignore_commit(&repo, BRANCH, follow, &ids).unwrap_err();
    assert!(matches!(err, GitError::NothingToCommit), "{err:?}");

    // A later session appends, keeping what was there.
    let third = commit(&repo, &[("a.py", "import importlib as il\n")], false).unwrap()[0];
    let again = crate::git::blame_ignore_commit(&repo, BRANCH, third, &[third, third]).unwrap();
    let text = t.git(&["show", &format!("{again}:.git-blame-ignore-revs")]);
    assert_eq!(
        text,
        format!(
            "# migrate: a.py\n{}\n# migrate: b.py\n{}\n# migrate: a.py\n{third}\n",
            ids[0], ids[1]
        )
    );

    // Compare-and-swap: a stale tip is refused.
    let fresh = commit(&repo, &[("b.py", "import importlib as il\n")], false).unwrap()[0];
    let err = crate::git::blame_ignore_commit(&repo, BRANCH, third, &[fresh]).unwrap_err();
    assert!(matches!(err, GitError::BranchMoved { .. }), "{err:?}");
    assert_eq!(t.rev(BRANCH), fresh);
}

#[test]
fn blame_ignore_appends_to_a_file_without_final_newline() {
    let t = TestRepo::with_files(&[
        ("a.py", "import imp\n"),
        (
            ".git-blame-ignore-revs",
            "# formatting\n1111111111111111111111111111111111111111",
        ),
    ]);
    let repo = t.open();
    let id = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap()[0];
    crate::git::blame_ignore_commit(&repo, BRANCH, id, &[id]).unwrap();
    assert_eq!(
        t.git(&["show", &format!("{BRANCH}:.git-blame-ignore-revs")]),
        format!("# formatting\n1111111111111111111111111111111111111111\n# migrate: a.py\n{id}\n")
    );
}
