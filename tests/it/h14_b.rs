//! Hostile pass 13, defects 09 and 12 (fixed in pass 14).
//!
//! Defect 09: `canon init` wrote a live move for a subclass shim
//! (`class OldError(NewError)` that only warns), and `doctor` passed it;
//! applied, `except OldError:` became `except NewError:` and caught every
//! `NewError`. A subclass shim is held back (and refused by `doctor`) when
//! the project tests for the subclass as a type; one only constructed,
//! raised or subclassed still moves.
//!
//! Defect 12: a rewrite of a function's calls did not see the function
//! passed on as a value (`Depends(get_factory)`, `functools.partial(…)`):
//! after `apply`, `check` passed on code still using the deprecated
//! function. Each such use is now a finding of the rule with no fix.

use crate::doctor::says;
use crate::util::Project;

const ERRORS: &str =
    "class NewError(Exception):\n    pass\n\n\nclass NewWarning(Exception):\n    pass\n";

/// Two subclass shims that only warn; `is_old` tests for one in its own
/// module (not a user the move rewrites).
const LEGACY: &str = "import warnings\nfrom modern.errors import NewError, NewWarning\n\n\n\
class OldError(NewError):\n    def __init__(self, *a):\n        warnings.warn(\"use NewError\", DeprecationWarning, stacklevel=2)\n        super().__init__(*a)\n\n\n\
class OldWarning(NewWarning):\n    def __init__(self, *a):\n        warnings.warn(\"use NewWarning\", DeprecationWarning, stacklevel=2)\n        super().__init__(*a)\n\n\n\
def is_old(e):\n    return isinstance(e, OldError)\n";

/// `modern.errors`, the `legacy.errors` shims, and `main.py`.
fn errors_project(main: &str) -> Project {
    Project::bare()
        .file("modern/__init__.py", "")
        .file("modern/errors.py", ERRORS)
        .file("legacy/__init__.py", "")
        .file("legacy/errors.py", LEGACY)
        .file("main.py", main)
}

/// Defect 09: the shim whose class `main.py` catches is written commented
/// out, saying which test would widen; the one main.py only raises is
/// written live, and applied keeps what the program prints.
#[test]
fn init_holds_back_a_subclass_shim_the_code_tests_for_as_a_type() {
    let main = "from legacy.errors import OldError as E, OldWarning\nfrom modern.errors import NewError, NewWarning\n\n\n\
def modern_call():\n    raise NewError(\"from modern code\")\n\n\n\
def run():\n    try:\n        modern_call()\n    except E:\n        return \"legacy handler\"\n    except NewError:\n        return \"modern handler\"\n\n\n\
def warned():\n    try:\n        raise OldWarning(\"w\")\n    except NewWarning as w:\n        return \"caught \" + str(w)\n\n\n\
print(run(), warned())\n";
    let p = errors_project(main);
    let before = p.python(&["-W", "ignore", "main.py"], "before");
    assert_eq!(before, "modern handler caught w\n");
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let text = String::from_utf8(p.bytes("canon.toml")).unwrap();
    assert!(
        text.contains("# old = \"legacy.errors.OldError\"\n# new = \"modern.errors.NewError\"\n"),
        "{text}"
    );
    assert!(
        text.contains("is a subclass of `new` modern.errors.NewError, not an alias of it: main.py:12 tests for it (`except E`)"),
        "{text}"
    );
    assert!(
        text.contains("[[move]]\nid = \"legacy-errors-OldWarning\"\nold = \"legacy.errors.OldWarning\"\nnew = \"modern.errors.NewWarning\"\n"),
        "{text}"
    );
    says(
        &out,
        "legacy.errors.OldError -> modern.errors.NewError (commented out: ",
    );
    let doctor = p.run(&["doctor", "."]);
    assert_eq!(doctor.code, 0, "{}", doctor.stdout);
    let (after, stderr) = p.apply_write("main.py");
    assert!(
        after.contains("raise NewWarning(\"w\")"),
        "{stderr}\n{after}"
    );
    assert!(after.contains("except E:"), "{after}");
    assert_eq!(p.python(&["-W", "ignore", "main.py"], &after), before);
}

