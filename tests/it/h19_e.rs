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
