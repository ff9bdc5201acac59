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
/// project class of the same name, a local `isinstance`. The move passes
/// doctor, and applied keeps what the program prints.
#[test]
fn a_subclass_shim_only_raised_or_subclassed_still_moves() {
    let main = "from legacy.errors import OldError, is_old\nfrom modern.errors import NewError\nimport other\n\n\n\
class Mine(OldError):\n    pass\n\n\n\
def isinstance(a, b):\n    return \"local isinstance\"\n\n\n\
try:\n    raise OldError(\"x\")\nexcept NewError as e:\n    print(\"caught\", e, is_old(e))\n\
print(Mine.__mro__[1].__name__ in (\"OldError\", \"NewError\"), isinstance(1, OldError), other.run())\n";
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
