//! SPEC §3 detection cases, one test each, on realistic code. Each asserts
//! the exact findings (path:line:column rule kind) of `canon check`.

use crate::util::{Project, assert_lines};

#[test]
fn case1_from_import_and_alias() {
    let p = Project::new().file(
        "app/routes/ws.py",
        "\"\"\"WebSocket routes.\"\"\"\n\
         from app.ws.factory import create_manager\n\
         from app.ws.factory import create_manager as make_manager\n\
         \n\
         \n\
         async def connect(ctx):\n\
         \x20   manager = create_manager(ctx)\n\
         \x20   backup = make_manager(ctx)\n\
         \x20   return manager, backup\n",
    );
    // The imports are the violations; uses of the bound names are not separate findings.
    assert_lines(
        &p.finding_lines(),
        &[
            "app/routes/ws.py:2:28 ws-create move",
            "app/routes/ws.py:3:28 ws-create move",
        ],
    );
}

#[test]
fn case2_multiline_parenthesised_import_flags_only_the_name() {
    let p = Project::new().file(
        "app/routes/chat.py",
        "from app.ws.factory import (  # the old factory\n\
         \x20   ManagerFactory,  # still used below\n\
         \x20   create_manager,\n\
         \x20   helper_function,\n\
         )\n\
         \n\
         def build(ctx):\n\
         \x20   return create_manager(ctx), helper_function()\n",
    );
    assert_lines(
        &p.finding_lines(),
        &[
            "app/routes/chat.py:2:5 ws-factory-class ban",
            "app/routes/chat.py:3:5 ws-create move",
        ],
    );
}

#[test]
fn case3_canonical_import_already_present() {
    let p = Project::new().file(
        "app/services/chat.py",
        "from app.ws.manager import Manager\n\
         from app.ws.factory import create_manager\n\
         \n\
         def make(ctx):\n\
         \x20   return create_manager(ctx) or Manager(ctx)\n",
    );
    assert_lines(
        &p.finding_lines(),
        &[
            "app/services/chat.py:2:28 ws-create move",
            "app/services/chat.py:5:35 ws-ctor rewrite",
        ],
    );
}

#[test]
fn case4_module_imports_with_attribute_references() {
    let p = Project::new().file(
        "app/services/notify.py",
        "import app.ws.factory\n\
         import app.ws.factory as wsf\n\
         \n\
         def notify(ctx):\n\
         \x20   a = app.ws.factory.create_manager(ctx)\n\
         \x20   b = wsf.create_manager(ctx)\n\
         \x20   c = wsf.other_helper(ctx)\n\
         \x20   return a, b, c\n",
    );
    // Importing the module is fine (it has other names); each chain naming the old symbol is reported.
    assert_lines(
        &p.finding_lines(),
        &[
            "app/services/notify.py:5:9 ws-create move",
            "app/services/notify.py:6:9 ws-create move",
        ],
    );
}

#[test]
fn case5_relative_imports_resolve_from_the_file_location() {
    let p = Project::new()
        .file("app/ws/pool.py", "from .factory import create_manager\n")
        .file(
            "app/services/session.py",
            "from ..ws.factory import create_manager as cm\n",
        )
        .file(
            "app/ws/sub/deep.py",
            "from ...ws import factory\nfactory.create_manager(1)\n",
        )
        .file("app/ws/__init__.py", "from . import factory\n")
        // Same spelling, different package: app.other.factory is not the deprecated module.
        .file("app/other/pool.py", "from .factory import create_manager\n");
    assert_lines(
        &p.finding_lines(),
        &[
            "app/services/session.py:1:26 ws-create move",
            "app/ws/pool.py:1:22 ws-create move",
            "app/ws/sub/deep.py:2:1 ws-create move",
        ],
    );
}

