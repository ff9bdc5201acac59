//! Hostile pass 16, defects 03 (the rest), 04 and 05: Python that shell
//! scripts, recipes and CI jobs run with `python -c` (or on a heredoc) is
//! code canon never rewrites that imports a module's names; the imports of
//! an old path in such code (and in notebooks and doctests) are mentions;
//! `status` counts a rewrite that fires on an earlier move's output; and a
//! violation canon has no fix for needs a human in `check --fixes`, `diff`
//! and `status`, as in the review.

use crate::util::Project;

/// `old.mod.helper` moved to `new.mod.assist` (the old one is a shim), and
/// `app.py` uses it under its old name.
fn helper_project() -> Project {
    crate::util::shim_project(
        "from old.mod import helper\n\n\ndef report():\n    return helper(\"r\")\n",
    )
}

/// `sh -c COMMAND` in the project: its stdout, asserting it succeeds.
fn sh(p: &Project, command: &str, context: &str) -> String {
    let run = std::process::Command::new("sh")
        .args(["-c", command])
        .current_dir(p.path())
        .output()
        .expect("sh");
    assert!(
        run.status.success(),
        "{command}: {context}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// A smoke script and a Makefile recipe import `helper` from `app` with
/// `python3 -c`: the rename in `app.py` keeps the name as an alias, says
/// why, and both still run after the fix.
#[test]
fn python_c_in_a_script_or_a_recipe_keeps_the_name_it_imports() {
    let recipe = "python3 -u -c \"from app import helper; print(helper(\\\"make\\\"))\"";
    let p = helper_project()
        .file(
            "scripts/smoke.sh",
            "#!/bin/sh\nset -e\npython3 -c 'from app import helper; print(helper(2))'\n",
        )
        .file("Makefile", format!("smoke:\n\t{recipe}\n"));
    let before = (
        sh(&p, "sh scripts/smoke.sh", "before"),
        sh(&p, recipe, "before"),
    );
    assert_eq!(before.0, "assist:2\n");
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr
            .contains("`helper` must stay, `Makefile` refers to it")
            || diff
                .stderr
                .contains("`helper` must stay, `scripts/smoke.sh` refers to it"),
        "{}",
        diff.stderr
    );
    let (after, stderr) = p.apply_write("app.py");
    assert!(
        after.starts_with("from new.mod import assist as helper\n"),
        "{after}\n{stderr}"
    );
    let now = (
        sh(&p, "sh scripts/smoke.sh", &after),
        sh(&p, recipe, &after),
    );
    assert_eq!(now, before, "{after}");
    assert_eq!(
        p.python(&["-c", "import app; print(app.report())"], &after),
        "assist:r\n"
    );
}

/// A CI job's `run:` line, a Dockerfile's exec-form `CMD` and a heredoc
/// fed to `python3 -` each import `helper` from `app`: each one alone
/// keeps the alias, and its code still runs after the fix.
#[test]
fn yaml_run_lines_docker_exec_forms_and_heredocs_are_run_code() {
    let cases: [(&str, String, &str); 3] = [
        (
            ".github/workflows/ci.yml",
            "jobs:\n  smoke:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: python -c \"from app import helper; assert helper(1) == 'assist:1'\"\n".to_string(),
            "python3 -c \"from app import helper; assert helper(1) == 'assist:1'\"",
        ),
        (
            "Dockerfile",
            "FROM python:3.12-slim\nCOPY . /srv\nCMD [\"python3\", \"-c\", \"from app import helper; print(helper(5))\"]\n".to_string(),
            "python3 -c 'from app import helper; print(helper(5))'",
        ),
        (
            "scripts/check.sh",
            "#!/bin/sh\npython3 - <<'EOF'\nimport app\nfrom app import helper\nprint(helper(7), app.report())\nEOF\n".to_string(),
            "sh scripts/check.sh",
        ),
    ];
    for (path, text, command) in cases {
        let p = helper_project().file(path, &text);
        let before = sh(&p, command, path);
        let (after, stderr) = p.apply_write("app.py");
        assert!(
            after.starts_with("from new.mod import assist as helper\n"),
            "{path}: {after}\n{stderr}"
        );
        assert_eq!(sh(&p, command, &after), before, "{path}: {after}");
    }
}

/// A notebook, a `python3 -c` line, a heredoc and a Markdown doctest that
/// import the old name by a `from` import (or an `import ... as` and a
/// chain) mention it, on the lines that spell it; after the fix the
/// notebook's cells still run (the old module is still there).
#[test]
fn imports_of_the_old_path_in_run_code_are_mentions_on_their_lines() {
    let notebook = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["# Helper report\n", "Prints `helper` output."]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "import json\n",
    "from old.mod import (\n",
    "    helper,\n",
    ")\n",
    "print(json.dumps(helper(1)))"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": ["from app import report\n", "print(report())"]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;
    let p = helper_project()
        .file("analysis.ipynb", notebook)
        .file(
            "scripts/smoke.sh",
            "#!/bin/sh\n# smoke test\npython3 -c 'from old.mod import helper; print(helper(2))'\npython3 - <<EOF\nimport old.mod as om\n\nprint(om.helper(3))\nEOF\n",
        )
        .file(
            "docs/usage.md",
            "# Usage\n\nCall it:\n\n>>> from old.mod import helper as h\n>>> h(4)\n'assist:4'\n",
        );
    let mentions: Vec<String> = p
        .finding_lines()
        .into_iter()
        .filter(|l| l.ends_with(" m mention"))
        .collect();
    for want in [
        "analysis.ipynb:15:",
        "scripts/smoke.sh:3:",
        "scripts/smoke.sh:7:",
        "docs/usage.md:5:",
    ] {
        assert!(
            mentions.iter().any(|m| m.starts_with(want)),
            "no mention at {want}: {mentions:?}"
        );
    }
    assert_eq!(mentions.len(), 4, "{mentions:?}");
    let (after, _) = p.apply_write("app.py");
    let run_cells = "import json\n\
                     nb = json.load(open('analysis.ipynb'))\n\
                     ns = {}\n\
                     for cell in nb['cells']:\n\
                     \x20   if cell['cell_type'] == 'code':\n\
                     \x20       exec(''.join(cell['source']), ns)\n";
    assert_eq!(
        p.python(&["-c", run_cells], &after),
        "\"assist:1\"\nassist:r\n"
    );
    assert_eq!(
        sh(&p, "sh scripts/smoke.sh", &after),
        "assist:2\nassist:3\n"
    );
}

// ---- status and a rewrite chained after a move ------------------------------

/// The README's chain: the factory `old.mod.create_manager` is to be the
/// class `new.mod.Manager`, whose constructor then takes the context by
/// keyword. The rewrite fires only on the move's output.
fn chained_project() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"mv\"\nold = \"old.mod.create_manager\"\nnew = \"new.mod.Manager\"\n\n\
             [[rewrite]]\nid = \"ctor\"\npattern = \"{new.mod.Manager}($CTX)\"\nfix = \"{new.mod.Manager}(user_context=$CTX)\"\n",
        )
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/mod.py",
            "from new.mod import Manager\n\n\ndef create_manager(ctx):\n    return Manager(user_context=ctx)\n",
        )
        .file(
            "new/mod.py",
            "class Manager:\n    def __init__(self, user_context=None, *, debug=False):\n        self.ctx = user_context\n        self.debug = debug\n",
        )
        .file(
            "app.py",
            "from old.mod import create_manager\n\n\ndef run(c):\n    return create_manager(c).ctx\n\n\ndef run_twice(c):\n    return [create_manager(c).ctx, create_manager(c + 1).ctx]\n",
        )
        .git_init()
}

