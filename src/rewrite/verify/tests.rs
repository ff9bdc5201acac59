//! Mutation tests of the self-check: canon's own proposals pass it, and
//! every deliberately broken variant of them is caught.

use std::path::Path;

use super::super::layer::{FixPieces, Layer, LayerEdit};
use super::super::{EditKind, Facts, propose};
use super::{Check, Mapping, NoReferrers, Referrers};
use crate::python::modules::Modules;
use crate::python::{self, ModuleName, Semantic};
use crate::rules::{self, Rule, RuleKind};

fn config(toml: &str) -> rules::Config {
    rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap()
}

/// The problems the check finds in `edits` on `base` under the rule.
fn problems(rule: &Rule, module: &str, base: &str, edits: &[LayerEdit]) -> Vec<String> {
    problems_with(rule, module, base, edits, &NoReferrers)
}

/// [`problems`], with other files referring to names as `referrers` says.
fn problems_with(
    rule: &Rule,
    module: &str,
    base: &str,
    edits: &[LayerEdit],
    referrers: &dyn Referrers,
) -> Vec<String> {
    let mut parser = python::parser();
    let tree = python::parse(&mut parser, base);
    let sem = Semantic::build(&tree, base, module, false);
    let mapping = match &rule.kind {
        RuleKind::Move { old, new } => Mapping::Move { old, new },
        _ => Mapping::Rewrite,
    };
    // What Python says of the stdlib names these tests use.
    let modules = Modules::new([
        ("datetime".to_string(), Some(true)),
        ("datetime.timezone".to_string(), Some(false)),
    ]);
    let facts = Facts {
        modules: &modules,
        referrers,
        stars: &crate::python::Unseen,
        project: &crate::rewrite::no_project,
    };
    let check = Check::new(&sem, mapping, &facts);
    let mut layer = Layer::default();
    for e in edits {
        layer.push_edit(e.clone());
    }
    check.problems(&layer, &|_| true, &mut parser, None)
}

fn edit(base: &str, find: &str, nth: usize, to: &str, kind: EditKind) -> LayerEdit {
    let at = base.match_indices(find).nth(nth).expect("text to edit").0;
    LayerEdit {
        range: at..at + find.len(),
        replacement: to.to_string(),
        kind,
        fix: None,
        note: None,
    }
}

const MOVES: &str = r#"
[[move]]
id = "mock"
old = "mock"
new = "unittest.mock"

[[move]]
id = "ws"
old = "app.ws.factory.create_manager"
new = "app.ws.manager.Manager"

[[move]]
id = "events"
old = "app.legacy.events"
new = "app.events"
"#;

/// Realistic files, each migrated by one of `MOVES`' rules.
const FILES: &[(&str, &str)] = &[
    (
        "mock",
        "import os\nimport mock\n\n\n@mock.patch(\"os.getcwd\")\ndef test_cwd(m):\n    m.return_value = \"/x\"\n    assert mock.sentinel.a is mock.sentinel.a\n    return mock\n",
    ),
    (
        "ws",
        "from app.ws.factory import (\n    ManagerFactory,  # still used\n    create_manager,\n)\n\n\ndef build(ctx):\n    return create_manager(ctx), ManagerFactory\n\n\nclass Handler:\n    def run(self, ctx):\n        manager = create_manager(ctx)\n        return manager\n",
    ),
    (
        "ws",
        "def lazy(ctx):\n    from app.ws.factory import create_manager\n\n    def inner():\n        return create_manager(ctx)\n\n    return inner()\n",
    ),
    (
        "events",
        "import app.legacy.events\n\n\ndef send(text):\n    app.legacy.events.publish(text)\n    return app.legacy.events.count()\n",
    ),
];

