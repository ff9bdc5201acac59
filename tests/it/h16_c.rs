//! Hostile pass 16, defects 08 and 09: doctests (and notebook cells) are
//! code canon never rewrites that still runs. One in another file, or in a
//! text file `python -m doctest` runs, that imports a name from a module
//! is a referrer of that name; one in the module itself uses the module's
//! names, so no edit may take away or rename a binding it spells.

use crate::util::Project;

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

// ---- 08: doctests and notebooks in other files -------------------------

const HELPER: &str =
    "[[move]]\nid = \"helper\"\nold = \"old.util.helper\"\nnew = \"new.util.helper2\"\n";

const API: &str = "from old.util import helper\n\n\ndef run(x):\n    return helper(x) + 1\n";

/// `pkg/api.py` uses the deprecated `helper`; `rel` (given) may import it
/// from `pkg.api`.
fn api_project(rel: &str, content: &str) -> Project {
    Project::bare()
        .file("canon.toml", HELPER)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("pkg/__init__.py", "")
        .file("old/util.py", "def helper(x):\n    return x * 2\n")
        .file("new/util.py", "def helper2(x):\n    return x * 2\n")
        .file("pkg/api.py", API)
        .file(rel, content)
}

/// `pkg/api.py` is migrated, its `helper` kept importable for the doctest,
/// and the code still runs as before.
fn assert_api_keeps_helper(p: &Project, context: &str) {
    let (api, stderr) = p.apply_write("pkg/api.py");
    assert_eq!(
        api,
        API.replace(
            "from old.util import helper",
            "from new.util import helper2 as helper"
        ),
        "{context}\n{stderr}"
    );
    let out = p.python(
        &["-c", "from pkg.api import run; print(run(3))"],
        &format!("{context}\n{api}"),
    );
    assert_eq!(out, "7\n", "{context}");
}

/// Hostile 16, defect 08: a doctest in another module's docstring imports
/// `helper` from `pkg.api` (by name, through the module bound in the
/// doctest or by the module it runs in, spelled as a chain, over
/// continuation lines). It was no referral, so the move renamed `helper`
/// away in `pkg.api` and `python -m doctest pkg/other.py` failed with an
/// ImportError (or AttributeError). Now `helper` stays as an alias.
#[test]
fn a_doctest_in_another_module_keeps_the_name_it_imports() {
    let docs = [
        "\"\"\"Other tools.\n\n>>> from pkg.api import helper\n>>> helper(2)\n4\n\"\"\"\n",
        "\"\"\"Other tools.\n\n    >>> from pkg import api\n    >>> api.helper(2)\n    4\n\"\"\"\n",
        "\"\"\"Other tools.\n\n>>> import pkg.api\n>>> pkg.api.helper(2)\n4\n\"\"\"\n",
        "\"\"\"Other tools.\n\n>>> import pkg.api as a; a.helper(2)\n4\n\"\"\"\n",
        "\"\"\"Other tools.\n\n>>> from pkg.api import (\n...     run,\n...     helper as h,\n... )\n>>> h(2)\n4\n\"\"\"\n",
        // The doctest runs with the module's own names: `api` is its import.
        "\"\"\"Other tools.\n\n>>> api.helper(2)\n4\n\"\"\"\nfrom pkg import api\n",
        // A function's docstring is a doctest too.
        "def twice(x):\n    \"\"\"Twice.\n\n    >>> from pkg.api import helper\n    >>> helper(5)\n    10\n    \"\"\"\n    return 2 * x\n",
    ];
    for doc in docs {
        let p = api_project("pkg/other.py", doc);
        p.python(&["-m", "doctest", "pkg/other.py"], doc);
        assert_api_keeps_helper(&p, doc);
        assert_eq!(read(&p, "pkg/other.py"), doc);
        p.python(&["-m", "doctest", "-v", "pkg/other.py"], doc);
    }
}

/// Hostile 16, defect 08: a text file's doctest (`python -m doctest
/// README.md`, pytest's `--doctest-glob`) imports `helper` from `pkg.api`:
/// kept as an alias there, the doctest still passes.
#[test]
fn a_doctest_in_a_text_file_keeps_the_name_it_imports() {
    let files = [
        (
            "README.md",
            "# pkg\n\n```pycon\n>>> from pkg.api import helper\n>>> helper(3)\n6\n\n```\n",
        ),
        (
            "docs/usage.rst",
            "Usage\n=====\n\n.. code-block:: pycon\n\n    >>> from pkg.api import helper, run\n    >>> helper(3), run(3)\n    (6, 7)\n",
        ),
        (
            "tests/test_api.txt",
            "The api:\n\n  >>> from pkg import api\n  >>> api.helper(4)\n  8\n",
        ),
    ];
    for (rel, text) in files {
        let p = api_project(rel, text);
        p.python(&["-m", "doctest", rel], text);
        assert_api_keeps_helper(&p, text);
        assert_eq!(read(&p, rel), text);
        p.python(&["-m", "doctest", rel], text);
    }
}

