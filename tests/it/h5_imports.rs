//! Hostile pass 5, imports: what a move does to the imports around the one
//! it rewrites (a later canonical import, one under `TYPE_CHECKING`, a
//! package import with side effects, a module bound by name, `import a.b`
//! kept for `a`). Each test runs the migrated code where it should run.

use crate::util::Project;

const MAKE_TO_CREATE: &str =
    "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n";

/// `old.mod.make` and `new.mod.create`, with `canon.toml` moving one to the other.
fn make_and_create() -> Project {
    Project::bare()
        .file("canon.toml", MAKE_TO_CREATE)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/mod.py",
            "def make():\n    return \"REAL old\"\n\n\ndef keep():\n    pass\n",
        )
        .file("new/mod.py", "def create():\n    return \"REAL new\"\n")
}

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

fn apply(p: &Project) {
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

#[test]
fn a_module_attribute_call_stays_late_bound_so_a_patch_of_the_new_path_reaches_it() {
    let p = make_and_create()
        .file(
            "lib.py",
            "from old import mod\n\n\ndef use():\n    return mod.make()\n",
        )
        .file(
            "lib2.py",
            "import old.mod as om\n\n\ndef use():\n    om.keep()\n    return om.make()\n",
        )
        .file(
            "lib3.py",
            "from old.mod import make\nimport old.mod as om\n\n\ndef use():\n    return om.make()\n\n\nfirst = make\n",
        )
        .file(
            "test_lib.py",
            "from unittest import mock\n\nimport lib\nimport lib2\nimport lib3\n\nwith mock.patch(\"old.mod.make\", return_value=\"MOCKED\"):\n    got = lib.use(), lib2.use(), lib3.use()\nassert got == (\"MOCKED\",) * 3, got\nprint(\"intercepted\")\n",
        );
    assert_eq!(p.python(&["test_lib.py"], "before"), "intercepted\n");
    apply(&p);
    // Re-pointed with its local name kept, or the new module beside it.
    assert_eq!(
        read(&p, "lib.py"),
        "from new import mod\n\n\ndef use():\n    return mod.create()\n"
    );
    assert_eq!(
        read(&p, "lib2.py"),
        "import old.mod as om\nimport new.mod\n\n\ndef use():\n    om.keep()\n    return new.mod.create()\n"
    );
    assert!(read(&p, "test_lib.py").contains("mock.patch(\"new.mod.create\""));
    assert_eq!(p.python(&["test_lib.py"], "after"), "intercepted\n");
    let again = p.run(&["check", "."]);
    assert_eq!(again.code, 0, "{}", again.stdout);
}

#[test]
fn a_package_import_above_the_moved_module_is_kept_and_the_finding_says_why() {
    let rule = "[[move]]\nid = \"m\"\nold = \"pkg.old.mod.make\"\nnew = \"pkg.new.mod.create\"\n";
    let absu = "from pkg import old\n\n\ndef f():\n    return old.mod.make()\n";
    let rel = "from .. import old\n\n\ndef f():\n    return old.mod.make()\n";
    let p = Project::bare()
        .file("canon.toml", rule)
        .file("pkg/__init__.py", "")
        .file("pkg/registry.py", "PLUGINS = []\n")
        .file(
            "pkg/old/__init__.py",
            "from . import mod\nfrom pkg import registry\n\nregistry.PLUGINS.append(\"old-plugin\")\n",
        )
        .file("pkg/old/mod.py", "def make():\n    return \"old\"\n")
        .file("pkg/new/__init__.py", "")
        .file("pkg/new/mod.py", "def create():\n    return \"new\"\n")
        .file("pkg/sub/__init__.py", "")
        .file("pkg/sub/absu.py", absu)
        .file("pkg/sub/rel.py", rel)
        .file(
            "run.py",
            "from pkg import registry\nfrom pkg.sub import absu, rel\n\nassert registry.PLUGINS == [\"old-plugin\"], registry.PLUGINS\nprint(absu.f(), rel.f())\n",
        );
    apply(&p);
    assert_eq!(read(&p, "pkg/sub/absu.py"), absu);
    assert_eq!(read(&p, "pkg/sub/rel.py"), rel);
    assert_eq!(p.python(&["run.py"], "the plugin registers"), "old old\n");
    let check = p.run(&["check", "--fixes", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for f in ["pkg/sub/absu.py:5", "pkg/sub/rel.py:5"] {
        let line = check
            .stdout
            .lines()
            .find(|l| l.starts_with(f))
            .unwrap_or_else(|| panic!("{f} reported:\n{}", check.stdout));
        assert!(
            line.contains("needs a human") && line.contains("the package `pkg.old`"),
            "{line}"
        );
    }
}

#[test]
fn a_later_import_of_the_new_name_is_not_merged_into_above_the_uses() {
    let a1 = "from old.mod import make\n\nx = make()\n\nfrom new.mod import create\n\nprint(x, create())\n";
    let a5 = "from old.mod import make\n\nprint(make())\n\n\ndef g():\n    return create()\n\n\nfrom new.mod import create\n\nprint(g())\n";
    // A later import of other names is no obstacle: the import is rewritten in place.
    let a6 = "from old.mod import make\n\nx = make()\n\nfrom new.mod import other\n";
    let p = make_and_create()
        .file("a1.py", a1)
        .file("a5.py", a5)
        .file("a6.py", a6)
        .file(
            "new/mod.py",
            "def create():\n    return \"new\"\n\n\nother = 1\n",
        );
    apply(&p);
    assert_eq!(read(&p, "a1.py"), a1);
    assert_eq!(read(&p, "a5.py"), a5);
    assert_eq!(
        read(&p, "a6.py"),
        "from new.mod import create\n\nx = create()\n\nfrom new.mod import other\n"
    );
    for f in ["a1.py", "a5.py", "a6.py"] {
        p.python(&[f], f);
    }
    let check = p.run(&["check", "--fixes", "."]);
    for f in ["a1.py:1", "a5.py:1"] {
        let line = check
            .stdout
            .lines()
            .find(|l| l.starts_with(f))
            .unwrap_or_else(|| panic!("{f} reported:\n{}", check.stdout));
        assert!(
            line.contains("needs a human") && line.contains("again later"),
            "{line}"
        );
    }
}

#[test]
fn a_type_checking_import_of_the_new_name_goes_when_the_runtime_one_is_written() {
    let p = make_and_create().file(
        "a2.py",
        "from typing import TYPE_CHECKING\n\nfrom old.mod import make\n\nif TYPE_CHECKING:\n    from new.mod import create\n    from typing import Sequence\n\n\ndef f(x: \"create\", y: \"Sequence[int]\") -> None:\n    pass\n\n\nprint(make())\n",
    )
    .file(
        "a3.py",
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from new.mod import create\n\nfrom old.mod import make\n\n\ndef f(x: \"create\") -> None:\n    pass\n\n\nprint(make())\n",
    );
    apply(&p);
    assert_eq!(
        read(&p, "a2.py"),
        "from typing import TYPE_CHECKING\n\nfrom new.mod import create\n\nif TYPE_CHECKING:\n    from typing import Sequence\n\n\ndef f(x: \"create\", y: \"Sequence[int]\") -> None:\n    pass\n\n\nprint(create())\n"
    );
    assert_eq!(
        read(&p, "a3.py"),
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    pass\n\nfrom new.mod import create\n\n\ndef f(x: \"create\") -> None:\n    pass\n\n\nprint(create())\n"
    );
    for f in ["a2.py", "a3.py"] {
        assert_eq!(p.python(&[f], f), "REAL new\n");
    }
    let again = p.run(&["check", "."]);
    assert_eq!(again.code, 0, "{}", again.stdout);
}

/// `import old.mod` re-pointed to `import new.mod` beside an `import
/// new.mod` under `if TYPE_CHECKING:` would import it twice (pyflakes:
/// redefinition of unused `new`): the hints-only one goes, and the block
/// keeps a `pass`. Found by hostile pass 24b.
#[test]
fn a_type_checking_module_import_of_the_new_module_goes_when_the_old_one_is_re_pointed() {
    crate::differential::require_pyflakes();
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"mod\"\nold = \"old.mod\"\nnew = \"new.mod\"\n",
        )
        .file("old/__init__.py", "")
        .file("old/mod.py", "def helper():\n    return \"old\"\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "class Thing:\n    pass\n\n\ndef helper():\n    return \"new\"\n")
        .file(
            "app.py",
            "from typing import TYPE_CHECKING\n\nimport old.mod\n\nif TYPE_CHECKING:\n    import new.mod\n    import typing\n\n\ndef f() -> \"new.mod.Thing\":\n    return old.mod.helper()\n\n\nprint(f())\n",
        );
    apply(&p);
    assert_eq!(
        read(&p, "app.py"),
        "from typing import TYPE_CHECKING\n\nimport new.mod\n\nif TYPE_CHECKING:\n    import typing\n\n\ndef f() -> \"new.mod.Thing\":\n    return new.mod.helper()\n\n\nprint(f())\n"
    );
    assert_eq!(p.python(&["app.py"], "migrated"), "new\n");
    let flakes = std::process::Command::new("python3")
        .args(["-m", "pyflakes", "app.py"])
        .current_dir(p.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&flakes.stdout);
    assert!(!said.contains("redefinition"), "{said}");
    let again = p.run(&["diff", "."]);
    assert_eq!(
        (again.code, again.stdout.as_str()),
        (0, ""),
        "{}",
        again.stderr
    );
}

#[test]
fn import_a_b_kept_for_other_uses_of_a_says_why_it_stays() {
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"mm\"\nold = \"a.b\"\nnew = \"c.d\"\n",
        )
        .file("a/__init__.py", "")
        .file("a/b/__init__.py", "X = \"old\"\n")
        .file("a/other.py", "Z = \"other\"\n")
        .file("c/__init__.py", "")
        .file("c/d/__init__.py", "X = \"new\"\n")
        .file(
            "app.py",
            "import a.b\nimport a.other as ao\n\nprint(a.b.X, ao.Z, a.other.Z)\n",
        );
    apply(&p);
    assert_eq!(
        read(&p, "app.py"),
        "import a.b\nimport c.d\nimport a.other as ao\n\nprint(c.d.X, ao.Z, a.other.Z)\n"
    );
    assert_eq!(p.python(&["app.py"], "migrated"), "new other other\n");
    let check = p.run(&["check", "--fixes", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let line = check
        .stdout
        .lines()
        .find(|l| l.starts_with("app.py:1:"))
        .unwrap_or_else(|| panic!("import a.b reported:\n{}", check.stdout));
    assert!(
        line.contains("needs a human") && line.contains("also binds `a`"),
        "{line}"
    );
}

#[test]
fn a_module_binding_re_pointed_to_a_module_named_otherwise_takes_its_name_where_free() {
    let rule = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.core.create\"\n";
    let p = make_and_create()
        .file("canon.toml", rule)
        .file("new/core.py", "def create():\n    return \"REAL new\"\n")
        .file(
            "free.py",
            "from old import mod\n\n\ndef use():\n    return mod.make()\n",
        )
        .file(
            "taken.py",
            "from old import mod\n\n\ndef use(core=None):\n    return mod.make()\n",
        )
        .file(
            "t.py",
            "from unittest import mock\n\nimport free\nimport taken\n\nwith mock.patch(\"old.mod.make\", return_value=\"MOCKED\"):\n    assert (free.use(), taken.use()) == (\"MOCKED\", \"MOCKED\")\nprint(\"intercepted\")\n",
        );
    assert_eq!(p.python(&["t.py"], "before"), "intercepted\n");
    apply(&p);
    assert_eq!(
        read(&p, "free.py"),
        "from new import core\n\n\ndef use():\n    return core.create()\n"
    );
    // `core` is a parameter where the use is: the local name stays.
    assert_eq!(
        read(&p, "taken.py"),
        "from new import core as mod\n\n\ndef use(core=None):\n    return mod.create()\n"
    );
    assert_eq!(p.python(&["t.py"], "after"), "intercepted\n");
}
