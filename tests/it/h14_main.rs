//! Hostile pass 13 and later, fixed in the session after: what a move
//! hands on to other files through a name they import from the moved
//! import's module.

use crate::util::Project;

const MOVE_THEN_CTOR: &str = "[[move]]\nid = \"mv\"\nold = \"oldpkg.util.make\"\nnew = \"newpkg.manager.Manager\"\n\n[[rewrite]]\nid = \"ctor\"\npattern = \"{newpkg.manager.Manager}($CTX)\"\nfix = \"{newpkg.manager.Manager}(user_context=$CTX)\"\n";

/// The spec's move-then-rewrite pair, with a package that re-exports the
/// old function and a client importing it from the package.
fn reexporting(rules: &str) -> Project {
    Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "from .util import make\n")
        .file(
            "oldpkg/util.py",
            "def make(ctx):\n    return 'old:%s' % ctx\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/manager.py",
            "class Manager:\n    def __init__(self, *, user_context):\n        self.c = user_context\n\n    def __repr__(self):\n        return 'new:%s' % self.c\n",
        )
        .file(
            "direct.py",
            "from oldpkg.util import make\n\n\ndef a():\n    return make('a')\n",
        )
        .file(
            "client.py",
            "from oldpkg import make\n\n\ndef b():\n    return make('b')\n",
        )
        .file(
            "main.py",
            "import client\nimport direct\n\nprint(direct.a(), client.b())\n",
        )
}

/// Hostile 13, defect 06: re-pointed, the package's `make` would hand
/// `client.py` the new class, whose calls there the rewrite never sees
/// (`make('b')` raised TypeError). The re-export stays, saying why and
/// which rule would let it follow; the direct import still migrates, and
/// `check` still reports the re-export.
#[test]
fn a_re_export_stays_when_a_later_rewrite_changes_the_new_symbols_calls() {
    let p = reexporting(MOVE_THEN_CTOR);
    let (text, stderr) = p.apply_write("oldpkg/__init__.py");
    assert_eq!(text, "from .util import make\n", "{stderr}");
    assert!(
        stderr.contains("`make` stays as it is: `client.py` refers to it, and rule `ctor` rewrites the calls of `newpkg.manager.Manager`")
            && stderr.contains("A move of `oldpkg.make`"),
        "{stderr}"
    );
    let direct = std::fs::read_to_string(p.path().join("direct.py")).unwrap();
    assert!(
        direct.contains("return Manager(user_context='a')"),
        "{direct}"
    );
    assert_eq!(p.python(&["main.py"], &stderr), "new:a old:b\n");
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("oldpkg/__init__.py:1:"),
        "{}",
        check.stdout
    );
}

/// With a move of the re-export's own path, before the rewrite, the
/// clients move and get the rewrite; the re-export stays while a file
/// refers to it (it may be one that re-exports it again), and follows on
/// the next run, once none does. Every call runs as before at each step.
#[test]
fn a_re_export_follows_once_a_move_has_taken_its_clients() {
    let (mv, ctor) = MOVE_THEN_CTOR.split_once("\n\n").unwrap();
    let re = "[[move]]\nid = \"mv-re\"\nold = \"oldpkg.make\"\nnew = \"newpkg.manager.Manager\"\n";
    let p = reexporting(&format!("{mv}\n\n{re}\n{ctor}"));
    let (text, stderr) = p.apply_write("client.py");
    assert!(
        text.contains("from newpkg.manager import Manager\n")
            && text.contains("return Manager(user_context='b')"),
        "{stderr}\n{text}"
    );
    let init = std::fs::read_to_string(p.path().join("oldpkg/__init__.py")).unwrap();
    assert_eq!(init, "from .util import make\n", "{stderr}");
    assert_eq!(p.python(&["main.py"], &stderr), "new:a new:b\n");
    let (init, stderr) = p.apply_write("oldpkg/__init__.py");
    assert_eq!(init, "from newpkg.manager import Manager\n", "{stderr}");
    assert_eq!(p.python(&["main.py"], &stderr), "new:a new:b\n");
}

