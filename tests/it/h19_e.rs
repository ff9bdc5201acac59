//! Hostile pass 19, helper e: a default value that differs between a
//! move's old and new function is a doctor problem (and `init` holds
//! the move back); a patch of the new path through the module object
//! (`from modern import http`, `patch.object(http, "assist")`) in a file
//! that never spells `modern.http.assist` whole is seen, and the import
//! by name that would escape it refused.

use crate::util::Project;

// ---- patches of the new path through the module object ----------------

const MOVE: &str =
    "[[move]]\nid = \"helper\"\nold = \"legacy.client.helper\"\nnew = \"modern.http.assist\"\n";

/// `legacy.client.helper` is a shim that looks `modern.http.assist` up
/// when called (through `from modern import http as _http`); `app.py`
/// imports it by name; `tests/test_app.py` (given) patches the new path.
fn patched(test: &str) -> Project {
    Project::bare()
        .file("canon.toml", MOVE)
        .file("legacy/__init__.py", "")
        .file("modern/__init__.py", "")
        .file(
            "modern/http.py",
            "def assist(x):\n    return \"real:%s\" % x\n",
        )
        .file(
            "legacy/client.py",
            "import warnings\n\nfrom modern import http as _http\n\n\ndef helper(x):\n    warnings.warn(\"use modern.http.assist\", DeprecationWarning)\n    return _http.assist(x)\n",
        )
        .file(
            "app.py",
            "from legacy.client import helper\n\n\ndef run():\n    return helper(1)\n",
        )
        .file("tests/test_app.py", test)
}

fn pytest(p: &Project, context: &str) -> String {
    p.python(&["-m", "pytest", "-q", "-p", "no:cacheprovider"], context)
}

/// Before the move the tests pass (the shim's late lookup is patched);
/// `from modern.http import assist`, bound when `app` loads, would escape
/// the patch. The test file spells neither the old names nor the new path
/// whole, only the new module and the name: it is read all the same, the
/// import is refused with a note, and the tests still pass.
#[test]
fn a_patch_of_the_new_path_through_the_module_object_is_seen() {
    for test in [
        "from unittest.mock import patch\n\nfrom modern import http\n\nimport app\n\n\ndef test_run_is_mocked():\n    with patch.object(http, \"assist\", return_value=\"mocked\"):\n        assert app.run() == \"mocked\"\n",
        "import modern.http\n\nimport app\n\n\ndef test_run_is_mocked(monkeypatch):\n    monkeypatch.setattr(modern.http, \"assist\", lambda x: \"mocked\")\n    assert app.run() == \"mocked\"\n",
        "from unittest import mock\n\nimport modern.http as h\n\nimport app\n\n\n@mock.patch.object(h, \"assist\", return_value=\"mocked\")\ndef test_run_is_mocked(fake):\n    assert app.run() == \"mocked\"\n    fake.assert_called_once_with(1)\n",
        "import app\n\n\ndef test_run_is_mocked(monkeypatch):\n    from modern import http\n\n    monkeypatch.setattr(http, \"assist\", lambda x: \"mocked\")\n    assert app.run() == \"mocked\"\n",
    ] {
        let p = patched(test);
        pytest(&p, test);
        let (after, stderr) = p.apply_write("app.py");
        assert!(
            after.contains("from legacy.client import helper"),
            "{test}\n{after}\n{stderr}"
        );
        assert!(
            stderr.contains("`tests/test_app.py` (line")
                && stderr.contains("patches `modern.http.assist`")
                && stderr.contains("would no longer be intercepted"),
            "{test}\n{stderr}"
        );
        pytest(&p, &format!("{test}\n---\n{after}\n{stderr}"));
    }
}

/// Guard: a file that spells the new module and name without patching
/// (already migrated code) holds nothing back: `app.py` is moved, and the
/// tests pass after it.
#[test]
fn a_file_using_the_new_path_without_patching_it_holds_nothing_back() {
    let test = "from modern import http\n\nimport app\n\n\ndef test_run():\n    assert app.run() == http.assist(1) == \"real:1\"\n";
    let p = patched(test);
    pytest(&p, test);
    let (after, stderr) = p.apply_write("app.py");
    assert!(
        after.contains("from modern.http import assist\n"),
        "{after}\n{stderr}"
    );
    pytest(&p, &format!("{after}\n{stderr}"));
}

// ---- defaults that differ between a move's old and new function --------

/// `old.m.get` and `new.m.fetch` (given their `def` lines and what they
/// return), moved by one rule; `app.py` calls `get` leaving `timeout` out.
fn defaults(old: &str, new: &str) -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"get\"\nold = \"old.m.get\"\nnew = \"new.m.fetch\"\n",
        )
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/m.py", old)
        .file("new/m.py", new)
        .file("app.py", "from old.m import get\n\nprint(get(\"x\"))\n")
}