/// Defect 09, by hand: doctor refuses the move of a subclass to its base
/// wherever the code tests for the subclass (through an alias, a module
/// alias, a tuple, a `match`), naming the file and line of the test.
#[test]
fn doctor_names_the_type_test_a_subclass_move_would_widen() {
    let rule = "[[move]]\nid = \"err\"\nold = \"legacy.errors.OldError\"\nnew = \"modern.errors.NewError\"\n";
    for (main, line, code) in [
        (
            "import legacy.errors as le\n\ntry:\n    pass\nexcept (ValueError, le.OldError):\n    pass\n",
            5,
            "except (ValueError, le.OldError)",
        ),
        (
            "from legacy.errors import OldError\nprint(isinstance(1, (int, OldError)))\n",
            2,
            "isinstance(1, (int, OldError))",
        ),
        (
            "from legacy import errors\nprint(issubclass(int, errors.OldError))\n",
            2,
            "issubclass(int, errors.OldError)",
        ),
        (
            "from legacy.errors import OldError\n\n\ndef f(e):\n    return type(e) is OldError\n\n\nprint(f(1))\n",
            5,
            "type(e) is OldError",
        ),
        (
            "from legacy.errors import OldError\n\n\ndef f(e):\n    match e:\n        case OldError():\n            return 1\n\n\nprint(f(1))\n",
            6,
            "OldError()",
        ),
    ] {
        let p = errors_project(main).file("canon.toml", rule);
        // Each is a program that runs.
        p.python(&["-W", "ignore", "main.py"], main);
        let out = p.run(&["doctor", "."]);
        assert_eq!(out.code, 1, "{main}\n{}", out.stdout);
        says(
            &out,
            &format!(
                "rule err: `old` legacy.errors.OldError is a subclass of `new` modern.errors.NewError, not an alias of it: main.py:{line} tests for it (`{code}`)"
            ),
        );
    }
}

/// Defect 09, what is not a type test of the subclass: raising and
/// catching through the base, subclassing it, a test in its own module, a
/// project class of the same name, a local `isinstance` (given a class of
/// the file: since pass 16 any other value use of the subclass, passed to
/// any function, counts as a type test, see h16_b). The move passes
/// doctor, and applied keeps what the program prints.
#[test]
fn a_subclass_shim_only_raised_or_subclassed_still_moves() {
    let main = "from legacy.errors import OldError, is_old\nfrom modern.errors import NewError\nimport other\n\n\n\
class Mine(OldError):\n    pass\n\n\n\
def isinstance(a, b):\n    return \"local isinstance\"\n\n\n\
try:\n    raise OldError(\"x\")\nexcept NewError as e:\n    print(\"caught\", e, is_old(e))\n\
print(Mine.__mro__[1].__name__ in (\"OldError\", \"NewError\"), isinstance(1, Mine), other.run())\n";
    let other = "class OldError(Exception):\n    pass\n\n\n\
def run():\n    try:\n        raise OldError(\"o\")\n    except OldError:\n        return \"own OldError\"\n";
    let p = errors_project(main).file("other.py", other).file(
        "canon.toml",
        "[[move]]\nid = \"err\"\nold = \"legacy.errors.OldError\"\nnew = \"modern.errors.NewError\"\n",
    );
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    says(&out, "0 problems");
    let before = p.python(&["-W", "ignore", "main.py"], "before");
    assert_eq!(
        before,
        "caught x True\nTrue local isinstance own OldError\n"
    );
    let (after, stderr) = p.apply_write("main.py");
    assert!(after.contains("raise NewError(\"x\")"), "{stderr}\n{after}");
    // `is_old` now gets a plain NewError: its own module's test is the
    // shim's business, and says False, as it would for any NewError.
    assert_eq!(
        p.python(&["-W", "ignore", "main.py"], &after),
        "caught x False\nTrue local isinstance own OldError\n"
    );
    // One `except` of the subclass elsewhere, and the move is refused.
    let q = p.file(
        "handler.py",
        "from legacy.errors import OldError\n\ntry:\n    pass\nexcept OldError:\n    pass\n",
    );
    let out = q.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(&out, "handler.py:5 tests for it (`except OldError`)");
}

