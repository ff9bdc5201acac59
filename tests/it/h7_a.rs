//! Hostile pass 7 (a): names a renaming move must follow that sit in
//! strings — forward references in type expressions outside annotations,
//! and same-file lookups of a module-level name by its string — and
//! `sys.modules` keys of a moved module. Each migrated project is run.

use crate::util::Project;

fn read(p: &Project, path: &str) -> String {
    std::fs::read_to_string(p.path().join(path)).unwrap()
}

/// A renaming move `old.mod.OldK` → `new.mod.K` renamed the import but not
/// the forward references of type expressions outside an annotation:
/// `A = Optional["OldK"]`, `list["OldK"]`, `X: TypeAlias = "OldK"`, so
/// `typing.get_type_hints` on a function annotated with the aliases raised
/// NameError. Subscripts of `typing`'s (any spelling), `collections.abc`'s
/// and builtin generics are type expressions now; `Literal[…]` values,
/// `Annotated` metadata, a shadowed `list` and other subscripts stay data.
#[test]
fn forward_references_in_type_aliases_are_renamed_with_the_import() {
    let main = r#"import collections.abc
import typing as t
from typing import Annotated, Dict, List, Literal, Optional, TypeAlias, get_type_hints

from old.mod import OldK

registry = {"OldK": 1}
A = Optional["OldK"]
B = List["OldK"]
C = t.Dict[str, "OldK"]
D = list["OldK"]
E = Optional[List["OldK"]]
F = collections.abc.Sequence["OldK"]
G = Annotated["OldK", "OldK"]
L = Literal["OldK"]
X: TypeAlias = "OldK"
Y: t.TypeAlias = Dict["OldK", "OldK | None"]
label: str = "OldK"


def h(a: A, b: B, c: C, d: D, e: E, f: F, g: G, x: X, y: Y, l: L):
    pass


def shadowed():
    list = {"OldK": 2}
    return list["OldK"]


hints = get_type_hints(h, include_extras=True)
assert hints["a"] == Optional[OldK], hints["a"]
assert hints["x"] is OldK
assert t.get_args(hints["y"]) == (OldK, Optional[OldK])
assert t.get_args(hints["l"]) == ("OldK",)
assert t.get_args(hints["g"])[1:] == ("OldK",)
assert registry["OldK"] == 1 and label == "OldK" and shadowed() == 2
print(sorted(hints))
"#;
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.OldK\"\nnew = \"new.mod.K\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "from new.mod import K as OldK\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "class K:\n    pass\n")
        .file("main.py", main);
    let before = p.python(&["main.py"], "the project runs before");
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let got = read(&p, "main.py");
    for renamed in [
        "from new.mod import K\n",
        "A = Optional[\"K\"]",
        "B = List[\"K\"]",
        "C = t.Dict[str, \"K\"]",
        "D = list[\"K\"]",
        "E = Optional[List[\"K\"]]",
        "F = collections.abc.Sequence[\"K\"]",
        "G = Annotated[\"K\", \"OldK\"]",
        "L = Literal[\"OldK\"]",
        "X: TypeAlias = \"K\"",
        "Y: t.TypeAlias = Dict[\"K\", \"K | None\"]",
        "registry = {\"OldK\": 1}",
        "label: str = \"OldK\"",
        "return list[\"OldK\"]",
    ] {
        assert!(got.contains(renamed), "{renamed} in:\n{got}");
    }
    assert_eq!(p.python(&["main.py"], "the hints resolve after"), before);
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// `old.mod.f` and its new home `new.mod.g` (old.mod re-exports it).
fn f_project() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.f\"\nnew = \"new.mod.g\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "from new.mod import g as f\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def g(*a):\n    return (\"g\", a)\n")
}

