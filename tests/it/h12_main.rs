//! Hostile pass 12, fixed on main: a rewrite's fix reused an import that
//! does not bind where the fix runs (defect 05), and put `await` into an
//! annotation (defect 02).

use crate::util::Project;

const AWAIT_RULE: &str = "[[rewrite]]\nid = \"rw\"\npattern = \"{oldpkg.api.get}()\"\nfix = \"await {newpkg.api.aget}()\"\n";

/// `oldpkg.api.get` and its async successor `newpkg.api.aget`, the rule
/// between them, and `main.py`.
fn project(main: &str) -> Project {
    Project::bare()
        .file("canon.toml", AWAIT_RULE)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/api.py", "def get():\n    return 2\n")
        .file("newpkg/__init__.py", "")
        .file("newpkg/api.py", "async def aget():\n    return 2\n")
        .file("main.py", main)
}

/// Defect 05, a late import: `aget` is imported at the end of the module,
/// after the code that calls the function. Reusing it (and dropping the
/// old import) was a `NameError`; now it is left, saying why.
#[test]
fn a_fix_does_not_reuse_an_import_further_down_the_module() {
    let main = "import asyncio\nfrom oldpkg.api import get\n\nasync def main():\n    return get()\n\nprint(asyncio.run(main()))\n\nfrom newpkg.api import aget  # late import (cycle breaker)\n";
    let p = project(main);
    let (text, stderr) = p.apply_write("main.py");
    assert_eq!(text, main, "{stderr}");
    assert!(
        stderr.contains("main.py:5: rw: not proposed: the file imports `newpkg.api.aget` only further down (line 9)"),
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &text), "2\n");
}

/// Defect 05, a conditional import: `aget` is imported only under an `if`
/// that is false. The fix imports it where it surely binds.
#[test]
fn a_fix_does_not_reuse_an_import_under_an_if() {
    let main = "import asyncio, sys\nfrom oldpkg.api import get\nif sys.version_info >= (3, 99):\n    from newpkg.api import aget\nasync def main():\n    return get()\nprint(asyncio.run(main()))\n";
    let p = project(main);
    let (text, stderr) = p.apply_write("main.py");
    assert!(text.contains("return await aget()"), "{stderr}\n{text}");
    assert!(
        text.starts_with("import asyncio, sys\nfrom newpkg.api import aget\n"),
        "{text}"
    );
    assert_eq!(p.python(&["main.py"], &text), "2\n");
}

/// An import above the function, at module level, still serves: the
/// function can only run once the `def` has, after the import.
#[test]
fn a_fix_reuses_an_import_that_binds_before_the_def() {
    let main = "import asyncio\nfrom oldpkg.api import get\nfrom newpkg.api import aget\n\nasync def main():\n    return get(), await aget()\n\nprint(asyncio.run(main()))\n";
    let p = project(main);
    let (text, stderr) = p.apply_write("main.py");
    assert_eq!(
        text,
        "import asyncio\nfrom newpkg.api import aget\n\nasync def main():\n    return await aget(), await aget()\n\nprint(asyncio.run(main()))\n",
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &text), "(2, 2)\n");
}

/// Defect 02: under `from __future__ import annotations` an `await` in an
/// annotation does not compile; canon leaves those matches, saying why,
/// and still rewrites the one in the body.
#[test]
fn a_fix_that_awaits_is_not_put_into_an_annotation() {
    let main = "from __future__ import annotations\nimport asyncio\nfrom oldpkg.api import get\n\nasync def outer():\n    async def inner(x, y: get() = 1, *, z: get()) -> get():\n        w: get() = x\n        return w\n    return await inner(1, z=0), get()\n\nprint(asyncio.run(outer()))\n";
    let p = project(main);
    let (text, stderr) = p.apply_write("main.py");
    let notes = stderr
        .lines()
        .filter(|l| l.contains("the fix adds `await`, which is not allowed in an annotation"))
        .count();
    assert_eq!(notes, 4, "{stderr}");
    assert!(
        text.contains("return await inner(1, z=0), await aget()"),
        "{text}"
    );
    assert!(!text.contains("(await"), "{text}");
    assert_eq!(p.python(&["main.py"], &text), "(1, 2)\n");
}