#[test]
fn canons_own_proposals_pass_and_every_broken_subset_is_caught() {
    let config = config(MOVES);
    let mut mutants = 0;
    for (rule_id, base) in FILES {
        let rule = config.rules.iter().find(|r| r.id == *rule_id).unwrap();
        let module = ModuleName {
            name: "app.tests.sample".into(),
            is_init: false,
        };
        let p = propose(
            "app/tests/sample.py",
            &module,
            base,
            &[rule],
            &mut python::parser(),
        );
        assert!(p.skipped.is_empty(), "{rule_id}: {:?}", p.skipped);
        assert!(!p.file.edits.is_empty(), "{rule_id}: nothing proposed");
        let edits: Vec<LayerEdit> = p
            .file
            .edits
            .iter()
            .map(|e| LayerEdit {
                range: e.range.clone(),
                replacement: e.replacement.clone(),
                kind: e.kind,
                fix: None,
                note: None,
            })
            .collect();
        let ok = problems(rule, &module.name, base, &edits);
        assert!(
            ok.is_empty(),
            "{rule_id}: the proposal itself fails: {ok:?}"
        );
        // Drop each edit that is linked to another: the rest must fail.
        for (i, e) in edits.iter().enumerate() {
            let linked = p.file.requires.iter().any(|&(a, b)| a == i || b == i);
            if !linked {
                continue;
            }
            let mut broken = edits.clone();
            broken.remove(i);
            let found = problems(rule, &module.name, base, &broken);
            assert!(
                !found.is_empty(),
                "{rule_id}: dropping edit {i} ({:?} -> {:?}) went unnoticed",
                &base[e.range.clone()],
                e.replacement
            );
            mutants += 1;
        }
    }
    eprintln!("{mutants} mutants caught");
    assert!(mutants >= 8, "only {mutants} mutants");
}

#[test]
fn hand_made_broken_fixes_are_caught() {
    let config = config(MOVES);
    let mock = config.rules.iter().find(|r| r.id == "mock").unwrap();
    let ws = config.rules.iter().find(|r| r.id == "ws").unwrap();
    let m = "app.sample";

    // The old bug: `import mock` -> `import unittest.mock`, uses left as they were.
    let base = "import mock\n\ndef t():\n    return mock.patch\n";
    let bad = [edit(base, "mock", 0, "unittest.mock", EditKind::Import)];
    let p = problems(mock, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("unbound")), "{p:?}");

    // A use renamed into a name an inner local shadows.
    let base = "from app.ws.factory import create_manager\n\ndef f(ctx):\n    Manager = 1\n    return create_manager(ctx), Manager\n";
    let bad = [
        edit(
            base,
            "app.ws.factory",
            0,
            "app.ws.manager",
            EditKind::Import,
        ),
        edit(base, "create_manager", 0, "Manager", EditKind::Import),
        edit(base, "create_manager", 1, "Manager", EditKind::Reference),
    ];
    assert!(!problems(ws, m, base, &bad).is_empty());

    // The new import added twice to one block.
    let base = "from app.ws.factory import create_manager\n\nx = create_manager(1)\n";
    let line = "from app.ws.manager import Manager\n";
    let bad = [
        edit(
            base,
            "from app.ws.factory import create_manager\n",
            0,
            "",
            EditKind::RemoveImport,
        ),
        LayerEdit {
            range: base.find("\nx").unwrap() + 1..base.find("\nx").unwrap() + 1,
            replacement: format!("{line}{line}"),
            kind: EditKind::AddImport,
            fix: None,
            note: None,
        },
        edit(base, "create_manager", 1, "Manager", EditKind::Reference),
    ];
    let p = problems(ws, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("twice")), "{p:?}");

    // A rename that leaves a string annotation behind.
    let base = "from app.ws.factory import create_manager\n\ndef f(m: \"create_manager\"):\n    return m\n";
    let bad = [
        edit(
            base,
            "app.ws.factory",
            0,
            "app.ws.manager",
            EditKind::Import,
        ),
        edit(base, "create_manager", 0, "Manager", EditKind::Import),
    ];
    let p = problems(ws, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("`create_manager`")), "{p:?}");

    // The new import lands after the use it serves (`...; return f()`).
    let base = "def g():\n    from app.ws.factory import create_manager; return create_manager()\n";
    let imp = base.find("from app").unwrap();
    let end = base.find("; return").unwrap();
    let bad = [
        LayerEdit {
            range: imp..end + 2,
            replacement: String::new(),
            kind: EditKind::RemoveImport,
            fix: None,
            note: None,
        },
        LayerEdit {
            range: base.len()..base.len(),
            replacement: "    from app.ws.manager import Manager\n".into(),
            kind: EditKind::AddImport,
            fix: None,
            note: None,
        },
        edit(base, "create_manager", 1, "Manager", EditKind::Reference),
    ];
    let p = problems(ws, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("before it is bound")), "{p:?}");

    // A module-level name another project file imports disappears.
    struct MainImportsIt;
    impl Referrers for MainImportsIt {
        fn refers(&self, module: &str, name: &str, _: &str) -> Option<String> {
            (module == "app.sample" && name == "create_manager")
                .then(|| "`app/main.py` refers to it".to_string())
        }
    }
    let base = "from app.ws.factory import create_manager\n\nx = create_manager(1)\n";
    let renamed = [
        edit(
            base,
            "app.ws.factory",
            0,
            "app.ws.manager",
            EditKind::Import,
        ),
        edit(base, "create_manager", 0, "Manager", EditKind::Import),
        edit(base, "create_manager", 1, "Manager", EditKind::Reference),
    ];
    assert!(problems(ws, m, base, &renamed).is_empty());
    let p = problems_with(ws, m, base, &renamed, &MainImportsIt);
    assert!(p.iter().any(|x| x.contains("app/main.py")), "{p:?}");

    // A module-level name `__all__` lists disappears.
    let base = "from app.ws.factory import create_manager\n\n__all__ = [\"create_manager\"]\n";
    let bad = [
        edit(
            base,
            "app.ws.factory",
            0,
            "app.ws.manager",
            EditKind::Import,
        ),
        edit(base, "create_manager", 0, "Manager", EditKind::Import),
    ];
    let p = problems(ws, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("__all__")), "{p:?}");
}

