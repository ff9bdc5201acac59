//! Hostile pass 18, defects 02, 06 and 08: valid Python tree-sitter
//! misreads (`*cfg["d"], = [5]`) rewritten into a SyntaxError; a rewrite
//! of a moved symbol that the move leaves nothing to match; a move into a
//! symbol a ban of the same config forbids.

use crate::util::Project;

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

/// Python compiles `rel` (the file canon wrote).
fn compiles(p: &Project, rel: &str) {
    p.python(
        &[
            "-c",
            &format!("compile(open({rel:?}).read(), {rel:?}, 'exec')"),
        ],
        &format!("{rel} still compiles:\n{}", read(p, rel)),
    );
}

// ---- 02: no fix in a statement tree-sitter misreads ---------------------

const CFG_RULE: &str =
    "[[rewrite]]\nid = \"c\"\npattern = \"{old.m.cfg}[$K]\"\nfix = \"{new.m.get_cfg}($K)\"\n";

fn cfg_project(app: &str) -> Project {
    Project::bare()
        .file("canon.toml", CFG_RULE)
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file("old/m.py", "cfg = {\"a\": 1}\n")
        .file(
            "new/m.py",
            "from old.m import cfg as _cfg\n\n\ndef get_cfg(k):\n    return _cfg[k]\n",
        )
        .file("app.py", app)
}

/// Hostile 18, defect 02: starred subscript targets are valid Python that
/// tree-sitter reads wrong (`*cfg["d"], = [5]` as `-cfg["d"]`, an ERROR,
/// `[5]`; `[*cfg["f"]] = [2]` as a subscript of a list). canon rewrote the
/// subscript there into a call, `*get_cfg("d"), = [5]`: SyntaxError, and
/// the "no new syntax errors" check could not see it (the error was there
/// before). Now no fix goes into a statement with a syntax error as canon
/// reads it, nor one beside it on its line; the other uses are fixed.
#[test]
fn a_rewrite_makes_no_fix_in_a_statement_tree_sitter_misreads() {
    let app = "from old.m import cfg\n\
               x = cfg[\"a\"]; *cfg[\"d\"], = [5]\n\
               [*cfg[\"f\"]] = [2]\n\
               (*cfg[\"g\"],) = [3]\n\
               print(cfg[\"a\"], cfg[\"d\"], cfg[\"f\"], cfg[\"g\"], x)\n";
    let p = cfg_project(app);
    let before = p.python(&["app.py"], "the input runs");
    assert_eq!(before, "1 [5] [2] [3] 1\n");
    let (text, stderr) = p.apply_write("app.py");
    compiles(&p, "app.py");
    assert_eq!(
        text,
        "from old.m import cfg\n\
         from new.m import get_cfg\n\
         x = cfg[\"a\"]; *cfg[\"d\"], = [5]\n\
         [*cfg[\"f\"]] = [2]\n\
         (*cfg[\"g\"],) = [3]\n\
         print(get_cfg(\"a\"), get_cfg(\"d\"), get_cfg(\"f\"), get_cfg(\"g\"), x)\n"
    );
    assert_eq!(p.python(&["app.py"], "the output runs"), before);
    assert_eq!(
        stderr.matches("does not parse as canon reads it").count(),
        4,
        "{stderr}"
    );
}

/// The same statement inside a function body and an `if` header with a
/// misread star: the statements around it in the block are still fixed,
/// the misread ones are left as they are.
#[test]
fn only_the_misread_statement_is_left_in_a_block() {
    let app = "from old.m import cfg\n\n\n\
               def setup(v):\n    \
                   first = cfg[\"a\"]\n    \
                   *cfg[\"d\"], = [v]\n    \
                   return first, cfg[\"d\"]\n\n\n\
               print(setup(9))\n";
    let p = cfg_project(app);
    let before = p.python(&["app.py"], "the input runs");
    assert_eq!(before, "(1, [9])\n");
    let (text, _) = p.apply_write("app.py");
    compiles(&p, "app.py");
    assert!(text.contains("    first = get_cfg(\"a\")\n"), "{text}");
    assert!(text.contains("    *cfg[\"d\"], = [v]\n"), "{text}");
    assert!(
        text.contains("    return first, get_cfg(\"d\")\n"),
        "{text}"
    );
    assert_eq!(p.python(&["app.py"], "the output runs"), before);
}

// ---- 06: a rewrite of a moved symbol runs before the move ---------------

const MOVE: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n";

fn retries_project(rules: &str) -> Project {
    crate::util::moved_pair(
        rules,
        "def helper(x, retries=0):\n    return (\"old\", x, retries)\n",
        "def assist(x, retries=0):\n    return (\"new\", x, retries)\n",
    )
    .file("app.py", "from old.mod import helper\n\nprint(helper(1))\n")
    .git_init()
}