/// Hostile review: `pkg/a.py` re-exports the old function, and
/// `pkg/__init__.py` re-exports it from there. A move of `pkg.a.make` takes
/// `pkg/__init__.py`'s import, but that one stays (a client imports
/// `pkg.make`): so `pkg/a.py`'s stays too, or the client's `make(1)` would
/// reach the new class unrewritten.
#[test]
fn a_re_export_of_a_re_export_stays_with_it() {
    let rules = format!(
        "{MOVE_THEN_CTOR}\n[[move]]\nid = \"m2\"\nold = \"pkg.a.make\"\nnew = \"newpkg.manager.Manager\"\n"
    );
    let (mv, ctor) = rules.split_once("\n\n[[rewrite]]").unwrap();
    let (ctor, m2) = ctor.split_once("\n\n[[move]]").unwrap();
    let rules = format!("{mv}\n\n[[move]]{m2}\n[[rewrite]]{ctor}\n");
    let p = reexporting(&rules)
        .file(
            "pkg/a.py",
            "from oldpkg.util import make\n\n\ndef build(x):\n    return make(x)\n",
        )
        .file("pkg/__init__.py", "from .a import make\n")
        .file(
            "main.py",
            "import pkg.a\nfrom pkg import make\n\nprint(make(1), pkg.a.build(2))\n",
        );
    let before = p.python(&["main.py"], "before");
    let (a, stderr) = p.apply_write("pkg/a.py");
    assert!(
        a.starts_with("from oldpkg.util import make\n"),
        "{stderr}\n{a}"
    );
    assert_eq!(p.python(&["main.py"], &stderr), before);
}

/// The same through a module move: `from .util import make` in the
/// package re-points its module, and would hand clients the new module's
/// `make`, whose signature a later rewrite changes.
#[test]
fn a_re_export_of_a_moved_modules_name_stays_for_a_later_rewrite() {
    let rules = "[[move]]\nid = \"mod\"\nold = \"oldpkg.util\"\nnew = \"newpkg.util\"\n\n[[rewrite]]\nid = \"kw\"\npattern = \"{newpkg.util.make}($X)\"\nfix = \"{newpkg.util.make}(ctx=$X)\"\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "from .util import make\n")
        .file(
            "oldpkg/util.py",
            "def make(ctx):\n    return 'old:%s' % ctx\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/util.py",
            "def make(*, ctx):\n    return 'new:%s' % ctx\n",
        )
        .file(
            "direct.py",
            "from oldpkg.util import make\n\nprint(make('a'))\n",
        )
        .file("client.py", "from oldpkg import make\n\nprint(make('b'))\n")
        .file("main.py", "import direct\nimport client\n");
    let (text, stderr) = p.apply_write("oldpkg/__init__.py");
    assert_eq!(text, "from .util import make\n", "{stderr}");
    assert!(
        stderr.contains("rule `kw` rewrites the calls of `newpkg.util.make`"),
        "{stderr}"
    );
    let direct = std::fs::read_to_string(p.path().join("direct.py")).unwrap();
    assert!(direct.contains("make(ctx='a')"), "{direct}");
    assert_eq!(p.python(&["main.py"], &stderr), "new:a\nold:b\n");
}

