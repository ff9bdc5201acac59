use super::*;
use crate::rules;
use std::path::Path;

pub use crate::testing::RULES;

/// (line, rule, kind, site) of each finding for `code` at `path`.
pub fn check(path: &str, code: &str) -> Vec<(usize, String, Kind, Site)> {
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let mut parser = crate::python::parser();
    let tree = crate::python::parse(&mut parser, code);
    let (name, is_init) = crate::python::module_name(path);
    analyze_python(path, &ModuleName { name, is_init }, code, &tree, &rules)
        .findings
        .into_iter()
        .map(|f| (f.start.line, f.rule, f.kind, f.site))
        .collect()
}

fn lines(path: &str, code: &str) -> Vec<(usize, String)> {
    check(path, code)
        .into_iter()
        .map(|(l, r, _, _)| (l, r))
        .collect()
}

#[test]
fn suppression_comments_drop_findings() {
    let code = "\
from app.ws.factory import create_manager  # canon: ignore
from app.ws.factory import ManagerFactory  # canon: ignore[ws-create]
from app.ws.factory import get_factory, create_manager as cm  # canon: ignore[ws-create, other]
";
    assert_eq!(lines("x.py", code), [(2, "ws-factory-class".to_string())]);
}

#[test]
fn findings_inside_syntax_errors_are_dropped_but_the_rest_kept() {
    let code = "from app.ws.factory import create_manager\ndef broken(:\n    pass\n";
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let mut parser = crate::python::parser();
    let tree = crate::python::parse(&mut parser, code);
    let module = ModuleName {
        name: "x".into(),
        is_init: false,
    };
    let a = analyze_python("x.py", &module, code, &tree, &rules);
    assert_eq!(a.syntax_error.map(|p| p.line), Some(2));
    assert_eq!(a.findings.len(), 1);
}

#[test]
fn text_file_mentions_include_entry_point_form() {
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let text = "[project.scripts]\nws = \"app.ws.factory:create_manager\"\nother = \"app.ws.factory:create_manager_v2\"\n";
    let f = analyze_text("pyproject.toml", text, &rules);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].start.line, f[0].start.column, f[0].kind),
        (2, 7, Kind::Mention)
    );
}

/// Findings of a whole parse and of the partial parse must be identical.
fn same_as_full_parse(path: &str, code: &str) -> usize {
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let (name, is_init) = crate::python::module_name(path);
    let module = ModuleName { name, is_init };
    let mut parser = crate::python::parser();
    let tree = crate::python::parse(&mut parser, code);
    let full = analyze_python(path, &module, code, &tree, &rules).findings;
    let partial = analyze_source(path, &module, code, &mut parser, &rules).findings;
    assert_eq!(partial, full);
    full.len()
}

fn filler(n: usize) -> String {
    (0..n)
        .map(|i| format!("def helper_{i}(items, *, limit=10):\n    \"\"\"Filter {i}.\"\"\"\n    return [x for x in items if x.score > limit]\n\n\n"))
        .collect()
}

#[test]
fn partial_parse_matches_full_parse() {
    let code = format!(
        "\"\"\"Service module.\"\"\"\n\
         import app.ws.factory as wsf\n\
         from app.ws.factory import (\n    ManagerFactory,\n    create_manager,\n)\n\
         try:\n    from app.ws.factory import get_factory\nexcept ImportError:\n    get_factory = None\n\n\
         {}\
         class Service:\n    factory = ManagerFactory\n\n    async def run(self, ctx):\n        return get_factory(), wsf.create_manager(ctx)\n\n\
         {}\
         def late():\n    from app.legacy.events import publish\n    return publish\n",
        filler(60),
        filler(60)
    );
    assert!(code.len() > 12 * 1024, "{}", code.len());
    assert_eq!(same_as_full_parse("app/service.py", &code), 6);
}

#[test]
fn partial_parse_sees_a_module_alias_rebound_in_a_skipped_statement() {
    // `wsf = None` holds no rule name, yet it changes what `wsf.create_manager` means.
    let code = format!(
        "import app.ws.factory as wsf\n\n{}wsf = None\n\n{}def use():\n    return wsf.create_manager(1)\n",
        filler(50),
        filler(50)
    );
    assert_eq!(same_as_full_parse("app/rebind.py", &code), 0);
    let without = code.replace("wsf = None\n", "");
    assert_eq!(same_as_full_parse("app/rebind.py", &without), 1);
}

