//! Proposing on a view (a big file with what cannot matter blanked) gives
//! what proposing on the whole file gives.

use std::path::Path;

use super::*;
use crate::analyze;

/// Below `analyze::VIEW_MIN`, so that the corpora's files go through views.
const MIN: usize = 1024;

/// The viewed and the whole proposal of `code`, and whether a view was used.
pub(super) fn both(path: &str, code: &str, rules: &[&Rule]) -> (Proposal, Proposal, bool) {
    let (name, is_init) = python::module_name(path);
    let module = ModuleName { name, is_init };
    let mut parser = python::parser();
    let modules =
        Modules::default().with(rules.iter().flat_map(|r| r.module_marks().iter().cloned()));
    let facts = Facts {
        modules: &modules,
        referrers: &verify::NoReferrers,
        stars: &crate::python::Unseen,
        project: &crate::rewrite::no_project,
    };
    let whole = propose_parsed(path, &module, code, None, rules, &mut parser, &facts);
    match analyze::proposal_view(&mut parser, code, &module, rules, MIN) {
        Some(view) => {
            let viewed = propose_viewed(path, &module, code, view, rules, &mut parser, &facts);
            (viewed, whole, true)
        }
        None => (whole.clone(), whole, false),
    }
}

/// A test module of `classes` big classes whose one hit sits in `hit`.
fn big_test_file(head: &str, hit: &str, tail: &str) -> String {
    let mut code = format!("import pytest\n{head}\n\n");
    for c in 0..6 {
        code.push_str(&format!(
            "class TestArea{c}:\n    \"\"\"Area {c}.\"\"\"\n\n"
        ));
        for m in 0..40 {
            code.push_str(&format!(
                "    def test_case_{m}(self, client):\n        response = client.get('/area/{c}/{m}')\n        assert response.status_code == 200\n\n"
            ));
            if c == 3 && m == 20 {
                code.push_str(&format!("    def test_hit(self):\n        {hit}\n\n"));
            }
        }
    }
    code.push_str(tail);
    code
}

#[test]
fn a_hit_deep_in_a_big_test_file_is_proposed_on_a_view_as_on_the_whole() {
    let config = crate::testing::config();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let code = big_test_file(
        "from app.ws import factory as wsf",
        "assert wsf.create_manager(1)",
        "",
    );
    let (viewed, whole, used) = both("tests/test_area.py", &code, &rules);
    assert!(used, "no view");
    assert!(!whole.file.edits.is_empty());
    assert_eq!(viewed, whole);
    // The view blanks the other methods: only a few lines are parsed.
    let (name, is_init) = python::module_name("tests/test_area.py");
    let module = ModuleName { name, is_init };
    let view = analyze::proposal_view(&mut python::parser(), &code, &module, &rules, MIN).unwrap();
    let blanked: usize = view.blanks.iter().map(|b| b.source.len()).sum();
    assert!(blanked * 10 > code.len() * 9, "{blanked} of {}", code.len());
}

#[test]
fn a_fix_naming_what_a_blanked_statement_rebinds_is_proposed_on_the_whole_file() {
    // `sorted` in the fix must be the builtin; a module-level `sorted = …`
    // that no rule's name is spelled in would be blanked, and on the view
    // alone the fix would look sound. The whole file's answer is taken.
    let toml = "[[rewrite]]\nid = \"listing\"\npattern = \"{app.ws.factory.listing}()\"\nfix = \"sorted({app.ws.manager.listing}())\"\n";
    let config = rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let code = big_test_file(
        "from app.ws.factory import listing\nfrom app.ws import manager",
        "assert listing()",
        "\n\ndef sorted(items):\n    return items\n",
    );
    let (viewed, whole, used) = both("tests/test_area.py", &code, &rules);
    assert!(used, "no view");
    assert_eq!(viewed, whole);
    // On the view alone, the fix would have been taken.
    let (name, is_init) = python::module_name("tests/test_area.py");
    let module = ModuleName { name, is_init };
    let mut parser = python::parser();
    let view = analyze::proposal_view(&mut parser, &code, &module, &rules, MIN).unwrap();
    let facts = Facts {
        modules: &Modules::default(),
        referrers: &verify::NoReferrers,
        stars: &crate::python::Unseen,
        project: &crate::rewrite::no_project,
    };
    let alone = propose_parsed(
        "tests/test_area.py",
        &module,
        &view.text,
        Some(view.tree),
        &rules,
        &mut parser,
        &facts,
    );
    assert_ne!(alone.file.edits, whole.file.edits);
}