/// Hostile 13, defect 08: the old function is async already, so a call of
/// it that is not awaited hands its coroutine on (`gather`,
/// `create_task`). The fix's `await` is added only where the call was
/// awaited; the others are left, saying why. Found through a re-export
/// too (`oldpkg/api.py` imports it from `oldpkg/_impl.py`). A sync old
/// function still gets its `await`.
#[test]
fn an_await_is_not_added_to_calls_of_an_async_function_that_are_handed_on() {
    let rules = "[[rewrite]]\nid = \"r\"\npattern = \"{oldpkg.api.fetch_old}($X)\"\nfix = \"await {newpkg.api.fetch}($X)\"\n\n[[rewrite]]\nid = \"s\"\npattern = \"{oldpkg.api.load}($X)\"\nfix = \"await {newpkg.api.fetch}($X)\"\n";
    let main = "import asyncio\n\nfrom oldpkg.api import fetch_old, load\n\n\nasync def main():\n    a = await fetch_old(1)\n    b = await asyncio.gather(fetch_old(2), fetch_old(3))\n    t = asyncio.create_task(fetch_old(4))\n    return a, b, await t, load(5)\n\n\nprint(asyncio.run(main()))\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/_impl.py", "async def fetch_old(x):\n    return x\n")
        .file(
            "oldpkg/api.py",
            "from ._impl import fetch_old\n\n\ndef load(x):\n    return x\n",
        )
        .file("newpkg/__init__.py", "")
        .file("newpkg/api.py", "async def fetch(x):\n    return x\n")
        .file("main.py", main);
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("main.py");
    assert!(
        text.contains("    a = await fetch(1)\n")
            && text.contains("asyncio.gather(fetch_old(2), fetch_old(3))")
            && text.contains("asyncio.create_task(fetch_old(4))")
            && text.contains("await t, await fetch(5)"),
        "{stderr}\n{text}"
    );
    assert!(
        stderr.contains(
            "`oldpkg.api.fetch_old` is async, and this call of it is not awaited where it stands"
        ),
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &text), before);
}

/// Hostile 13, defect 07: a namespace handed on whole (`**locals()`, the
/// mapping of `%`, `format_map(globals())`, an alias of it as an
/// argument) may be looked up by any name: the moved name stays, as an
/// alias, in that scope. A function that does not hand its names on still
/// gets the new name.
#[test]
fn a_namespace_handed_to_a_format_keeps_the_names_it_holds() {
    let rules =
        "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n";
    let main = "def describe():\n    from oldpkg.util import helper\n    return 'using {helper.__doc__}'.format(**locals())\n\n\ndef plain():\n    from oldpkg.util import helper\n    return helper.__doc__\n\n\nfrom oldpkg.util import helper\n\nns = globals()\n\n\ndef banner():\n    return '%(helper)s' % globals()\n\n\ndef tmpl():\n    return '{helper.__doc__}'.format_map(globals())\n\n\ndef aliased():\n    return str.format_map('{helper.__doc__}', ns)\n\n\nprint(describe(), plain(), banner()[:9], tmpl(), aliased())\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            "def helper():\n    'doc'\n    return 'old'\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/tools.py",
            "def assist():\n    'doc'\n    return 'new'\n",
        )
        .file("main.py", main);
    let before = p.python(&["main.py"], "before");
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr.contains("imported as `helper`: this file hands its names on to code that may look any of them up by name (`**locals()`)"),
        "{}",
        diff.stderr
    );
    assert!(
        diff.stderr.contains("this file hands its names on to code that may look any of them up by name (`'%(helper)s' % globals()`)"),
        "{}",
        diff.stderr
    );
    let (text, stderr) = p.apply_write("main.py");
    assert_eq!(
        text.matches("from newpkg.tools import assist as helper\n")
            .count(),
        2,
        "{stderr}\n{text}"
    );
    assert!(
        text.contains("    from newpkg.tools import assist\n    return assist.__doc__"),
        "{text}"
    );
    assert_eq!(
        p.python(&["main.py"], &text)
            .replace("<function assist", "<function helper"),
        before
    );
}

