//! Every refusal: a clear error, and nothing changed.

use super::support::{BRANCH, TestRepo, commit};
use crate::git::{GitError, Repo};

#[test]
fn not_a_repo_suggests_write() {
    let t = TestRepo::bare_dirs();
    let err = Repo::open(t.path()).err().expect("no repo there");
    assert!(matches!(err, GitError::NotARepo { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("not inside a git repository") && text.contains("--write"),
        "{text}"
    );
}

#[test]
fn bare_repo_is_refused() {
    let t = TestRepo::bare_dirs();
    t.git(&["init", "-q", "--bare"]);
    let err = Repo::open(t.path()).err().expect("bare");
    assert!(matches!(err, GitError::BareRepo { .. }), "{err:?}");
    assert!(err.to_string().contains("bare repository"), "{err}");
}

#[test]
fn empty_repo_has_no_base() {
    // `-b main` while libgit2's default branch name is `master`: libgit2's
    // own `is_empty` would say "not empty" here.
    let t = TestRepo::empty();
    let repo = t.open();
    assert_eq!(repo.head_commit().unwrap(), None);
    for rev in [None, Some("HEAD")] {
        let err = repo.base(rev, BRANCH).unwrap_err();
        assert!(matches!(err, GitError::EmptyRepo), "{rev:?}: {err:?}");
        assert!(err.to_string().contains("no commits yet"), "{err}");
    }
    assert_eq!(repo.fork_point(BRANCH).unwrap(), None);
}

#[test]
fn unset_identity_names_both_config_keys() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n")]);
    t.git(&["config", "--unset", "user.name"]);
    t.git(&["config", "--unset", "user.email"]);
    // The CLI agrees there is no identity (HOME is an empty folder).
    let out = t.command(&["var", "GIT_COMMITTER_IDENT"]).output().unwrap();
    assert!(!out.status.success(), "git found an identity somewhere");

    let repo = t.open();
    let err = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap_err();
    assert!(matches!(err, GitError::NoIdentity), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("user.name") && text.contains("user.email"),
        "{text}"
    );
    assert_eq!(repo.branch_tip(BRANCH).unwrap(), None);

    // Only the name set is still not enough.
    t.git(&["config", "user.name", "Someone"]);
    let err = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap_err();
    assert!(matches!(err, GitError::NoIdentity), "{err:?}");
}

#[test]
fn invalid_branch_names_are_refused_everywhere() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n")]);
    let repo = t.open();
    for bad in [
        "",
        "bad..name",
        "-dash",
        "HEAD",
        "with space",
        "x.lock",
        "a/",
        "/a",
        "a//b",
        "tilde~1",
        "q?",
        "a@{b}",
    ] {
        let err = Repo::check_branch_name(bad).unwrap_err();
        assert!(
            matches!(&err, GitError::InvalidBranchName { name } if name == bad),
            "{bad:?}: {err:?}"
        );
        let cli = t
            .command(&["check-ref-format", "--branch", bad])
            .output()
            .unwrap();
        assert!(!cli.status.success(), "git accepts {bad:?}");
        assert!(
            matches!(
                repo.base(None, bad),
                Err(GitError::InvalidBranchName { .. })
            ),
            "{bad:?}"
        );
        assert!(
            matches!(
                repo.branch_tip(bad),
                Err(GitError::InvalidBranchName { .. })
            ),
            "{bad:?}"
        );
    }
    for good in ["canon/migration", "main", "feature/x-1", "ünïcode"] {
        Repo::check_branch_name(good).unwrap();
        t.git(&["check-ref-format", "--branch", good]);
    }
}

#[test]
fn the_checked_out_branch_is_refused() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n")]);
    let head = t.rev("HEAD");
    let repo = t.open();
    let base = repo.base(None, "main").unwrap();
    let changes = super::support::changes(&[("a.py", "import importlib\n")]);
    let before = t.snapshot();
    let err = repo
        .commit(&crate::git::CommitRequest {
            branch: "main",
            base: &base,
            expected: base.branch_tip,
            changes: &changes,
            message: &super::support::message,
            per_file: false,
            together: &[],
        })
        .unwrap_err();
    match &err {
        GitError::BranchCheckedOut { branch, worktree } => {
            assert_eq!(branch, "main");
            assert_eq!(
                worktree.canonicalize().unwrap(),
                t.path().canonicalize().unwrap()
            );
        }
        other => panic!("expected BranchCheckedOut, got {other:?}"),
    }
    assert!(err.to_string().contains("out of sync"), "{err}");
    assert_eq!(t.rev("main"), head);
    assert_eq!(t.snapshot(), before);
}

