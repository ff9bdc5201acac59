use super::*;

fn compile_str(text: &str) -> Result<Config, ConfigError> {
    compile(Path::new("canon.toml"), text, Path::new("."))
}

fn error(text: &str) -> String {
    compile_str(text).unwrap_err().to_string()
}

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"a.b.f\"\nnew = \"a.c.f\"\n";

#[test]
fn rules_keep_document_order_across_kinds() {
    let text = "[[rewrite]]\nid = \"r\"\npattern = \"{a.c.f}($X)\"\nfix = \"{a.c.f}(x=$X)\"\n\n\
                [[move]]\nid = \"m\"\nold = \"a.b.f\"\nnew = \"a.c.f\"\n\n\
                [[ban]]\nid = \"b\"\nsymbol = \"a.b.G\"\n\n\
                [[rewrite]]\nid = \"r2\"\npattern = \"{a.c.g}()\"\n";
    let config = compile_str(text).unwrap();
    let ids: Vec<&str> = config.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["r", "m", "b", "r2"]);
    assert_eq!(config.settings.branch, DEFAULT_BRANCH);
}

#[test]
fn unknown_key_names_line_and_column() {
    let e = error(
        "[[move]]\nid = \"m\"\nold = \"a.b\"\nnew = \"a.c\"\nnote = \"x\"\npaths_ = [\"a\"]\n",
    );
    assert!(
        e.starts_with("canon.toml:6:1: unknown field `paths_`"),
        "{e}"
    );
    let e = error("[setings]\n");
    assert!(
        e.starts_with("canon.toml:1:2: unknown field `setings`"),
        "{e}"
    );
}

#[test]
fn malformed_toml_names_position() {
    let e = error("[[move]]\nid = \"m\nold = 1\n");
    assert!(e.starts_with("canon.toml:2:"), "{e}");
}

#[test]
fn duplicate_ids_are_rejected() {
    let text = format!("{MOVE}\n[[ban]]\nid = \"m\"\nsymbol = \"x.y\"\n");
    assert_eq!(
        error(&text),
        "canon.toml:7:6: duplicate rule id `m` (first defined on line 2)"
    );
}

#[test]
fn old_equal_new_and_old_twice_are_rejected() {
    let e = error("[[move]]\nid = \"m\"\nold = \"a.b\"\nnew = \"a.b\"\n");
    assert_eq!(
        e,
        "canon.toml:4:7: rule `m`: `new` is the same as `old` (`a.b`)"
    );
    let text = format!("{MOVE}\n[[move]]\nid = \"m2\"\nold = \"a.b.f\"\nnew = \"x.f\"\n");
    assert_eq!(
        error(&text),
        "canon.toml:8:7: rule `m2`: `a.b.f` is already moved by rule `m` on line 3"
    );
    let e = error("[[move]]\nid = \"m\"\nold = \"a.b\"\nnew = \"a.b.c\"\n");
    assert!(e.contains("is inside `old`"), "{e}");
}

/// `new = "lib.v2.class"` loaded, and every site was then refused one by
/// one ("the fix would not parse") without naming the typo in the config.
#[test]
fn a_keyword_path_part_is_refused_at_load_in_every_rule_kind() {
    let e = error("[[move]]\nid = \"m\"\nold = \"old.mod.f\"\nnew = \"lib.v2.class\"\n");
    assert_eq!(
        e,
        "canon.toml:4:7: `new` must be a dotted Python path like `pkg.module.name`, got `lib.v2.class` (`class` is a Python keyword, so no import can name it)"
    );
    let e = error("[[move]]\nid = \"m\"\nold = \"None.f\"\nnew = \"a.f\"\n");
    assert!(e.starts_with("canon.toml:3:7: `old` must be"), "{e}");
    let e = error("[[ban]]\nid = \"b\"\nsymbol = \"a.lambda\"\n");
    assert!(e.starts_with("canon.toml:3:10: `symbol` must be"), "{e}");
    let e =
        error("[[rewrite]]\nid = \"r\"\npattern = \"{a.b.get}()\"\nfix = \"{a.import.get}()\"\n");
    assert!(e.starts_with("canon.toml:4:7: rule `r`: bad `fix`"), "{e}");
    assert!(e.contains("a.import.get"), "{e}");
    let e = error("[[rewrite]]\nid = \"r\"\npattern = \"{a.async.get}()\"\n");
    assert!(
        e.starts_with("canon.toml:3:11: rule `r`: bad `pattern`"),
        "{e}"
    );
    // Soft keywords are names: `re.match`, `typing.type`-like parts load.
    compile_str("[[move]]\nid = \"m\"\nold = \"re.match\"\nnew = \"regex.case.type._\"\n")
        .expect("soft keywords are names");
}