/// Hostile 13, defect 03: a name assigned a module by its path
/// (`importlib.import_module`, `__import__` with a `fromlist`,
/// `sys.modules[…]`) holds that module, as `import … as m` would: its
/// attribute of a moved name is a finding (fixed by hand). A name that
/// may hold something else too is not followed.
#[test]
fn a_name_assigned_a_module_by_its_path_is_followed() {
    let rules =
        "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n";
    let main = "import importlib\nimport sys\n\nm = importlib.import_module('oldpkg.util')\nprint(m.helper(), m.other())\nmod = __import__('oldpkg.util', fromlist=['x'])\nprint(mod.helper())\nloaded = sys.modules['oldpkg.util']\nprint(loaded.helper())\n\n\ndef pick(flag):\n    n = importlib.import_module('oldpkg.util')\n    if flag:\n        n = importlib.import_module('json')\n    return n.helper\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            "def helper():\n    return 'old'\n\n\ndef other():\n    return 'other'\n",
        )
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist():\n    return 'new'\n")
        .file("main.py", main);
    assert_eq!(p.python(&["main.py"], "runs"), "old other\nold\nold\n");
    let found: Vec<(usize, String)> = p
        .findings()
        .into_iter()
        .filter(|f| f.0 == "main.py")
        .map(|f| (f.1, f.4))
        .collect();
    assert_eq!(
        found,
        [
            (5, "move".to_string()),
            (7, "move".to_string()),
            (9, "move".to_string())
        ],
        "{found:?}"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("main.py:5:7: m `oldpkg.util.helper` (an attribute of the module `m` holds, assigned it by its path) moved to `newpkg.tools.assist`: canon does not rewrite it there; change it by hand"),
        "{}",
        check.stdout
    );
}

/// Hostile 14, defect 02: an import a rewrite adds at module level in a
/// module that another file star-imports (no `__all__`) would go on to
/// that file, in place of its own `open_url` or the builtin `open`. It is
/// made private (`_open_url`), which the star import leaves out; with an
/// `__all__`, nothing new is exported and the name stays.
#[test]
fn a_name_a_rewrite_imports_does_not_leak_through_a_star_import() {
    let rules = "[[rewrite]]\nid = \"url\"\npattern = \"{oldpkg.files.fetch_url}($U)\"\nfix = \"{newpkg.files.open_url}($U)\"\n\n[[rewrite]]\nid = \"read\"\npattern = \"{oldpkg.files.read_text}($P)\"\nfix = \"{newpkg.files.open}($P)\"\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/files.py",
            "def fetch_url(u):\n    return 'fetched'\n\n\ndef read_text(p):\n    return 'read'\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/files.py",
            "def open_url(u):\n    return 'fetched'\n\n\ndef open(p):\n    return 'read'\n",
        )
        .file("mylib.py", "def open_url(u):\n    return 'mylib'\n")
        .file(
            "utils.py",
            "from oldpkg.files import fetch_url\n\n\ndef get(u):\n    return fetch_url(u)\n",
        )
        .file(
            "utils2.py",
            "from oldpkg.files import read_text\n\n\ndef load(p):\n    return read_text(p)\n",
        )
        .file(
            "listed.py",
            "from oldpkg.files import fetch_url\n\n__all__ = ['grab']\n\n\ndef grab(u):\n    return fetch_url(u)\n",
        )
        .file(
            "app.py",
            "from mylib import open_url\nfrom utils import *\nfrom utils2 import *\nfrom listed import *\n\nwith open(__file__) as f:\n    first = f.readline().strip()\nprint(get('u'), load('p'), grab('u'), open_url('x'), first)\n",
        );
    let before = p.python(&["app.py"], "before");
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr.contains("imported as `_open_url`: `app.py` refers to it (a star import of this module, which has no `__all__`)"),
        "{}",
        diff.stderr
    );
    let (utils, stderr) = p.apply_write("utils.py");
    assert!(
        utils.contains("from newpkg.files import open_url as _open_url\n")
            && utils.contains("return _open_url(u)"),
        "{stderr}\n{utils}"
    );
    let utils2 = std::fs::read_to_string(p.path().join("utils2.py")).unwrap();
    assert!(utils2.contains("import open as _open\n"), "{utils2}");
    let listed = std::fs::read_to_string(p.path().join("listed.py")).unwrap();
    assert!(
        listed.contains("from newpkg.files import open_url\n"),
        "{listed}"
    );
    assert_eq!(p.python(&["app.py"], &stderr), before);
}

