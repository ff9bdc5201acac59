//! Hostile pass 9 (use): uses of an old path canon could not see. A patch
//! target built from a module constant (`patch(TARGET + ".C")`), uses
//! through a non-import binding of the old module (`def f(mod=mod)`,
//! `m = old.mod`), a star re-export that feeds a user, and mentions in
//! `.json` and shell files.

use crate::util::Project;

const MOVE_C: &str = "[[move]]\nid = \"mvc\"\nold = \"old.mod.C\"\nnew = \"new.mod.D\"\n";

/// The old and new modules, and the rule between them.
fn modules() -> Project {
    Project::bare()
        .file("canon.toml", MOVE_C)
        .file("old/__init__.py", "")
        .file("old/mod.py", "class C:\n    tag = \"old.C\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "class D:\n    tag = \"new.D\"\n")
}

/// `patch(TARGET + ".C")`, `patch(f"{TARGET}.C")`, `"%s.C" % TARGET` and
/// `.format` with `TARGET = "old.mod"` were not read as patch targets:
/// the consumer moved to `new.mod.D` and the patches stopped intercepting,
/// with nothing said. Now each computed target is a finding, rewritten to
/// the new path spelled out, and the test still intercepts after `apply`.
#[test]
fn patch_target_built_from_a_module_constant_moves_with_the_code() {
    let test = "from unittest import mock\nimport consumer\nTARGET = \"old.mod\"\n\
                FMT = \"%s.C\"\n\
                def check():\n    \
                    with mock.patch(TARGET + \".C\") as m1:\n        assert consumer.make() is m1.return_value\n    \
                    with mock.patch(f\"{TARGET}.C\") as m2:\n        assert consumer.make() is m2.return_value\n    \
                    with mock.patch(FMT % TARGET) as m3:\n        assert consumer.make() is m3.return_value\n    \
                    with mock.patch(\"{}.C\".format(TARGET)) as m4:\n        assert consumer.make() is m4.return_value\n\
                check()\nprint(TARGET, \"ok\")\n";
    let p = modules()
        .file(
            "consumer.py",
            "import old.mod\ndef make():\n    return old.mod.C()\n",
        )
        .file("test_c.py", test);
    p.python(&["test_c.py"], "the test passes before the migration");
    let lines = p.finding_lines();
    for line in [6, 8, 10, 12] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("test_c.py:{line}:"))),
            "the computed target on line {line} is a finding: {lines:?}"
        );
    }
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = std::fs::read_to_string(p.path().join("test_c.py")).unwrap();
    assert_eq!(
        after.matches("mock.patch(\"new.mod.D\")").count(),
        4,
        "{after}"
    );
    assert!(
        after.contains("TARGET = \"old.mod\""),
        "constants stay: {after}"
    );
    assert_eq!(
        p.python(
            &["test_c.py"],
            "the patches still intercept after the migration"
        ),
        "old.mod ok\n"
    );
    assert!(
        p.finding_lines()
            .iter()
            .all(|l| !l.starts_with("test_c.py"))
    );
}

/// A use of the old module through a binding that is no import (a
/// parameter defaulting to the imported module, an alias by assignment,
/// also in a nested function) was invisible: `check` said nothing and,
/// once `a.py` moved, `status` called `old.mod.C` ready to delete, which
/// breaks both files. Now each such use is a finding with no fix that
/// says why, and `status` keeps the definition.
#[test]
fn uses_through_a_non_import_binding_of_the_old_module_are_findings() {
    let p = modules()
        .file(
            "d.py",
            "from old import mod\ndef make(mod=mod):\n    return mod.C()\nprint(make().tag)\n",
        )
        .file(
            "a2.py",
            "import old.mod\nm = old.mod\nprint(m.C.tag)\ndef inner():\n    n: object = m\n    def deeper(x=n):\n        return x.C\n    return deeper()\nprint(inner().tag)\n",
        )
        .file("a.py", "from old.mod import C\n")
        .git_init();
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for (at, name) in [
        ("d.py:3:12", "mod"),
        ("a2.py:3:7", "m"),
        ("a2.py:7:16", "x"),
    ] {
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with(at))
            .unwrap_or_else(|| panic!("{at} is a finding:\n{}", out.stdout));
        assert!(
            line.contains(&format!("`{name}` is bound to `old.mod`")) && line.contains("by hand"),
            "{line}"
        );
    }
    let json = p.run(&["check", ".", "--format", "json"]).json();
    let fixes: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "d.py" || f["path"] == "a2.py")
        .map(|f| f["fix"].clone())
        .collect();
    assert!(fixes.iter().all(|f| f.is_null()), "no fix: {json}");
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let status = p.run(&["status", "."]).stdout;
    assert!(!status.contains("ready to delete"), "{status}");
    p.python(&["d.py"], "d.py still runs");
    p.python(&["a2.py"], "a2.py still runs");
}

/// `pkg/__init__.py` does `from old.mod import *` and `u3.py` imports `C`
/// from `pkg` (and `u5.py` from `outer`, which star-imports `pkg`): once
/// `u4.py` moved, `status` called `old.mod.C` ready to delete, which
/// breaks both. Now they are uses that keep the definition.
#[test]
fn star_reexport_of_the_old_module_to_a_user_keeps_the_definition() {
    let p = modules()
        .file("pkg/__init__.py", "from old.mod import *\n")
        .file("outer.py", "from pkg import *\n")
        .file("u3.py", "from pkg import C\nprint(C.tag)\n")
        .file("u5.py", "import outer\nprint(outer.C.tag)\n")
        .file("u4.py", "from old.mod import C\nprint(C.tag)\n")
        .git_init();
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let status = p.run(&["status", "."]).stdout;
    assert!(!status.contains("ready to delete"), "{status}");
    assert!(
        status.contains("still in use") && status.contains("u3.py (") && status.contains("u5.py ("),
        "{status}"
    );
    p.python(&["u3.py"], "u3.py runs");
    p.python(&["u5.py"], "u5.py runs");
}

/// A logging `dictConfig` file names the handler class by import path
/// (`"()": "old.mod.C"`) and a shell script runs `python3 -m old.mod.C`-
/// style paths: `.json` and `.sh` files were not searched, so nothing was
/// mentioned and `status` called the class ready to delete, breaking
/// `dictConfig`. They are in the default `mentions` now.
#[test]
fn json_and_shell_files_are_searched_for_mentions_by_default() {
    let p = modules()
        .file("a.py", "from old.mod import C\n")
        .file(
            "logging.json",
            "{\"version\": 1, \"handlers\": {\"h\": {\"()\": \"old.mod.C\"}}}\n",
        )
        .file(
            "run.sh",
            "#!/bin/sh\nexec python3 -c 'import old.mod; old.mod.C' \"$@\"\n",
        )
        .git_init();
    let lines = p.finding_lines();
    for want in ["logging.json:1:", "run.sh:2:"] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(want) && l.ends_with("mention")),
            "{want} is a mention: {lines:?}"
        );
    }
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let status = p.run(&["status", "."]).stdout;
    assert!(!status.contains("ready to delete"), "{status}");
    assert!(
        status.contains("logging.json:1 (named in a text file)"),
        "{status}"
    );
}