/// One rule's row of `status --format json`.
fn rule_row(status: &serde_json::Value, id: &str) -> serde_json::Value {
    status["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["rule"] == id)
        .unwrap_or_else(|| panic!("no rule {id}: {status}"))
        .clone()
}

/// Before `apply`, the chained rewrite is no typo and its two sites are
/// left; after `apply` commits them, they are fixed on the branch, and the
/// branch's code runs as the old did.
#[test]
fn status_counts_a_rewrite_that_fires_on_a_moves_output() {
    let p = chained_project();
    let code = "import app; print(app.run(1), app.run_twice(2))";
    let before = p.python(&["-c", code], "before");
    let status = p.run(&["status", ".", "--format", "json"]).json();
    let ctor = rule_row(&status, "ctor");
    assert_eq!(ctor["matched_nothing"], false, "{status}");
    assert_eq!(ctor["left"], 3, "{status}");
    assert_eq!(ctor["files_left"], 1, "{status}");
    assert_eq!(rule_row(&status, "mv")["left"], 1, "{status}");
    let text = p.run(&["status", "."]).stdout;
    assert!(!text.contains("typo"), "{text}");

    let applied = p.run(&["apply", "."]);
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    let status = p.run(&["status", ".", "--format", "json"]).json();
    let ctor = rule_row(&status, "ctor");
    assert_eq!(ctor["matched_nothing"], false, "{status}");
    assert_eq!(ctor["left"], 0, "{status}");
    assert_eq!(ctor["fixed"], 3, "{status}");
    assert_eq!(rule_row(&status, "mv")["fixed"], 1, "{status}");
    let text = p.run(&["status", "."]).stdout;
    assert!(!text.contains("typo"), "{text}");

    let migrated = p.git(&["show", "canon/migration:app.py"]);
    assert!(
        migrated
            .contains("return [Manager(user_context=c).ctx, Manager(user_context=(c + 1)).ctx]"),
        "{migrated}"
    );
    p.git(&["checkout", "-q", "canon/migration"]);
    assert_eq!(p.python(&["-c", code], &migrated), before, "{migrated}");

    // A rewrite that truly matches nothing is still called a typo.
    let p = chained_project().file(
        "canon.toml",
        "[[move]]\nid = \"mv\"\nold = \"old.mod.create_manager\"\nnew = \"new.mod.Manager\"\n\n\
         [[rewrite]]\nid = \"ctor\"\npattern = \"{new.mod.Manger}($CTX)\"\nfix = \"{new.mod.Manger}(user_context=$CTX)\"\n",
    );
    let status = p.run(&["status", ".", "--format", "json"]).json();
    assert_eq!(
        rule_row(&status, "ctor")["matched_nothing"],
        true,
        "{status}"
    );
    assert_eq!(rule_row(&status, "ctor")["left"], 0, "{status}");
}

// ---- a violation with no fix: needs a human everywhere ----------------------

/// `pkg.legacy.f` moved to `pkg.modern.f`; `pkg/app.py` takes it (and
/// `VAL`) through `from .legacy import *`, which canon cannot re-point.
fn star_project() -> Project {
    Project::bare()
        .file(
            "canon.toml",
            "[[move]]\nid = \"ms\"\nold = \"pkg.legacy.f\"\nnew = \"pkg.modern.f\"\n",
        )
        .file("pkg/__init__.py", "")
        .file(
            "pkg/legacy.py",
            "VAL = \"v\"\n\n\ndef f():\n    return \"f\"\n",
        )
        .file(
            "pkg/modern.py",
            "VAL = \"v\"\n\n\ndef f():\n    return \"f\"\n",
        )
        .file(
            "pkg/app.py",
            "from .legacy import *\n\n\ndef run():\n    return VAL, f()\n",
        )
        .git_init()
}

/// `check --fixes`, `diff` and `status` all say the two violations need a
/// human and why, as the review does; nothing is rewritten, and the code
/// runs as it did.
#[test]
fn a_violation_with_no_fix_needs_a_human_in_check_diff_and_status() {
    let p = star_project();
    let code = "from pkg import app; print(app.run())";
    let before = p.python(&["-c", code], "before");
    let star = "star import from `pkg.legacy` may bring in `pkg.legacy.f`; import names explicitly";
    let through = "the name comes in through the star import on line 1; import names explicitly";

    let check = p.run(&["check", "--fixes", "."]);
    let lines: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.starts_with("pkg/app.py"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", check.stdout);
    assert!(
        lines[0].starts_with("pkg/app.py:1:")
            && lines[0].ends_with(&format!("{star}; needs a human, no fix proposed")),
        "{}",
        check.stdout
    );
    assert!(
        lines[1].starts_with("pkg/app.py:5:")
            && lines[1].ends_with(&format!("needs a human, no fix proposed: {through}")),
        "{}",
        check.stdout
    );

    let diff = p.run(&["diff", "."]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(
        diff.stderr.contains(&format!(
            "note: pkg/app.py:1: ms: needs a human, no fix proposed: {star}"
        )),
        "{}",
        diff.stderr
    );
    assert!(
        diff.stderr.contains(&format!(
            "note: pkg/app.py:5: ms: needs a human, no fix proposed: {through}"
        )),
        "{}",
        diff.stderr
    );

    let status = p.run(&["status", ".", "--format", "json"]).json();
    let needs: Vec<(u64, String)> = status["needs_human"]
        .as_array()
        .expect("needs_human")
        .iter()
        .map(|n| {
            assert_eq!(n["path"], "pkg/app.py", "{status}");
            assert_eq!(n["rule"], "ms", "{status}");
            (
                n["line"].as_u64().unwrap(),
                n["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        needs,
        vec![(1, star.to_string()), (5, through.to_string())],
        "{status}"
    );
    let text = p.run(&["status", "."]).stdout;
    assert!(
        text.contains(&format!("  pkg/app.py:5 ms: {through}")),
        "{text}"
    );

    let (after, _) = p.apply_write("pkg/app.py");
    assert!(after.starts_with("from .legacy import *\n"), "{after}");
    assert_eq!(p.python(&["-c", code], &after), before);
}
