//! Hostile pass 15, defects 03, 06 and 07: what a star import of a module
//! that writes its exports at runtime binds; import cycles an import a
//! rewrite (or a move's plain import) adds would make; an import that is
//! what loads a submodule another file reaches through its package.

use crate::util::Project;

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

// ---- 03: star imports of modules whose exports are written at runtime --

const READ_CONFIG: &str = "[[move]]\nid = \"read-config\"\nold = \"legacy.config.read_config\"\nnew = \"config.loader.load_config\"\n";

/// `main.py` imports the deprecated `read_config`, then star-imports
/// `app/tools.py` (given), which may export a `load_config` of its own.
fn star_after_import(tools: &str) -> Project {
    Project::bare()
        .file("canon.toml", READ_CONFIG)
        .file("legacy/__init__.py", "")
        .file("config/__init__.py", "")
        .file("app/__init__.py", "")
        .file(
            "config/loader.py",
            "def load_config(path=\"app.ini\"):\n    return \"config.loader:\" + path\n",
        )
        .file(
            "legacy/config.py",
            "from config.loader import load_config as read_config  # deprecated name\n",
        )
        .file("app/tools.py", tools)
        .file(
            "main.py",
            "from legacy.config import read_config\nfrom app.tools import *\n\nprint(read_config(\"prod.ini\"))\n",
        )
}

/// Hostile 15, defect 03: a module that fills `__all__` from a decorator,
/// or binds names through `globals()`, its module object or `exec`, may
/// export any name: its star import is one canon cannot see into, and the
/// renamed import keeps its alias (`load_config as read_config`), so the
/// star import that follows cannot replace it. Each form was renamed to
/// `load_config` and then silently ran `app.tools.load_config`.
#[test]
fn a_star_import_of_a_module_that_writes_its_exports_at_runtime_may_bind_any_name() {
    let def = "def _tools(path):\n    return \"app.tools:\" + path\n\n\n";
    let forms = [
        // `@public` appends to `__all__` inside the decorator.
        "__all__ = []\n\n\ndef public(fn):\n    __all__.append(fn.__name__)\n    return fn\n\n\n@public\ndef load_config(path):\n    return \"app.tools:\" + path\n".to_string(),
        format!("{def}globals().update({{\"load_config\": _tools}})\n"),
        format!("{def}for _name in (\"load_config\",):\n    globals()[_name] = _tools\n"),
        format!("import sys\n\n{def}setattr(sys.modules[__name__], \"load_config\", _tools)\n"),
        format!("import sys\n\n{def}sys.modules[__name__].load_config = _tools\n"),
        format!("import sys\n\n{def}_this = sys.modules[__name__]\n_this.load_config = _tools\n"),
        format!("{def}vars()[\"load_config\"] = _tools\n"),
        format!("{def}_ns = globals()\n_ns[\"load_config\"] = _tools\n"),
        format!("{def}globals().setdefault(\"load_config\", _tools)\n"),
        "exec(\"def load_config(path):\\n    return 'app.tools:' + path\\n\")\n".to_string(),
        "__all__ = []\n\n\ndef load_config(path):\n    return \"app.tools:\" + path\n\n\n__all__[len(__all__):] = [\"load_config\"]\n".to_string(),
        "__all__ = []\n\n\ndef load_config(path):\n    return \"app.tools:\" + path\n\n\n__all__.__iadd__([\"load_config\"])\n".to_string(),
        "__all__ = []\n\n\ndef load_config(path):\n    return \"app.tools:\" + path\n\n\ndef _export(*names):\n    global __all__\n    __all__ = __all__ + list(names)\n\n\n_export(\"load_config\")\n".to_string(),
        "__all__ = []\n\n\ndef load_config(path):\n    return \"app.tools:\" + path\n\n\ndef _register(names, name):\n    names.append(name)\n\n\n_register(__all__, \"load_config\")\n".to_string(),
    ];
    for tools in &forms {
        let p = star_after_import(tools);
        let before = p.python(&["main.py"], tools);
        assert_eq!(before, "config.loader:prod.ini\n", "{tools}");
        let (main, stderr) = p.apply_write("main.py");
        assert!(
            main.starts_with("from config.loader import load_config as read_config\n"),
            "{tools}\n{main}\n{stderr}"
        );
        let after = p.python(&["main.py"], &format!("{tools}\n{main}\n{stderr}"));
        assert_eq!(after, before, "{tools}\n{main}");
    }
    // A module that only reads its namespace and `__all__` (`globals().get`,
    // `name in __all__`, `def __dir__(): return __all__`), or writes its
    // namespace under an `__all__` that says what it exports, is still
    // read: the import takes the new name.
    let forms = [
        "import sys\n\n__all__ = [\"slugify\"]\n\n\ndef slugify(s):\n    return s.lower()\n\n\ndef _tools(path):\n    return \"app.tools:\" + path\n\n\nglobals().update({\"load_config\": _tools})\n\n\ndef __dir__():\n    return __all__\n\n\ndef exported(name):\n    return name in __all__ and len(__all__) > 0\n",
        "import sys\n\n\ndef slugify(s):\n    return s.lower()\n\n\ndef lookup(name):\n    return globals().get(name) or globals()[name]\n\n\ndef has(name):\n    return hasattr(sys.modules[__name__], name) or name in globals()\n",
    ];
    for tools in forms {
        let p = star_after_import(tools);
        let before = p.python(&["main.py"], tools);
        let (main, stderr) = p.apply_write("main.py");
        assert!(
            main.starts_with("from config.loader import load_config\n")
                && main.contains("print(load_config(\"prod.ini\"))"),
            "{tools}\n{main}\n{stderr}"
        );
        assert_eq!(p.python(&["main.py"], &main), before, "{tools}");
    }
}