#[test]
fn partial_parse_follows_aliases_into_statements_without_the_name() {
    // `MF()` and `gf()` never spell a rule's name, yet they are its uses.
    let code = format!(
        "from app.ws.factory import ManagerFactory as MF, get_factory as gf\n\n{}def build():\n    return MF(), gf()\n\n{}",
        filler(50),
        filler(50)
    );
    // The import (ban), `MF()` (ban) and `gf()` (rewrite).
    assert_eq!(same_as_full_parse("app/alias.py", &code), 3);
}

/// Everything a scan takes from a file's analysis, partial parse or whole.
fn analysis_of(path: &str, code: &str, rules: &[&Rule], whole: bool) -> String {
    let (name, is_init) = crate::python::module_name(path);
    let module = ModuleName { name, is_init };
    let mut parser = crate::python::parser();
    let a = match whole {
        true => {
            let tree = crate::python::parse(&mut parser, code);
            analyze_python(path, &module, code, &tree, rules)
        }
        false => analyze_source(path, &module, code, &mut parser, rules),
    };
    format!(
        "{:#?}\n{:?}\n{:?}\n{:?}\n{:?}",
        a.findings, a.syntax_error, a.unused_suppressions, a.referrals, a.patches
    )
}

/// Compare partial and whole parses on every Python file under `root`,
/// with the rules of `root`'s own config. Returns how many files.
fn partial_equals_whole_under(root: &Path) -> usize {
    let config = rules::load(root, None).unwrap();
    let mut files = 0;
    for entry in crate::testing::python_files(root) {
        let rel = entry
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Ok(code) = std::fs::read_to_string(&entry) else {
            continue;
        };
        let rules: Vec<&Rule> = config.rules.iter().filter(|r| r.applies_to(&rel)).collect();
        let whole = analysis_of(&rel, &code, &rules, true);
        let partial = analysis_of(&rel, &code, &rules, false);
        assert_eq!(partial, whole, "{}: partial parse differs", entry.display());
        files += 1;
    }
    files
}

/// The test every corpus goes through: the demo, the differential
/// migrations and any named in `CANON_COMPARE_CORPUS`.
#[test]
fn partial_parses_equal_whole_ones_on_every_corpus() {
    // Any other corpus, by hand (the bench corpus, a real tree):
    // CANON_COMPARE_CORPUS=dir:dir cargo test --release --lib every_corpus
    let mut files = 0;
    for root in &crate::testing::corpora() {
        files += partial_equals_whole_under(root);
    }
    assert!(files > 60, "{files} files");
}