/// Hostile 16, defect 08: Sphinx's doctest builder runs a `.. testsetup::`
/// or `.. testcode::` block as it is, prompts or none: its import of
/// `helper` from `pkg.api` keeps the name there.
#[test]
fn a_sphinx_testcode_block_keeps_the_name_it_imports() {
    let rst = "API\n===\n\n.. testsetup::\n\n   from pkg.api import helper\n\n.. testcode::\n\n   print(helper(3))\n\n.. testoutput::\n\n   6\n";
    let run_blocks = "import re\ntext = open('docs/api.rst').read()\nfor block in re.findall(r'\\.\\. test(?:setup|code)::\\n\\n((?:   .*\\n|\\n)+)', text):\n    exec('\\n'.join(l[3:] for l in block.splitlines()))\n";
    let p = api_project("docs/api.rst", rst);
    assert_eq!(p.python(&["-c", run_blocks], rst), "6\n");
    assert_api_keeps_helper(&p, rst);
    assert_eq!(p.python(&["-c", run_blocks], rst), "6\n");
}

/// Hostile 16, defect 08: a notebook's code cell (`from pkg.api import
/// helper`, JSON strings in an `.ipynb`) runs as it is: `helper` stays.
#[test]
fn a_notebook_cell_keeps_the_name_it_imports() {
    let nb = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["# Try the api"]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "from pkg.api import helper\n",
    "print(helper(3))"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;
    let run_cells = "import json\nnb = json.load(open('try.ipynb'))\nfor c in nb['cells']:\n    if c['cell_type'] == 'code':\n        exec(''.join(c['source']))\n";
    let p = api_project("try.ipynb", nb);
    assert_eq!(p.python(&["-c", run_cells], nb), "6\n");
    assert_api_keeps_helper(&p, nb);
    assert_eq!(p.python(&["-c", run_cells], nb), "6\n");
}

/// The guard: a name only in prose (a docstring that is no doctest, a
/// README sentence, a notebook's markdown) refers to nothing: `helper` is
/// renamed in full.
#[test]
fn prose_that_names_the_function_is_no_referrer() {
    let p = api_project(
        "pkg/other.py",
        "\"\"\"Uses pkg.api's helper, see `from pkg.api import helper`.\"\"\"\n",
    )
    .file(
        "README.md",
        "Call `helper` from `pkg.api`: from pkg.api import helper\n",
    )
    .file(
        "try.ipynb",
        r#"{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["from pkg.api import helper"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#,
    );
    let (api, stderr) = p.apply_write("pkg/api.py");
    assert_eq!(
        api, "from new.util import helper2\n\n\ndef run(x):\n    return helper2(x) + 1\n",
        "{stderr}"
    );
    let out = p.python(&["-c", "from pkg.api import run; print(run(3))"], &api);
    assert_eq!(out, "7\n");
}

// ---- 09: the module's own doctests --------------------------------------

const RULES_09: &str = "[[move]]\nid = \"mod\"\nold = \"old.mod\"\nnew = \"new.mod2\"\n\n[[move]]\nid = \"helper\"\nold = \"old.tools.helper\"\nnew = \"new.tools.helper2\"\n\n[[rewrite]]\nid = \"fetch\"\npattern = \"{oldlib.fetch}($A)\"\nfix = \"{newlib.fetch_v2}($A)\"\n";

fn project_09() -> Project {
    Project::bare()
        .file("canon.toml", RULES_09)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("pkg/__init__.py", "")
        .file("old/mod.py", "def helper(x):\n    return x * 2\n")
        .file("new/mod2.py", "def helper(x):\n    return x * 2\n")
        .file(
            "old/tools.py",
            "def helper(x):\n    return x * 2\n\n\ndef other(x):\n    return x\n",
        )
        .file(
            "new/tools.py",
            "def helper2(x):\n    return x * 2\n\n\ndef other(x):\n    return x\n",
        )
        .file("oldlib/__init__.py", "def fetch(x):\n    return x * 2\n")
        .file("newlib/__init__.py", "def fetch_v2(x):\n    return x * 2\n")
}