#[test]
fn case6_imports_inside_functions_methods_try_and_type_checking() {
    let p = Project::new().file(
        "app/agents/runner.py",
        "from typing import TYPE_CHECKING\n\
         \n\
         if TYPE_CHECKING:\n\
         \x20   from app.ws.factory import ManagerFactory\n\
         \n\
         try:\n\
         \x20   from app.ws.manager import Manager\n\
         except ImportError:\n\
         \x20   from app.ws.factory import create_manager as Manager\n\
         \n\
         \n\
         def lazy(ctx):\n\
         \x20   from app.ws.factory import create_manager\n\
         \x20   return create_manager(ctx)\n\
         \n\
         \n\
         class Runner:\n\
         \x20   def start(self, factory: \"ManagerFactory\"):\n\
         \x20\x20\x20\x20\x20\x20\x20\x20from app.ws.factory import create_manager\n\
         \x20\x20\x20\x20\x20\x20\x20\x20return create_manager(self)\n",
    );
    assert_lines(
        &p.finding_lines(),
        &[
            "app/agents/runner.py:4:32 ws-factory-class ban",
            "app/agents/runner.py:9:32 ws-create move",
            "app/agents/runner.py:13:32 ws-create move",
            // The string annotation "ManagerFactory" uses the banned class.
            "app/agents/runner.py:18:31 ws-factory-class ban",
            "app/agents/runner.py:19:36 ws-create move",
        ],
    );
}

#[test]
fn case7_local_shadows_are_not_references() {
    // A ban reports every reference, so it shows exactly which names are bound to the import.
    let p = Project::new().file(
        "app/routes/admin.py",
        "from app.ws.factory import ManagerFactory, get_factory\n\
         \n\
         registry = ManagerFactory()\n\
         \n\
         def with_param(ManagerFactory):\n\
         \x20   return ManagerFactory()\n\
         \n\
         def with_local():\n\
         \x20   ManagerFactory = dict\n\
         \x20   get_factory = list\n\
         \x20   return ManagerFactory(), get_factory()\n\
         \n\
         def with_loop(items):\n\
         \x20   return [ManagerFactory for ManagerFactory in items]\n\
         \n\
         def uses_import():\n\
         \x20   return isinstance(registry, ManagerFactory)\n\
         \n\
         handler = lambda get_factory: get_factory()\n",
    );
    assert_lines(
        &p.finding_lines(),
        &[
            "app/routes/admin.py:1:28 ws-factory-class ban",
            "app/routes/admin.py:3:12 ws-factory-class ban",
            "app/routes/admin.py:17:33 ws-factory-class ban",
        ],
    );
}

#[test]
fn case8_dotted_path_strings_in_patch_and_monkeypatch() {
    let p = Project::new().file(
        "tests/test_notify.py",
        "from unittest.mock import patch\n\
         \n\
         \n\
         @patch(\"app.ws.factory.create_manager\")\n\
         def test_decorated(mock_create):\n\
         \x20   with patch('app.ws.factory.create_manager') as m:\n\
         \x20       assert m is not None\n\
         \n\
         \n\
         def test_monkeypatch(monkeypatch):\n\
         \x20   monkeypatch.setattr(\"app.ws.factory.create_manager\", lambda ctx: None)\n\
         \x20   monkeypatch.setattr(\"app.ws.factory.create_manager_v2\", None)\n\
         \x20   name = \"create_manager\"\n\
         \x20   log = f\"app.ws.factory.create_manager {name}\"\n\
         \x20   print(\"patched app.ws.factory.create_manager in tests\")\n",
    );
    assert_lines(
        &p.finding_lines(),
        &[
            "tests/test_notify.py:4:9 ws-create move",
            "tests/test_notify.py:6:17 ws-create move",
            "tests/test_notify.py:11:26 ws-create move",
            "tests/test_notify.py:14:13 ws-create mention",
            "tests/test_notify.py:15:20 ws-create mention",
        ],
    );
}