/// A copy of `get` whose default moved from `None` to `30`: every call
/// leaving `timeout` out gets another value once moved (the migrated
/// `app.py` prints something else), and doctor says so, a problem.
#[test]
fn doctor_reports_a_literal_default_that_differs() {
    let p = defaults(
        "def get(url, timeout=None):\n    return (url, timeout)\n",
        "def fetch(url, timeout=30):\n    return (url, timeout)\n",
    );
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(
            "`timeout` defaults to `None` in old.m.get but `30` in new.m.fetch: calls that leave it out change"
        ),
        "{}",
        out.stdout
    );
    // What the problem is about: the migrated call does change.
    let before = p.python(&["app.py"], "before");
    let (after, stderr) = p.apply_write("app.py");
    assert_ne!(p.python(&["app.py"], &after), before, "{after}\n{stderr}");
}

/// A keyword-only default, a positional-only one and a class's
/// `__init__` are compared too; a default spelled as a name is a possible
/// change when the other text differs.
#[test]
fn doctor_reports_defaults_of_every_kind_of_parameter_and_named_ones() {
    for (old, new, want) in [
        (
            "def get(url, *, retries=3):\n    return (url, retries)\n",
            "def fetch(url, *, retries=0):\n    return (url, retries)\n",
            "`retries` defaults to `3` in old.m.get but `0` in new.m.fetch: calls that leave it out change",
        ),
        (
            "def get(url, mode=\"r\", /):\n    return (url, mode)\n",
            "def fetch(url, how=\"rb\", /):\n    return (url, how)\n",
            "`how` defaults to `'r'` in old.m.get but `'rb'` in new.m.fetch",
        ),
        (
            "class get:\n    def __init__(self, url, verify=True):\n        self.verify = verify\n",
            "class fetch:\n    def __init__(self, url, verify=False):\n        self.verify = verify\n",
            "`verify` defaults to `True` in old.m.get but `False` in new.m.fetch",
        ),
        (
            "DEFAULT_TIMEOUT = 10\n\n\ndef get(url, timeout=DEFAULT_TIMEOUT):\n    return (url, timeout)\n",
            "def fetch(url, timeout=30):\n    return (url, timeout)\n",
            "`timeout` defaults to `DEFAULT_TIMEOUT` in old.m.get but `30` in new.m.fetch: calls that leave it out may change",
        ),
    ] {
        let p = defaults(old, new);
        let out = p.run(&["doctor", "."]);
        assert_eq!(out.code, 1, "{old}{new}{}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains(want), "{old}{new}{}", out.stdout);
    }
}

/// Guards: the same default however it is laid out (a comment, line
/// breaks, the other quotes), and the same name in both, are no problem.
#[test]
fn the_same_default_written_otherwise_is_no_problem() {
    for (old, new) in [
        (
            "def get(url, headers={\"accept\": \"json\"}, timeout=None):\n    return (url, headers, timeout)\n",
            "def fetch(\n    url,\n    headers={  # what the API answers\n        'accept': 'json',\n    },\n    timeout=None,\n):\n    return (url, headers, timeout)\n",
        ),
        (
            "from new.m import DEFAULT_TIMEOUT\n\n\ndef get(url, timeout=DEFAULT_TIMEOUT):\n    return (url, timeout)\n",
            "DEFAULT_TIMEOUT = 30\n\n\ndef fetch(url, timeout=DEFAULT_TIMEOUT):\n    return (url, timeout)\n",
        ),
    ] {
        let p = defaults(old, new);
        let out = p.run(&["doctor", "."]);
        assert_eq!(out.code, 0, "{old}{new}{}{}", out.stdout, out.stderr);
    }
}

/// `canon init` writes a move doctor finds a problem with commented out,
/// with the reason: a deprecated `get` forwarding to `fetch` whose
/// default differs is held back, saying which default.
#[test]
fn init_holds_back_a_move_whose_default_differs() {
    let p = Project::bare()
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/m.py",
            "import warnings\n\nfrom new.m import fetch\n\n\ndef get(url, timeout=None):\n    warnings.warn(\"use new.m.fetch\", DeprecationWarning)\n    return fetch(url, timeout)\n",
        )
        .file(
            "new/m.py",
            "def fetch(url, timeout=30):\n    return (url, timeout)\n",
        );
    let out = p.run(&["init", "."]);
    let toml = std::fs::read_to_string(p.path().join("canon.toml")).expect(&out.stderr);
    assert!(
        toml.contains("# old = \"old.m.get\"")
            && toml.contains("`timeout` defaults to `None` in old.m.get but `30` in new.m.fetch"),
        "{toml}"
    );
}
