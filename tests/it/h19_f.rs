//! Hostile pass 19, F: a rewrite refused at a site (a comment the fix
//! would drop, a capture it would evaluate twice, the function passed on
//! as a value), and then the move of the symbol its pattern names
//! re-pointed that site anyway: the call kept its old shape under the new
//! name (`assist(2)`, not `assist(2, retries=3)`), no rule found it any
//! more, and `status` counted the rewrite fixed and the old symbol ready to
//! delete. Now the move leaves the file (the site keeps naming the old
//! symbol, with its import, a finding of the rewrite still) and says why.

use crate::util::Project;

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.path().join(rel)).expect("read")
}

const RULES: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.helper\"\nnew = \"new.mod.assist\"\n\n\
                     [[rewrite]]\nid = \"r\"\npattern = \"{old.mod.helper}($X)\"\n";

fn project(fix: &str, app: &str) -> Project {
    crate::util::moved_pair(
        &format!("{RULES}fix = \"{fix}\"\n"),
        "def helper(x, retries=0):\n    return (\"old\", x, retries)\n",
        "def assist(x, retries=0):\n    return (\"new\", x, retries)\n",
    )
    .file("app.py", app)
    .git_init()
}

const COMMENTED: &str = "from old.mod import helper\n\n\
                         print(helper(1))\n\
                         print(helper(\n    2,  # the second\n))\n";

/// What canon proposes for [`COMMENTED`]: line 3 rewritten, line 4 (which
/// the rewrite refused) as it was, with the import that binds it.
const COMMENTED_FIXED: &str = "from old.mod import helper\n\
                               from new.mod import assist\n\n\
                               print(assist(1, retries=3))\n\
                               print(helper(\n    2,  # the second\n))\n";

fn retries_project() -> Project {
    project("{new.mod.assist}($X, retries=3)", COMMENTED)
}

/// The `status --format json` report.
fn status(p: &Project) -> serde_json::Value {
    let out = p.run(&["status", ".", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.json()
}

/// (left, fixed) of rule `id` in a `status` report.
fn row(j: &serde_json::Value, id: &str) -> (u64, Option<u64>) {
    let rules = j["rules"].as_array().expect("rules");
    let row = rules.iter().find(|r| r["rule"] == id).expect("the rule");
    (row["left"].as_u64().unwrap(), row["fixed"].as_u64())
}

/// `apply` (commit mode): the branch keeps `helper(…)` at the refused site,
/// so it runs as before there and in the new shape where rewritten;
/// `status` counts the site left, not fixed, and nothing ready to delete.
#[test]
fn apply_leaves_a_refused_rewrite_site_on_the_old_symbol() {
    let p = retries_project();
    assert_eq!(
        p.python(&["app.py"], "the input runs"),
        "('old', 1, 0)\n('old', 2, 0)\n"
    );
    let out = p.run(&["apply", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("rule `r` could not fix line 4"),
        "{}",
        out.stderr
    );
    let branch = p.git(&["show", "canon/migration:app.py"]);
    assert_eq!(branch, COMMENTED_FIXED);
    let j = status(&p);
    assert_eq!(row(&j, "r"), (1, Some(1)), "{j:#}");
    assert_eq!(row(&j, "m").0, 1, "{j:#}");
    let deletable = j["ready_to_delete"].as_array().expect("ready_to_delete");
    assert!(deletable.is_empty(), "{j:#}");
    let human = j["needs_human"].to_string();
    assert!(human.contains("rule `r` could not fix line 5"), "{human}");
    p.git(&["checkout", "-q", "canon/migration"]);
    assert_eq!(
        p.python(&["app.py"], "the branch runs"),
        "('new', 1, 3)\n('old', 2, 0)\n"
    );
}

/// `apply --write` writes the same, and `check --fixes` offers no fix that
/// moves the site: the move's finding says why, naming the line.
#[test]
fn apply_write_and_check_fixes_leave_the_refused_site() {
    let p = retries_project();
    let out = p.run(&["check", ".", "--fixes", "--format", "json"]);
    let findings: serde_json::Value = out.json();
    let all = findings.as_array().expect("findings");
    let of = |rule: &str, line: u64| {
        all.iter()
            .find(|f| f["path"] == "app.py" && f["rule"] == rule && f["line"] == line)
            .unwrap_or_else(|| panic!("{rule} at {line}: {findings:#}"))
    };
    let m = of("m", 1);
    assert!(m["fix"].is_null(), "{m:#}");
    let message = m["message"].as_str().unwrap();
    assert!(
        message.contains("rule `r` could not fix line 4"),
        "{message}"
    );
    assert!(of("r", 4)["fix"].is_null());
    assert!(!of("r", 3)["fix"].is_null());
    let (text, stderr) = p.apply_write("app.py");
    assert_eq!(text, COMMENTED_FIXED, "{stderr}");
    assert_eq!(
        p.python(&["app.py"], "the output runs"),
        "('new', 1, 3)\n('old', 2, 0)\n"
    );
    // A second run finds the same left, and changes nothing.
    let again = p.run(&["apply", "--write", "."]);
    assert_eq!(read(&p, "app.py"), text, "{}", again.stderr);
    let left: Vec<_> = (p.findings().into_iter())
        .filter(|f| f.0 == "app.py" && f.3 == "r")
        .map(|f| f.1)
        .collect();
    assert_eq!(left, vec![5], "the refused call is still a finding of r");
}

/// Through `import old.mod`, in a function: the rewrite refuses a capture
/// it would evaluate twice (`next(it)`) and reports the function passed on
/// as a value (`run(old.mod.helper)`); re-pointed, both would reach
/// `assist` in the old shape (`assist(next(it))`, `f(7)` with no
/// retries). Both stay on the old path, and so does the module import.
#[test]
fn chained_uses_left_by_the_rewrite_stay_on_the_old_module() {
    let app = "import old.mod\n\n\n\
               def run(f):\n    return f(7)\n\n\n\
               def main():\n    it = iter([10, 20])\n\
               \x20   print(old.mod.helper(5))\n\
               \x20   print(old.mod.helper(next(it)))\n\
               \x20   print(run(old.mod.helper))\n\n\n\
               main()\n";
    let p = project("{new.mod.assist}($X, retries=$X)", app);
    let (text, stderr) = p.apply_write("app.py");
    assert!(text.contains("print(assist(5, retries=5))"), "{text}");
    assert!(text.contains("print(old.mod.helper(next(it)))"), "{text}");
    assert!(text.contains("print(run(old.mod.helper))"), "{text}");
    assert!(text.starts_with("import old.mod\n"), "{text}");
    assert!(stderr.contains("could not fix line 11"), "{stderr}");
    assert!(stderr.contains("could not fix line 12"), "{stderr}");
    assert_eq!(
        p.python(&["app.py"], "the output runs"),
        "('new', 5, 5)\n('old', 10, 0)\n('old', 7, 0)\n"
    );
}
