//! Hostile pass 12, helper h: star imports as bindings (defects 04, 06).
//! A `from m import *` may rebind the old name after its import, or bind
//! the name a fix would import: canon reads what a project module exports
//! (`__all__`, else its public names) and, for a module it cannot see,
//! takes it that any name may be bound.

use crate::util::Project;

const MOVE: &str =
    "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n";
const REWRITE: &str = "[[rewrite]]\nid = \"rw\"\npattern = \"{oldpkg.util.get}()\"\nfix = \"{newpkg.tools.sget}()\"\n";

/// `oldpkg.util` (`helper`, `get`, `capwords`), `newpkg.tools` (`assist`,
/// `sget`, `capwords`), `rule`, and `main.py` holding `main`.
fn project(rule: &str, main: &str) -> Project {
    Project::bare()
        .file("canon.toml", rule)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            "def helper(*a):\n    return 'old'\ndef get():\n    return 'old'\ndef capwords(s):\n    return 'old'\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/tools.py",
            "def assist(*a):\n    return 'new'\ndef sget():\n    return 'new'\ndef capwords(s):\n    return 'new'\n",
        )
        .file("main.py", main)
}

/// Defect 04, move: `other.py` defines `helper`, so the `helper()` after
/// `from other import *` is other's. Renaming it would call the new one:
/// the import keeps the name.
#[test]
fn a_later_star_import_of_a_module_defining_the_old_name_keeps_the_name() {
    let p = project(
        MOVE,
        "from oldpkg.util import helper\nfirst = helper()\nfrom other import *\nprint(first, helper())\n",
    )
    .file("other.py", "def helper():\n    return 'other-helper'\n");
    let (text, _) = p.apply_write("main.py");
    assert!(
        text.starts_with("from newpkg.tools import assist as helper\n"),
        "{text}"
    );
    assert_eq!(
        p.python(&["main.py"], &text),
        "new other-helper\n",
        "{text}"
    );
}

/// Defect 04, rewrite: the `get()` after the star import is `other.get`,
/// not the pattern's: it stays, and says why; the one before is rewritten.
#[test]
fn a_later_star_import_of_a_module_defining_the_old_name_keeps_its_calls() {
    let p = project(
        REWRITE,
        "from oldpkg.util import get\nfirst = get()\nfrom other import *\nprint(first, get())\n",
    )
    .file("other.py", "def get():\n    return 'other-get'\n");
    let (text, stderr) = p.apply_write("main.py");
    assert!(text.contains("first = sget()\n"), "{text}");
    assert!(text.contains("print(first, get())\n"), "{text}");
    assert!(
        stderr.contains("`get` may also be what `from other import *` binds here"),
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &text), "new other-get\n", "{text}");
}

/// Defect 06, move: `other.py` exports `assist`, which the star import
/// binds after canon's import would: the new name is taken, and the
/// import is aliased.
#[test]
fn a_star_import_exporting_the_new_name_takes_it() {
    let p = project(
        MOVE,
        "from oldpkg.util import helper\nfrom other import *\n\ndef f():\n    return helper()\n\nprint(f())\n",
    )
    .file("other.py", "def assist():\n    return 'other-assist'\n");
    let (text, _) = p.apply_write("main.py");
    assert!(
        text.contains("from newpkg.tools import assist as tools_assist\n"),
        "{text}"
    );
    assert!(text.contains("return tools_assist()"), "{text}");
    assert_eq!(p.python(&["main.py"], &text), "new\n", "{text}");
}

/// Defect 06, rewrite: the name the fix imports (`sget`) is one the star
/// import binds: the fix imports it under an alias.
#[test]
fn a_star_import_exporting_the_fix_name_takes_it() {
    let p = project(
        REWRITE,
        "from oldpkg.util import get\nfrom other import *\n\ndef f():\n    return get()\n\nprint(f())\n",
    )
    .file("other.py", "def sget():\n    return 'other-sget'\n");
    let (text, _) = p.apply_write("main.py");
    assert!(text.contains("import sget as tools_sget\n"), "{text}");
    assert!(text.contains("return tools_sget()"), "{text}");
    assert_eq!(p.python(&["main.py"], &text), "new\n", "{text}");
}