const GETTER_RULE: &str = "[[rewrite]]\nid = \"getter\"\npattern = \"{oldpkg.deps.get_factory}()\"\nfix = \"{newpkg.deps.get_manager}()\"\n";

/// `oldpkg.deps.get_factory`, its successor, the rule, and `main.py`.
fn getter_project(main: &str) -> Project {
    Project::bare()
        .file("canon.toml", GETTER_RULE)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/deps.py",
            "def get_factory(*args):\n    return \"old\"\n",
        )
        .file("newpkg/__init__.py", "")
        .file("newpkg/deps.py", "def get_manager():\n    return \"new\"\n")
        .file("main.py", main)
}

/// Defect 12: the function passed on as a value, through its name, an
/// alias and a module alias, is a finding with no fix; after `apply` has
/// rewritten the calls, `check` still fails on them and `status` counts
/// them. Its import, a call of another shape, a string, an attribute of
/// it, a `del` and a suppressed line are not such uses.
#[test]
fn a_rewritten_function_passed_as_a_value_is_a_finding_without_a_fix() {
    let main = "import functools\nimport oldpkg.deps as od\nfrom oldpkg.deps import get_factory\nfrom oldpkg.deps import get_factory as gf\n\n\n\
def Depends(fn):\n    return fn\n\n\n\
def endpoint(mgr=Depends(get_factory)):\n    return mgr()\n\n\n\
def pick(default=gf):\n    return default\n\n\n\
lazy = functools.partial(od.get_factory)\n\
handlers = {\"main\": [get_factory]}\n\
mapped = list(map(get_factory, [1, 2]))\n\
print(get_factory(), endpoint(), lazy(), handlers[\"main\"][0](), mapped, pick()())\n\
print(get_factory(1), get_factory.__name__, od.get_factory())\n\
alias = gf  # canon: ignore[getter]\n\
del alias\n";
    let p = getter_project(main);
    let before = p.python(&["main.py"], "before");
    assert_eq!(
        before,
        "old old old old ['old', 'old'] old\nold get_factory old\n"
    );
    // The five values and the two calls the pattern matches.
    assert_eq!(
        p.finding_lines(),
        [
            "main.py:11:26 getter rewrite",
            "main.py:15:18 getter rewrite",
            "main.py:19:26 getter rewrite",
            "main.py:20:22 getter rewrite",
            "main.py:21:19 getter rewrite",
            "main.py:22:7 getter rewrite",
            "main.py:23:45 getter rewrite",
        ]
    );
    let out = p.run(&["check", ".", "--format", "json"]);
    let json = out.json();
    let at_11 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["line"] == 11)
        .expect("line 11");
    assert_eq!(at_11["fix"], serde_json::Value::Null, "{at_11}");
    assert_eq!(
        at_11["message"],
        "`get_factory` is used as a value, not called: the rewrite cannot apply to it; migrate it by hand"
    );
    let diff = p.run(&["diff", "."]);
    assert!(
        diff.stderr.contains("main.py:15: getter: not proposed: `gf` (`oldpkg.deps.get_factory`) is used as a value, not called"),
        "{}",
        diff.stderr
    );
    let p = p.git_init();
    let (after, stderr) = p.apply_write("main.py");
    assert!(
        after.contains("print(get_manager(), endpoint()"),
        "{stderr}\n{after}"
    );
    assert!(after.contains("Depends(get_factory)"), "{after}");
    assert_eq!(
        p.python(&["main.py"], &after),
        "new old old old ['old', 'old'] old\nold get_factory new\n"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("main.py:12:26: getter `get_factory` is used as a value"),
        "{}",
        check.stdout
    );
    p.git(&["commit", "-qam", "migrated the calls"]);
    let status = p.run(&["status", ".", "--format", "json"]).json();
    let rule = &status["rules"][0];
    assert_eq!(rule["rule"], "getter", "{status}");
    assert_eq!(rule["left"], 5, "{status}");
}