/// The same for a rewrite: after `from app.tools import *` of a module
/// that may export any name, the names the fix needs (or the match goes
/// through) may be rebound by it; the call stays as it is, with a note.
#[test]
fn a_rewrite_after_a_star_import_of_a_module_that_writes_its_exports_is_refused() {
    let rule = "[[rewrite]]\nid = \"rc\"\npattern = \"{legacy.config.read_config}($P)\"\nfix = \"{config.loader.load_config}($P)\"\n";
    let tools = "__all__ = []\n\n\ndef public(fn):\n    __all__.append(fn.__name__)\n    return fn\n\n\n@public\ndef load_config(path):\n    return \"app.tools:\" + path\n";
    let main = "import legacy.config\nfrom app.tools import *\n\nprint(legacy.config.read_config(\"prod.ini\"))\n";
    let p = star_after_import(tools)
        .file("canon.toml", rule)
        .file(
            "legacy/config.py",
            "def read_config(path):\n    return \"legacy:\" + path\n",
        )
        .file("main.py", main);
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("main.py");
    assert_eq!(text, main, "{stderr}");
    assert!(
        stderr.contains("may also be what `from app.tools import *` binds here"),
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &stderr), before);
}

// ---- 06: import cycles an added import would make ----------------------

const CLIENT: &str = "[[rewrite]]\nid = \"client-factory\"\npattern = \"{app.legacy.make_client}($URL)\"\nfix = \"{app.services.get_client}($URL, retries=3)\"\n";

/// `app/services.py` imports `app.models` at module level; `app/models.py`
/// (given) calls the old factory.
fn cyclic(models: &str) -> Project {
    Project::bare()
        .file("canon.toml", CLIENT)
        .file("app/__init__.py", "")
        .file(
            "app/legacy.py",
            "def make_client(url):\n    return (\"client\", url)\n",
        )
        .file(
            "app/services.py",
            "from app.models import DEFAULT_URL\n\n\ndef get_client(url=DEFAULT_URL, *, retries=3):\n    return (\"client\", url)\n",
        )
        .file("app/models.py", models)
        .file("main.py", "from app.models import connect\n\nprint(connect())\n")
}

/// Hostile 15, defect 06: the fix's `{app.services.get_client}` would be
/// imported at the top of `app/models.py`, and importing `app.models`
/// would then fail (`partially initialized module`). Refused with the
/// note a move to the same target gets; the program runs as before.
#[test]
fn a_rewrite_does_not_add_a_module_level_import_that_makes_an_import_cycle() {
    let models = "from app.legacy import make_client\n\nDEFAULT_URL = \"http://db\"\n\n\ndef connect():\n    return make_client(DEFAULT_URL)\n";
    let p = cyclic(models);
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("app/models.py");
    assert_eq!(text, models, "{stderr}");
    assert!(
        stderr.contains("the fix needs an import of `app.services.get_client`")
            && stderr.contains("(app.services → app.models): an import cycle")
            && stderr.contains("for a human to import it inside the functions that use it"),
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &stderr), before);
    // Where the match goes through a function-local import, the fix's
    // import goes beside it, and runs only when the function is called:
    // no cycle at import time, so the rewrite is proposed.
    let models = "DEFAULT_URL = \"http://db\"\n\n\ndef connect():\n    from app.legacy import make_client\n    return make_client(DEFAULT_URL)\n";
    let p = cyclic(models);
    let (text, stderr) = p.apply_write("app/models.py");
    assert_eq!(
        text,
        "DEFAULT_URL = \"http://db\"\n\n\ndef connect():\n    from app.services import get_client\n    return get_client(DEFAULT_URL, retries=3)\n",
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &stderr), "('client', 'http://db')\n");
}

/// A move that re-spells `app.legacy.make_client(…)` through a plain
/// `import app.legacy` would re-point that import to `import
/// app.services`, which loads `app.models` back: the self-check refuses
/// it, as the `from` import of a move is refused.
#[test]
fn a_move_does_not_re_point_a_plain_import_into_an_import_cycle() {
    let models = "import app.legacy\n\nDEFAULT_URL = \"http://db\"\n\n\ndef connect():\n    return app.legacy.make_client(DEFAULT_URL)\n";
    let p = cyclic(models)
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"app.legacy.make_client\"\nnew = \"app.services.get_client\"\n",
        )
        .file(
            "app/legacy.py",
            "def make_client(url):\n    from app.services import get_client\n    return get_client(url)\n",
        );
    let before = p.python(&["main.py"], "before");
    let (text, stderr) = p.apply_write("app/models.py");
    assert_eq!(text, models, "{stderr}");
    assert!(
        stderr.contains(
            "`import app.services` would load `app.services` while `app.models` is still loading"
        ),
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &stderr), before);
}