/// The demo, every migration, and any tree in `CANON_COMPARE_CORPUS`:
/// `CANON_COMPARE_CORPUS=dir:dir cargo test --release --lib views_equal`
#[test]
fn views_equal_whole_files_on_every_corpus() {
    let (mut files, mut views) = (0, 0);
    for root in &crate::testing::corpora() {
        let config = rules::load(root, None).unwrap();
        for path in crate::testing::python_files(root) {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let Ok(code) = std::fs::read_to_string(&path) else {
                continue;
            };
            let rules: Vec<&Rule> = config.rules.iter().filter(|r| r.applies_to(&rel)).collect();
            let spelled = rules.iter().any(|r| {
                r.literals()
                    .is_none_or(|ls| ls.iter().any(|l| code.contains(l.as_str())))
            });
            if !spelled {
                continue;
            }
            let (viewed, whole, used) = both(&rel, &code, &rules);
            assert_eq!(
                viewed,
                whole,
                "{}: the view's proposal differs",
                path.display()
            );
            files += 1;
            views += usize::from(used);
        }
    }
    eprintln!("{files} files, {views} views");
    assert!(files > 40 && views > 5, "{files} files, {views} views");
}

/// `n` statements on one line, `hit` among them at `at`, after `head`.
fn one_line_file(head: &str, hit: &str, at: usize, n: usize, tail: &str) -> String {
    let mut parts: Vec<String> = (0..n).map(|i| format!("v{i} = {i}")).collect();
    parts.insert(at, hit.to_string());
    format!("{head}{}{tail}\n", parts.join("; "))
}

#[test]
fn statements_sharing_a_line_with_a_hit_are_left_out_of_the_view() {
    let config = crate::testing::config();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let (name, is_init) = python::module_name("app/gen.py");
    let module = ModuleName { name, is_init };
    let cases = [
        // The import and the hit open the line, the rest follows.
        one_line_file(
            "",
            "from app.ws import factory as wsf; m = wsf.create_manager(1)",
            0,
            400,
            "",
        ),
        // The hit in the middle of the line, the import on a line above.
        one_line_file(
            "from app.ws import factory as wsf\n",
            "m = wsf.create_manager(1)",
            200,
            400,
            "",
        ),
        // The same, the line's comment suppressing it.
        one_line_file(
            "from app.ws import factory as wsf\n",
            "m = wsf.create_manager(1)",
            200,
            400,
            "  # canon: ignore",
        ),
        // CRLF, and a hit at the end of the line.
        one_line_file(
            "from app.ws import factory as wsf\r\n",
            "m = wsf.create_manager(1)",
            400,
            400,
            "",
        )
        .replace('\n', "\r\n"),
    ];
    for code in &cases {
        let (viewed, whole, used) = both("app/gen.py", code, &rules);
        assert!(used, "no view:\n{code}");
        assert_eq!(viewed, whole, "{code}");
        let view =
            analyze::proposal_view(&mut python::parser(), code, &module, &rules, MIN).unwrap();
        let blanked: usize = view.blanks.iter().map(|b| b.source.len()).sum();
        assert!(blanked * 10 > code.len() * 8, "{blanked} of {}", code.len());
        assert_eq!(view.text.lines().count(), code.lines().count());
    }
    // The suppressed line keeps its comment in the view, so nothing is
    // proposed there; the others are fixed.
    let proposed = |code: &str| !both("app/gen.py", code, &rules).0.file.edits.is_empty();
    assert!(proposed(&cases[0]) && proposed(&cases[1]) && proposed(&cases[3]));
    let rewrites = |code: &str| {
        both("app/gen.py", code, &rules)
            .0
            .file
            .edits
            .iter()
            .filter(|e| e.kind == EditKind::Rewrite)
            .count()
    };
    assert_eq!(rewrites(&cases[2]), 0);
}

#[test]
fn a_skipped_fix_on_a_shared_line_quotes_the_source_line() {
    // `await` cannot go in a lambda: the fix is refused, and the excerpt is
    // the file's line, not the view's `pass; …`.
    let toml = "[[rewrite]]\nid = \"aw\"\npattern = \"{app.ws.factory.listing}()\"\nfix = \"await {app.ws.manager.listing}()\"\n";
    let config = rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let code = one_line_file(
        "from app.ws.factory import listing\nfrom app.ws import manager\n",
        "f = lambda: listing()",
        300,
        400,
        "",
    );
    let (viewed, whole, used) = both("app/gen.py", &code, &rules);
    assert!(used);
    assert_eq!(viewed, whole);
    assert!(!viewed.skipped.is_empty());
}