/// Hostile 14, defect 03: pytest finds a fixture by the parameter names
/// of the tests below a `conftest.py` (`def test_db(db_session)`), so a
/// fixture shared by importing it there keeps its name, as an alias; the
/// same import in another module is renamed.
#[test]
fn a_fixture_a_conftest_imports_keeps_its_name() {
    let rules = "[[move]]\nid = \"m\"\nold = \"oldpkg.fixtures.db_session\"\nnew = \"newpkg.fixtures.database\"\n";
    let import = "from oldpkg.fixtures import db_session  # noqa: F401\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/fixtures.py", "def db_session():\n    return 'db'\n")
        .file("newpkg/__init__.py", "")
        .file("newpkg/fixtures.py", "def database():\n    return 'db'\n")
        .file("tests/__init__.py", "")
        .file("tests/conftest.py", import)
        .file("tests/helpers.py", import)
        // pytest's lookup, by a name canon cannot read as a reference.
        .file(
            "check.py",
            "import importlib\nimport sys\n\nc = importlib.import_module('tests.conftest')\nprint(getattr(c, sys.argv[1])())\n",
        );
    let before = p.python(&["check.py", "db_session"], "before");
    let (conftest, stderr) = p.apply_write("tests/conftest.py");
    assert_eq!(
        conftest, "from newpkg.fixtures import database as db_session  # noqa: F401\n",
        "{stderr}"
    );
    let helpers = std::fs::read_to_string(p.path().join("tests/helpers.py")).unwrap();
    assert_eq!(
        helpers,
        "from newpkg.fixtures import database  # noqa: F401\n"
    );
    assert_eq!(p.python(&["check.py", "db_session"], &conftest), before);
    let diff = p.run(&["diff", "."]);
    assert_eq!(diff.code, 0, "{}", diff.stdout);
}

/// Hostile 14, defect 13: a move to `newpkg.tool.assist`, where the
/// project's `newpkg` has `tools.py` and no `tool`, would write imports
/// that fail: it is not proposed, with doctor's suggestion. A target in a
/// package with no such neighbour may be a module the migration adds, and
/// is proposed as before; so is a fix's symbol.
#[test]
fn a_move_to_a_misspelt_target_in_the_project_is_not_proposed() {
    let typo = "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tool.assist\"\n\n[[rewrite]]\nid = \"r\"\npattern = \"{oldpkg.util.other}()\"\nfix = \"{newpkg.tols.assist}()\"\n";
    let p = Project::bare()
        .file("canon.toml", typo)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            "def helper():\n    return 1\n\n\ndef other():\n    return 2\n",
        )
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist():\n    return 1\n")
        .file(
            "main.py",
            "from oldpkg.util import helper, other\n\nprint(helper(), other())\n",
        );
    let diff = p.run(&["diff", "."]);
    assert_eq!(diff.code, 0, "{}", diff.stdout);
    assert!(
        diff.stderr.contains("m: not proposed: the rule's target `newpkg.tool.assist` does not exist: project module `newpkg` has no submodule or name `tool`; did you mean `newpkg.tools`?")
            && diff.stderr.contains("r: not proposed: the rule's target `newpkg.tols.assist` does not exist"),
        "{}",
        diff.stderr
    );
    assert_eq!(p.run(&["check", "."]).code, 1);
    let fresh = p.file(
        "canon.toml",
        "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.fresh.assist\"\n",
    );
    let diff = fresh.run(&["diff", "."]);
    assert!(
        diff.stdout.contains("+from newpkg.fresh import assist"),
        "{}{}",
        diff.stdout,
        diff.stderr
    );
}

