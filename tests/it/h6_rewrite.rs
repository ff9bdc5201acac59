//! Hostile pass 6: rewrites that must keep what the code does — a fix that
//! pastes a capture twice, forward-reference strings a renaming move must
//! follow, and the old symbol reached through `getattr` or
//! `importlib.import_module`. Each migrated project is run.

use crate::util::Project;

/// `old.mod.get` and its new home `new.mod.fetch`, with `rules` as canon.toml.
fn get_project(rules: &str) -> Project {
    Project::bare()
        .file("canon.toml", rules)
        .file("old/__init__.py", "")
        .file("old/mod.py", "def get(k):\n    return k\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def fetch(k):\n    return k\n")
}

fn read(p: &Project, path: &str) -> String {
    std::fs::read_to_string(p.path().join(path)).unwrap()
}

const GET_TWICE: &str = "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.get}($K)\"\nfix = \"{new.mod.fetch}($K) if $K is not None else None\"\n";

/// A fix that spells its capture twice pasted `next(it)` twice:
/// `fetch(next(it)) if next(it) is not None else None` advanced the
/// iterator twice a call, and the program read (2, 4) for (1, 2). Now a
/// capture that may have effects is not duplicated (the match is left, with
/// the reason); a name or a literal still is. Since hostile pass 13 an
/// attribute of an object (`cfg.key`) may be a property run each time, so
/// it is left as well.
#[test]
fn a_fix_that_uses_a_capture_twice_does_not_evaluate_a_call_twice() {
    let a = "from old.mod import get\n\nit = iter([1, 2, 3, 4])\na = get(next(it))\nb = get(next(it))\nassert (a, b) == (1, 2), (a, b)\n";
    let pure = "import types\nfrom old.mod import get\n\ncfg = types.SimpleNamespace(key=7)\nk = 3\nassert get(k) == 3\nassert get(cfg.key) == 7\nassert get(-1) == -1\nassert get(None) is None\nassert get(\"x\") == \"x\"\n";
    let p = get_project(GET_TWICE).file("a.py", a).file("b.py", pure);
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr
            .contains("the fix uses `$K` twice, and `next(it)` may have side effects"),
        "{}",
        diff.stderr
    );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(read(&p, "a.py"), a, "the calls are left for a human");
    let b = read(&p, "b.py");
    for fixed in [
        "fetch(k) if k is not None else None",
        "fetch(-1) if (-1) is not None else None",
        "fetch(\"x\") if \"x\" is not None else None",
    ] {
        assert!(b.contains(fixed), "{fixed} in:\n{b}");
    }
    assert!(b.contains("assert get(cfg.key) == 7"), "{b}");
    assert!(
        diff.stderr
            .contains("the fix uses `$K` twice, and `cfg.key` may have side effects"),
        "{}",
        diff.stderr
    );
    p.python(&["a.py"], "the iterator is advanced once a call");
    p.python(&["b.py"], "the side-effect-free captures are rewritten");
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
}

/// The same for a capture the fix leaves out: `{new.mod.fetch}()` for
/// `get(log_and_key())` would no longer make the call.
#[test]
fn a_fix_that_drops_a_capture_does_not_drop_a_call() {
    let rules = "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.get}($K)\"\nfix = \"{new.mod.fetch}(None)\"\n";
    let a = "from old.mod import get\n\ncalls = []\n\n\ndef key():\n    calls.append(1)\n    return 1\n\n\nget(key())\nget(calls)\nassert calls == [1], calls\n";
    let p = get_project(rules).file("a.py", a);
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let got = read(&p, "a.py");
    assert!(got.contains("get(key())"), "{got}");
    assert!(got.contains("fetch(None)"), "{got}");
    p.python(&["a.py"], "key() is still called once");
}