const REWRITES: &str = r#"
[[rewrite]]
id = "getter"
pattern = "{svc.registry.get_store}()"
fix = "await {svc.store.aget_store}()"

[[rewrite]]
id = "utc"
pattern = "{datetime.datetime.utcnow}()"
fix = "{datetime.datetime.now}({datetime.timezone.utc})"
"#;

/// A rewrite edit at `find` whose fix pieces say what it must mean.
fn fix_edit(base: &str, find: &str, to: &str, symbols: &[(&str, &str)]) -> LayerEdit {
    let mut e = edit(base, find, 0, to, EditKind::Rewrite);
    let mut pieces = FixPieces::default();
    for (spelled, symbol) in symbols {
        let at = to.find(spelled).unwrap();
        pieces
            .symbols
            .push((at..at + spelled.len(), symbol.to_string()));
    }
    e.fix = Some(pieces);
    e
}

/// The getter rule's fix of the first `get_store()` in `base` as `to`,
/// with `aget_store` standing for its symbol.
fn getter_fix(base: &str, to: &str) -> LayerEdit {
    fix_edit(
        base,
        "get_store()",
        to,
        &[("aget_store", "svc.store.aget_store")],
    )
}

#[test]
fn broken_rewrites_are_caught() {
    let config = config(REWRITES);
    let getter = config.rules.iter().find(|r| r.id == "getter").unwrap();
    let utc = config.rules.iter().find(|r| r.id == "utc").unwrap();
    let m = "app.sample";
    let add = |base: &str, line: &str| LayerEdit {
        range: base.find("\n\n").unwrap() + 1..base.find("\n\n").unwrap() + 1,
        replacement: line.to_string(),
        kind: EditKind::AddImport,
        fix: None,
        note: None,
    };

    // Right: parenthesised where `.get` binds tighter.
    let base =
        "from svc.registry import get_store\n\nasync def f():\n    return get_store().get(1)\n";
    let good = [
        edit(
            base,
            "from svc.registry import get_store\n",
            0,
            "",
            EditKind::RemoveImport,
        ),
        add(base, "from svc.store import aget_store\n"),
        getter_fix(base, "(await aget_store())"),
    ];
    assert_eq!(problems(getter, m, base, &good), Vec::<String>::new());
    // Broken: no parentheses, so `await` takes `aget_store().get(1)`.
    let bad = [
        add(base, "from svc.store import aget_store\n"),
        getter_fix(base, "await aget_store()"),
    ];
    let p = problems(getter, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("parentheses")), "{p:?}");

    // Broken: `await` in a sync def.
    let base = "from svc.registry import get_store\n\ndef f():\n    return get_store()\n";
    let bad = [
        add(base, "from svc.store import aget_store\n"),
        getter_fix(base, "await aget_store()"),
    ];
    let p = problems(getter, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("await")), "{p:?}");

    // Broken: the symbol is never imported (its name is unbound).
    let base = "from svc.registry import get_store\n\nasync def f():\n    return get_store()\n";
    let bad = [getter_fix(base, "await aget_store()")];
    assert!(!problems(getter, m, base, &bad).is_empty());

    // Broken: the symbol is imported only for type checkers.
    let base = "from typing import TYPE_CHECKING\nfrom svc.registry import get_store\nif TYPE_CHECKING:\n    from svc.store import aget_store\n\nasync def f():\n    return get_store(), aget_store\n";
    let bad = [getter_fix(base, "await aget_store()")];
    let p = problems(getter, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("TYPE_CHECKING")), "{p:?}");

    // Broken: `timezone` is a class of `datetime`, not a module.
    let base = "from datetime import datetime\n\ndef f():\n    return datetime.utcnow()\n";
    let bad = [
        add(base, "from datetime.timezone import utc\n"),
        fix_edit(
            base,
            "datetime.utcnow()",
            "datetime.now(utc)",
            &[
                ("datetime.now", "datetime.datetime.now"),
                ("utc", "datetime.timezone.utc"),
            ],
        ),
    ];
    let p = problems(utc, m, base, &bad);
    assert!(p.iter().any(|x| x.contains("not a module")), "{p:?}");
    // Right: `from datetime import timezone` and `timezone.utc`.
    let good = [
        add(base, "from datetime import timezone\n"),
        fix_edit(
            base,
            "datetime.utcnow()",
            "datetime.now(timezone.utc)",
            &[
                ("datetime.now", "datetime.datetime.now"),
                ("timezone.utc", "datetime.timezone.utc"),
            ],
        ),
    ];
    assert_eq!(problems(utc, m, base, &good), Vec::<String>::new());
}

