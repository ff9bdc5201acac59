//! Attempts to make a view propose otherwise than the whole file: each a
//! realistic file over 1 KB, proposed on its view (from 1 KB) and whole.

use std::path::Path;

use super::view::both;
use super::*;

const PATH: &str = "tests/test_ws.py";

/// Top-level helper functions that no rule can care about: what a view
/// leaves out.
fn filler(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&format!(
            "\n\ndef build_payload_{i}(value):\n    payload = {{\"id\": {i}, \"value\": value}}\n    return payload\n"
        ));
    }
    out
}

/// Methods of a big class that no rule can care about.
fn methods(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&format!(
            "\n    def test_route_{i}(self, client):\n        response = client.get(\"/route/{i}\")\n        assert response.status_code == 200\n"
        ));
    }
    out
}

/// Viewed and whole proposals under `toml` (the fixture when `None`), with
/// every invariant checked (a view at any size among them).
fn run(code: &str, toml: Option<&str>) -> (Proposal, Proposal, bool) {
    run_checking(code, toml, true)
}

/// [`run`], with the invariants checked only when `invariants`.
fn run_checking(code: &str, toml: Option<&str>, invariants: bool) -> (Proposal, Proposal, bool) {
    let config = match toml {
        Some(t) => rules::compile(Path::new("canon.toml"), t, Path::new(".")).unwrap(),
        None => crate::testing::config(),
    };
    let rules: Vec<&Rule> = config.rules.iter().collect();
    assert!(code.len() > 1024, "{} bytes", code.len());
    let out = both(PATH, code, &rules);
    assert_eq!(
        out.0.file.edits,
        out.1.file.edits,
        "\n--- viewed ---\n{}\n--- whole ---\n{}",
        out.0.file.proposed(),
        out.1.file.proposed()
    );
    if invariants {
        crate::invariants::check(PATH, code, &rules).assert_sound();
    }
    out
}

#[track_caller]
fn same(code: &str, toml: Option<&str>) -> Proposal {
    let (viewed, whole, used) = run(code, toml);
    assert!(used, "no view");
    assert!(
        !whole.file.edits.is_empty() || !whole.skipped.is_empty(),
        "nothing proposed"
    );
    assert_eq!(
        viewed.file.edits,
        whole.file.edits,
        "\n--- viewed ---\n{}\n--- whole ---\n{}",
        viewed.file.proposed(),
        whole.file.proposed()
    );
    assert_eq!(viewed, whole);
    whole
}

const SORTED: &str = "[[rewrite]]\nid = \"listing\"\npattern = \"{app.ws.factory.listing}()\"\nfix = \"sorted({app.ws.manager.listing}())\"\n";

