//! The invariants are not vacuous: canon's own proposals pass them, and
//! proposals broken by hand are caught.

use super::*;
use crate::testing;

const CODE: &str =
    "from app.ws.factory import create_manager\n\n\ndef f(x):\n    return create_manager\n";

/// Every violation of `file` (a proposal for `CODE`-like input at `path`).
fn judged(file: &FileProposal) -> Vec<String> {
    let config = testing::config();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let (name, is_init) = python::module_name(&file.path);
    let module = ModuleName { name, is_init };
    let modules = Modules::default();
    let facts = Facts {
        modules: &modules,
        referrers: &verify::NoReferrers,
        stars: &crate::python::Unseen,
        project: &crate::rewrite::no_project,
    };
    let mut parser = python::parser();
    let tree = python::parse(&mut parser, &file.base);
    let input = Input::of(&tree, &file.base);
    violations(file, &module, &rules, &facts, &input, &mut parser)
}

fn proposal() -> FileProposal {
    testing::proposal("app/ws/client.py", CODE).file
}

#[test]
fn canon_s_own_proposal_keeps_every_invariant() {
    let file = proposal();
    assert!(!file.edits.is_empty());
    assert_eq!(judged(&file), Vec::<String>::new());
}

#[test]
fn a_rename_without_its_import_is_caught() {
    let mut file = proposal();
    // Keep the use's rename, drop the import's.
    file.edits
        .retain(|e| e.kind == rewrite::EditKind::Reference);
    assert_eq!(file.edits.len(), 1);
    file.requires.clear();
    let v = judged(&file);
    assert!(v.iter().any(|v| v.contains("unbound")), "{v:?}");
    assert!(v.iter().any(|v| v.contains("self-check")), "{v:?}");
}

#[test]
fn an_await_outside_async_is_caught() {
    let mut file = proposal();
    let e = file
        .edits
        .iter_mut()
        .find(|e| e.kind == rewrite::EditKind::Reference)
        .unwrap();
    e.replacement = format!("await {}", e.replacement);
    let v = judged(&file);
    assert!(v.iter().any(|v| v.contains("AwaitOutsideAsync")), "{v:?}");
}

#[test]
fn overlapping_edits_and_bare_lf_in_crlf_are_caught() {
    let crlf = CODE.replace('\n', "\r\n");
    let mut file = testing::proposal("app/ws/client.py", &crlf).file;
    file.edits[0].replacement.push('\n');
    let v = judged(&file);
    assert!(v.iter().any(|v| v.contains("bare LF")), "{v:?}");
    let dup = file.edits[0].clone();
    file.edits.insert(1, dup);
    let v = judged(&file);
    assert!(v.iter().any(|v| v.contains("overlaps")), "{v:?}");
}

#[test]
fn a_fix_that_a_second_run_would_redo_is_caught() {
    let mut file = proposal();
    // An import of another old name, added at the end.
    let end = file.base.len();
    file.edits.push(rewrite::Edit {
        range: end..end,
        replacement: "from app.ws.factory import helper\n".into(),
        rules: vec!["ws-create".into()],
        kind: rewrite::EditKind::AddImport,
        note: None,
    });
    let v = judged(&file);
    assert!(v.iter().any(|v| v.contains("proposes more")), "{v:?}");
}
