//! Hostile pass 19, helper d: old paths in code that runs which canon
//! never rewrites (a module's doctests, Markdown's Python blocks) are
//! mentions that keep the old definition in use; `mock.patch`'s
//! `module:attr` target follows a move as its dotted form does.

use crate::util::Project;

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

/// `old.mod.helper` returns `("old", x)`, `new.mod.assist` `("new", x)`.
fn project(config: &str) -> Project {
    crate::util::moved_pair(
        config,
        "def helper(x):\n    return (\"old\", x)\n",
        "def assist(x):\n    return (\"new\", x)\n",
    )
}

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

/// A module whose only uses of `old.mod.helper` are in its doctests: a
/// `from` import in one, `import old.mod` then the dotted call in another.
const DOCTESTS: &str = r#""""Arithmetic helpers."""


def add_one(x):
    """Add one.

    >>> from old.mod import helper
    >>> helper(1)
    ('old', 1)
    """
    return x + 1


def also(x):
    """Also.

    >>> import old.mod
    >>> old.mod.helper(2)
    ('old', 2)
    """
    return x
"#;

/// A docstring's doctest importing the old name got no finding (the
/// dotted call only a docstring mention), and `status` called the old
/// definition ready to delete: deleting it broke `python -m doctest`.
/// Both lines are mentions now, never rewritten, and the definition stays.
#[test]
fn a_doctest_in_a_module_is_a_mention_and_keeps_the_definition() {
    let p = project(MOVE).file("calc.py", DOCTESTS).git_init();
    p.python(&["-m", "doctest", "calc.py"], "the doctests pass before");
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    for at in [
        "calc.py:7:14: m a doctest example",
        "calc.py:18:9: m a doctest example",
    ] {
        assert!(check.stdout.contains(at), "{at}:\n{}", check.stdout);
    }
    let status = p.run(&["status", "."]);
    assert!(
        !status.stdout.contains("ready to delete (no users left)"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("calc.py:7 (used by code that runs")
            && status.stdout.contains("calc.py:18 (used by code that runs"),
        "{}",
        status.stdout
    );
    let (text, stderr) = p.apply_write("calc.py");
    assert_eq!(text, DOCTESTS, "{stderr}");
    p.python(&["-m", "doctest", "calc.py"], "the doctests pass after");
}

const README: &str = r#"# calc

```python
from old.mod import helper
print(helper(1))
```

- In a list item:

  ~~~py
  import old.mod as m
  print(m.helper(2))
  ~~~

Not code:

```text
from old.mod import helper
```
"#;

/// The fenced Python blocks of `text`, in order (as the test reads them).
fn python_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        let t = line.trim_start();
        match &mut block {
            Some(b) if t.starts_with("```") || t.starts_with("~~~") => {
                out.push(std::mem::take(b));
                block = None;
            }
            Some(b) => {
                b.push_str(t);
                b.push('\n');
            }
            None if t == "```python" || t == "~~~py" => block = Some(String::new()),
            None => {}
        }
    }
    out
}

/// A README's fenced Python blocks (which `pytest-markdown-docs` or
/// `mktestdocs` run) importing the old name got no finding, and `status`
/// called the definition ready to delete. Their imports and the chains
/// through them are mentions now; a `text` block is not code.
#[test]
fn python_blocks_in_markdown_are_mentions_and_keep_the_definition() {
    let p = project(MOVE).file("README.md", README).git_init();
    let blocks = python_blocks(README);
    assert_eq!(blocks.len(), 2);
    let ran: Vec<String> = (blocks.iter())
        .map(|b| p.python(&["-c", b], "the README's block runs"))
        .collect();
    assert_eq!(ran, ["('old', 1)\n", "('old', 2)\n"]);
    let lines = p.finding_lines();
    assert_eq!(
        lines,
        [
            "README.md:4:6 m mention",
            "README.md:12:9 m mention",
            "old/mod.py:1:5 m move"
        ],
        "{lines:?}"
    );
    let status = p.run(&["status", "."]);
    assert!(
        !status.stdout.contains("ready to delete (no users left)"),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("README.md:4 (used by code that runs"),
        "{}",
        status.stdout
    );
}

const MOVE_CLIENT: &str =
    "[[move]]\nid = \"c\"\nold = \"old.mod.Client\"\nnew = \"new.mod.Client\"\n";

const SERVICE: &str =
    "from old.mod import Client\n\n\ndef fetch_all():\n    return Client().fetch()\n";

const SERVICE_TEST: &str = r#"from unittest import mock

import service


@mock.patch("old.mod:Client.fetch", return_value="fake")
def test_fetch(fetch):
    assert service.fetch_all() == "fake", service.fetch_all()


def test_options():
    with mock.patch.dict("old.mod:Client.options", {"retries": 3}):
        assert service.Client.options == {"retries": 3}, service.Client.options


if __name__ == "__main__":
    test_fetch()
    test_options()
    print("ok")
"#;

/// `mock.patch` hands what comes before its target's last dot to
/// `pkgutil.resolve_name`, and `mock.patch.dict` its whole target, so
/// both take the `module:attr` spelling. Canon left such a target on the
/// old path while it moved the code under test: the patch missed and the
/// test failed. It follows the move now, colon kept; a colon after the
/// last dot (`patch("old.mod:Client")`, which mock cannot resolve before
/// or after) is left alone.
#[test]
fn a_mock_patch_target_spelled_with_a_colon_follows_the_move() {
    let client =
        "class Client:\n    options = {}\n\n    def fetch(self):\n        return \"real\"\n";
    let p = Project::bare()
        .file("canon.toml", MOVE_CLIENT)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", client)
        .file("new/mod.py", client)
        .file("service.py", SERVICE)
        .file("test_service.py", SERVICE_TEST)
        .file(
            "test_broken.py",
            "from unittest import mock\n\nBROKEN = mock.patch(\"old.mod:Client\")\n",
        )
        .git_init();
    assert_eq!(
        p.python(&["test_service.py"], "the test passes before"),
        "ok\n"
    );
    let (test, stderr) = p.apply_write("test_service.py");
    assert!(
        test.contains("@mock.patch(\"new.mod:Client.fetch\", return_value=\"fake\")"),
        "{test}\n{stderr}"
    );
    assert!(
        test.contains("mock.patch.dict(\"new.mod:Client.options\""),
        "{test}"
    );
    assert_eq!(
        read(&p, "service.py"),
        "from new.mod import Client\n\n\ndef fetch_all():\n    return Client().fetch()\n"
    );
    assert!(read(&p, "test_broken.py").contains("mock.patch(\"old.mod:Client\")"));
    assert_eq!(
        p.python(&["test_service.py"], "the test passes after"),
        "ok\n"
    );
}