/// (doctest line, the module's code, its code after the fix with the
/// doctest, the same without a doctest).
const SAME_MODULE: &[(&str, &str, &str, &str)] = &[
    // A rewrite whose fix changes the callee left `from oldlib import
    // fetch` unused and dropped it: `>>> fetch(2)` raised NameError.
    (
        ">>> fetch(2)",
        "from oldlib import fetch\n\n\ndef run(x):\n    return fetch(x)\n",
        "from oldlib import fetch\nfrom newlib import fetch_v2\n\n\ndef run(x):\n    return fetch_v2(x)\n",
        "from newlib import fetch_v2\n\n\ndef run(x):\n    return fetch_v2(x)\n",
    ),
    // `from old import tools` re-pointed to `new.tools` for `tools.helper`
    // → `tools.helper2`: `>>> tools.helper(2)` raised AttributeError.
    (
        ">>> tools.helper(2)",
        "from old import tools\n\n\ndef run(x):\n    return tools.helper(x)\n",
        "from old import tools\nimport new.tools\n\n\ndef run(x):\n    return new.tools.helper2(x)\n",
        "from new import tools\n\n\ndef run(x):\n    return tools.helper2(x)\n",
    ),
    // `import old.tools` became `import new.tools`: `old` was gone.
    (
        ">>> old.tools.helper(2)",
        "import old.tools\n\n\ndef run(x):\n    return old.tools.helper(x)\n",
        "import old.tools\nimport new.tools\n\n\ndef run(x):\n    return new.tools.helper2(x)\n",
        "import new.tools\n\n\ndef run(x):\n    return new.tools.helper2(x)\n",
    ),
    // `import old.tools as ot` became `import new.tools as ot`.
    (
        ">>> ot.helper(2)",
        "import old.tools as ot\n\n\ndef run(x):\n    return ot.helper(x)\n",
        "import old.tools as ot\nimport new.tools\n\n\ndef run(x):\n    return new.tools.helper2(x)\n",
        "import new.tools as ot\n\n\ndef run(x):\n    return ot.helper2(x)\n",
    ),
];

/// Hostile 16, defect 09: a doctest of the module spells a module-level
/// name an edit would drop or re-point (an import a rewrite left unused, a
/// module binding whose chains moved): the binding stays as it was, the
/// code is still migrated, and `python -m doctest` still passes. Without
/// the doctest the same module is migrated in full.
#[test]
fn a_doctest_keeps_the_module_names_it_spells() {
    for &(doctest, code, with_doctest, without) in SAME_MODULE {
        let doc = format!("\"\"\"Tools.\n\n{doctest}\n4\n\"\"\"\n");
        let p = project_09()
            .file("pkg/a.py", format!("{doc}{code}"))
            .file("pkg/b.py", code);
        p.python(&["-m", "doctest", "pkg/a.py"], code);
        let (a, stderr) = p.apply_write("pkg/a.py");
        assert_eq!(a, format!("{doc}{with_doctest}"), "{stderr}");
        assert!(
            stderr.is_empty() || !stderr.contains("not proposed"),
            "{stderr}"
        );
        p.python(&["-m", "doctest", "-v", "pkg/a.py"], &a);
        assert_eq!(read(&p, "pkg/b.py"), without, "{code}");
        let out = p.python(
            &[
                "-c",
                "import pkg.a, pkg.b; print(pkg.a.run(3), pkg.b.run(3))",
            ],
            &a,
        );
        assert_eq!(out, "6 6\n", "{a}");
    }
}

/// Hostile 16, defect 09: a doctest spells the head of `import old.mod`,
/// which a module move would re-point to `import new.mod2` (binding `new`,
/// not `old`): the edit is refused with a note that says why, and the
/// doctest still passes. A module without the doctest is moved.
#[test]
fn a_module_move_that_would_take_a_doctests_head_away_is_refused() {
    let code = "import old.mod\n\n\ndef run(x):\n    return old.mod.helper(x)\n";
    let doc = "\"\"\"Tools.\n\n>>> old.mod.helper(2)\n4\n\"\"\"\n";
    let p = project_09()
        .file("pkg/a.py", format!("{doc}{code}"))
        .file("pkg/b.py", code);
    let (a, stderr) = p.apply_write("pkg/a.py");
    assert_eq!(a, format!("{doc}{code}"));
    assert!(
        stderr.contains("pkg/a.py") && stderr.contains("a doctest in this file uses it"),
        "{stderr}"
    );
    p.python(&["-m", "doctest", "pkg/a.py"], &a);
    assert_eq!(
        read(&p, "pkg/b.py"),
        "import new.mod2\n\n\ndef run(x):\n    return new.mod2.helper(x)\n"
    );
}