/// `__all__` is what a star import binds: one that leaves `helper`,
/// `get`, `assist` and `sget` out (though the module defines them) blocks
/// nothing, and the migration goes on as without the star. One that lists
/// a name the module only makes in `__getattr__` binds it all the same.
#[test]
fn a_star_import_binds_what_all_lists_and_nothing_else() {
    let other = "__all__ = ['unrelated']\ndef unrelated():\n    return 'u'\ndef helper():\n    return 'other'\ndef assist():\n    return 'other'\ndef get():\n    return 'other'\ndef sget():\n    return 'other'\n";
    let main = "from oldpkg.util import helper, get\nfirst = helper(), get()\nfrom other import *\ndef f():\n    return helper(), get()\nprint(first, f(), unrelated())\n";
    for rule in [MOVE, REWRITE] {
        let p = project(rule, main).file("other.py", other);
        assert_eq!(
            p.python(&["main.py"], main),
            "('old', 'old') ('old', 'old') u\n"
        );
        let (text, stderr) = p.apply_write("main.py");
        assert!(!stderr.contains("not proposed"), "{stderr}\n{text}");
        let after = p.python(&["main.py"], &text);
        if rule == MOVE {
            assert!(text.contains("from newpkg.tools import assist\n"), "{text}");
            assert!(text.contains("return assist(), get()"), "{text}");
            assert_eq!(after, "('new', 'old') ('new', 'old') u\n", "{text}");
        } else {
            assert!(text.contains("import sget\n"), "{text}");
            assert!(text.contains("return helper(), sget()"), "{text}");
            assert_eq!(after, "('old', 'new') ('old', 'new') u\n", "{text}");
        }
    }
    let p = project(
        MOVE,
        "from oldpkg.util import helper\nfirst = helper()\nfrom other import *\nprint(first, helper())\n",
    )
    .file(
        "other.py",
        "__all__ = ['helper']\ndef __getattr__(name):\n    if name == 'helper':\n        return lambda: 'other-helper'\n    raise AttributeError(name)\n",
    );
    let (text, _) = p.apply_write("main.py");
    assert!(
        text.starts_with("from newpkg.tools import assist as helper\n"),
        "{text}"
    );
    assert_eq!(
        p.python(&["main.py"], &text),
        "new other-helper\n",
        "{text}"
    );
}

/// A star import of a module canon cannot see (`string`, not in the
/// project) may bind any name: the old name after it (`capwords`), the
/// new name before a use in a function, the name a fix imports.
#[test]
fn a_star_import_canon_cannot_see_may_bind_any_name() {
    let rule =
        "[[move]]\nid = \"m\"\nold = \"oldpkg.util.capwords\"\nnew = \"newpkg.tools.assist\"\n";
    let p = project(
        rule,
        "from oldpkg.util import capwords\nfirst = capwords('a b')\nfrom string import *\nprint(first, capwords('a b'))\n",
    );
    let (text, _) = p.apply_write("main.py");
    assert!(
        text.starts_with("from newpkg.tools import assist as capwords\n"),
        "{text}"
    );
    assert_eq!(p.python(&["main.py"], &text), "new A B\n", "{text}");

    let rule =
        "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.capwords\"\n";
    let p = project(
        rule,
        "from oldpkg.util import helper\nfrom string import *\ndef f():\n    return helper('x')\nprint(f())\n",
    );
    let (text, _) = p.apply_write("main.py");
    assert!(
        text.starts_with("from newpkg.tools import capwords as helper\n"),
        "{text}"
    );
    assert_eq!(p.python(&["main.py"], &text), "new\n", "{text}");

    // The call in `f` may be `string`'s `get`; the one before the star is
    // the pattern's, but `sget` may be taken from there on.
    let main = "from oldpkg.util import get\nfirst = get()\nfrom string import *\ndef f():\n    return get()\nprint(first, f())\n";
    let p = project(REWRITE, main);
    let (text, stderr) = p.apply_write("main.py");
    assert_eq!(text, main);
    assert!(
        stderr.contains("`get` may also be what `from string import *` binds here"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`sget` and `tools_sget` may be what `from string import *` binds here"),
        "{stderr}"
    );
}