#[test]
fn case9_comments_docstrings_and_text_files_are_mentions() {
    let p = Project::new()
        .file(
            "app/bridge.py",
            "\"\"\"Bridge.\n\nReplaces app.ws.factory.create_manager.\n\"\"\"\n\
             # TODO: drop app.legacy.events once migrated\n\
             x = 1  # app.ws.factory.ManagerFactory is banned\n",
        )
        .file(
            "pyproject.toml",
            "[project.scripts]\nws = \"app.ws.factory:create_manager\"\n\n\
             [tool.canon.settings]\nbranch = \"x\"\n# app.ws.factory.create_manager here is our own config\n",
        )
        .file("setup.cfg", "[options.entry_points]\nconsole_scripts =\n    ws = app.ws.factory:create_manager\n")
        .file("pytest.ini", "[pytest]\nfilterwarnings =\n    ignore::DeprecationWarning:app.legacy.events\n")
        .file("deploy/ws.yaml", "factory: app.ws.factory.ManagerFactory\n")
        .file("docs/migrate.md", "Use `app.events` instead of `app.legacy.events.publish`.\n");
    assert_lines(
        &p.finding_lines(),
        &[
            "app/bridge.py:3:10 ws-create mention",
            "app/bridge.py:5:14 legacy-events mention",
            "app/bridge.py:6:10 ws-factory-class mention",
            "deploy/ws.yaml:1:10 ws-factory-class mention",
            "docs/migrate.md:1:30 legacy-events mention",
            "pyproject.toml:2:7 ws-create mention",
            "pytest.ini:3:32 legacy-events mention",
            "setup.cfg:3:10 ws-create mention",
        ],
    );
    // Mentions are information: they do not fail the check.
    assert_eq!(p.run(&["check", "."]).code, 0);
}

#[test]
fn case10_defining_module_and_reexport_are_reported() {
    let p = Project::new()
        .file(
            "app/ws/factory.py",
            "\"\"\"Deprecated.\"\"\"\n\
             \n\
             class ManagerFactory:\n\
             \x20   pass\n\
             \n\
             \n\
             def create_manager(ctx):\n\
             \x20   return ManagerFactory()\n",
        )
        .file(
            "app/ws/__init__.py",
            "from .factory import create_manager\n\
             from .manager import Manager\n\
             \n\
             __all__ = [\"Manager\", \"create_manager\"]\n",
        );
    assert_lines(
        &p.finding_lines(),
        &[
            // The re-export import is a user of the old path...
            "app/ws/__init__.py:1:22 ws-create move",
            // ...and __all__ re-exports it.
            "app/ws/__init__.py:4:24 ws-create move",
            // The definition itself; its own class is defined, not imported, so no ban findings.
            "app/ws/factory.py:7:5 ws-create move",
        ],
    );
    let json = p.run(&["check", ".", "--format", "json"]).json();
    let messages: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(messages[1].contains("`__all__` re-exports"), "{messages:?}");
    assert!(
        messages[2].starts_with("definition of deprecated"),
        "{messages:?}"
    );
}

#[test]
fn case11_module_moves_cover_submodules_and_references() {
    let p = Project::new()
        .file(
            "app/main.py",
            "import app.legacy.events\n\
             import app.legacy.events as ev\n\
             from app.legacy.events import publish\n\
             from app.legacy.events.payloads import (\n\
             \x20   ChatPayload,\n\
             \x20   ErrorPayload,\n\
             )\n\
             from app.legacy import events\n\
             from app.legacy import other\n\
             \n\
             app.legacy.events.publish(\"boot\")\n\
             ev.publish(\"again\")\n\
             events.publish(\"third\")\n",
        )
        .file(
            "app/legacy/events/__init__.py",
            "def publish(name):\n    pass\n",
        )
        .file(
            "app/legacy/events/payloads.py",
            "class ChatPayload:\n    pass\n",
        );
    assert_lines(
        &p.finding_lines(),
        &[
            "app/legacy/events/__init__.py:1:1 legacy-events move",
            "app/main.py:1:8 legacy-events move",
            "app/main.py:2:8 legacy-events move",
            "app/main.py:3:6 legacy-events move",
            "app/main.py:4:6 legacy-events move",
            "app/main.py:8:24 legacy-events move",
            "app/main.py:11:1 legacy-events move",
        ],
    );
}