#[test]
fn bad_dotted_path_and_pattern_and_glob() {
    let e = error("[[move]]\nid = \"m\"\nold = \"a..b\"\nnew = \"a.c\"\n");
    assert_eq!(
        e,
        "canon.toml:3:7: `old` must be a dotted Python path like `pkg.module.name`, got `a..b`"
    );
    let e = error("[[rewrite]]\nid = \"r\"\npattern = \"{a.b}(\"\n");
    assert!(
        e.starts_with("canon.toml:3:11: rule `r`: bad `pattern`"),
        "{e}"
    );
    let e = error("[[rewrite]]\nid = \"r\"\npattern = \"{a.b}($X)\"\nfix = \"g($Y)\"\n");
    assert!(
        e.contains("`$Y` is used in `fix` but the pattern binds no such hole (it binds $X)"),
        "{e}"
    );
    let e = error("[[ban]]\nid = \"b\"\nsymbol = \"a.b\"\npaths = [\"a/[\"]\n");
    assert!(e.starts_with("canon.toml:4:10: bad glob in `paths`"), "{e}");
    let e = error("[[ban]]\nid = \"bad id\"\nsymbol = \"a.b\"\n");
    assert!(e.contains("rule id `bad id` must be"), "{e}");
}

#[test]
fn empty_rules_and_cycles_are_rejected() {
    let e = error("[settings]\nbranch = \"x\"\n");
    assert_eq!(
        e,
        "canon.toml:1:1: no rules: add at least one [[move]], [[rewrite]] or [[ban]] table"
    );
    let text = format!("{MOVE}\n[[move]]\nid = \"back\"\nold = \"a.c.f\"\nnew = \"a.b.f\"\n");
    assert_eq!(
        error(&text),
        "canon.toml:7:6: rule `back` moves `a.c.f` back to `a.b.f`, undoing rule `m`"
    );
}

#[test]
fn settings_are_validated() {
    let e = error(&format!("[settings]\nbranch = \"bad..name\"\n{MOVE}"));
    assert_eq!(
        e,
        "canon.toml:2:10: `branch` `bad..name` is not a valid git branch name"
    );
    let c = compile_str(&format!("[settings]\nbranch = \"canon/x\"\nverify = \"true\"\nblame_ignore = true\ninclude = [\"src/**/*.py\"]\n{MOVE}")).unwrap();
    assert_eq!(c.settings.branch, "canon/x");
    assert!(c.settings.blame_ignore);
    assert!(c.settings.include.is_match("src/a/b.py"));
    assert!(!c.settings.include.is_match("lib/a.py"));
}

#[test]
fn default_include_matches_root_and_nested_files() {
    let c = compile_str(MOVE).unwrap();
    assert!(c.settings.include.is_match("a.py"));
    assert!(c.settings.include.is_match("a/b/c.py"));
    assert!(!c.settings.include.is_match("a/b/c.txt"));
}

