//! Hostile pass 11, helper b: false refusals of the "runs on every path"
//! check (defects 10, 11) and of the self-printing f-string field (13).

use crate::util::Project;

const RULE: &str =
    "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.f}($X)\"\nfix = \"{new.mod.g}(user=$X)\"\n";

/// A project with `old.mod.f`, `new.mod.g`, the rewrite between them and
/// `main.py` holding `main`.
fn project(main: &str) -> Project {
    Project::bare()
        .file("canon.toml", RULE)
        .file("old/__init__.py", "")
        .file("old/mod.py", "def f(x):\n    return ('old', x)\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def g(user):\n    return ('new', user)\n")
        .file("main.py", main)
}

/// Defect 10: the quiet-import idiom. A `with` body runs before the
/// statement after it, so its import binds the fix's name there too.
#[test]
fn an_import_in_a_with_block_binds_the_fix_after_the_block() {
    let p = project(
        "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter(\"ignore\", DeprecationWarning)\n    from old.mod import f\nprint(f(1))\ndef h():\n    return f(2)\nprint(h())\n",
    );
    let (text, stderr) = p.apply_write("main.py");
    assert!(!stderr.contains("not proposed"), "{stderr}\n{text}");
    assert!(text.contains("print(g(user=1))"), "{text}");
    assert_eq!(p.python(&["main.py"], &text), "('new', 1)\n('new', 2)\n");
}

/// Defect 11: a `try` whose every handler leaves (raise, `raise … from`,
/// `sys.exit`, `return`, `continue`), and `try`/`finally`: the import in
/// the body ran on every path that reaches the code after.
#[test]
fn an_import_in_a_try_whose_handlers_all_leave_binds_the_fix_after_it() {
    let cases = [
        "try:\n    from old.mod import f\nexcept ImportError as e:\n    raise RuntimeError(\"install old\") from e\nprint(f(1))\n",
        "try:\n    from old.mod import f\nfinally:\n    pass\nprint(f(1))\n",
        "import sys\ntry:\n    from old.mod import f\nexcept ImportError:\n    print('no old', file=sys.stderr)\n    sys.exit(2)\nexcept Exception:\n    raise\nprint(f(1))\n",
        "def run():\n    try:\n        from old.mod import f\n    except ImportError:\n        return None\n    return f(1)\nprint(run())\n",
        "for _ in range(1):\n    try:\n        from old.mod import f\n    except ImportError:\n        continue\n    print(f(1))\n",
        "import contextlib\nwith contextlib.nullcontext():\n    try:\n        from old.mod import f\n    except ImportError:\n        raise\n    finally:\n        pass\nprint(f(1))\n",
    ];
    for main in cases {
        let p = project(main);
        let (text, stderr) = p.apply_write("main.py");
        assert!(!stderr.contains("not proposed"), "{main}\n{stderr}\n{text}");
        assert!(text.contains("g(user=1)"), "{main}\n{text}");
        assert_eq!(p.python(&["main.py"], &text), "('new', 1)\n", "{text}");
    }
}

/// What must stay refused: a handler that does not leave, a manager that may swallow the
/// exception, a `sys` that may not be the module, and a handler that
/// leaves only on some paths.
#[test]
fn an_import_a_path_may_skip_still_keeps_the_fix_back_after_it() {
    let cases = [
        "try:\n    from old.mod import f\nexcept ImportError:\n    pass\nprint(f(1))\n",
        "import contextlib\nwith contextlib.suppress(ImportError):\n    from old.mod import f\nprint(f(1))\n",
        "import os\nclass sys:\n    @staticmethod\n    def exit(code):\n        pass\ntry:\n    from old.mod import f\nexcept ImportError:\n    sys.exit(1)\nprint(f(1))\n",
        "import os\ntry:\n    from old.mod import f\nexcept ImportError:\n    if os.environ.get('X'):\n        raise\nprint(f(1))\n",
        // Review 11, defect 01: managers that swallow under other names.
        "from contextlib import suppress as quiet\nwith quiet(ImportError):\n    from old.mod import f\nprint(f(1))\n",
        "class Quiet:\n    def __enter__(self):\n        return self\n    def __exit__(self, *exc):\n        return True\nwith Quiet():\n    from old.mod import f\nprint(f(1))\n",
        "import contextlib as cl\nwith cl.suppress(ImportError):\n    from old.mod import f\nprint(f(1))\n",
        "import unittest\nclass T(unittest.TestCase):\n    def runTest(self):\n        with self.assertRaises(ZeroDivisionError):\n            from old.mod import f\n            1 / 0\n        print(f(1))\nT().runTest()\n",
        "import asyncio\nclass Quiet:\n    async def __aenter__(self):\n        return self\n    async def __aexit__(self, *exc):\n        return True\nasync def main():\n    async with Quiet():\n        from old.mod import f\n    print(f(1))\nasyncio.run(main())\n",
        // A trusted manager under a name that is something else.
        "import contextlib\nclass warnings:\n    catch_warnings = contextlib.suppress\nwith warnings.catch_warnings(ImportError):\n    from old.mod import f\nprint(f(1))\n",
        "from contextlib import suppress as open\nwith open(ImportError):\n    from old.mod import f\nprint(f(1))\n",
    ];
    for main in cases {
        let p = project(main);
        let (text, stderr) = p.apply_write("main.py");
        assert_eq!(text, main, "{stderr}");
        assert!(
            stderr.contains("the fix's `g` may be unbound here"),
            "{main}\n{stderr}"
        );
        assert_eq!(p.python(&["main.py"], main), "('old', 1)\n");
    }
}

