//! Reading: open, base(), tree_files(), read_blob(), branch_tip, fork_point.

use super::support::{BRANCH, TestRepo, commit};
use crate::git::{GitError, Repo, TreeFile};

fn short(id: git2::Oid) -> String {
    id.to_string()[..7].to_string()
}

#[test]
fn open_from_a_subfolder_finds_the_root() {
    let t = TestRepo::with_files(&[("pkg/mod.py", "x = 1\n")]);
    let repo = Repo::open(&t.path().join("pkg")).unwrap();
    assert_eq!(
        repo.root().canonicalize().unwrap(),
        t.path().canonicalize().unwrap()
    );
    let again = repo.reopen().unwrap();
    assert_eq!(again.root(), repo.root());
}

#[test]
fn base_is_head_when_the_branch_does_not_exist() {
    let t = TestRepo::with_files(&[("a.py", "import os\n")]);
    let head = t.rev("HEAD");
    let base = t.open().base(None, BRANCH).unwrap();
    assert_eq!(base.commit, head);
    assert_eq!(base.tree, t.rev("HEAD^{tree}"));
    assert!(!base.branch_exists);
    assert_eq!(base.branch_tip, None);
    assert_eq!(base.describe, format!("HEAD ({})", short(head)));
}

#[test]
fn base_is_the_branch_tip_when_the_branch_exists() {
    let t = TestRepo::with_files(&[("a.py", "import os\n")]);
    let first = t.rev("HEAD");
    t.write("a.py", b"import sys\n");
    t.commit_all("second");
    t.git(&["branch", BRANCH, &first.to_string()]);

    let base = t.open().base(None, BRANCH).unwrap();
    assert_eq!(base.commit, first);
    assert_eq!(base.tree, t.rev(&format!("{first}^{{tree}}")));
    assert!(base.branch_exists);
    assert_eq!(base.branch_tip, Some(first));
    assert_eq!(base.describe, format!("{BRANCH} ({})", short(first)));
}

#[test]
fn base_rev_wins_over_branch_and_head() {
    let t = TestRepo::with_files(&[("a.py", "import os\n")]);
    let first = t.rev("HEAD");
    t.git(&["tag", "v1"]);
    t.write("a.py", b"import sys\n");
    let second = t.commit_all("second");
    t.git(&["branch", BRANCH]);
    let repo = t.open();

    let base = repo.base(Some("HEAD~1"), BRANCH).unwrap();
    assert_eq!(base.commit, first);
    assert_eq!(base.describe, format!("HEAD~1 ({})", short(first)));
    // The branch is still reported, for the compare-and-swap.
    assert_eq!(base.branch_tip, Some(second));

    // An annotated or lightweight tag peels to its commit.
    t.git(&["tag", "-a", "-m", "annotated", "v1a", "v1"]);
    assert_eq!(repo.base(Some("v1a"), BRANCH).unwrap().commit, first);

    // Each says why in words of git, not libgit2's ("revspec … not
    // found", "parent 0 does not exist", "can not be successfully peeled
    // … (git_object_t=2)").
    for (bad, why) in [
        ("no-such-rev", "no branch, tag or commit has that name"),
        ("HEAD~5", "the history does not go back that far"),
        ("HEAD^{tree}", "it names a tree, not a commit"),
        ("HEAD:a.py", "it names a blob, not a commit"),
    ] {
        match repo.base(Some(bad), BRANCH) {
            Err(e @ GitError::BadRevision { .. }) => assert_eq!(
                e.to_string(),
                format!("`{bad}` does not name a commit in this repository: {why}")
            ),
            other => panic!("{bad}: expected BadRevision, got {other:?}"),
        }
    }
}

#[test]
fn detached_head_is_a_fine_base() {
    let t = TestRepo::with_files(&[("a.py", "import os\n")]);
    let first = t.rev("HEAD");
    t.write("a.py", b"import sys\n");
    t.commit_all("second");
    t.git(&["checkout", "-q", "--detach", &first.to_string()]);

    let repo = t.open();
    assert_eq!(repo.head_commit().unwrap(), Some(first));
    let base = repo.base(None, BRANCH).unwrap();
    assert_eq!(base.commit, first);
    assert_eq!(base.describe, format!("HEAD ({})", short(first)));
    // And committing from a detached HEAD works: the branch forks there.
    let ids = commit(&repo, &[("a.py", "import pathlib\n")], false).unwrap();
    assert_eq!(t.rev(&format!("{}^", ids[0])), first);
    assert_eq!(t.git(&["rev-parse", "HEAD"]).trim(), first.to_string());
}

