//! Hostile pass 18, defects 01 and 05: a function set on a class after its
//! body (`Service.h = helper`, `setattr(…)`, a class decorator) moved to
//! something that does not bind; doctor's check that old calls fit the
//! new signature, by position and by what they may leave out.

use crate::doctor::says;
use crate::util::Project;

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

/// `old.mod.helper(owner)`, moved to `new.mod.assist`, a
/// `functools.partial` (not a plain function: it does not bind).
fn partial_project(app: &str) -> Project {
    Project::bare()
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/mod.py",
            "def helper(owner):\n    return (\"old\", owner)\n",
        )
        .file(
            "new/mod.py",
            "import functools\n\n\ndef _impl(owner, mode):\n    return (\"new\", owner, mode)\n\n\nassist = functools.partial(_impl, mode=1)\n",
        )
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n",
        )
        .file("app.py", app)
}

// ---- 01: a function set on a class after its body ----------------------

/// Hostile 18, defect 01: `Service.h = helper` and `setattr(Other, "k",
/// helper)` make the function a method, as `h = helper` in the body does:
/// `self.h()` passes the instance as `owner`. Moved to a partial, the
/// instance was lost (TypeError), and doctor said 0 problems. Now doctor
/// reports it and the file's uses stay, with a note; a plain call in
/// another file still moves.
#[test]
fn a_function_set_on_a_class_after_its_body_is_not_moved_to_a_partial() {
    let app = "from old.mod import helper\n\n\nclass Service:\n    def go(self):\n        return self.h()\n\n\nService.h = helper\n\n\nclass Other:\n    def go(self):\n        return self.k()\n\n\nsetattr(Other, \"k\", helper)\ns = Service()\no = Other()\nprint(s.go()[1] is s, o.go()[1] is o)\n";
    let p = partial_project(app).file(
        "plain.py",
        "from old.mod import helper\n\nprint(helper(\"x\")[1])\n",
    );
    let before = p.python(&["app.py"], "before");
    assert_eq!(before, "True True\n");
    let doctor = p.run(&["doctor", "."]);
    assert_eq!(doctor.code, 1, "{}", doctor.stdout);
    says(
        &doctor,
        "app.py:9 stores it as an attribute of what may be a class (`Service.h = helper`), where a function is a method",
    );
    says(&doctor, "(and 1 more)");
    let (after, stderr) = p.apply_write("app.py");
    assert_eq!(after, app, "{stderr}");
    assert!(
        stderr
            .contains("sets on what may be a class `old.mod.helper` (a function) as an attribute"),
        "{stderr}"
    );
    assert_eq!(p.python(&["app.py"], "after"), before);
    let plain = read(&p, "plain.py");
    assert!(plain.contains("from new.mod import assist"), "{plain}");
    assert_eq!(p.python(&["plain.py"], "plain"), "x\n");
}

/// A class decorator that sets the function on the class it is given
/// (`cls.hook = helper`), and a `setattr` there: `cls` may be a class.
#[test]
fn a_class_decorator_setting_the_function_on_its_class_holds_the_move() {
    let app = "from old.mod import helper\n\n\ndef with_hook(cls):\n    cls.hook = helper\n    return cls\n\n\ndef with_tag(cls):\n    setattr(cls, \"tag\", (helper))\n    return cls\n\n\n@with_hook\n@with_tag\nclass Job:\n    def run(self):\n        return self.hook()[1] is self, self.tag()[1] is self\n\n\nprint(Job().run())\n";
    let p = partial_project(app);
    let before = p.python(&["app.py"], "before");
    assert_eq!(before, "(True, True)\n");
    let doctor = p.run(&["doctor", "."]);
    assert_eq!(doctor.code, 1, "{}", doctor.stdout);
    says(
        &doctor,
        "app.py:5 stores it as an attribute of what may be a class (`cls.hook = helper`)",
    );
    let (after, stderr) = p.apply_write("app.py");
    assert_eq!(after, app, "{stderr}");
    assert_eq!(p.python(&["app.py"], "after"), before);
}

/// What canon sees is no class still moves: an attribute of an instance
/// (`self.cb = helper` in a plain method) or of a module does not bind,
/// so the partial takes the same arguments there.
#[test]
fn a_function_set_on_an_instance_or_a_module_still_moves() {
    let app = "import registry\nfrom old.mod import helper\n\n\nclass Service:\n    def __init__(self):\n        self.cb = helper\n\n    def go(self):\n        return self.cb(\"arg\")\n\n\nregistry.cb = helper\nprint(Service().go()[1], registry.cb(\"r\")[1])\n";
    let p = partial_project(app).file("registry.py", "cb = None\n");
    let before = p.python(&["app.py"], "before");
    assert_eq!(before, "arg r\n");
    let doctor = p.run(&["doctor", "."]);
    assert_eq!(doctor.code, 0, "{}", doctor.stdout);
    let (after, stderr) = p.apply_write("app.py");
    assert!(
        after.contains("from new.mod import assist"),
        "{after}{stderr}"
    );
    assert!(!after.contains("helper"), "{after}");
    assert_eq!(p.python(&["app.py"], "after"), before);
}

// ---- 05: old calls fit the new signature by position too ---------------

