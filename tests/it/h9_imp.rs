//! Hostile pass 9: the import a `rewrite` rule's fix needs goes where the
//! import it replaces was (inside a `try/except ImportError` or `if` guard,
//! after the `sys.path` setup it depends on), and the migrated code runs
//! the same whether the guard is taken or not.

use crate::util::Project;

const RULE: &str =
    "[[rewrite]]\nid = \"rw\"\npattern = \"{old.mod.f}($X)\"\nfix = \"{new.mod.g}(user=$X)\"\n";

/// `old` and `new` under `lib/`, reachable only once `lib` is on `sys.path`;
/// `with.py` runs `module` with them (the guard taken), `without.py` without.
fn guarded(module: &str, text: &str) -> Project {
    let with = format!("import sys\nsys.path.insert(0, \"lib\")\nimport {module}\n");
    Project::bare()
        .file("canon.toml", RULE)
        .file("lib/old/__init__.py", "")
        .file(
            "lib/old/mod.py",
            "def f(x):\n    return (\"old.f\", x)\n\n\ndef h():\n    return \"old.h\"\n",
        )
        .file("lib/new/__init__.py", "")
        .file(
            "lib/new/mod.py",
            "def g(user):\n    return (\"new.g\", user)\n\n\ndef k():\n    return \"new.k\"\n",
        )
        .file(&format!("{module}.py"), text)
        .file("with.py", with)
        .file("without.py", format!("import {module}\n"))
}

fn apply(p: &Project) {
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

#[test]
fn an_import_a_rewrite_adds_stays_inside_the_try_except_import_error_guard() {
    let src = "try:\n    from old.mod import f as ff, h\n    r = ff(1), h()\nexcept ImportError:\n    r = None\nprint(r)\n";
    let p = guarded("opt", src);
    assert_eq!(
        p.python(&["with.py"], "before"),
        "(('old.f', 1), 'old.h')\n"
    );
    apply(&p);
    assert_eq!(
        read(&p, "opt.py"),
        "try:\n    from old.mod import h\n    from new.mod import g\n    r = g(user=1), h()\nexcept ImportError:\n    r = None\nprint(r)\n"
    );
    assert_eq!(
        p.python(&["with.py"], "guard taken"),
        "(('new.g', 1), 'old.h')\n"
    );
    assert_eq!(p.python(&["without.py"], "fallback"), "None\n");
}

#[test]
fn an_import_a_rewrite_adds_stays_under_the_if_that_guarded_the_old_one() {
    // An import of the new module elsewhere is not merged into: it would
    // hoist the name out of the guard.
    let src = "import sys\n\nif \"lib\" in sys.path:\n    from old.mod import f\n    print(f(2))\nelse:\n    print(\"skip\")\n\nprint(\"done\")\n\n\ndef later():\n    if \"lib\" in sys.path:\n        from new.mod import k\n        return k()\n";
    let p = guarded("plat", src);
    apply(&p);
    let got = read(&p, "plat.py");
    assert!(
        got.starts_with("import sys\n\nif \"lib\" in sys.path:\n    from new.mod import g\n    print(g(user=2))\nelse:\n"),
        "{got}"
    );
    assert_eq!(
        p.python(&["with.py"], "guard taken"),
        "('new.g', 2)\ndone\n"
    );
    assert_eq!(p.python(&["without.py"], "fallback"), "skip\ndone\n");
}

#[test]
fn an_import_a_rewrite_adds_goes_after_the_sys_path_setup_it_needs() {
    let src = "import os\nimport sys\n\nsys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), \"..\", \"lib\"))\nfrom old.mod import f\n\nprint(f(4))\n";
    let p = guarded("unused", "").file("scripts/run.py", src);
    apply(&p);
    assert_eq!(
        read(&p, "scripts/run.py"),
        "import os\nimport sys\n\nsys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), \"..\", \"lib\"))\nfrom new.mod import g\n\nprint(g(user=4))\n"
    );
    assert_eq!(p.python(&["scripts/run.py"], "after"), "('new.g', 4)\n");
}

#[test]
fn a_name_imported_by_a_try_import_and_its_except_twin_is_left_alone_with_a_note() {
    let src = "try:\n    from old.mod import f\nexcept ImportError:\n    from old.mod import f\nprint(f(5))\n";
    let p = guarded("twins", src);
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(read(&p, "twins.py"), src, "{}", out.stderr);
    assert!(
        out.stderr.contains("bound by 2 imports here") && out.stderr.contains("add it by hand"),
        "{}",
        out.stderr
    );
    assert_eq!(p.python(&["with.py"], "after"), "('old.f', 5)\n");
}