#[test]
fn pyproject_tool_canon() {
    let text = "[project]\nname = \"x\"\n\n[tool.ruff]\nline-length = 100\n\n[[tool.canon.move]]\nid = \"m\"\nold = \"a.b\"\nnew = \"a.b\"\n";
    let e = compile_pyproject(Path::new("pyproject.toml"), text, Path::new("."))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "pyproject.toml:10:7: rule `m`: `new` is the same as `old` (`a.b`)"
    );
    let none = compile_pyproject(
        Path::new("pyproject.toml"),
        "[project]\nname = \"x\"\n",
        Path::new("."),
    );
    assert!(none.unwrap().is_none());
}

#[test]
fn rule_paths_and_literals() {
    let c = compile_str("[[ban]]\nid = \"b\"\nsymbol = \"a.b.Thing\"\npaths = [\"app/**\"]\nexclude = [\"app/legacy/**\"]\n").unwrap();
    let r = &c.rules[0];
    assert!(r.applies_to("app/x.py"));
    assert!(!r.applies_to("app/legacy/x.py"));
    assert!(!r.applies_to("lib/x.py"));
    assert_eq!(
        r.literals().map(<[String]>::to_vec),
        Some(vec!["Thing".to_string()])
    );
}

#[test]
fn a_move_spells_its_last_name_and_each_old_name_the_new_path_changes() {
    let c = compile_str(
        "[[move]]\nid = \"m\"\nold = \"pkg.old.mod.make\"\nnew = \"pkg.new.other.create\"\n",
    )
    .unwrap();
    let want: Vec<String> = ["make", "old", "mod"].map(String::from).to_vec();
    assert_eq!(c.rules[0].literals().map(<[String]>::to_vec), Some(want));
}

#[test]
fn strings_widen_only_with_a_known_value() {
    let all = compile_str(&format!("{MOVE}strings = \"all\"\n")).unwrap();
    assert!(all.rules[0].all_strings);
    assert!(!compile_str(MOVE).unwrap().rules[0].all_strings);
    let e = error(&format!("{MOVE}strings = \"some\"\n"));
    assert!(
        e.starts_with("canon.toml:5:11: rule `m`: `strings` is \"paths\" or \"all\""),
        "{e}"
    );
}

#[test]
fn a_cycle_of_three_moves_is_refused_naming_them() {
    let text = "[[move]]\nid=\"ab\"\nold=\"a.x\"\nnew=\"b.x\"\n\n[[move]]\nid=\"bc\"\nold=\"b.x\"\nnew=\"c.x\"\n\n[[move]]\nid=\"ca\"\nold=\"c.x\"\nnew=\"a.x\"\n";
    let err = compile(Path::new("canon.toml"), text, Path::new("."))
        .expect_err("a cycle is an error")
        .to_string();
    assert!(
        err.contains("`ab` → `bc` → `ca`") && err.contains("a.x → b.x → c.x → a.x"),
        "{err}"
    );
    // A chain that ends is fine.
    let chain = "[[move]]\nid=\"ab\"\nold=\"a.x\"\nnew=\"b.x\"\n\n[[move]]\nid=\"bc\"\nold=\"b.x\"\nnew=\"c.x\"\n";
    assert!(compile(Path::new("canon.toml"), chain, Path::new(".")).is_ok());
}