/// Defect 12, where no use is flagged: a rewrite that keeps its symbol (a
/// signature change) flags nothing, even passed as a value; a class a
/// rewrite replaces is not flagged where it is used as a type (an
/// annotation, `isinstance`, a base, `except`, `typing.cast`).
#[test]
fn a_class_anchor_used_as_a_type_is_not_passed_as_a_value() {
    let rules = "[[rewrite]]\nid = \"ctor\"\npattern = \"{newpkg.manager.Manager}($CTX)\"\nfix = \"{newpkg.manager.Manager}(user_context=$CTX)\"\n\n\
[[rewrite]]\nid = \"thing\"\npattern = \"{oldpkg.models.OldThing}($X)\"\nfix = \"{newpkg.models.make_thing}($X)\"\nexclude = [\"newpkg/**\"]\n\n\
[[rewrite]]\nid = \"failure\"\npattern = \"{oldpkg.models.OldFailure}($X)\"\nfix = \"{newpkg.models.failure}($X)\"\nexclude = [\"newpkg/**\"]\n";
    let main = "import typing\nfrom newpkg.manager import Manager\nfrom oldpkg.models import OldThing, OldFailure\n\n\n\
class Sub(Manager):\n    pass\n\n\n\
class Thing2(OldThing):\n    pass\n\n\n\
def build(cls=Manager) -> Manager:\n    m: Manager = cls(\"a\")\n    return m\n\n\n\
def check(t: OldThing = None) -> typing.Optional[OldThing]:\n    if isinstance(t, OldThing) and issubclass(Thing2, OldThing):\n        return typing.cast(OldThing, t)\n    return None\n\n\n\
try:\n    raise OldFailure(\"boom\")\nexcept (ValueError, OldFailure):\n    pass\n\
kinds = [Manager, OldThing]\n\
print(Manager(\"b\").ctx, build().ctx, check(OldThing(1)).x, Sub is not Manager, len(kinds))\n";
    let p = Project::bare()
        .file("canon.toml", rules)
        .file("oldpkg/__init__.py", "")
        .file(
            "oldpkg/models.py",
            "class OldThing:\n    def __init__(self, x):\n        self.x = x\n\n\nclass OldFailure(Exception):\n    pass\n",
        )
        .file("newpkg/__init__.py", "")
        .file(
            "newpkg/manager.py",
            "class Manager:\n    def __init__(self, user_context=None):\n        self.ctx = user_context\n",
        )
        .file(
            "newpkg/models.py",
            "from oldpkg.models import OldFailure, OldThing\n\n\ndef make_thing(x):\n    return OldThing(x)\n\n\ndef failure(x):\n    return OldFailure(x)\n",
        )
        .file("main.py", main);
    let before = p.python(&["main.py"], "before");
    assert_eq!(before, "b a 1 True 2\n");
    // The calls, and `OldThing` passed on as a value (line 29); not
    // `Manager` there, whose rewrite keeps it.
    let got = p.finding_lines();
    assert_eq!(
        got,
        [
            "main.py:26:11 failure rewrite",
            "main.py:29:19 thing rewrite",
            "main.py:30:7 ctor rewrite",
            "main.py:30:44 thing rewrite",
        ],
        "{got:#?}"
    );
    let (after, stderr) = p.apply_write("main.py");
    assert!(
        after.contains("Manager(user_context=\"b\")")
            && after.contains("make_thing(1)")
            && after.contains("raise failure(\"boom\")"),
        "{stderr}\n{after}"
    );
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("main.py:31:19: thing `OldThing` is used as a value")
            && check.stdout.contains("Found 1 violation"),
        "{}",
        check.stdout
    );
    assert_eq!(p.python(&["main.py"], &after), before);
}