/// A renaming move `old.mod.f` → `new.mod.g` renamed the import and every
/// bare `f`, while the file read `f` back from its own namespace by its
/// string: `globals()["f"]`, `vars()["f"]`, `"f" in globals()` raised
/// KeyError or turned False. The same lookup from another file kept the old
/// name as an alias; the file's own now does too (with the reason), for
/// `globals()` anywhere, `vars()`/`locals()` in the scope of the import,
/// through a name given the namespace, `patch.dict(globals(), {"f": …})`,
/// and `eval`/`exec` of code that spells the name. A string equal to the
/// name that no such lookup takes is data: renamed as before.
#[test]
fn a_name_the_file_looks_up_in_its_own_namespace_keeps_its_old_name() {
    let a = r#"from unittest import mock

from old.mod import f

assert f(0) == ("g", (0,))
assert "f" in globals()
assert globals()["f"](1) == ("g", (1,))
assert vars()["f"](2) == ("g", (2,))
assert globals().get("f")(3) == ("g", (3,))


def late():
    ns = globals()
    return ns["f"](4)


assert late() == ("g", (4,))
with mock.patch.dict(globals(), {"f": lambda *a: "stub"}):
    assert f(8) == "stub"
"#;
    let b = "from old.mod import f\n\nassert eval(\"f(5)\") == (\"g\", (5,))\n";
    let c = "from old.mod import f\n\nlabel = \"f\"\nassert f(6) == (\"g\", (6,)) and label == \"f\"\nassert len(globals()) > 1\n";
    let d = "def run():\n    from old.mod import f\n\n    return locals()[\"f\"](7)\n\n\nassert run() == (\"g\", (7,))\n";
    let p = f_project()
        .file("a.py", a)
        .file("b.py", b)
        .file("c.py", c)
        .file("d.py", d);
    for f in ["a.py", "b.py", "c.py", "d.py"] {
        p.python(&[f], "the project runs before");
    }
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr.contains(
            "imported as `f`: this module's `f` must stay, this file looks it up by name (`globals()` and the string `\"f\"`)"
        ),
        "{}",
        diff.stderr
    );
    assert!(
        diff.stderr
            .contains("this file runs it by name (`eval(\"…\")`)"),
        "{}",
        diff.stderr
    );
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    for (f, text) in [("a.py", a), ("b.py", b)] {
        assert_eq!(
            read(&p, f),
            text.replace("from old.mod import f", "from new.mod import g as f")
        );
    }
    assert_eq!(
        read(&p, "d.py"),
        d.replace("from old.mod import f", "from new.mod import g as f")
    );
    let got = read(&p, "c.py");
    assert!(
        got.contains("from new.mod import g\n") && got.contains("assert g(6)"),
        "{got}"
    );
    for f in ["a.py", "b.py", "c.py", "d.py"] {
        p.python(&[f], "the namespace lookups still find the name");
    }
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// A module move `old.mod` → `new.mod` rewrote the imports and left the
/// `sys.modules` keys that name the module: `sys.modules["old.mod"]` then
/// raised KeyError, and a test's `patch.dict(sys.modules, {"old.mod":
/// fake})` stub was bypassed (the code imports `new.mod` now), silently.
/// A `sys.modules` key is an import path (SPEC §3.8): rewritten like
/// `patch("old.mod")`, in every shape (subscript, `in`, `.get`, `.pop`,
/// `patch.dict`'s dict, `"sys.modules"` spelled as a string,
/// `monkeypatch.setitem`); a dict that is not `sys.modules` keeps its key.
#[test]
fn sys_modules_keys_follow_a_module_move() {
    let a = r#"import sys
import sys as s
from sys import modules

import old.mod

assert sys.modules["old.mod"].f(1) == "real"
assert "old.mod" in sys.modules and "old.mod" in modules
assert s.modules.get("old.mod") is old.mod
registry = {"old.mod": 1}
assert registry["old.mod"] == 1
print("a")
"#;
    let b = r#"import sys
import types
from unittest import mock

fake = types.ModuleType("fake")
fake.f = lambda *a: "stub"
with mock.patch.dict(sys.modules, {"old.mod": fake}):
    import lib

    assert lib.use() == "stub", lib.use()
with mock.patch.dict("sys.modules", values={"old.mod": fake}):
    import lib

    assert lib.use() == "stub", lib.use()
print("b")
"#;
    let c = "import sys\n\n\ndef stub(monkeypatch, fake):\n    monkeypatch.setitem(sys.modules, \"old.mod\", fake)\n";
    let lib = "from old.mod import f\n\n\ndef use():\n    return f(1)\n";
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"mm\"\nold = \"old.mod\"\nnew = \"new.mod\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def f(*a):\n    return \"real\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def f(*a):\n    return \"real\"\n")
        .file("a.py", a)
        .file("b.py", b)
        .file("c.py", c)
        .file("lib.py", lib);
    p.python(&["a.py"], "a runs before");
    p.python(&["b.py"], "the stub is used before");
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let got = read(&p, "a.py");
    assert_eq!(
        got,
        a.replace("old.mod", "new.mod")
            .replace("{\"new.mod\": 1}", "{\"old.mod\": 1}")
            .replace("registry[\"new.mod\"]", "registry[\"old.mod\"]")
    );
    assert_eq!(read(&p, "b.py"), b.replace("\"old.mod\"", "\"new.mod\""));
    assert_eq!(read(&p, "c.py"), c.replace("old.mod", "new.mod"));
    assert_eq!(p.python(&["a.py"], "a runs after"), "a\n");
    assert_eq!(p.python(&["b.py"], "the stub is still used after"), "b\n");
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// For a symbol move `old.mod.make` → `new.mod.create`, `sys.modules["old.mod"]`
/// is the module the file's `import old.mod` loads: re-pointed to `import
/// new.mod`, the lookup would fail. The import stays and `new.mod` is
/// imported beside it (with the reason); `sys.modules["old.mod"].make` is a
/// lookup by name, reported for a human; where the import would have to
/// go (`from old.mod import make` rewritten), nothing is proposed and the
/// reason is given.
#[test]
fn a_module_the_file_finds_in_sys_modules_stays_imported() {
    let a = "import sys\n\nimport old.mod\n\nassert sys.modules[\"old.mod\"].make() == \"made\"\nassert old.mod.make() == \"made\"\nprint(\"a\")\n";
    let b = "import sys\n\nfrom old.mod import make\n\nassert sys.modules[\"old.mod\"] is not None and make() == \"made\"\n";
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def make():\n    return \"made\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def create():\n    return \"made\"\n")
        .file("a.py", a)
        .file("b.py", b);
    let check = p.run(&["check", "."]);
    assert!(
        check
            .stdout
            .contains("a.py:5:8: m looks up `old.mod.make` by name"),
        "{}",
        check.stdout
    );
    let diff = p.run(&["diff", "."]);
    for note in [
        "note: a.py: m: `import old.mod` kept as it was: this file reads `sys.modules[\"old.mod\"]`, which the import fills",
        "note: b.py:3: m: not proposed: this file reads `sys.modules[\"old.mod\"]`, which its import of `old.mod` fills, and that import would go",
    ] {
        assert!(diff.stderr.contains(note), "{note} in:\n{}", diff.stderr);
    }
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    assert_eq!(
        read(&p, "a.py"),
        a.replace("import old.mod\n", "import old.mod\nimport new.mod\n")
            .replace(
                "old.mod.make() == \"made\"\nprint",
                "new.mod.create() == \"made\"\nprint"
            )
    );
    assert_eq!(read(&p, "b.py"), b);
    assert_eq!(p.python(&["a.py"], "the lookup still finds old.mod"), "a\n");
    p.python(&["b.py"], "b is left as it was");
}