#[test]
fn positions_map_across_edits_both_ways() {
    // "ab|cd|ef": replace "cd" (2..4) by "XYZ", insert "!" at 6, delete 0..1.
    let applied = super::Applied {
        old: vec![0..1, 2..4, 6..6],
        new: vec![0..0, 1..4, 6..7],
        fix: vec![None, None, None],
    };
    assert_eq!(applied.forward(1), 0); // "b"
    assert_eq!(applied.forward(4), 4); // "e"
    assert_eq!(applied.forward(6), 7); // the end, after the insertion
    assert_eq!(applied.back(0), 1);
    assert_eq!(applied.back(2), usize::MAX); // inside "XYZ"
    assert_eq!(applied.back(5), 5);
    assert_eq!(applied.back(6), usize::MAX); // inside "!"
    assert_eq!(applied.inside_old(3), usize::MAX);
    assert_eq!(applied.inside_old(5), 5);
    assert_eq!(super::owner(&applied.old, &(3..5)), Some(1));
    assert_eq!(super::owner(&applied.old, &(4..6)), None);
    assert_eq!(super::owner(&applied.old, &(5..7)), Some(2));
}

/// A chain the rule's mapping leaves as it was holds its meaning once: a
/// self-check holds a chain per reference of two texts at once.
#[test]
fn chains_keep_one_meaning_unless_mapped() {
    let base = "from old.mod import helper\nfrom other import keep\nhelper(1)\nkeep(2)\n";
    let mut parser = python::parser();
    let tree = python::parse(&mut parser, base);
    let sem = Semantic::build(&tree, base, "app", false);
    let (old, new) = ("old.mod.helper".to_string(), "new.mod.assist".to_string());
    let mapping = Mapping::Move {
        old: &old,
        new: &new,
    };
    let map = |s: &str| mapping.apply(s);
    let chains = super::chains::chains(&sem, &Modules::default(), &map, &|p| p);
    let of = |text: &str| chains.iter().find(|c| c.text == text).unwrap();
    let (helper, keep) = (of("helper"), of("keep"));
    assert_eq!(helper.meaning.describe(), "`new.mod.assist`");
    assert_eq!(helper.original().describe(), "`old.mod.helper`");
    assert_eq!(keep.meaning.describe(), "`other.keep`");
    assert!(
        keep.changed_from.is_none(),
        "a second copy of an unchanged meaning"
    );
    assert_eq!(chains.len(), chains.capacity());
}