/// Hostile 14, defect 07: a Procfile, a Dockerfile, a Makefile, a
/// notebook and a Cython file name Python code too: by default they are
/// searched for the old paths, so a module's name they use stays, and a
/// module they use is not "ready to delete".
#[test]
fn the_files_that_start_and_build_the_code_are_mentions_by_default() {
    let rules = "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n\n[[move]]\nid = \"mm\"\nold = \"oldpkg.models\"\nnew = \"newpkg.models\"\n";
    let import = "from oldpkg.util import helper\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/util.py", "def helper():\n    return 'ran'\n")
        .file("oldpkg/models.py", "class Thing:\n    pass\n")
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist():\n    return 'ran'\n")
        .file("newpkg/models.py", "class Thing:\n    pass\n")
        .file("wsgi.py", import)
        .file("dock.py", import)
        .file("Procfile", "web: gunicorn wsgi:helper\n")
        .file(
            "docker/Dockerfile.prod",
            "CMD [\"python\", \"-c\", \"import dock; dock.helper()\"]\n",
        )
        .file("Makefile", "demo:\n\tpython -m oldpkg.models\n")
        .file(
            "explore.ipynb",
            "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"from oldpkg.models import Thing\\n\"]}]}\n",
        );
    let (wsgi, stderr) = p.apply_write("wsgi.py");
    assert_eq!(
        wsgi, "from newpkg.tools import assist as helper\n",
        "{stderr}"
    );
    let dock = std::fs::read_to_string(p.path().join("dock.py")).unwrap();
    assert_eq!(dock, "from newpkg.tools import assist as helper\n");
    let run = "import pkgutil\nprint(pkgutil.resolve_name('wsgi:helper')(), pkgutil.resolve_name('dock:helper')())\n";
    let p = p.file("run.py", run).git_init();
    assert_eq!(p.python(&["run.py"], "after"), "ran ran\n");
    let status = p.run(&["status", "."]);
    assert!(
        status
            .stdout
            .contains("Makefile:2 (named in a text file), explore.ipynb:1 (used by code that runs, which canon does not rewrite)"),
        "{}",
        status.stdout
    );
}

/// Hostile 14, defect 04: `setup.py`'s `entry_points` strings
/// (`"tool = app:helper"`) name what a loader takes off a module, as
/// `setup.cfg`'s do: the name stays, as an alias.
#[test]
fn an_entry_point_string_in_setup_py_keeps_the_name() {
    let rules =
        "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/util.py", "def helper():\n    return 'ran'\n")
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist():\n    return 'ran'\n")
        .file("app.py", "from oldpkg.util import helper\n")
        .file("other.py", "from oldpkg.util import helper\n")
        .file(
            "setup.py",
            "from setuptools import setup\n\nsetup(name='x', entry_points={'console_scripts': ['tool = app:helper']})\n",
        );
    let (app, stderr) = p.apply_write("app.py");
    assert_eq!(
        app, "from newpkg.tools import assist as helper\n",
        "{stderr}"
    );
    let other = std::fs::read_to_string(p.path().join("other.py")).unwrap();
    assert_eq!(other, "from newpkg.tools import assist\n");
    let p = p.file(
        "run.py",
        "import pkgutil\n\nprint(pkgutil.resolve_name('app:helper')())\n",
    );
    assert_eq!(p.python(&["run.py"], "after"), "ran\n");
}

/// Hostile 14, defect 06: in a file big enough for the lexer's fast path,
/// `(oldpkg.util).helper(2)` and `util = oldpkg.util; util.helper(1)` are
/// found as the whole parse finds them in a small file.
#[test]
fn the_fast_path_sends_bracketed_and_assigned_modules_to_the_parse() {
    let rules =
        "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n";
    let body = "import oldpkg.util\n\nutil = oldpkg.util\nprint(util.helper(1), (oldpkg.util).helper(2), oldpkg.util.other())\n";
    let padding: String = (0..40)
        .map(|i| format!("\n\ndef pad_{i}(x):\n    return x + {i}\n"))
        .collect();
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            "def helper(x):\n    return x\n\n\ndef other():\n    return 0\n",
        )
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def assist(x):\n    return x\n")
        .file("small.py", body)
        .file("big.py", format!("{body}{padding}"));
    assert!(std::fs::metadata(p.path().join("big.py")).unwrap().len() > 1024);
    let lines = |path: &str| -> Vec<usize> {
        p.findings()
            .into_iter()
            .filter(|f| f.0 == path && f.4 == "move")
            .map(|f| f.1)
            .collect()
    };
    let small = lines("small.py");
    assert_eq!(small.len(), 2, "{small:?}");
    assert_eq!(lines("big.py"), small);
}