#[test]
fn rewrite_call_sites_carry_their_async_context() {
    let p = Project::new().file(
        "app/handlers/msg.py",
        "from app.ws.factory import get_factory\n\
         \n\
         FACTORY = get_factory()\n\
         \n\
         async def on_message(msg):\n\
         \x20   f = get_factory()\n\
         \x20   g = await get_factory()\n\
         \x20   h = [get_factory() for _ in range(2)]\n\
         \x20   def inner():\n\
         \x20       return get_factory()\n\
         \x20   return f, g, h, inner, get_factory(msg)\n\
         \n\
         def sync_path():\n\
         \x20   return get_factory()\n\
         \n\
         callback = lambda: get_factory()\n\
         \n\
         class Holder:\n\
         \x20   factory = get_factory()\n",
    );
    let out = p.run(&["check", ".", "--format", "json"]);
    assert_eq!(out.code, 1);
    let got: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ws-getter")
        .map(|f| {
            let c = &f["context"];
            format!(
                "{}:{} {} {} await_allowed={}",
                f["line"],
                f["column"],
                c["scope"].as_str().unwrap(),
                c["function"],
                c["await_allowed"]
            )
        })
        .collect();
    assert_lines(
        &got,
        &[
            "3:11 module null await_allowed=false",
            "6:9 async_function \"on_message\" await_allowed=true",
            "7:15 async_function \"on_message\" await_allowed=true",
            "8:10 async_function \"on_message\" await_allowed=true",
            "10:16 function \"inner\" await_allowed=false",
            "14:12 function \"sync_path\" await_allowed=false",
            "16:20 lambda null await_allowed=false",
            "19:15 class null await_allowed=false",
        ],
    );
    // With `--fixes`, sites where the fix's `await` cannot go say so.
    let text = p.run(&["check", ".", "--fixes"]).stdout;
    let line14 = text.lines().find(|l| l.contains("msg.py:14:")).unwrap();
    assert!(
        line14.contains("needs a human") && line14.contains("not allowed in non-async def"),
        "{line14}"
    );
    let line6 = text.lines().find(|l| l.contains("msg.py:6:")).unwrap();
    assert!(!line6.contains("not allowed"), "{line6}");
}

#[test]
fn rewrite_matches_through_aliases_and_module_chains() {
    let p = Project::new().file(
        "scripts/smoke.py",
        "import app.ws.manager as wm\n\
         from app.ws import manager\n\
         from app.ws.manager import Manager as M\n\
         \n\
         a = wm.Manager(ctx)\n\
         b = manager.Manager(ctx)\n\
         c = M(ctx)\n\
         d = M(ctx, extra)\n\
         e = M()\n",
    );
    assert_lines(
        &p.finding_lines(),
        &[
            "scripts/smoke.py:5:5 ws-ctor rewrite",
            "scripts/smoke.py:6:5 ws-ctor rewrite",
            "scripts/smoke.py:7:5 ws-ctor rewrite",
        ],
    );
}

#[test]
fn star_import_of_the_old_module_is_reported() {
    let p = Project::new()
        .file(
            "app/compat.py",
            "from app.ws.factory import *\n\nmanager = create_manager(None)\n",
        )
        // A star import whose names are not the deprecated ones is not a finding.
        .file(
            "app/unused.py",
            "from app.ws.factory import *\n\nprint(make_config())\n",
        );
    assert_lines(
        &p.finding_lines(),
        &[
            "app/compat.py:1:1 ws-create move",
            "app/compat.py:3:11 ws-create move",
        ],
    );
}
