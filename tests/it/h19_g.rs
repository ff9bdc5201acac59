//! Hostile pass 19, helper g: a class body that binds a name anywhere
//! loads it by `LOAD_NAME` (the class namespace, then the globals), never
//! from a function around the class (defect D1); a rewrite whose fix
//! writes what a move moves away is a config error (defect D10).

use crate::util::Project;

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

/// `old.mod.helper` and `new.mod.assist` tell which one ran; `app.py` is
/// given.
fn project(rules: &str, app: &str) -> Project {
    Project::bare()
        .file("canon.toml", rules)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/mod.py", "def helper(x):\n    return (\"old\", x)\n")
        .file("new/mod.py", "def assist(x):\n    return (\"new\", x)\n")
        .file("app.py", app)
}

/// Each app prints what ran: before the move it is `expected` with `old`
/// for `new`; after `apply --write` exactly `expected` (the function's
/// local import now `new.mod.assist`, every other load what it was).
fn assert_migrates(cases: &[(&str, &str)]) {
    for (app, expected) in cases {
        let p = project(MOVE, app);
        let before = p.python(&["-W", "ignore", "app.py"], app);
        assert_eq!(before.trim_end(), expected.replace("new", "old"), "{app}");
        let (after_text, stderr) = p.apply_write("app.py");
        let after = p.python(
            &["-W", "ignore", "app.py"],
            &format!("{app}\n---\n{after_text}\n{stderr}"),
        );
        assert_eq!(
            after.trim_end(),
            *expected,
            "{app}\n---\n{after_text}\n{stderr}"
        );
        // And the result is settled: nothing more to do, nothing flagged.
        let again = p.run(&["diff", "."]);
        assert_eq!(again.code, 0, "{after_text}\n{}", again.stdout);
    }
}

/// Hostile 19, D1: `helper = staticmethod(helper)` (or a bare `helper:
/// object`, or a binding under an `if`) in a class body inside a function
/// makes every load of `helper` in that body read the class namespace and
/// then the module's `helper`: canon renamed them along with the
/// function's local import, and they ran `new.mod.assist`. Without a
/// module-level `helper` the class body raised `NameError`, and after the
/// rename it ran. A class body that does not bind the name reads the
/// function's local, and is renamed with it.
#[test]
fn a_class_body_that_binds_a_name_loads_it_from_the_globals_not_the_function() {
    assert_migrates(&[
        (
            "helper = lambda x: (\"global\", x)\n\n\ndef f():\n    from old.mod import helper\n\n    class K:\n        h = staticmethod(helper)\n        helper = staticmethod(helper)\n\n    class L:\n        g = staticmethod(helper)\n\n    return K.h(1), K.helper(2), helper(3), L.g(4)\n\n\nprint(f())\n",
            "(('global', 1), ('global', 2), ('new', 3), ('new', 4))",
        ),
        (
            "helper = lambda x: (\"global\", x)\n\n\ndef f():\n    from old.mod import helper\n\n    class K:\n        h = staticmethod(helper)\n        helper: object\n\n    return K.h(1), helper(2)\n\n\nprint(f())\n",
            "(('global', 1), ('new', 2))",
        ),
        (
            "DEBUG = False\nhelper = lambda x: (\"global\", x)\n\n\ndef f():\n    from old.mod import helper\n\n    class K:\n        h = staticmethod(helper)\n        if DEBUG:\n            helper = staticmethod(print)\n\n    return K.h(1), helper(2)\n\n\nprint(f())\n",
            "(('global', 1), ('new', 2))",
        ),
        (
            "def f():\n    from old.mod import helper\n    try:\n        class K:\n            h = staticmethod(helper)\n            helper = 1\n    except NameError:\n        return \"NameError\", helper(1)\n    return \"ran\", K.h(1)\n\n\nprint(f())\n",
            "('NameError', ('new', 1))",
        ),
    ]);
}