/// Hostile 14, defect 10: keyword arguments in another order, or in
/// redundant parentheses, are the call the pattern spells: matched and
/// rewritten. Calls whose reordered arguments have effects are left, as
/// for any fix that would reorder them.
#[test]
fn keyword_arguments_match_in_any_order_and_through_parentheses() {
    let rules = "[[rewrite]]\nid = \"kw\"\npattern = \"{oldpkg.util.helper}($A, x=$X, y=$Y)\"\nfix = \"{newpkg.tools.assist}($A, $X, $Y)\"\n\n[[rewrite]]\nid = \"flag\"\npattern = \"{oldpkg.util.other}($A, flag=True)\"\nfix = \"{newpkg.tools.other2}($A)\"\n";
    let main = "from oldpkg.util import helper, other\n\n\ndef f(v):\n    print('eval', v)\n    return v\n\n\nprint(helper(1, x=2, y=3), helper(1, y=3, x=2), other(1, flag=(True)))\nprint(helper(0, y=f('y'), x=f('x')))\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            "def helper(a, x, y):\n    return (a, x, y)\n\n\ndef other(a, flag):\n    return (a, flag)\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/tools.py",
            "def assist(a, x, y):\n    return (a, x, y)\n\n\ndef other2(a):\n    return (a, True)\n",
        )
        .file("main.py", main);
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("main.py");
    assert!(
        text.contains("print(assist(1, 2, 3), assist(1, 2, 3), other2(1))"),
        "{stderr}\n{text}"
    );
    assert!(
        text.contains("print(helper(0, y=f('y'), x=f('x')))"),
        "{stderr}\n{text}"
    );
    assert_eq!(p.python(&["main.py"], &text), before);
}

/// Hostile 14, defect 05: the shim imported the new function only when
/// called, because `newpkg/tools.py` imports `app` at module level: moved
/// to the top of `app.py`, the import would make a cycle (ImportError).
/// It stays, saying so; an import of `app` under `TYPE_CHECKING` makes no
/// cycle, and a file the new module does not load moves as before.
#[test]
fn a_move_does_not_make_an_import_cycle_the_shim_avoided() {
    let rules = "[[move]]\nid = \"m\"\nold = \"oldpkg.util.helper\"\nnew = \"newpkg.tools.assist\"\n\n[[move]]\nid = \"t\"\nold = \"oldpkg.util.typed\"\nnew = \"newpkg.typed.assist\"\n";
    let shim = |module: &str| format!("    from {module} import assist\n\n    return assist(*a)\n");
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            format!("def helper(*a):\n{}\n\ndef typed(*a):\n{}", shim("newpkg.tools"), shim("newpkg.typed")),
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/tools.py",
            "from app import SETTINGS\n\n\ndef assist(*a):\n    return ('new', SETTINGS['mode'])\n",
        )
        .file(
            "newpkg/typed.py",
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import other\n\n\ndef assist(*a):\n    return 'typed'\n",
        )
        .file(
            "app.py",
            "from oldpkg.util import helper\n\nSETTINGS = {'mode': 'prod'}\n\n\ndef run():\n    return helper(1)\n",
        )
        .file(
            "other.py",
            "from oldpkg.util import helper, typed\n\n\ndef run():\n    return helper(2), typed(3)\n",
        )
        .file("main.py", "import app\nimport other\n\nprint(app.run(), other.run())\n");
    let before = p.python(&["main.py"], "before");
    let (app, stderr) = p.apply_write("app.py");
    assert!(
        app.starts_with("from oldpkg.util import helper\n"),
        "{stderr}\n{app}"
    );
    assert!(
        stderr.contains("would load `newpkg.tools` while `app` is still loading, and that loads `app` back at module level (newpkg.tools → app)"),
        "{stderr}"
    );
    let other = std::fs::read_to_string(p.path().join("other.py")).unwrap();
    assert!(
        other.contains("from newpkg.tools import assist")
            && other.contains("from newpkg.typed import assist as typed_assist"),
        "{other}"
    );
    assert_eq!(p.python(&["main.py"], &other), before);
}