/// A cycle through a move of a prefix loaded: `old` → `old2` with
/// `old2.mod.helper` → `old.mod.helper` sent the name round, so `apply`
/// wrote one rule's spelling and `check` reported the other's forever;
/// `a` → `b.x` with `b` → `a.y` grew a path on every run.
#[test]
fn cycles_and_endless_chains_through_a_prefix_move_are_refused() {
    let moves = |pairs: &[(&str, &str)]| {
        let mut text = String::new();
        for (i, (old, new)) in pairs.iter().enumerate() {
            text.push_str(&format!(
                "[[move]]\nid = \"m{i}\"\nold = \"{old}\"\nnew = \"{new}\"\n\n"
            ));
        }
        text
    };
    assert_eq!(
        error(&moves(&[
            ("old", "old2"),
            ("old2.mod.helper", "old.mod.helper")
        ])),
        "canon.toml:7:6: rules `m1` and `m0` move `old2.mod.helper` → `old.mod.helper` → `old2.mod.helper` in a cycle: each would undo the one before"
    );
    assert_eq!(
        error(&moves(&[("a", "b.x"), ("b", "a.y")])),
        "canon.toml:7:6: rules `m0` and `m1` move `a` → `b.x` → `a.y.x` → `b.x.y.x` → … without end: each applies to the other's output"
    );
    // Chains through a prefix that end are fine.
    for ok in [
        moves(&[("old.mod", "new.mod"), ("new.mod.helper", "new.mod.assist")]),
        moves(&[("a", "a2"), ("a2.x", "a2.y")]),
        moves(&[("a.b", "c.d"), ("c", "e"), ("e.d", "f")]),
    ] {
        assert!(
            compile_str(&ok).is_ok(),
            "{ok}: {:?}",
            compile_str(&ok).err()
        );
    }
}

#[test]
fn an_empty_or_misspelt_message_template_is_refused() {
    let rules = "[[ban]]\nid=\"b\"\nsymbol=\"a.x\"\n";
    let with = |m: &str| {
        let text = format!("[settings]\nmessage = \"{m}\"\n{rules}");
        compile(Path::new("canon.toml"), &text, Path::new("."))
    };
    let empty = with("  ").expect_err("empty").to_string();
    assert!(empty.contains("`message` is empty"), "{empty}");
    let typo = with("migrate {rule}").expect_err("typo").to_string();
    assert!(
        typo.contains("`{rule}`") && typo.contains("{rules}"),
        "{typo}"
    );
    assert!(with("refactor: migrate {rules} in {count} files on {branch}").is_ok());
}

/// A statement used as a fix parsed, so it was accepted, and in a call
/// argument it landed as a keyword: `print(get())` became `print(x = 1)`.
#[test]
fn a_fix_that_is_a_statement_is_rejected() {
    for fix in ["x = 1", "x += 1", "a, b", "import os", "pass"] {
        let text =
            format!("[[rewrite]]\nid = \"r\"\npattern = \"{{old.m.get}}()\"\nfix = \"{fix}\"\n");
        let e = error(&text);
        assert!(
            e.starts_with("canon.toml:4:7: rule `r`: bad `fix`:")
                && e.contains("is not a single Python expression"),
            "{fix}: {e}"
        );
    }
    for fix in ["(x := 1)", "(a, b)", "await g()", "lambda: 1"] {
        let text =
            format!("[[rewrite]]\nid = \"r\"\npattern = \"{{old.m.get}}()\"\nfix = \"{fix}\"\n");
        assert!(
            compile_str(&text).is_ok(),
            "{fix}: {:?}",
            compile_str(&text).err()
        );
    }
}

/// A rewrite of `{old.m.get}($X)` with `fix`.
fn with_fix(fix: &str) -> String {
    format!("[[rewrite]]\nid = \"r\"\npattern = \"{{old.m.get}}($X)\"\nfix = \"{fix}\"\n")
}

/// Each of `refused` is a bad `fix` whose message says `says`; each of
/// `accepted` loads.
fn fixes_judged(refused: &[&str], says: &str, accepted: &[&str]) {
    for fix in refused {
        let e = error(&with_fix(fix));
        assert!(
            e.starts_with("canon.toml:4:7: rule `r`: bad `fix`:") && e.contains(says),
            "{fix}: {e}"
        );
    }
    for fix in accepted {
        let loaded = compile_str(&with_fix(fix));
        assert!(loaded.is_ok(), "{fix}: {:?}", loaded.err());
    }
}