#[test]
fn tree_files_lists_every_blob_sorted_with_modes() {
    let t = TestRepo::with_files(&[
        ("z.py", "z = 1\n"),
        ("pkg/sub/deep.py", "d = 1\n"),
        ("pkg/__init__.py", ""),
        ("pkg-a.py", "a = 1\n"),
        ("run.py", "print(1)\n"),
    ]);
    t.make_executable("run.py");
    std::os::unix::fs::symlink("z.py", t.path().join("link.py")).unwrap();
    t.commit_all("exec and link");

    let repo = t.open();
    let base = repo.base(None, BRANCH).unwrap();
    let files = repo.tree_files(&base).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "link.py",
            "pkg-a.py",
            "pkg/__init__.py",
            "pkg/sub/deep.py",
            "run.py",
            "z.py"
        ]
    );

    // Same ids and modes as `git ls-tree -r`.
    let listed = t.ls_tree("HEAD");
    for file in &files {
        let (mode, id) = &listed[&file.path];
        assert_eq!(format!("{:06o}", file.mode), *mode, "{}", file.path);
        assert_eq!(file.id, *id, "{}", file.path);
    }
    let mode_of = |path: &str| files.iter().find(|f| f.path == path).unwrap().clone();
    assert_eq!(mode_of("run.py").mode, 0o100755);
    assert!(mode_of("run.py").is_regular());
    let link: TreeFile = mode_of("link.py");
    assert_eq!(link.mode, 0o120000);
    assert!(!link.is_regular());
}

#[test]
fn read_blob_returns_crlf_bytes_exactly() {
    let crlf = "import os\r\nprint(os.sep)\r\n";
    let t = TestRepo::with_files(&[("win.py", crlf)]);
    let repo = t.open();
    let base = repo.base(None, BRANCH).unwrap();
    let file = &repo.tree_files(&base).unwrap()[0];
    assert_eq!(repo.read_blob(file.id).unwrap(), crlf.as_bytes());
    assert_eq!(
        t.git_bytes(&["cat-file", "blob", &file.id.to_string()]),
        crlf.as_bytes()
    );
}

#[test]
fn branch_tip_and_fork_point() {
    let t = TestRepo::with_files(&[("a.py", "import os\n"), ("b.py", "import os\n")]);
    let fork = t.rev("HEAD");
    let repo = t.open();
    assert_eq!(repo.branch_tip(BRANCH).unwrap(), None);
    assert_eq!(repo.fork_point(BRANCH).unwrap(), None);

    let ids = commit(&repo, &[("a.py", "import sys\n")], false).unwrap();
    assert_eq!(repo.branch_tip(BRANCH).unwrap(), Some(ids[0]));
    assert_eq!(repo.fork_point(BRANCH).unwrap(), Some(fork));

    // main moves on; the fork point stays.
    t.write("b.py", b"import sys\n");
    let head = t.commit_all("main moves");
    assert_eq!(repo.head_commit().unwrap(), Some(head));
    assert_eq!(repo.fork_point(BRANCH).unwrap(), Some(fork));
    assert_eq!(
        t.git(&["merge-base", BRANCH, "HEAD"]).trim(),
        fork.to_string()
    );

    // Unrelated history: no fork point.
    t.git(&["checkout", "-q", "--orphan", "island"]);
    t.git(&["commit", "-q", "-m", "island"]);
    assert_eq!(repo.fork_point(BRANCH).unwrap(), None);
}

#[test]
fn unborn_head_has_no_commit_and_base_says_so() {
    let t = TestRepo::with_files(&[("a.py", "import os\n")]);
    t.git(&["checkout", "-q", "--orphan", "fresh"]);
    let repo = t.open();
    assert_eq!(repo.head_commit().unwrap(), None);
    match repo.base(None, BRANCH) {
        Err(GitError::UnbornHead { branch }) => assert_eq!(branch, "fresh"),
        other => panic!("expected UnbornHead, got {other:?}"),
    }
    // An explicit base still works.
    assert!(repo.base(Some("main"), BRANCH).is_ok());
}