/// Defect 09: `status` called `oldpkg.util.helper` "ready to delete (no
/// users left)" while `other()` beside it still calls it: deleting it, as
/// advised, broke `other()`. Its own recursive call and decorators do not
/// count; a caller in the module does.
#[test]
fn status_counts_the_old_modules_own_calls_as_users() {
    let project = |util: &str| {
        Project::bare()
            .file(
                "canon.toml",
                "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n",
            )
            .file("oldpkg/__init__.py", "")
            .file("oldpkg/util.py", util)
            .file("newpkg/__init__.py", "")
            .file("newpkg/tools.py", "def assist(n=0):\n    return 'new'\n")
            .file("main.py", "from oldpkg.util import other\nprint(other())\n")
            .git_init()
    };
    let used = project(
        "def helper(n=0):\n    return 'old' if n == 0 else helper(n - 1)\n\n\ndef other():\n    return 'other:' + helper()\n",
    );
    let status = used.run(&["status", "."]);
    assert!(
        !status.stdout.contains("ready to delete"),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("oldpkg.util.helper (rule m): oldpkg/util.py:6 (used by its own module)"),
        "{}",
        status.stdout
    );
    assert_eq!(used.python(&["main.py"], "main"), "other:old\n");

    let unused = project(
        "import functools\n\n\n@functools.lru_cache\ndef helper(n=0):\n    return 'old' if n == 0 else helper(n - 1)\n\n\ndef other():\n    return 'other'\n",
    );
    let status = unused.run(&["status", "."]);
    assert!(
        status
            .stdout
            .contains("ready to delete (no users left):\n  oldpkg.util.helper"),
        "{}",
        status.stdout
    );
}

/// Found fixing hostile 12 (defects 04, 06): a function's call of an
/// imported name runs when it is called, by when a `def` (or assignment)
/// of the name further down may have replaced the import. Rewriting the
/// call changed what it runs; it is left, saying why. A move keeps the
/// name (`sget as get`), which the later `def` replaces just the same.
#[test]
fn a_call_in_a_function_may_reach_a_binding_further_down() {
    let rule = "[[rewrite]]\nid = \"rw\"\npattern = \"{oldpkg.api.get}()\"\nfix = \"{newpkg.api.sget}()\"\n";
    let project = |main: &str| {
        Project::bare()
            .file("canon.toml", rule)
            .file("oldpkg/__init__.py", "")
            .file("oldpkg/api.py", "def get():\n    return 'old'\n")
            .file("newpkg/__init__.py", "")
            .file("newpkg/api.py", "def sget():\n    return 'old'\n")
            .file("main.py", main)
    };
    for (main, out) in [
        (
            "from oldpkg.api import get\n\n\ndef f():\n    return get()\n\n\ndef get():\n    return 'local'\n\n\nprint(f())\n",
            "local\n",
        ),
        (
            "def outer():\n    from oldpkg.api import get\n\n    def inner():\n        return get()\n\n    get = lambda: 'local'\n    return inner()\n\n\nprint(outer())\n",
            "local\n",
        ),
    ] {
        let p = project(main);
        let (text, stderr) = p.apply_write("main.py");
        assert_eq!(text, main, "{stderr}");
        assert!(
            stderr.contains("`get` may also be another binding here"),
            "{stderr}"
        );
        assert_eq!(p.python(&["main.py"], &text), out);
    }
    // A binding further down of another name, or the same import again,
    // leaves the call free to move.
    let main = "from oldpkg.api import get\n\n\ndef f():\n    return get()\n\n\ndef got():\n    return 'local'\n\n\nprint(f())\n";
    let p = project(main);
    let (text, stderr) = p.apply_write("main.py");
    assert!(text.contains("return sget()"), "{stderr}\n{text}");
    assert_eq!(p.python(&["main.py"], &text), "old\n");
}
