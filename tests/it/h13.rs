//! Hostile pass 13: captures a fix reorders or drops. An attribute of an
//! object may be a property (it runs, and may raise), so it counts as code
//! with effects (defect 02); a name does not move across a capture that
//! may rebind it, a call or `:=` (defect 04). Only constants, and names
//! and module attributes among themselves, move freely.

use crate::util::Project;

fn project(rules: &str, main: &str) -> Project {
    Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/api.py",
            "def get(a, b):\n    return (a, b)\ndef old2(a, b):\n    return b\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/api.py",
            "def sget(b, a):\n    return (a, b)\ndef sdrop(b):\n    return b\n",
        )
        .file("main.py", main)
}

const RULES: &str = "[[rewrite]]\nid = \"swap\"\npattern = \"{oldpkg.api.get}($X, $Y)\"\nfix = \"{newpkg.api.sget}(b=$Y, a=$X)\"\n\n[[rewrite]]\nid = \"drop\"\npattern = \"{oldpkg.api.old2}($X, $Y)\"\nfix = \"{newpkg.api.sdrop}($Y)\"\n";

/// Defect 02: property reads are not swapped nor dropped; a module's
/// attribute and a constant still are.
#[test]
fn a_fix_does_not_reorder_or_drop_a_property_read() {
    let main = "import os\nfrom oldpkg.api import get, old2\n\n\nclass Cfg:\n    @property\n    def host(self):\n        print('read host')\n        return 'h'\n\n    @property\n    def port(self):\n        print('read port')\n        return 1\n\n\nc = Cfg()\nget(c.host, c.port)\nold2(c.host, 3)\nprint(old2(os.sep, 4), get(os.sep, 5) == get(os.sep, 5))\n";
    let p = project(RULES, main);
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("main.py");
    assert!(
        text.contains("get(c.host, c.port)\nold2(c.host, 3)\n"),
        "{stderr}\n{text}"
    );
    assert!(
        stderr.contains("`c.port`") && stderr.contains("`c.host`"),
        "{stderr}"
    );
    assert!(
        text.contains("sdrop(4)") && text.contains("sget(b=5, a=os.sep)"),
        "{text}"
    );
    assert_eq!(p.python(&["main.py"], &text), before);
}

/// Defect 04: a name read is not moved before a call or `:=` that may
/// change it; swapped with a constant it still moves.
#[test]
fn a_fix_does_not_move_a_read_before_what_may_rebind_it() {
    let main = "from oldpkg.api import get\n\nCOUNT = 0\n\n\ndef bump():\n    global COUNT\n    COUNT += 1\n    return 'bumped'\n\n\nx = 0\nfor v in [10, 20]:\n    print(get(x := v, x))\nprint(get(bump(), COUNT))\nprint(get(bump(), 7), get(COUNT, x))\n";
    let p = project(RULES, main);
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("main.py");
    assert!(
        text.contains("print(get(x := v, x))") && text.contains("print(get(bump(), COUNT))"),
        "{stderr}\n{text}"
    );
    assert!(
        stderr.contains("may have side effects that change what"),
        "{stderr}"
    );
    assert!(
        text.contains("sget(b=7, a=bump())") && text.contains("sget(b=x, a=COUNT)"),
        "{text}"
    );
    assert_eq!(p.python(&["main.py"], &text), before);
}

/// Defect 01: a fix that appends a keyword the call already gives, or
/// puts a positional argument after a keyword or `**`, does not compile:
/// it is left, saying why; calls without the clash are rewritten.
#[test]
fn a_fix_whose_call_would_not_compile_is_left() {
    let rules = "[[rewrite]]\nid = \"r\"\npattern = \"{oldpkg.api.get}($$$A)\"\nfix = \"{newpkg.api.sget}($$$A, timeout=5)\"\n\n[[rewrite]]\nid = \"p\"\npattern = \"{oldpkg.api.old2}($$$A)\"\nfix = \"{newpkg.api.sdrop}($$$A, 0)\"\n";
    let main = "from oldpkg.api import get, old2\n\nprint(get(1))\nprint(get(timeout=1))\nprint(old2(x=1))\nprint(old2(**{'x': 1}))\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/api.py",
            "def get(*a, timeout=None):\n    return 'ok'\ndef old2(*a, **k):\n    return 'ok'\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/api.py",
            "def sget(*a, timeout=None):\n    return 'ok'\ndef sdrop(*a, **k):\n    return 'ok'\n",
        )
        .file("main.py", main);
    let (text, stderr) = p.apply_write("main.py");
    assert!(
        text.contains("print(sget(1, timeout=5))"),
        "{stderr}\n{text}"
    );
    assert!(
        text.contains("print(get(timeout=1))\nprint(old2(x=1))\nprint(old2(**{'x': 1}))"),
        "{stderr}\n{text}"
    );
    assert!(
        stderr.contains("the keyword argument `timeout` would be given twice"),
        "{stderr}"
    );
    assert!(
        stderr.contains("would follow a keyword argument"),
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &text), "ok\nok\nok\nok\n");
}

/// Defect 10: a subscript rewrite in a `del` or `with … as` target would
/// delete or store into a call; such a match is left, the reads around
/// it are rewritten.
#[test]
fn a_match_that_is_a_target_is_left() {
    let main = "import contextlib\nfrom oldpkg.util import CONFIG\nprint(CONFIG['k'])\ndel CONFIG['k']\nwith contextlib.nullcontext(3) as CONFIG['b']:\n    print(CONFIG['b'])\n";
    let p = Project::bare()
        .file(
            "canon.toml",
            "[[rewrite]]\nid = \"r\"\npattern = \"{oldpkg.util.CONFIG}[$K]\"\nfix = \"{newpkg.tools.get_config}($K)\"\n",
        )
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/util.py", "CONFIG = {'k': 1}\n")
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/tools.py",
            "from oldpkg.util import CONFIG\n\n\ndef get_config(k):\n    return CONFIG[k]\n",
        )
        .file("main.py", main);
    let (text, stderr) = p.apply_write("main.py");
    assert!(text.contains("del CONFIG['k']"), "{stderr}\n{text}");
    assert!(
        text.contains("as CONFIG['b']:\n    print(get_config('b'))"),
        "{text}"
    );
    assert!(text.contains("print(get_config('k'))"), "{text}");
    assert_eq!(
        stderr.matches("the match is a target").count(),
        2,
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &text), "1\n3\n");
}

/// Defect 08: a fix that adds `await` to calls of a function that is
/// already async would await coroutines the code passes on
/// (`gather(fetch_old(2))`): `doctor` calls the rule a problem; the same
/// rule for a sync function is fine.
#[test]
fn doctor_flags_a_fix_that_awaits_calls_of_an_async_function() {
    let p = |old: &str| {
        Project::bare()
            .file(
                "canon.toml",
                "[[rewrite]]\nid = \"r\"\npattern = \"{oldpkg.api.fetch_old}($X)\"\nfix = \"await {newpkg.api.fetch}($X)\"\n",
            )
            .file("oldpkg/__init__.py", "")
            .file("oldpkg/api.py", old)
            .file("newpkg/__init__.py", "")
            .file("newpkg/api.py", "async def fetch(x):\n    return x\n")
    };
    let out = p("async def fetch_old(x):\n    return x\n").run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(
            "rule r: the fix adds `await`, but pattern symbol oldpkg.api.fetch_old is already async"
        ),
        "{}",
        out.stdout
    );
    let out = p("def fetch_old(x):\n    return x\n").run(&["doctor", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}