/// A fix with a comment after its code was accepted and every match was
/// then refused at `diff` with a misleading reason ("would not group as
/// one expression"), or would have swallowed the rest of the line: refused
/// at load. A comment inside the fix's brackets, before a line break, is
/// its own and stays allowed.
#[test]
fn a_fix_with_a_comment_outside_its_brackets_is_rejected() {
    fixes_judged(
        &[
            "{new.m.get}($X)  # moved",
            "{new.m.get}($X)  # moved\\n",
            "# c\\n{new.m.get}($X)",
        ],
        "outside its brackets, which would take in the rest of the line",
        &["{new.m.get}(\\n    $X,  # kept\\n)", "{new.m.get}($X)"],
    );
}

/// A fix that yields was proposed: `return dec` became `return (yield)`,
/// which made the function a generator, and at module level it did not
/// compile. Refused at load; a lambda's own `yield` is its own.
#[test]
fn a_fix_that_yields_is_rejected() {
    fixes_judged(
        &[
            "(yield)",
            "(yield $X)",
            "{new.m.get}((yield from $X))",
            "[(yield) for _ in $X]",
        ],
        "yields, which would turn the function it lands in into a generator",
        &["{new.m.get}(lambda: (yield $X))"],
    );
}

/// A rewrite whose fix its own pattern matches grew on every run
/// (`get(1)` → `get(1, 1)` → `get(1, 1, 1)`): refused at load, at the fix.
#[test]
fn a_fix_its_own_pattern_matches_is_rejected() {
    let rule = |pattern: &str, fix: &str| {
        format!("[[rewrite]]\nid = \"r\"\npattern = \"{pattern}\"\nfix = \"{fix}\"\n")
    };
    let e = error(&rule("{old.m.get}($$$A)", "{old.m.get}($$$A, 1)"));
    assert_eq!(
        e,
        "canon.toml:4:7: rule `r`: bad `fix`: `{old.m.get}($$$A, 1)` matches the rule's own pattern `{old.m.get}($$$A)`, so the fixed code would still be a finding (and each run would rewrite it again)"
    );
    // Spelled by the name the file imports, nested in the fix, or after a
    // hole: each run would rewrite it again.
    for (pattern, fix) in [
        ("{old.m.get}($$$A)", "get($$$A, 1)"),
        ("{old.m.get}($X)", "{new.m.wrap}({old.m.get}($X))"),
        ("$X.foo", "$X.foo.bar"),
    ] {
        let e = error(&rule(pattern, fix));
        assert!(
            e.contains("matches the rule's own pattern"),
            "{pattern} -> {fix}: {e}"
        );
    }
    // A fix the pattern no longer matches is fine: it runs once.
    for (pattern, fix) in [
        ("{old.m.get}($X)", "{old.m.get}($X, 1)"),
        ("{old.m.get}($X)", "{old.m.get}(x=$X)"),
        ("{old.m.get}($X)", "{new.m.get}($X)"),
        ("$X.foo", "$X.bar"),
    ] {
        assert!(
            compile_str(&rule(pattern, fix)).is_ok(),
            "{pattern} -> {fix}"
        );
    }
}

#[test]
fn a_two_name_move_does_not_spell_its_module() {
    let c = compile_str(
        "[[move]]\nid = \"l\"\nold = \"typing.List\"\nnew = \"typing_extensions.List\"\n",
    )
    .unwrap();
    assert_eq!(
        c.rules[0].literals().map(<[String]>::to_vec),
        Some(vec!["List".to_string()])
    );
}

/// `paths = []` loaded and the rule applied to no file, and `include = []`
/// checked nothing: `canon check` said "No violations" in CI forever.
#[test]
fn an_empty_paths_or_include_is_rejected() {
    let e = error(&format!("{MOVE}paths = []\n"));
    assert_eq!(
        e,
        "canon.toml:5:9: `paths` is empty, so it takes no file; leave it out to apply the rule everywhere"
    );
    let e = error(&format!("[settings]\ninclude = []\n\n{MOVE}"));
    assert_eq!(
        e,
        "canon.toml:2:11: `include` is empty, so it takes no file; leave it out for the Python files"
    );
    assert!(compile_str(&format!("{MOVE}paths = [\"app/**\"]\nexclude = []\n")).is_ok());
}