// ---- 07: the import that loads a submodule another file relies on -----

/// `app/boot.py` (given) loads `legacy.settings`; `main.py` reaches it
/// through a bare `import legacy`.
fn submodule_reached(rules: &str, boot: &str) -> Project {
    Project::bare()
        .file("canon.toml", rules)
        .file("legacy/__init__.py", "")
        .file("config/__init__.py", "")
        .file("app/__init__.py", "")
        .file(
            "config/settings.py",
            "DEBUG = True\n\n\ndef get_flag():\n    return \"new\"\n",
        )
        .file(
            "legacy/settings.py",
            "DEBUG = True\n\n\ndef get_flag():\n    return \"old\"\n",
        )
        .file("app/boot.py", boot)
        .file(
            "main.py",
            "import app.boot\nimport legacy\n\nprint(app.boot.configure(), legacy.settings.DEBUG)\n",
        )
}

const SETTINGS_MODULE: &str =
    "[[move]]\nid = \"settings-module\"\nold = \"legacy.settings\"\nnew = \"config.settings\"\n";

/// Hostile 15, defect 07: re-pointed, `app/boot.py`'s import would no
/// longer load `legacy.settings`, which `main.py` reaches through `import
/// legacy` alone (canon refuses to re-point that chain, which would rely
/// on a module no import loads): `main.py` failed with AttributeError.
/// The import stays, with a note naming the file that relies on it; the
/// same for every spelling that loads the submodule.
#[test]
fn a_move_keeps_the_import_that_loads_a_submodule_another_file_reaches() {
    for boot in [
        "import legacy.settings\n\n\ndef configure():\n    return legacy.settings.DEBUG\n",
        "from legacy import settings\n\n\ndef configure():\n    return settings.DEBUG\n",
        "from legacy.settings import DEBUG\n\n\ndef configure():\n    return DEBUG\n",
        "def configure():\n    import legacy.settings\n    return legacy.settings.DEBUG\n\n\nconfigure()\n",
    ] {
        let p = submodule_reached(SETTINGS_MODULE, boot);
        let before = p.python(&["main.py"], boot);
        let (text, stderr) = p.apply_write("app/boot.py");
        assert_eq!(text, boot, "{stderr}");
        assert!(
            stderr.contains("this file would no longer import `legacy.settings`, but `main.py` refers to it as an attribute of `legacy`"),
            "{boot}\n{stderr}"
        );
        assert_eq!(p.python(&["main.py"], &stderr), before, "{boot}");
    }
    // A move of the package itself moves `main.py`'s chain along
    // (`config.settings.DEBUG` through `import config`), and `app/boot.py`'s
    // re-pointed import loads the submodule's new home: both move.
    let boot = "import legacy.settings\n\n\ndef configure():\n    return legacy.settings.DEBUG\n";
    let rule = "[[move]]\nid = \"pkg\"\nold = \"legacy\"\nnew = \"config\"\n";
    let p = submodule_reached(rule, boot);
    let (text, stderr) = p.apply_write("app/boot.py");
    assert_eq!(
        text, "import config.settings\n\n\ndef configure():\n    return config.settings.DEBUG\n",
        "{stderr}"
    );
    assert_eq!(
        read(&p, "main.py"),
        "import app.boot\nimport config\n\nprint(app.boot.configure(), config.settings.DEBUG)\n"
    );
    assert_eq!(p.python(&["main.py"], &stderr), "True True\n");
}

/// A rewrite (before the module's move) whose fix leaves `import
/// legacy.settings` unused keeps it: it is what loads the submodule for
/// `main.py`, which the move's rule has the scan index. The fix goes in;
/// the move then leaves the import as it is. Before, the import went, and
/// `main.py` failed with AttributeError.
#[test]
fn a_rewrite_keeps_an_import_it_leaves_unused_that_loads_a_submodule_for_another_file() {
    let rules = format!(
        "[[rewrite]]\nid = \"flag\"\npattern = \"{{legacy.settings.get_flag}}()\"\nfix = \"{{config.settings.get_flag}}()\"\n\n{SETTINGS_MODULE}"
    );
    let boot =
        "import legacy.settings\n\n\ndef configure():\n    return legacy.settings.get_flag()\n";
    let p = submodule_reached(&rules, boot);
    let (text, stderr) = p.apply_write("app/boot.py");
    assert_eq!(
        text,
        "import legacy.settings\nfrom config.settings import get_flag\n\n\ndef configure():\n    return get_flag()\n",
        "{stderr}"
    );
    assert_eq!(p.python(&["main.py"], &stderr), "new True\n");
}