/// The same through the scopes around and inside the class body: a
/// function nested in the one that imports; a class nested in the class
/// (only the one that binds the name skips the function); a comprehension
/// in the class body (its first iterable is evaluated in the class body,
/// the rest in a scope that skips the class); `nonlocal` (the function's
/// variable after all: the import keeps its name, which the declaration
/// spells, in a class body or a function) and `global` (the module's).
#[test]
fn class_body_loads_past_nested_scopes_global_and_nonlocal() {
    assert_migrates(&[
        (
            "helper = lambda x: (\"global\", x)\n\n\ndef outer():\n    from old.mod import helper\n\n    def inner():\n        class K:\n            h = staticmethod(helper)\n            helper = staticmethod(helper)\n\n        return K.h(1), helper(2)\n\n    return inner()\n\n\nprint(outer())\n",
            "(('global', 1), ('new', 2))",
        ),
        (
            "helper = lambda x: (\"global\", x)\n\n\ndef f():\n    from old.mod import helper\n\n    class K:\n        class J:\n            h = staticmethod(helper)\n            helper = 0\n\n        g = staticmethod(helper)\n\n    return K.J.h(1), K.g(2)\n\n\nprint(f())\n",
            "(('global', 1), ('new', 2))",
        ),
        (
            "helper = lambda x: (\"global\", x)\n\n\ndef f():\n    from old.mod import helper\n\n    class K:\n        firsts = [g(1) for g in (helper,)]\n        calls = [helper(i) for i in range(1)]\n        helper = staticmethod(helper)\n\n    return K.firsts[0], K.calls[0], K.helper(3), helper(2)\n\n\nprint(f())\n",
            "(('global', 1), ('new', 0), ('global', 3), ('new', 2))",
        ),
        (
            "helper = lambda x: (\"global\", x)\n\n\ndef f():\n    from old.mod import helper\n\n    class K:\n        nonlocal helper\n        h = staticmethod(helper)\n\n    return K.h(1), helper(2)\n\n\nprint(f())\n",
            "(('new', 1), ('new', 2))",
        ),
        (
            "def f():\n    from old.mod import helper\n\n    def swap():\n        nonlocal helper\n        first = helper(1)\n        helper = staticmethod(helper)\n        return first\n\n    return swap(), helper.__func__(2)\n\n\nprint(f())\n",
            "(('new', 1), ('new', 2))",
        ),
        (
            "helper = lambda x: (\"global\", x)\n\n\ndef f():\n    from old.mod import helper\n\n    class K:\n        global helper\n        h = staticmethod(helper)\n\n    return K.h(1), helper(2)\n\n\nprint(f())\n",
            "(('global', 1), ('new', 2))",
        ),
    ]);
}

// ---- D10: a rewrite whose fix writes a moved symbol ---------------------

/// Hostile 19, D10: `{new.mod.assist}($A)` → `{old.mod.helper}(x=$A)`
/// loaded, and apply wrote `old.mod.helper` back, a violation of the move
/// that every further run migrated again. The fix of a rewrite may not
/// write a symbol at or under an unscoped move's `old` (`{old.mod}.helper`
/// too, and a move of the whole module), unless its pattern matches that
/// same symbol (a signature change, which the move re-points too).
#[test]
fn a_rewrite_whose_fix_writes_a_moved_symbol_is_a_config_error() {
    let app =
        "from old.mod import helper\nfrom new.mod import assist\n\nprint(helper(1), assist(2))\n";
    for (rules, message) in [
        (
            format!(
                "{MOVE}\n[[rewrite]]\nid = \"r\"\npattern = \"{{new.mod.assist}}($A)\"\nfix = \"{{old.mod.helper}}(x=$A)\"\n"
            ),
            "canon.toml:7:6: rule `r`'s fix writes `old.mod.helper`, which rule `m` on line 2 moves to `new.mod.assist`",
        ),
        (
            format!(
                "[[rewrite]]\nid = \"r\"\npattern = \"{{new.mod.assist}}($A)\"\nfix = \"{{old.mod}}.helper(x=$A)\"\n\n{MOVE}"
            ),
            "canon.toml:2:6: rule `r`'s fix writes `old.mod.helper`, which rule `m` on line 7 moves to `new.mod.assist`",
        ),
        (
            "[[move]]\nid = \"m\"\nold = \"old.mod\"\nnew = \"new.mod\"\n\n[[rewrite]]\nid = \"r\"\npattern = \"{new.mod.assist}($A)\"\nfix = \"{old.mod.helper}(x=$A)\"\n".to_string(),
            "rule `r`'s fix writes `old.mod.helper`, which rule `m` on line 2 moves to `new.mod` (under `old.mod`)",
        ),
    ] {
        let p = project(&rules, app);
        for cmd in [
            &["doctor", "."][..],
            &["check", "."],
            &["apply", "--write", "."],
        ] {
            let out = p.run(cmd);
            assert_eq!(out.code, 2, "{rules}\n{cmd:?}: {}", out.stderr);
            assert!(
                out.stderr.contains(message),
                "{rules}\n{cmd:?}: {}",
                out.stderr
            );
        }
        assert_eq!(
            std::fs::read_to_string(p.path().join("app.py")).unwrap(),
            app
        );
    }
    // A signature change of the moved function itself loads, and applies
    // once: the call gets `x=`, the move re-points it, nothing is left.
    let rules = format!(
        "{MOVE}\n[[rewrite]]\nid = \"r\"\npattern = \"{{old.mod.helper}}($A)\"\nfix = \"{{old.mod.helper}}(x=$A)\"\n"
    );
    let p = project(&rules, app);
    let (after, stderr) = p.apply_write("app.py");
    assert!(after.contains("assist(x=1)"), "{after}\n{stderr}");
    assert_eq!(p.python(&["app.py"], &after), "('new', 1) ('new', 2)\n");
    assert_eq!(p.run(&["check", "."]).code, 0, "{after}");
    assert_eq!(p.run(&["diff", "."]).code, 0, "{after}");
}
