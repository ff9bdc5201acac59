//! Hostile pass 6, names: a fix must not take away a module-level name
//! that something outside the file still reaches for — an entry point or a
//! config file's dotted path, `import_module("m").name`, another file's
//! `m.binding`, a name `__all__` exports however the list is built — and a
//! finding canon does not fix says why. Each test runs the code after.

use crate::util::Project;

const MAKE_TO_CREATE: &str =
    "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n";

/// `old.mod.make` (and `keep`) and `new.mod.create`, moved by `rule`.
fn project(rule: &str, new_module: &str) -> Project {
    Project::bare()
        .file("canon.toml", rule)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/mod.py",
            "def make():\n    return \"old make\"\n\n\ndef keep():\n    return \"keep\"\n",
        )
        .file(
            &format!("new/{new_module}.py"),
            "def create():\n    return \"new create\"\n",
        )
}

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

fn apply(p: &Project) {
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

/// Loads `spec` the way entry-point and config loaders do.
const LOADER: &str = r#"import configparser
import importlib


def load(spec):
    module, _, attr = spec.replace(":", ".").rpartition(".")
    return getattr(importlib.import_module(module), attr)


cfg = configparser.ConfigParser()
cfg.read("setup.cfg")
entry = cfg["options.entry_points"]["console_scripts"].split("=")[1].strip()
handler = open("conf.yaml").read().split(":")[1].strip()

import pkg.user

assert load(entry)() in ("old make", "new create"), entry
assert load(handler)() in ("old make", "new create"), handler
assert pkg.user.run() in ("old make", "new create")
print("all resolve")
"#;

#[test]
fn a_name_an_entry_point_a_config_path_or_import_module_reaches_for_is_kept_as_an_alias() {
    let user =
        "import importlib\n\n\ndef run():\n    return importlib.import_module(\"pkg.e\").make()\n";
    let mut p = project(MAKE_TO_CREATE, "mod")
        .file("pkg/__init__.py", "")
        .file("conf.yaml", "handler: pkg.d.make\n")
        .file(
            "setup.cfg",
            "[metadata]\nname = x\n\n[options.entry_points]\nconsole_scripts =\n    tool = pkg.g:make\n",
        )
        .file("pkg/user.py", user)
        .file("load.py", LOADER);
    for n in ["d", "e", "g", "plain"] {
        p = p.file(
            &format!("pkg/{n}.py"),
            "from old.mod import make\n\n\ndef use():\n    return make()\n",
        );
    }
    assert_eq!(p.python(&["load.py"], "before"), "all resolve\n");
    apply(&p);
    for n in ["d", "e", "g"] {
        assert_eq!(
            read(&p, &format!("pkg/{n}.py")),
            "from new.mod import create as make\n\n\ndef use():\n    return make()\n",
            "pkg/{n}.py"
        );
    }
    // Nothing reaches for pkg.plain.make: renamed outright.
    assert_eq!(
        read(&p, "pkg/plain.py"),
        "from new.mod import create\n\n\ndef use():\n    return create()\n"
    );
    assert_eq!(p.python(&["load.py"], "after"), "all resolve\n");
}

#[test]
fn a_module_binding_another_file_uses_is_kept_and_the_new_module_imported_beside_it() {
    let rule = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.other.create\"\n";
    let p = project(rule, "other")
        .file(
            "a2.py",
            "from old import mod\n\n\ndef use():\n    return mod.make()\n",
        )
        .file(
            "a3.py",
            "import old.mod\n\n\ndef use():\n    return old.mod.make()\n",
        )
        // Nobody reaches for lone.mod: re-pointed as before.
        .file(
            "lone.py",
            "from old import mod\n\n\ndef use():\n    return mod.make()\n",
        )
        .file(
            "user.py",
            "import a2\nimport a3\n\n\ndef use():\n    return a2.mod.keep(), a3.old.mod.keep()\n",
        )
        .file(
            "t.py",
            "import a2, a3, lone, user\n\nassert user.use() == (\"keep\", \"keep\")\nassert a2.use() == a3.use() == lone.use() == \"new create\", a2.use()\nprint(\"ok\")\n",
        );
    apply(&p);
    assert_eq!(
        read(&p, "a2.py"),
        "from old import mod\nimport new.other\n\n\ndef use():\n    return new.other.create()\n"
    );
    assert_eq!(
        read(&p, "a3.py"),
        "import old.mod\nimport new.other\n\n\ndef use():\n    return new.other.create()\n"
    );
    assert_eq!(
        read(&p, "lone.py"),
        "from new import other\n\n\ndef use():\n    return other.create()\n"
    );
    assert_eq!(p.python(&["t.py"], "after"), "ok\n");
    let diff = p.run(&["diff", ".", "--color", "never"]);
    assert!(diff.stdout.is_empty(), "{}", diff.stdout);
}

#[test]
fn names_exported_by_all_append_extend_insert_or_concatenation_are_not_renamed_away() {
    let import = "from old.mod import make\n";
    let body = "\n\ndef use():\n    return make()\n";
    let p = project(MAKE_TO_CREATE, "mod")
        .file("b.py", format!("{import}__all__ = [\"use\"]\n__all__.append(\"make\"){body}"))
        .file("c.py", format!("{import}__all__ = [\"use\"]\n__all__.extend((\"make\",)){body}"))
        .file("d.py", format!("{import}__all__ = [\"use\"]\n__all__.insert(0, \"make\"){body}"))
        .file("e.py", format!("{import}__all__ = [\"use\"] + [\"make\"]{body}"))
        .file("f.py", format!("{import}__all__ = ([\"use\"] + ([\"make\"])){body}"))
        .file(
            "t.py",
            "for m in \"bcdef\":\n    names = {}\n    exec(f\"from {m} import *\", names)\n    assert names[\"make\"]() == \"old make\", m\nprint(\"star imports fine\")\n",
        );
    assert_eq!(p.python(&["t.py"], "before"), "star imports fine\n");
    apply(&p);
    for m in ["b", "c", "d", "e", "f"] {
        assert!(
            read(&p, &format!("{m}.py")).starts_with(import),
            "{m}.py was rewritten"
        );
    }
    assert_eq!(p.python(&["t.py"], "after"), "star imports fine\n");
}

#[test]
fn a_chain_through_a_star_imported_module_is_not_fixed_and_the_finding_says_why() {
    let p = project(MAKE_TO_CREATE, "mod")
        .file(
            "old/__init__.py",
            "__all__ = [\"mod\"]\nfrom . import mod\n",
        )
        .file("a.py", "from old import *\n\nr = mod.make()\n");
    p.python(&["-c", "import a"], "before");
    let check = p.run(&["check", ".", "--fixes", "--color", "never"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("a.py:3:5")
            && check.stdout.contains("needs a human")
            && check.stdout.contains("`mod` is bound by a star import"),
        "{}",
        check.stdout
    );
    let diff = p.run(&["diff", "-vv", "--color", "never", "."]);
    let said = format!("{}{}", diff.stdout, diff.stderr);
    assert!(
        said.contains("a.py:3: m: not proposed: `mod` is bound by a star import"),
        "{said}"
    );
    apply(&p);
    assert_eq!(read(&p, "a.py"), "from old import *\n\nr = mod.make()\n");
}