/// The `[rules]` row of `status --format json` for `id`: (left, fixed).
fn status_row(p: &Project, id: &str) -> (u64, Option<u64>) {
    let out = p.run(&["status", ".", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let j = out.json();
    let row = j["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == id)
        .unwrap()
        .clone();
    (row["left"].as_u64().unwrap(), row["fixed"].as_u64())
}

/// Hostile 18, defect 06: the rewrite (written after the move of the
/// symbol its pattern names) found nothing once the move had re-pointed
/// `helper(1)` to `assist(1)`: `check` reported it, `apply` never made
/// `retries=3`, and `status` then counted it fixed. Now it runs first:
/// the call gets the shape it asks for, and "fixed" is true.
#[test]
fn a_rewrite_of_a_moved_symbol_written_after_the_move_is_made() {
    let rules = format!(
        "{MOVE}\n[[rewrite]]\nid = \"r\"\npattern = \"{{old.mod.helper}}($X)\"\nfix = \"{{new.mod.assist}}($X, retries=3)\"\n"
    );
    let p = retries_project(&rules);
    assert_eq!(status_row(&p, "r").0, 1);
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let branch = p.git(&["show", "canon/migration:app.py"]);
    assert_eq!(
        branch,
        "from new.mod import assist\n\nprint(assist(1, retries=3))\n"
    );
    assert_eq!(status_row(&p, "r"), (0, Some(1)));
    p.git(&["checkout", "-q", "canon/migration"]);
    assert_eq!(p.python(&["app.py"], "the branch runs"), "('new', 1, 3)\n");
    let left: Vec<_> = p
        .findings()
        .into_iter()
        .filter(|f| f.0 == "app.py")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A signature change of the old symbol (its fix names it too), written
/// after the move: made, then moved — `assist(1, retries=3)`, not `assist(1)`.
#[test]
fn a_signature_change_of_a_moved_symbol_is_made_before_the_move() {
    let rules = format!(
        "{MOVE}\n[[rewrite]]\nid = \"r\"\npattern = \"{{old.mod.helper}}($X)\"\nfix = \"{{old.mod.helper}}($X, retries=3)\"\n"
    );
    retries_applied(&rules);
}

/// `apply --write` under `rules` gives `assist(1, retries=3)`, which runs:
/// the project, and the text.
fn retries_applied(rules: &str) -> (Project, String) {
    let p = retries_project(rules);
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(
        text, "from new.mod import assist\n\nprint(assist(1, retries=3))\n",
        "{stderr}"
    );
    assert_eq!(p.python(&["app.py"], "the output runs"), "('new', 1, 3)\n");
    (p, text)
}

/// A rewrite of the move's new symbol written before the move runs after
/// it, on the moved calls: one run does all (a second finds nothing).
#[test]
fn a_rewrite_of_a_moves_new_symbol_written_before_it_sees_the_moved_calls() {
    let rules = format!(
        "[[rewrite]]\nid = \"r\"\npattern = \"{{new.mod.assist}}($X)\"\nfix = \"{{new.mod.assist}}($X, retries=3)\"\n\n{MOVE}"
    );
    let (p, text) = retries_applied(&rules);
    let again = p.run(&["apply", "--write", "."]);
    assert_eq!(read(&p, "app.py"), text, "{}", again.stderr);
}

// ---- 08: a move into a banned symbol is a config error ------------------

/// Hostile 18, defect 08: the move migrated every user into what the ban
/// forbids, and canon's own branch then failed `check` on the ban. Now the
/// config is refused at load, naming both rules and where.
#[test]
fn a_move_into_a_banned_symbol_is_a_config_error() {
    let rules = format!(
        "{MOVE}\n[[ban]]\nid = \"no-assist\"\nsymbol = \"new.mod.assist\"\nnote = \"assist is going too\"\n"
    );
    let p = retries_project(&rules);
    for cmd in [&["doctor", "."][..], &["check", "."], &["apply", "."]] {
        let out = p.run(cmd);
        assert_eq!(out.code, 2, "{cmd:?}: {}", out.stderr);
        assert!(
            out.stderr.contains(
                "canon.toml:2:6: rule `m` moves `old.mod.helper` to `new.mod.assist`, which rule `no-assist` on line 7 bans"
            ),
            "{cmd:?}: {}",
            out.stderr
        );
    }
    assert!(
        p.git(&["branch", "--list", "canon/migration"]).is_empty(),
        "no branch made"
    );
}

/// A ban of the module the move goes into counts too.
#[test]
fn a_move_into_a_banned_module_is_a_config_error() {
    let rules = format!("[[ban]]\nid = \"no-new\"\nsymbol = \"new.mod\"\n\n{MOVE}");
    let p = retries_project(&rules);
    let out = p.run(&["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("which rule `no-new` on line 2 bans (under `new.mod`)"),
        "{}",
        out.stderr
    );
}