/// Review of the fixes above: `await (old(1))` is awaited too, so the fix
/// goes in without a second `await`; a target whose middle name is one a
/// package's `__init__` binds (`from . import tools as tool`), not a
/// module, cannot be imported from, and is not proposed.
#[test]
fn an_awaited_call_in_parentheses_and_a_target_through_a_name() {
    let rules = "[[rewrite]]\nid = \"r\"\npattern = \"{oldpkg.api.get_mgr}($X)\"\nfix = \"await {newpkg.api.new_mgr}(user_context=$X)\"\n\n[[move]]\nid = \"m\"\nold = \"oldpkg.api.helper\"\nnew = \"newpkg.tool.helper\"\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/api.py",
            "async def get_mgr(x):\n    return x\n\n\ndef helper():\n    return 'old'\n",
        )
        .file("newpkg/__init__.py", "from . import api as tool\n")
        .file(
            "newpkg/api.py",
            "async def new_mgr(*, user_context):\n    return user_context\n\n\ndef helper():\n    return 'old'\n",
        )
        .file(
            "main.py",
            "import asyncio\n\nfrom oldpkg.api import get_mgr, helper\n\n\nasync def a():\n    return await (get_mgr(1))\n\n\nprint(asyncio.run(a()), helper())\n",
        );
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("main.py");
    assert!(
        text.contains("return await (new_mgr(user_context=1))"),
        "{stderr}\n{text}"
    );
    assert!(text.contains("from oldpkg.api import helper"), "{text}");
    assert!(
        stderr.contains("`newpkg.tool` is a name that `newpkg`'s code binds, not a module"),
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &text), before);
}

/// Review: `@get_factory` calls the old function with the function below,
/// a call no pattern spells: a finding to migrate by hand, so `check` is
/// not clean while it is there.
#[test]
fn a_bare_decorator_of_a_rewritten_function_is_a_finding() {
    let rules = "[[rewrite]]\nid = \"r\"\npattern = \"{oldpkg.deps.get_factory}()\"\nfix = \"{newpkg.deps.get_manager}()\"\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file("oldpkg/deps.py", "def get_factory(f=None):\n    return f\n")
        .file(
            "main.py",
            "from oldpkg.deps import get_factory\n\n\n@get_factory\ndef handler():\n    return 1\n",
        );
    let lines: Vec<(usize, String)> = p
        .findings()
        .into_iter()
        .filter(|f| f.0 == "main.py" && f.3 == "r")
        .map(|f| (f.1, f.4))
        .collect();
    assert_eq!(lines, [(4, "rewrite".to_string())], "{lines:?}");
    assert_eq!(p.run(&["check", "."]).code, 1);
}

/// Review finding 02: keywords matched in another order are evaluated
/// where they stand, so a fix that keeps that order is applied, with
/// effects; one that would swap their effects is left.
#[test]
fn keywords_in_another_order_keep_their_evaluation_order() {
    let rules = "[[rewrite]]\nid = \"same\"\npattern = \"{oldpkg.util.fetch}($U, timeout=$T, verify=$V)\"\nfix = \"{newpkg.tools.get}($U, $V, $T)\"\n\n[[rewrite]]\nid = \"swap\"\npattern = \"{oldpkg.util.pull}($U, timeout=$T, verify=$V)\"\nfix = \"{newpkg.tools.get}($U, $T, $V)\"\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/util.py",
            "def fetch(u, timeout, verify):\n    return (u, verify, timeout)\n\n\ndef pull(u, timeout, verify):\n    return (u, timeout, verify)\n",
        )
        .file("newpkg/__init__.py", "")
        .file("newpkg/tools.py", "def get(u, a, b):\n    return (u, a, b)\n")
        .file(
            "main.py",
            "from oldpkg.util import fetch, pull\n\n\ndef t(v):\n    print('eval', v)\n    return v\n\n\nprint(fetch('u', verify=t(3), timeout=t(4)))\nprint(pull('u', verify=t(5), timeout=t(6)))\n",
        );
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("main.py");
    assert!(
        text.contains("print(get('u', t(3), t(4)))"),
        "{stderr}\n{text}"
    );
    assert!(
        text.contains("print(pull('u', verify=t(5), timeout=t(6)))"),
        "{stderr}\n{text}"
    );
    assert_eq!(p.python(&["main.py"], &text), before);
}