/// A module where the rules' names are everywhere, but as bare words
/// (annotations) that are no findings for a move: only the imports are
/// parsed, and the answer is the whole parse's.
#[test]
fn bare_uses_of_moved_names_are_skipped_and_nothing_changes() {
    let rules_toml = "[[move]]\nid = \"l\"\nold = \"typing.List\"\nnew = \"typing_extensions.List\"\n\n\
                      [[move]]\nid = \"o\"\nold = \"typing.Optional\"\nnew = \"typing_extensions.Optional\"\n";
    let config = rules::compile(Path::new("canon.toml"), rules_toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let body: String = (0..40)
        .map(|i| format!("def f{i}(x: List[int]) -> Optional[List[str]]:\n    return [str(v) for v in x]  # {i}\n\n\n"))
        .collect();
    let cases = [
        format!("from typing import List, Optional\n\n{body}"),
        // A chain, a string, a suppression, a case pattern, a local import,
        // an alias: each in one statement among the bare uses.
        format!(
            "import typing as t\nfrom typing import List as L\n\n{body}def g():\n    return t.List\n\n{body}"
        ),
        format!("{body}PATH = \"typing.List\"\n{body}x: List = 1  # canon: ignore\n"),
        format!(
            "from typing import List as L\n{body}def h(v):\n    match v:\n        case L():\n            return 1\n{body}"
        ),
        format!("{body}def k():\n    from typing import Optional\n    return Optional\n{body}"),
        format!("from typing import *\n{body}"),
        format!("import typing\n{body}def m():\n    typing = None\n    return typing.List\n{body}"),
    ];
    for code in &cases {
        assert_eq!(
            analysis_of("app/mod.py", code, &rules, false),
            analysis_of("app/mod.py", code, &rules, true),
            "{code}"
        );
    }
    // The first case parses only its import: a tree without the functions.
    let mut parser = crate::python::parser();
    let (tree, plan) = partial::first_pass(&mut parser, &cases[0], "app.mod", &rules);
    assert!(plan.is_some());
    assert!(
        tree.root_node().named_child_count() < 3,
        "{}",
        tree.root_node().to_sexp()
    );
}

/// A big test class whose hit sits in one method: the class's header and
/// that method are parsed, not its other methods; findings are the whole
/// parse's, class-level rebinding included.
#[test]
fn a_big_class_is_parsed_member_by_member() {
    let methods: String = (0..60)
        .map(|i| {
            format!(
                "    def test_{i}(self):\n        assert self.client.get('/{i}').status == 200\n\n"
            )
        })
        .collect();
    let code = format!(
        "import app.ws.factory as wsf\n\n\n@pytest.mark.slow\nclass TestService(\n    Base,\n):\n    \"\"\"Service tests.\"\"\"\n\n    wsf = None\n\n{methods}    def test_create(self):\n        return wsf.create_manager(1)\n\n{methods}\nclass TestOther:\n    factory = wsf\n\n{methods}"
    );
    assert_eq!(same_as_full_parse("tests/test_service.py", &code), 1);
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let mut parser = crate::python::parser();
    let (tree, plan) = partial::first_pass(&mut parser, &code, "tests.test_service", &rules);
    assert!(plan.is_some());
    let functions = tree
        .root_node()
        .to_sexp()
        .matches("(function_definition")
        .count();
    // test_create, and a first member for TestOther's kept header.
    assert!(functions <= 2, "{functions} functions parsed");
}

/// Whether the lexer answers for `code` (see [`partial::lexed`]).
fn lexed(path: &str, code: &str, rules: &[&Rule]) -> bool {
    let (name, is_init) = crate::python::module_name(path);
    let mut parser = crate::python::parser();
    let Ok(imports) = partial::lexed::first_pass(&mut parser, code, &name, rules) else {
        return false;
    };
    let sem = Semantic::build(&imports.tree, code, &name, is_init);
    imports.chains(&sem, rules).is_some()
}

/// Chains through `import typing`-like heads read by the lexer: where it
/// answers, the answer is the whole parse's (findings, referrals, all);
/// everything it cannot vouch for goes to the parse, with the same answer.
#[test]
fn lexed_chains_equal_the_whole_parse_and_the_lexer_declines_what_it_cannot_read() {
    let rules_toml = "[[move]]\nid = \"l\"\nold = \"typing.List\"\nnew = \"typing_extensions.List\"\n\n\
                      [[move]]\nid = \"o\"\nold = \"typing.Optional\"\nnew = \"typing_extensions.Optional\"\n\n\
                      [[move]]\nid = \"c\"\nold = \"app.ws.factory.create_manager\"\nnew = \"app.ws.manager.Manager\"\n";
    let config = rules::compile(Path::new("canon.toml"), rules_toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let body: String = (0..30)
        .map(|i| {
            format!(
                "def f{i}(x: typing.List[int], y=typing.Optional) -> typing.Optional[typing.List[str]]:\n    \"\"\"Return a List, maybe.\"\"\"\n    return [str(v) for v in x]  # an Optional list {i}\n\n\n"
            )
        })
        .collect();
    let taken = [
        // Plain and aliased heads, deep chains, decorators, bases,
        // subscripts, defaults, lambdas, brackets across lines, numbers,
        // an ellipsis ending the line before a chain, inert f-strings.
        format!("import typing\nimport logging\n\n{body}"),
        format!(
            "import typing as t\nimport app.ws.factory\n\n{body}@t.no_type_check\nclass C(t.List[int]):\n    n = t.List.__name__\n    k = (lambda v=t.Optional: v)\n    m = 0x1E+t.List.__name__.count('L')\n    def g(self):\n        return app.ws.factory.create_manager(\n            t.Optional,\n        )\n\n\nx = ...\nt.Optional[int]\ny = f\"{{1.5e-3}} {{logging}}\"\n"
        ),
        format!(
            "from app.ws import factory\nimport typing\n\n{body}def h():\n    typing.List.x = 1\n    return factory.create_manager(1), factory.helper\n"
        ),
        format!(
            "import typing\nimport os\n\n{body}def p():\n    return os.path.join('a', 'b'), typing.Optional\n"
        ),
        // An annotation is no target: `x: typing.List[int] = []` assigns `x`.
        format!(
            "import typing\n\n{body}def q(v):\n    r: typing.Optional = v\n    s: typing.List[int] = []\n    if v: t = typing.List\n    return r, s\n"
        ),
    ];
    let declined = [
        format!("import typing\n\n{body}def m():\n    typing = None\n    return typing.List\n"),
        format!("import typing\n\n{body}def m(typing):\n    return typing.List\n"),
        format!("import typing\n\n{body}def m():\n    global typing\n    typing = 1\n"),
        format!("import typing\n\n{body}print(typing)\n"),
        format!("import typing\n\n{body}x = typing .List\n"),
        format!("import typing\n\n{body}x = (typing).List\n"),
        format!("import typing\n\n{body}x = (typing\n     .List)\n"),
        format!("import typing\n\n{body}x = f\"{{typing.List}}\"\n"),
        // A string in a field: read as quotes end it, `typing.List` is code.
        format!("import typing\n\n{body}x = f\"{{d[\"x typing.List\"]}}\"\n"),
        format!("import typing\n\n{body}PATH = \"typing.List\"\n"),
        format!("import typing\n\n{body}# see typing.List\n"),
        format!("import typing\n\n{body}P = \"typing.Li\" \"st\"\n"),
        format!("import typing\n\n{body}x = typing.List  # canon: ignore\n"),
        format!("import typing\n\n{body}__all__ = [\"f0\"]\n"),
        format!(
            "import typing\n\n{body}def k(v):\n    match v:\n        case typing.List():\n            return 1\n"
        ),
        format!("from typing import *\nimport typing\n\n{body}"),
        format!("import typing\nimport typing\n\n{body}"),
        format!("try:\n    import typing\nexcept ImportError:\n    typing = None\n\n{body}"),
        format!("import typing\n\n{body}def k():\n    import typing\n    return typing.List\n"),
        format!("import typing\n\n{body}café = typing.List\n"),
        format!("import typing\n\n{body}for typing in []:\n    pass\n"),
        format!("import typing\nfrom app.ws import helpers\n\n{body}x = helpers.List\n"),
        format!("import typing\n\n{body}print >>sys.stderr, 'x'\n"),
        // Targets: the parse decides whether they assign a rule's name.
        format!("import typing\n\n{body}typing.List, y = 1, 2\n"),
        format!("import typing\n\n{body}d[0]: int = typing.List\n"),
    ];
    for (code, expect) in taken
        .iter()
        .map(|c| (c, true))
        .chain(declined.iter().map(|c| (c, false)))
    {
        let tail = &code[code.len().saturating_sub(120)..];
        assert_eq!(lexed("app/mod.py", code, &rules), expect, "...{tail}");
        assert_eq!(
            analysis_of("app/mod.py", code, &rules, false),
            analysis_of("app/mod.py", code, &rules, true),
            "{code}"
        );
    }
    // The lexed chains are findings, as the whole parse's are.
    let mut parser = crate::python::parser();
    let module = ModuleName {
        name: "app.mod".into(),
        is_init: false,
    };
    let a = analyze_source("app/mod.py", &module, &taken[0], &mut parser, &rules);
    assert_eq!(a.findings.len(), 30 * 4, "{:#?}", &a.findings[..3]);
}

/// The fuzz seed written for the lexer is one it reads (under the
/// fixture's moves, as `canon::invariants::check_findings` asks), so the
/// fuzz targets mutate from a file that takes that path.
#[test]
fn the_lexer_fuzz_seed_takes_the_lexer_path() {
    let config = rules::compile(Path::new("canon.toml"), RULES, Path::new(".")).unwrap();
    let moves: Vec<&Rule> = config
        .rules
        .iter()
        .filter(|r| matches!(r.kind, crate::rules::RuleKind::Move { .. }))
        .collect();
    let seed = include_str!("../../fuzz/seeds/python/typing_chains.py");
    assert!(lexed("app/ws/client.py", seed, &moves));
    assert_eq!(
        analysis_of("app/ws/client.py", seed, &moves, false),
        analysis_of("app/ws/client.py", seed, &moves, true)
    );
}

/// Hostile defect 05: `typing.Mapping += 1` was one finding on the lexer
/// path and two on a whole parse: the walker recorded the augmented
/// target as a load, then again while binding it.
#[test]
fn an_augmented_assignment_through_a_moved_chain_is_one_finding() {
    let toml = "[[move]]\nid = \"abc-mapping\"\nold = \"typing.Mapping\"\nnew = \"collections.abc.Mapping\"\n";
    let config = rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let module = ModuleName {
        name: "m".into(),
        is_init: false,
    };
    let body: String = (1..=40)
        .map(|i| format!("def g{i}(x: typing.Mapping): return x\n"))
        .collect();
    for code in [
        "import typing\ntyping.Mapping += 1\n".to_string(),
        "import typing\n(typing.Mapping) += 1\n".to_string(),
        format!("import typing\ntyping.Mapping += 1\n{body}"),
    ] {
        let mut parser = crate::python::parser();
        let tree = crate::python::parse(&mut parser, &code);
        let whole = analyze_python("m.py", &module, &code, &tree, &rules).findings;
        let on_2 = |fs: &[Finding]| fs.iter().filter(|f| f.start.line == 2).count();
        assert_eq!(on_2(&whole), 1, "{code}\n{whole:#?}");
        let partial = analyze_source("m.py", &module, &code, &mut parser, &rules).findings;
        assert_eq!(on_2(&partial), 1, "{code}\n{partial:#?}");
    }
}

/// Hostile pass 5: an aliased `patch`, `patch.multiple`'s keywords,
/// `import_module`'s relative names and `__import__` in a big file: the
/// partial parse finds what the whole parse does (findings, referrals and
/// the names the file patches).
#[test]
fn patches_and_import_paths_in_a_big_file_are_the_whole_parse_s() {
    let toml = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n\n\
                [[move]]\nid = \"mm\"\nold = \"a.b\"\nnew = \"c.d\"\n";
    let config = rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let code = format!(
        "from unittest.mock import patch as P\nfrom unittest import mock\nimport importlib\nimport old.mod\nimport app3\n\n{}\
         def t():\n    with P(\"old.mod.make\"), mock.patch.multiple(\"app3\", make=mock.DEFAULT):\n        return old.mod.make()\n\n\n{}\
         M = mock.patch.multiple(app3.mod, make=mock.DEFAULT)\n\
         R = importlib.import_module(\".b\", \"a\")\nT = __import__(\"a.b\", fromlist=[\"X\"])\nU = __import__(\"a.b\").b\n",
        filler(40),
        filler(40)
    );
    let whole = analysis_of("tests/test_x.py", &code, &rules, true);
    assert_eq!(analysis_of("tests/test_x.py", &code, &rules, false), whole);
    for expected in [
        "string names `old.mod.make`",
        "string names `a.b`, which moved to `c.d` (relative `.b`)",
        "without a `fromlist`",
        "\"app3.make\"",
        "\"app3.mod.make\"",
    ] {
        assert!(whole.contains(expected), "{expected} in {whole}");
    }
    // Chains the lexer could read, and a `patch.multiple` keyword.
    let code = format!(
        "import old.mod\nfrom unittest import mock\n\n{}M = mock.patch.multiple(old.mod, make=mock.DEFAULT)\nX = old.mod.make\n",
        filler(40)
    );
    let whole = analysis_of("tests/test_y.py", &code, &rules, true);
    assert_eq!(analysis_of("tests/test_y.py", &code, &rules, false), whole);
    assert!(whole.contains("patches `old.mod.make`"), "{whole}");
}

/// Hostile pass 6: in a big file, a `patch` the file binds itself, a
/// parenthesised target, a commented concatenation and `m.name = fake`
/// (through a head the lexer would read): the partial parse and the lexer
/// find what the whole parse does, and the assignment is a patch.
#[test]
fn own_patches_parenthesised_targets_and_assigned_names_in_a_big_file() {
    let toml = "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n";
    let config = rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let code = format!(
        "from unittest import mock\n\n\ndef patch(s):\n    return s\n\n\n{}\
         REG = {{patch(\"old.mod.make\"): 1}}\nP = mock.patch((\"old.mod.make\"))\n\
         Q = mock.patch(\"old.mod.\"  # why\n               \"make\")\n{}",
        filler(40),
        filler(40)
    );
    let whole = analysis_of("tests/test_x.py", &code, &rules, true);
    assert_eq!(analysis_of("tests/test_x.py", &code, &rules, false), whole);
    assert_eq!(
        whole.matches("string names `old.mod.make`").count(),
        2,
        "{whole}"
    );
    assert_eq!(whole.matches("it is data here").count(), 1, "{whole}");
    for assign in [
        "old.mod.make = fake",
        "x, old.mod.make = 1, fake",
        "old.mod.make += 1",
        "(x, old.mod.make) = 1, fake",
        "[old.mod.make] = [fake]",
        "del old.mod.make",
    ] {
        let code = format!(
            "import old.mod\n\n{}X = old.mod.make()\n{assign}\n",
            filler(40)
        );
        let whole = analysis_of("tests/test_y.py", &code, &rules, true);
        assert_eq!(
            analysis_of("tests/test_y.py", &code, &rules, false),
            whole,
            "{assign}"
        );
        assert!(whole.ends_with("[\"old.mod.make\"]"), "{assign}: {whole}");
    }
}

/// Hostile pass 9, defect 10: a data string under a moved module was said
/// to equal the module (`"old.mod"` "equals `old`"): the message quotes
/// what the string holds.
#[test]
fn a_data_string_under_a_moved_module_is_quoted_as_written() {
    let toml = "[[move]]\nid = \"m\"\nold = \"old\"\nnew = \"new\"\n";
    let config = rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let code = "LABEL = \"old.f\"\nNAME = \"old\"\n";
    let whole = analysis_of("app/a.py", code, &rules, true);
    assert!(
        whole.contains("string `old.f` names a path under `old`, but it is data here"),
        "{whole}"
    );
    assert_eq!(whole.matches("string equals `old`,").count(), 1, "{whole}");
}

/// Hostile pass 24c: 10,000 adjacent literals each spelling the old path
/// took 54 s to check (each part worked out the whole concatenation's
/// value again). Each part is one mention; a data string under the path
/// is quoted, cut short when long; a comment is a comment mention.
#[test]
fn each_part_of_a_long_concatenation_is_one_mention_and_long_values_are_cut() {
    let toml = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";
    let config = rules::compile(Path::new("canon.toml"), toml, Path::new(".")).unwrap();
    let rules: Vec<&Rule> = config.rules.iter().collect();
    let parts = vec!["'old.mod.helper '"; 300].join(" ");
    let long = format!("old.mod.helper.{}", "x".repeat(200));
    let code = format!(
        "print({parts})\nSHORT = \"old.mod.helper\" \".f\"\nLONG = \"{long}\"\n# old.mod.helper is gone\n"
    );
    let mut parser = crate::python::parser();
    let tree = crate::python::parse(&mut parser, &code);
    let module = ModuleName {
        name: "app.a".into(),
        is_init: false,
    };
    let findings = analyze_python("app/a.py", &module, &code, &tree, &rules).findings;
    let on = |line: usize| {
        findings
            .iter()
            .filter(|f| f.start.line == line)
            .collect::<Vec<_>>()
    };
    assert_eq!(on(1).len(), 300);
    assert!(
        on(1)
            .iter()
            .all(|f| f.message == "string mentions deprecated `old.mod.helper`")
    );
    assert_eq!(
        (on(2).iter().map(|f| f.message.as_str()).collect::<Vec<_>>()),
        [
            "string `old.mod.helper.f` names a path under `old.mod.helper`, but it is data here, not an import path: review it (not rewritten by `apply`)"
        ]
    );
    let cut = format!("string `{}…` names a path under", &long[..100]);
    assert!(on(3)[0].message.starts_with(&cut), "{}", on(3)[0].message);
    assert_eq!(
        on(4)[0].message,
        "comment mentions deprecated `old.mod.helper`"
    );
}