/// Review 11, defect 01: the managers known to let exceptions through
/// (`open`, `warnings.catch_warnings`, `contextlib.nullcontext`, however
/// imported, with `as` and several items) still lead on past the block.
#[test]
fn an_import_in_a_block_of_a_known_manager_binds_the_fix_after_it() {
    let cases = [
        "with open(__file__) as fh, open(__file__):\n    from old.mod import f\nprint(f(1))\n",
        "from warnings import catch_warnings\nwith catch_warnings(record=True):\n    from old.mod import f\nprint(f(1))\n",
        "from contextlib import nullcontext\nwith (nullcontext() as n, open(__file__)):\n    from old.mod import f\nprint(f(1))\n",
    ];
    for main in cases {
        let p = project(main);
        let (text, stderr) = p.apply_write("main.py");
        assert!(!stderr.contains("not proposed"), "{main}\n{stderr}\n{text}");
        assert!(text.contains("g(user=1)"), "{main}\n{text}");
        assert_eq!(p.python(&["main.py"], &text), "('new', 1)\n", "{text}");
    }
}

/// Defect 13: a self-printing field (`{f(2)=}`) keeps only its own call:
/// `f(1)` beside it is rewritten, the import of `f` stays for the field,
/// and the one note is the field's (no note of empty text for the import
/// that was to be added).
#[test]
fn a_self_printing_field_keeps_only_its_own_call() {
    let main = "from old.mod import f\nprint(f(1))\nprint(f\"{f(2)=}\")\nprint(f\"{f(3)}\")\n";
    let p = project(main);
    let (text, stderr) = p.apply_write("main.py");
    assert_eq!(
        text,
        "from old.mod import f\nfrom new.mod import g\nprint(g(user=1))\nprint(f\"{f(2)=}\")\nprint(f\"{g(user=3)}\")\n",
        "{stderr}"
    );
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("not proposed"))
        .collect();
    assert_eq!(
        notes,
        [
            "note: main.py:3: r: not proposed: it is inside an f-string field that prints its own text (`{…=}`): renaming it would change the output (f(2))"
        ],
        "{stderr}"
    );
    assert_eq!(
        p.python(&["main.py"], &text),
        "('new', 1)\nf(2)=('old', 2)\n('new', 3)\n"
    );
}

/// Review 11: a function-local import whose only use sits in a
/// self-printing field (or under `# canon: ignore`) keeps its import, adds
/// none, and the one note is the use's: no "would be imported and not
/// used ()" of empty text for the import that went with it.
#[test]
fn a_kept_use_takes_its_function_local_import_with_it() {
    let main = "def a():\n    from old.mod import f\n    return f\"{f(2)=}\"\n\n\ndef b():\n    from old.mod import f\n    return f(1)\n\n\ndef c():\n    from old.mod import f\n    return f(5)  # canon: ignore\n\n\nprint(a(), b(), c())\n";
    let p = project(main);
    let (text, stderr) = p.apply_write("main.py");
    assert_eq!(
        text,
        "def a():\n    from old.mod import f\n    return f\"{f(2)=}\"\n\n\ndef b():\n    from new.mod import g\n    return g(user=1)\n\n\ndef c():\n    from old.mod import f\n    return f(5)  # canon: ignore\n\n\nprint(a(), b(), c())\n",
        "{stderr}"
    );
    assert!(!stderr.contains("()\n"), "{stderr}");
    assert!(!stderr.contains("imported and not used"), "{stderr}");
    assert_eq!(
        p.python(&["main.py"], &text),
        "f(2)=('old', 2) ('new', 1) ('old', 5)\n"
    );
}