/// `old/m.py` and `new/m.py` as given, moves `(id, old, new)`, and `app.py`.
fn moves_project(old: &str, new: &str, moves: &[(&str, &str, &str)], app: &str) -> Project {
    let toml: String = (moves.iter())
        .map(|(id, o, n)| format!("[[move]]\nid = \"{id}\"\nold = \"{o}\"\nnew = \"{n}\"\n\n"))
        .collect();
    Project::bare()
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/m.py", old)
        .file("new/m.py", new)
        .file("canon.toml", toml)
        .file("app.py", app)
}

/// Hostile 18, defect 05: `get(url, timeout=None)` moved to
/// `fetch(timeout=None, url=None)`: `get("http://x", 5)` became
/// `fetch("http://x", 5)`, `timeout="http://x"`, and doctor said 0
/// problems. Now it says positional calls would bind them to other
/// parameters.
#[test]
fn doctor_reports_a_move_to_parameters_in_another_order() {
    let p = moves_project(
        "def get(url, timeout=None):\n    return (url, timeout)\n",
        "def fetch(timeout=None, url=None):\n    return (url, timeout)\n",
        &[("swap", "old.m.get", "new.m.fetch")],
        "from old.m import get\n\nprint(get(\"http://x\", 5))\n",
    );
    let before = p.python(&["app.py"], "before");
    assert_eq!(before, "('http://x', 5)\n");
    let doctor = p.run(&["doctor", "."]);
    assert_eq!(doctor.code, 1, "{}", doctor.stdout);
    says(
        &doctor,
        "rule swap: `new` fetch(timeout=…, url=…) takes its positional parameters in another order or under other names than get(url, timeout=…): a call passing them by position would bind argument 1 (`url`) to `timeout`, argument 2 (`timeout`) to `url`",
    );
    // What doctor reports is what the move does.
    p.apply_write("app.py");
    assert_ne!(p.python(&["app.py"], "after"), before);
}

/// A parameter with a default in `old` that `new` needs: an old call
/// leaving it out fails. Positional or keyword-only alike; and `init`,
/// reading the shim, holds the rule back saying so.
#[test]
fn doctor_and_init_report_an_optional_parameter_made_required() {
    let old = "import warnings\n\nfrom new.m import fetch, send\n\n\ndef get(url, timeout=None):\n    warnings.warn(\"use new.m.fetch\", DeprecationWarning, stacklevel=2)\n    return fetch(url, timeout)\n\n\ndef post(url, *, retries=0):\n    return send(url, retries=retries)\n";
    let new = "def fetch(url, timeout):\n    return (url, timeout)\n\n\ndef send(url, *, retries):\n    return (url, retries)\n";
    let p = moves_project(
        old,
        new,
        &[
            ("get", "old.m.get", "new.m.fetch"),
            ("post", "old.m.post", "new.m.send"),
        ],
        "from old.m import get, post\n\nprint(get(\"u\"), post(\"v\"))\n",
    );
    assert_eq!(
        p.python(&["-W", "ignore", "app.py"], "before"),
        "('u', None) ('v', 0)\n"
    );
    let doctor = p.run(&["doctor", "."]);
    assert_eq!(doctor.code, 1, "{}", doctor.stdout);
    says(
        &doctor,
        "rule get: `new` fetch(url, timeout) needs `timeout`, which get(url, timeout=…) has a default for: a call `get(…)` leaving it out would fail",
    );
    says(
        &doctor,
        "rule post: `new` send(url, *, retries) needs `retries`, which post(url, *, retries=…) has a default for",
    );
    std::fs::remove_file(p.path().join("canon.toml")).expect("rm");
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let toml = read(&p, "canon.toml");
    assert!(
        toml.contains(
            "`new` fetch(url, timeout) needs `timeout`, which get(url, timeout=…) has a default for"
        ) && toml.contains("# old = \"old.m.get\""),
        "{toml}"
    );
}

/// Shapes that do fit stay quiet: a positional-only parameter renamed
/// (no call names it), an optional parameter added at the end, the same
/// order with `*args` and keyword-only parameters. Applied, the program
/// prints what it printed.
#[test]
fn doctor_passes_moves_whose_calls_fit_by_position() {
    let p = moves_project(
        "def get(u, /, timeout=None):\n    return (u, timeout)\n\n\ndef each(first, *rest, sep=\",\"):\n    return sep.join((first,) + rest)\n",
        "def fetch(url, /, timeout=None, retries=0):\n    return (url, timeout)\n\n\ndef join(first, *rest, sep=\",\", end=\"\"):\n    return sep.join((first,) + rest) + end\n",
        &[
            ("get", "old.m.get", "new.m.fetch"),
            ("each", "old.m.each", "new.m.join"),
        ],
        "from old.m import each, get\n\nprint(get(\"http://x\", 5), get(\"y\", timeout=1), each(\"a\", \"b\", sep=\"-\"))\n",
    );
    let before = p.python(&["app.py"], "before");
    let doctor = p.run(&["doctor", "."]);
    assert_eq!(doctor.code, 0, "{}", doctor.stdout);
    let (after, stderr) = p.apply_write("app.py");
    assert!(after.contains("from new.m import"), "{after}{stderr}");
    assert_eq!(p.python(&["app.py"], "after"), before);
}
