//! Hostile pass 19, D2 and D3: a `patch("old.mod.helper")` string and the
//! code it intercepts in the *same* file. D2: they were not linked (links
//! were made across files only), so rejecting the code in the review left
//! the patch pending and `apply` committed it alone. D3: the patch was
//! re-pointed while the same file's import it intercepts was refused
//! (`new.mod.Tools` is not a module, or `# canon: ignore`). Either way the
//! test's mock silently stopped intercepting: `9` became `('old', 3)`.

use canon::review::Decision;

use crate::util::Project;

const OLD: &str = "def helper(x):\n    return (\"old\", x)\n";
const NEW: &str = "def assist(x):\n    return (\"new\", x)\n";
const NEW_IN_CLASS: &str =
    "class Tools:\n    @staticmethod\n    def assist(x):\n        return (\"new\", x)\n";
const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
const MOVE_INTO_CLASS: &str =
    "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.Tools.assist\"\n";

/// D2's test: the call goes through the module object, looked up when
/// `run()` runs, under the patch.
const TEST_APP: &str = "from unittest import mock
import old.mod


def run():
    return old.mod.helper(3)


with mock.patch(\"old.mod.helper\", return_value=9):
    print(run())
";

fn project(new: &str, rules: &str, file: &str, text: &str) -> Project {
    Project::bare()
        .file("canon.toml", rules)
        .file("old/__init__.py", "")
        .file("old/mod.py", OLD)
        .file("new/__init__.py", "")
        .file("new/mod.py", new)
        .file(file, text)
        .git_init()
}

/// Open a review of `p`, with test_app.py selected; its three hunks (the
/// import, the call, the patch string).
fn review_test_app(p: &Project) -> crate::review::Review {
    let mut r = crate::review::open(p.path());
    for _ in 0..5 {
        if r.app.current().is_some_and(|e| e.path == "test_app.py") {
            break;
        }
        r.press("J");
    }
    let e = r.app.current().expect("a file selected");
    assert_eq!(e.path, "test_app.py");
    assert_eq!(e.review.hunks().len(), 3, "import, call, patch");
    r
}

fn decisions(r: &crate::review::Review) -> Vec<Decision> {
    let e = r.app.current().expect("a file selected");
    (e.review.hunks().iter())
        .map(|h| e.review.decision(h.id).clone())
        .collect()
}

/// What `canon apply .` committed of test_app.py, run against the
/// project's old/ and new/ packages (the file as it was when nothing was
/// committed).
fn committed_output(p: &Project) -> String {
    let out = p.run(&["apply", "."]);
    assert!(out.code <= 1, "{}", out.stderr);
    let branch = p.git(&["branch", "--list", "canon/migration"]);
    let text = match branch.trim().is_empty() {
        true => TEST_APP.to_string(),
        false => p.git(&["show", "canon/migration:test_app.py"]),
    };
    std::fs::write(p.path().join("after.py"), &text).unwrap();
    p.python(&["-W", "ignore", "after.py"], &text)
}

/// Rejecting the code (`n` on the import, which the call needs) rejects
/// the patch string that intercepts it too: nothing is left for `apply`
/// to commit alone, and the test still mocks the call.
#[test]
fn rejecting_the_code_rejects_the_same_files_patch() {
    let p = project(NEW, MOVE, "test_app.py", TEST_APP);
    assert_eq!(p.python(&["test_app.py"], "before"), "9\n");
    let mut r = review_test_app(&p);
    r.press("n");
    assert_eq!(decisions(&r), vec![Decision::Rejected; 3]);
    drop(r);
    assert_eq!(committed_output(&p), "9\n");
}

/// Accepting the patch string alone accepts the code it intercepts: the
/// commit moves both, and the mock intercepts the new call.
#[test]
fn accepting_the_patch_accepts_the_code_it_intercepts() {
    let p = project(NEW, MOVE, "test_app.py", TEST_APP);
    let mut r = review_test_app(&p);
    r.press("]]");
    assert_eq!(r.app.hunk, 2, "on the patch string's hunk");
    r.press("y");
    assert!(
        decisions(&r).iter().all(Decision::is_accepted),
        "{:?}",
        decisions(&r)
    );
    drop(r);
    assert_eq!(committed_output(&p), "9\n");
}

/// `check --fixes --format json`: the patch string's fix is in the group
/// of the code's, so a tool applying one group keeps the pair.
#[test]
fn json_fixes_put_the_patch_in_the_codes_group() {
    let p = project(NEW, MOVE, "test_app.py", TEST_APP);
    let out = p.run(&["check", "--fixes", "--format", "json", "."]);
    let json = out.json();
    let groups: Vec<(u64, u64)> = (json.as_array().unwrap().iter())
        .filter(|f| f["path"] == "test_app.py" && !f["fix"].is_null())
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["fix"]["group"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert_eq!(groups[0].1, groups[1].1, "{groups:?}");
}

/// D3's test: the import runs under the patch, in the same file.
const UNDER_PATCH: &str = "from unittest import mock
with mock.patch(\"old.mod.helper\", return_value=9):
    from old.mod import helper
    print(helper(3))
";

/// The import is refused (`new.mod.Tools` is not a module, so it cannot
/// be imported from): the patch that intercepts it stays on the old path.
#[test]
fn a_refused_import_under_the_patch_holds_the_patch() {
    let p = project(NEW_IN_CLASS, MOVE_INTO_CLASS, "app.py", UNDER_PATCH);
    assert_eq!(p.python(&["app.py"], "before"), "9\n");
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(text, UNDER_PATCH, "{stderr}");
    assert!(
        stderr.contains("app.py:2: m: not proposed"),
        "the patch says why it stays: {stderr}"
    );
    assert_eq!(p.python(&["app.py"], "after"), "9\n");
}

/// The same with the import kept by `# canon: ignore`.
#[test]
fn an_ignored_import_under_the_patch_holds_the_patch() {
    let text = UNDER_PATCH.replace(
        "from old.mod import helper\n",
        "from old.mod import helper  # canon: ignore\n",
    );
    let p = project(NEW, MOVE, "app.py", &text);
    let (after, stderr) = p.apply_write("app.py");
    assert_eq!(after, text, "{stderr}");
    assert_eq!(p.python(&["app.py"], "after"), "9\n");
}

/// Not held when nothing stays: the import under the patch moves with the
/// patch, and the mock still intercepts the call.
#[test]
fn an_import_under_the_patch_that_moves_takes_the_patch_along() {
    let p = project(NEW, MOVE, "app.py", UNDER_PATCH);
    let (text, stderr) = p.apply_write("app.py");
    assert!(
        text.contains("mock.patch(\"new.mod.assist\""),
        "{text}\n{stderr}"
    );
    assert!(
        text.contains("from new.mod import assist"),
        "{text}\n{stderr}"
    );
    assert_eq!(p.python(&["app.py"], "after"), "9\n");
}