#[test]
fn a_new_import_after_imports_split_by_a_left_out_statement() {
    // The whole file's import point is after the first run of imports;
    // with the statement between them left out, the view sees one run.
    let code = format!(
        "\"\"\"Websocket tests.\"\"\"\nimport os\n\nSETTINGS = os.environ.get(\"WS_SETTINGS\", \"dev\")\n\nfrom app.ws.factory import get_factory\n{}\n\nasync def test_hit():\n    factory = get_factory()\n    assert factory\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_new_import_after_imports_split_by_a_left_out_statement_kept_import() {
    // The same, with the old import still used (not removed).
    let code = format!(
        "\"\"\"Websocket tests.\"\"\"\nimport os\n\nSETTINGS = os.environ.get(\"WS_SETTINGS\", \"dev\")\n\nfrom app.ws.factory import get_factory\n{}\n\nasync def test_hit():\n    factory = get_factory()\n    assert factory\n\n\nFACTORY = get_factory\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_docstring_after_a_license_comment_with_no_plain_import() {
    let code = format!(
        "# Copyright 2024 Example Corp.\n# Licensed under the Apache License, Version 2.0.\n\"\"\"Websocket tests (get_factory).\"\"\"\ntry:\n    from app.ws.factory import get_factory\nexcept ImportError:  # pragma: no cover\n    get_factory = None\n{}\n\nasync def test_hit():\n    assert get_factory()\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_string_statement_that_is_first_only_in_the_view() {
    // `__author__ = …` left out: the view's first statement is a string
    // (a docstring there, not in the file).
    let code = format!(
        "__author__ = \"websocket team\"\n\"\"\"Websocket tests (get_factory).\"\"\"\ntry:\n    from app.ws.factory import get_factory\nexcept ImportError:  # pragma: no cover\n    get_factory = None\n{}\n\nasync def test_hit():\n    assert get_factory()\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_shebang_and_coding_line_with_no_plain_import() {
    let code = format!(
        "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\ntry:\n    from app.ws.factory import get_factory\nexcept ImportError:  # pragma: no cover\n    get_factory = None\n{}\n\nasync def test_hit():\n    assert get_factory()\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_future_import_and_a_docstring() {
    let code = format!(
        "\"\"\"Websocket tests.\"\"\"\nfrom __future__ import annotations\n\nimport os\n\nfrom app.ws.factory import create_manager\n{}\n\ndef test_hit():\n    assert create_manager(os.sep)\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn crlf_lines() {
    let code = format!(
        "\"\"\"Websocket tests.\"\"\"\nimport os\n\nfrom app.ws.factory import create_manager\n{}\n\ndef test_hit():\n    assert create_manager(os.sep)\n{}",
        filler(30),
        filler(10)
    )
    .replace('\n', "\r\n");
    same(&code, None);
}

#[test]
fn crlf_lines_with_a_rewrite_adding_an_import() {
    let code = format!(
        "import os\r\n\r\nSETTINGS = os.environ.get(\"WS\")\r\n\r\nfrom app.ws.factory import get_factory\n{}\n\nasync def test_hit():\n    assert get_factory()\n{}",
        filler(30),
        filler(10)
    )
    .replace("\r\n", "\n")
    .replace('\n', "\r\n");
    same(&code, None);
}

#[test]
fn lone_cr_lines() {
    let code = format!(
        "import os\n\nfrom app.ws.factory import create_manager\n{}\n\ndef test_hit():\n    assert create_manager(os.sep)\n{}",
        filler(30),
        filler(10)
    )
    .replace('\n', "\r");
    let (viewed, whole, _) = run(&code, None);
    assert_eq!(viewed, whole);
}

#[test]
fn form_feeds_between_sections() {
    let code = format!(
        "import os\n\nfrom app.ws.factory import create_manager\n\x0c\n{}\n\x0c\ndef test_hit():\n    assert create_manager(os.sep)\n\x0c\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn semicolon_joined_statements() {
    let code = format!(
        "import os; import sys\nfrom app.ws.factory import create_manager; DEBUG = False\n{}\n\ndef test_hit():\n    m = create_manager(os.sep); assert m\nx = 1; Manager = None\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn backslash_continuations() {
    let code = format!(
        "import os\nfrom app.ws.factory \\\n    import create_manager\n{}\n\nVALUE = 1 + \\\n    2\n\ndef test_hit():\n    assert create_manager \\\n        (os.sep)\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn no_trailing_newline_after_a_left_out_statement() {
    let code = format!(
        "import os\nfrom app.ws.factory import get_factory\n\n\nasync def test_hit():\n    assert get_factory()\n{}\n\nLAST = 1",
        filler(30)
    );
    same(&code, None);
}

#[test]

fn no_trailing_newline_after_the_last_import() {
    // The import is the last line; the new one needs a line break first.
    let code = format!(
        "{}\n\nasync def test_hit():\n    assert get_factory()\n\n\nfrom app.ws.factory import get_factory",
        filler(30)
    );
    same(&code, None);
}

#[test]
fn a_fix_naming_a_builtin_rebound_in_a_left_out_function_by_global() {
    let code = format!(
        "from app.ws.factory import listing\nfrom app.ws import manager\n{}\n\ndef install():\n    global sorted\n    sorted = list\n\n\ndef test_hit():\n    assert listing()\n{}",
        filler(30),
        filler(10)
    );
    same(&code, Some(SORTED));
}

#[test]
fn a_fix_naming_a_builtin_rebound_by_a_module_level_for_walrus_match_and_type() {
    for binding in [
        "for sorted in [list]:\n    pass\n",
        "if (sorted := list):\n    pass\n",
        "match list:\n    case sorted:\n        pass\n",
        "type sorted = list\n",
        "with open(os.devnull) as sorted:\n    pass\n",
        "try:\n    pass\nexcept Exception as sorted:\n    pass\n",
        "del sorted\n",
    ] {
        let code = format!(
            "import os\nfrom app.ws.factory import listing\nfrom app.ws import manager\n{}\n\n{binding}\n\ndef test_hit():\n    assert listing()\n{}",
            filler(30),
            filler(10)
        );
        let (viewed, whole, used) = run(&code, Some(SORTED));
        assert!(used);
        assert_eq!(viewed, whole, "{binding}");
    }
}

#[test]
fn a_comprehension_variable_in_a_left_out_statement_is_no_binding() {
    let code = format!(
        "from app.ws.factory import listing\nfrom app.ws import manager\n{}\n\nNAMES = [sorted for sorted in range(3)]\n\n\ndef test_hit():\n    assert listing()\n{}",
        filler(30),
        filler(10)
    );
    // `sorted` in the fix is the builtin there: the invariants know it.
    let (viewed, whole, used) = run(&code, Some(SORTED));
    assert!(used);
    assert!(!whole.file.edits.is_empty());
    assert_eq!(viewed, whole);
}

#[test]
fn a_big_decorated_class_with_class_level_names() {
    let code = format!(
        "import pytest\nfrom app.ws.factory import create_manager\n\n\n@pytest.mark.usefixtures(\"db\")\nclass TestRoutes:\n    \"\"\"Routes.\"\"\"\n\n    timeout = 3\n{}\n    def test_hit(self):\n        assert create_manager(self.timeout)\n\n    class Nested:\n        create = staticmethod(create_manager)\n{}\n    Manager = None\n",
        methods(30),
        methods(10)
    );
    same(&code, None);
}

#[test]
fn a_method_of_a_big_class_next_to_a_class_level_rebinding() {
    // `create_manager = …` in the class body does not reach the method.
    let code = format!(
        "from app.ws.factory import create_manager\n\n\nclass TestRoutes:\n    create_manager = None\n{}\n    def test_hit(self):\n        assert create_manager(1)\n{}",
        methods(30),
        methods(10)
    );
    same(&code, None);
}

#[test]
fn a_patch_target_assigned_far_from_its_use() {
    let code = format!(
        "from unittest.mock import patch\n\nTARGET = \"app.ws.factory.create_manager\"\n{}\n\ndef test_hit():\n    with patch(TARGET) as m:\n        assert m\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn all_extended_in_a_later_statement() {
    let code = format!(
        "from app.ws.factory import create_manager\n\n__all__ = [\"build_payload_0\"]\n{}\n\n__all__ += [\"create_manager\"]\n{}",
        filler(30),
        filler(10)
    );
    let (viewed, whole, used) = run(&code, None);
    assert!(used);
    assert_eq!(viewed, whole);
}

#[test]
fn a_module_move_whose_head_is_rebound_elsewhere() {
    let code = format!(
        "import app.legacy.events\n{}\n\ndef test_hit():\n    app.legacy.events.fire(1)\n\n\napp = object()\n{}",
        filler(30),
        filler(10)
    );
    let (viewed, whole, used) = run(&code, None);
    assert!(used);
    assert_eq!(viewed, whole);
}

#[test]
fn a_conditional_import_in_a_left_out_looking_if() {
    let code = format!(
        "import sys\nfrom app.ws.factory import create_manager\n{}\n\nif sys.version_info >= (3, 11):\n    import tomllib as toml_loader\nelse:\n    toml_loader = None\n\n\ndef test_hit():\n    assert create_manager(toml_loader)\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_module_level_alias_of_a_rule_symbol_used_in_a_left_out_function() {
    // `ManagerAlias = Manager` keeps its statement (it spells `Manager`);
    // a call through the alias spells no rule name.
    let code = format!(
        "from app.ws.manager import Manager\n\nManagerAlias = Manager\n{}\n\ndef test_alias(ctx):\n    assert ManagerAlias(ctx)\n{}",
        filler(30),
        filler(10)
    );
    let (viewed, whole, used) = run(&code, None);
    assert!(used);
    assert_eq!(viewed, whole);
}

#[test]
fn a_class_level_alias_of_a_rule_symbol_used_in_a_left_out_member() {
    let code = format!(
        "from app.ws.factory import create_manager\n\n\nclass TestRoutes:\n    factory = create_manager\n{}\n    manager = factory(1)\n{}",
        methods(30),
        methods(10)
    );
    let (viewed, whole, used) = run(&code, None);
    assert!(used);
    assert_eq!(viewed, whole);
}

#[test]
fn an_old_function_alias_called_in_a_left_out_function() {
    let code = format!(
        "from app.ws.factory import get_factory\n\nfetch = get_factory\n{}\n\nasync def test_alias():\n    assert fetch()\n{}",
        filler(30),
        filler(10)
    );
    let (viewed, whole, used) = run(&code, None);
    assert!(used);
    assert_eq!(viewed, whole);
}

#[test]

fn whole_file_a_new_import_goes_before_a_shebang_and_a_docstring_after_a_comment() {
    for head in [
        "#!/usr/bin/env python3\n",
        "# Copyright 2024 Example Corp.\n\"\"\"Websocket tests.\"\"\"\n",
    ] {
        let code = format!(
            "{head}try:\n    from app.ws.factory import get_factory\nexcept ImportError:  # pragma: no cover\n    get_factory = None\n{}\n\nasync def test_hit():\n    assert get_factory()\n",
            filler(30),
        );
        let (viewed, whole, _) = run_checking(&code, None, false);
        assert_eq!(viewed, whole);
        let out = whole.file.proposed();
        assert!(out.starts_with(head), "{head:?}:\n{}", &out[..200]);
    }
}

#[test]

fn whole_file_removing_the_only_import_of_a_try_body() {
    let code = "try:\n    from app.ws.factory import get_factory\nexcept ImportError:\n    get_factory = None\n\n\nasync def test_hit():\n    assert get_factory()\n";
    let out = crate::testing::proposal(PATH, code).file.proposed();
    assert!(!out.contains("try:\nexcept"), "{out}");
}

#[test]
fn a_bom_and_imports_split_by_a_left_out_statement() {
    let code = format!(
        "\u{feff}import os\n\nSETTINGS = os.environ.get(\"WS\")\n\nfrom app.ws.factory import get_factory\n{}\n\nasync def test_hit():\n    assert get_factory()\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn imports_split_by_a_big_class() {
    let code = format!(
        "import os\n\n\nclass TestRoutes:\n    \"\"\"Routes.\"\"\"\n{}\n\nfrom app.ws.factory import get_factory\n{}\n\nasync def test_hit():\n    assert get_factory()\n",
        methods(40),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn imports_split_by_a_semicolon_joined_line() {
    let code = format!(
        "import os\nDEBUG = 1; VERBOSE = 2\nfrom app.ws.factory import get_factory\n{}\n\nasync def test_hit():\n    assert get_factory()\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_star_import_nested_in_a_try_is_proposed_whole() {
    let code = format!(
        "import os\ntry:\n    from app.settings.local import *\nexcept ImportError:\n    pass\n\nfrom app.ws.factory import create_manager\n{}\n\ndef test_hit():\n    assert create_manager(os.sep)\n{}",
        filler(30),
        filler(10)
    );
    let (viewed, whole, used) = run(&code, None);
    assert!(!used, "a view despite a star import");
    assert_eq!(viewed, whole);
}

#[test]
fn a_future_import_run_then_a_left_out_statement() {
    let code = format!(
        "from __future__ import annotations\n\nVERSION = 2\n\nimport os\nfrom app.ws.factory import get_factory\n{}\n\nasync def test_hit():\n    assert get_factory(), os.sep\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_relative_import_spelled_without_a_space() {
    let code = format!(
        "from.conftest import client\n\nTIMEOUT = 3\n\nfrom app.ws.factory import get_factory\n{}\n\nasync def test_hit():\n    assert get_factory(), client\n{}",
        filler(30),
        filler(10)
    );
    let (viewed, whole, used) = run(&code, None);
    assert!(used);
    assert_eq!(viewed, whole);
}

#[test]
fn a_path_string_that_would_be_the_docstring_were_the_first_statement_left_out() {
    // Whole: a string statement after code is data (offered); were
    // `__author__` left out, it would read as the docstring (never edited).
    let code = format!(
        "__author__ = \"websocket team\"\n\"app.ws.factory.create_manager\"\nfrom app.ws.factory import create_manager\n{}\n\ndef test_hit():\n    assert create_manager(1)\n{}",
        filler(30),
        filler(10)
    );
    let whole = same(&code, None);
    assert!(
        whole
            .file
            .edits
            .iter()
            .any(|e| e.kind == EditKind::DataString)
    );
}

#[test]
fn a_patch_target_split_mid_name_across_string_parts() {
    let code = format!(
        "from unittest.mock import patch\nfrom app.ws.factory import create_manager\n{}\n\ndef test_patched():\n    with patch(\"app.ws.factory.create_\" \"manager\") as m:\n        assert m\n\n\ndef test_hit():\n    assert create_manager(1)\n{}",
        filler(30),
        filler(10)
    );
    same(&code, None);
}

/// `n` filler statements on one line, `mid` among them.
fn one_line(mid: &str, n: usize) -> String {
    let mut parts: Vec<String> = (0..n).map(|i| format!("FIELD_{i} = {i}")).collect();
    parts.insert(n / 2, mid.to_string());
    parts.join("; ")
}

#[test]
fn imports_and_a_hit_on_one_line_with_left_out_statements_between() {
    let code = format!(
        "import os; SETTINGS = os.environ.get(\"WS\", \"dev\"); from app.ws.factory import get_factory; {}\n{}\n\nasync def test_hit():\n    assert get_factory()\n",
        one_line("FACTORY = get_factory", 60),
        filler(10)
    );
    same(&code, None);
}

#[test]
fn a_suppressed_hit_on_a_line_of_left_out_statements() {
    let code = format!(
        "from app.ws import factory as wsf\n{}  # canon: ignore\n{}\n{}\n",
        one_line("m = wsf.create_manager(1)", 80),
        one_line("n = wsf.create_manager(2)", 80),
        filler(5)
    );
    // The comment stays in the view: the use it keeps holds the import,
    // so the other use is refused for it, as on the whole file.
    let (viewed, whole, used) = run(&code, None);
    assert!(used);
    assert_eq!(viewed.skipped, whole.skipped);
    assert!(viewed.file.edits.is_empty(), "{:?}", viewed.file.edits);
    assert!(
        viewed
            .skipped
            .iter()
            .any(|s| s.line == 3 && s.reason.contains("(line 2)")),
        "{:?}",
        viewed.skipped
    );
}

#[test]
fn members_of_a_big_class_on_one_line() {
    let code = format!(
        "from app.ws.factory import get_factory\n\n\nclass TestRoutes:\n    {}\n{}\n",
        one_line("factory = get_factory()", 40),
        methods(40)
    );
    same(&code, None);
}

#[test]
fn a_docstring_then_a_line_of_statements_opening_with_left_out_ones() {
    let code = format!(
        "\"\"\"Generated.\"\"\"\n{}; from app.ws import factory as wsf\nm = wsf.create_manager(1)\n{}",
        one_line("X = 0", 60),
        filler(10)
    );
    same(&code, None);
}
