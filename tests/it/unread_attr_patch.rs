//! A patch through the module object under a name canon cannot read
//! (`patch.object(old.mod, NAME, …)`, `setattr(old.mod, key, fake)`, the
//! object form of `monkeypatch.setattr`): the uses moved off `old.mod`
//! and the patch stopped reaching them (the code returned the real
//! `assist` instead of the fake). Any attribute of the module may be the
//! one patched, so the uses of each stay.

use crate::util::moved_pair;

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
const OLD: &str = "from new.mod import assist\n\n\ndef helper(x):\n    return assist(x)\n";
const NEW: &str = "def assist(x):\n    return 'assist:%s' % x\n";
const RUN: &str = "import app; print(app.out())";

#[test]
fn uses_stay_with_a_patch_of_the_module_under_an_unread_name() {
    let fake_monkeypatch = "class _MP:\n    def setattr(self, o, n, v):\n        setattr(o, n, v)\n\n\nmonkeypatch = _MP()\n";
    let patches = [
        "    with mock.patch.object(old.mod, NAME, lambda x: 'p'):\n        return old.mod.helper(1), helper(2)\n",
        "    setattr(old.mod, NAME, lambda x: 'p')\n    return old.mod.helper(1), helper(2)\n",
        "    monkeypatch.setattr(old.mod, NAME, lambda x: 'p')\n    return old.mod.helper(1), helper(2)\n",
    ];
    for patch in patches {
        let app = format!(
            "from unittest import mock\nimport old.mod\nfrom old.mod import helper\n{fake_monkeypatch}NAME = 'hel' + 'per'\n\n\ndef out():\n{patch}"
        );
        let p = moved_pair(MOVE, OLD, NEW).file("app.py", &app);
        let before = p.python(&["-c", RUN], "the input runs");
        assert_eq!(before, "('p', 'assist:2')\n", "{app}");
        let (text, stderr) = p.apply_write("app.py");
        assert_eq!(p.python(&["-c", RUN], &text), before, "{text}\n{stderr}");
        assert_eq!(text, app, "{stderr}");
        assert!(
            stderr.contains("patches `old.mod.helper`, and the patch stays"),
            "{stderr}"
        );
    }
}

/// An object that denotes no module (`self`), or another module, holds
/// nothing back: the move is made and the code runs as before.
#[test]
fn setattr_on_other_objects_holds_nothing() {
    let app = "import os\nfrom old.mod import helper\n\n\nclass Box:\n    def __init__(self, key):\n        setattr(self, key, 1)\n        setattr(os, 'canon_' + key, 2)\n\n\ndef out():\n    Box('k')\n    return helper(1)\n";
    let p = moved_pair(MOVE, OLD, NEW).file("app.py", app);
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(
        text,
        app.replace("from old.mod import helper", "from new.mod import assist")
            .replace("helper(1)", "assist(1)"),
        "{stderr}"
    );
    assert_eq!(p.python(&["-c", RUN], &text), "assist:1\n");
}