/// A renaming move `old.mod.Make` → `new.mod.Create` renamed the import and
/// the annotation `"Make"` but not the forward references that `typing`'s
/// calls take where an annotation would be: `TypeVar("T", bound="Make")`
/// and `cast("Make", v)` named an unbound `Make` (pyflakes: undefined name;
/// evaluating the bound: NameError). They are renamed like annotation
/// strings now, through any spelling of `typing`; a `cast` of another
/// module's keeps its string (data).
#[test]
fn forward_references_in_typevar_and_cast_are_renamed_with_the_import() {
    let a = r#"import typing as t
from typing import Optional, TypeVar, cast

from helpers import cast as label
from old.mod import Make

T = TypeVar("T", bound="Make")
U = t.TypeVar("U", "Make", int)
V = TypeVar("V", bound=Optional["Make"])


def build() -> "Make":
    return cast("Make", Make())


def name() -> str:
    return label("Make", 1)


def target(ref):
    return eval(ref.__forward_arg__, globals())


assert target(T.__bound__) is type(build())
assert target(U.__constraints__[0]) is type(build())
assert target(t.get_args(V.__bound__)[0]) is type(build())
assert t.cast("Make", 1) == 1
assert name() == "Make"
print(type(build()).__name__)
"#;
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.Make\"\nnew = \"new.mod.Create\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "class Make:\n    pass\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "class Create:\n    pass\n")
        .file("helpers.py", "def cast(name, value):\n    return name\n")
        .file("a.py", a);
    assert_eq!(p.python(&["a.py"], "the project runs before"), "Make\n");
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let got = read(&p, "a.py");
    for renamed in [
        "TypeVar(\"T\", bound=\"Create\")",
        "t.TypeVar(\"U\", \"Create\", int)",
        "bound=Optional[\"Create\"]",
        "-> \"Create\":",
        "cast(\"Create\", Create())",
        "t.cast(\"Create\", 1)",
    ] {
        assert!(got.contains(renamed), "{renamed} in:\n{got}");
    }
    assert!(got.contains("label(\"Make\", 1)"), "{got}");
    assert!(!got.contains("import Make"), "{got}");
    assert_eq!(
        p.python(&["a.py"], "the forward references resolve"),
        "Create\n"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// `old.mod.make` and its new home `new.mod.create`.
fn make_project() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n",
        )
        .file("old/__init__.py", "")
        .file(
            "old/mod.py",
            "def make():\n    return \"old\"\n\n\ndef other():\n    return \"other\"\n",
        )
        .file("new/__init__.py", "")
        .file("new/mod.py", "def create():\n    return \"new\"\n")
}

/// `getattr(old.mod, "make")()` and `importlib.import_module("old.mod").make()`
/// reach the old symbol with the module and the name apart, so no
/// reference resolved to it: `check` was clean while the code still called
/// the deprecated function. Each such lookup is a violation now;
/// `import_module("old.mod").make` is rewritten (see below), the rest is
/// left for a human (`vars(m)["make"]`, `__import__(…, fromlist=…)`, an
/// aliased module, `getattr(import_module(…), …)`, a relative name). A
/// lookup of another name, or on a module that is not the old one, is not.
#[test]
fn lookups_of_the_old_symbol_by_name_fail_check() {
    let c = "import old.mod\nimport old.mod as om\n\nr = getattr(old.mod, \"make\")()\ns = vars(om)[\"make\"]()\nt = getattr(old.mod, \"other\")()\n";
    let b = "import importlib\nfrom importlib import import_module\n\nr = importlib.import_module(\".mod\", \"old\").make()\ns = __import__(\"old.mod\", fromlist=[\"make\"]).make()\nt = getattr(import_module(\"old.mod\"), \"make\")()\nu = import_module(\"old.mod\").other()\nv = import_module(\"new.mod\").create()\n";
    let p = make_project().file("c.py", c).file("b.py", b);
    p.python(
        &[
            "-c",
            "import b, c; assert b.r == b.s == b.t == c.r == c.s == 'old'",
        ],
        "the project runs",
    );
    let lines: Vec<String> = p
        .finding_lines()
        .into_iter()
        .filter(|l| !l.starts_with("old/"))
        .collect();
    crate::util::assert_lines(
        &lines,
        &[
            "b.py:4:5 m move",
            "b.py:5:5 m move",
            "b.py:6:40 m move",
            "c.py:4:23 m move",
            "c.py:5:15 m move",
        ],
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("looks up `old.mod.make` by name"),
        "{}",
        check.stdout
    );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(read(&p, "c.py"), c, "left for a human");
    assert_eq!(read(&p, "b.py"), b, "left for a human");
}

/// `importlib.import_module("old.mod").make()` (however `import_module` is
/// imported) moves in one edit to `import_module("new.mod").create()`;
/// the migrated code calls the new function and `check` is clean.
#[test]
fn import_module_of_the_old_module_and_its_attribute_move_together() {
    let b = "import importlib\nfrom importlib import import_module as load\n\n\ndef run():\n    return importlib.import_module(\"old.mod\").make(), load('old.mod').make()\n\n\nprint(run(), importlib.import_module(\"old.mod\").other())\n";
    let p = make_project().file("b.py", b);
    assert_eq!(
        p.python(&["b.py"], "the project runs before"),
        "('old', 'old') other\n"
    );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let got = read(&p, "b.py");
    assert!(
        got.contains(
            "return importlib.import_module(\"new.mod\").create(), load('new.mod').create()"
        ),
        "{got}"
    );
    assert!(
        got.contains("importlib.import_module(\"old.mod\").other()"),
        "{got}"
    );
    assert_eq!(
        p.python(&["b.py"], "the migrated code calls the new function"),
        "('new', 'new') other\n"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let again = p.run(&["diff", "."]);
    assert_eq!(again.code, 0, "idempotent: {}", again.stdout);
}