#[test]
fn a_branch_checked_out_in_another_worktree_is_refused() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n")]);
    let other = tempfile::tempdir().unwrap();
    let wt = other.path().join("wt");
    t.git(&["worktree", "add", "-q", "-b", BRANCH, wt.to_str().unwrap()]);
    let tip = t.rev(BRANCH);

    // From the main worktree, the branch of the linked one.
    let repo = t.open();
    let err = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap_err();
    match &err {
        GitError::BranchCheckedOut { worktree, .. } => {
            assert_eq!(worktree.canonicalize().unwrap(), wt.canonicalize().unwrap());
        }
        other => panic!("expected BranchCheckedOut, got {other:?}"),
    }
    assert_eq!(t.rev(BRANCH), tip);

    // From the linked worktree, the main worktree's branch.
    let linked = Repo::open(&wt).unwrap();
    assert_eq!(
        linked.root().canonicalize().unwrap(),
        wt.canonicalize().unwrap()
    );
    let base = linked.base(None, "main").unwrap();
    let changes = super::support::changes(&[("a.py", "import importlib\n")]);
    let err = linked
        .commit(&crate::git::CommitRequest {
            branch: "main",
            base: &base,
            expected: base.branch_tip,
            changes: &changes,
            message: &super::support::message,
            per_file: false,
            together: &[],
        })
        .unwrap_err();
    match &err {
        GitError::BranchCheckedOut { worktree, .. } => {
            assert_eq!(
                worktree.canonicalize().unwrap(),
                t.path().canonicalize().unwrap()
            );
        }
        other => panic!("expected BranchCheckedOut, got {other:?}"),
    }

    // A free branch works from the linked worktree, without touching it.
    let before = std::fs::read(wt.join("a.py")).unwrap();
    let base = linked.base(None, "free").unwrap();
    let changes = super::support::changes(&[("a.py", "import importlib\n")]);
    linked
        .commit(&crate::git::CommitRequest {
            branch: "free",
            base: &base,
            expected: None,
            changes: &changes,
            message: &super::support::message,
            per_file: false,
            together: &[],
        })
        .unwrap();
    assert_eq!(t.git(&["show", "free:a.py"]), "import importlib\n");
    assert_eq!(std::fs::read(wt.join("a.py")).unwrap(), before);
}

#[test]
fn a_locked_branch_is_refused() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n")]);
    let repo = t.open();
    let lock = t.path().join(".git/refs/heads/canon/migration.lock");
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(&lock, "").unwrap();

    let err = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap_err();
    match &err {
        GitError::BranchLocked {
            branch,
            lock: reported,
        } => {
            assert_eq!(branch, BRANCH);
            assert_eq!(
                reported.canonicalize().unwrap(),
                lock.canonicalize().unwrap()
            );
        }
        other => panic!("expected BranchLocked, got {other:?}"),
    }
    assert!(err.to_string().contains("locked"), "{err}");
    assert_eq!(repo.branch_tip(BRANCH).unwrap(), None);

    std::fs::remove_file(&lock).unwrap();
    commit(&repo, &[("a.py", "import importlib\n")], false).unwrap();
}

#[test]
fn a_symbolic_ref_branch_is_refused_naming_its_target() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n")]);
    t.git(&[
        "symbolic-ref",
        &format!("refs/heads/{BRANCH}"),
        "refs/heads/main",
    ]);
    let repo = t.open();
    let head = t.git(&["rev-parse", "main"]);
    let err = repo.branch_tip(BRANCH).unwrap_err();
    assert!(
        matches!(&err, GitError::SymbolicBranch { target, .. } if target == "main"),
        "{err:?}"
    );
    assert!(err.to_string().contains("symbolic ref to `main`"), "{err}");
    assert_eq!(t.git(&["rev-parse", "main"]), head, "main did not move");
}

/// An existing branch `canon` made a commit to `canon/migration` fail
/// only when the ref moved, with libgit2's "could not remove directory
/// … parent is not directory"; `canon/migration/x` blocks it the same way.
#[test]
fn a_branch_blocked_by_another_branchs_name_is_refused_naming_it() {
    let t = TestRepo::with_files(&[("a.py", "import imp\n")]);
    let repo = t.open();
    for (existing, shorter) in [("canon", "canon"), ("canon/migration/x", BRANCH)] {
        t.git(&["branch", existing]);
        let before = t.git(&["rev-parse", existing]);
        let err = commit(&repo, &[("a.py", "import importlib\n")], false).unwrap_err();
        match &err {
            GitError::BranchClash {
                branch,
                existing: named,
                shorter: s,
            } => {
                assert_eq!(
                    (branch.as_str(), named.as_str(), s.as_str()),
                    (BRANCH, existing, shorter)
                );
            }
            other => panic!("expected BranchClash, got {other:?}"),
        }
        let text = err.to_string();
        assert!(
            text.starts_with(&format!(
                "branch `{BRANCH}` cannot be created because branch `{existing}` exists"
            )) && text.contains("--branch"),
            "{text}"
        );
        assert_eq!(
            t.git(&["rev-parse", existing]),
            before,
            "{existing} untouched"
        );
        assert_eq!(repo.branch_tip(BRANCH).unwrap(), None);
        t.git(&["branch", "-D", existing]);
    }
    // Neither left: the commit goes through.
    commit(&repo, &[("a.py", "import importlib\n")], false).unwrap();
}
