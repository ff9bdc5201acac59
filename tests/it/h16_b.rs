//! Hostile pass 15, defects 04 and 05 (fixed in pass 16).
//!
//! Defect 04: a subclass shim (`class TimeoutErr(NetError)` that only
//! warns) handed on as a value (`contextlib.suppress(TimeoutErr)`, a tuple
//! constant caught later, `singledispatch`'s `.register(TimeoutErr)`,
//! `assertRaises`, `__mro__`, a dict of handlers, an annotation a registry
//! reads) was moved live by `init` and passed by `doctor`: moved, each of
//! those tests matched every `NetError`. Any use of the subclass but
//! calling it, raising it and subclassing it now holds the move back.
//!
//! Defect 05: a shim its module changes after defining it (rebinds it
//! through `functools.lru_cache`, sets an attribute on it, rebinds it in a
//! function by `global`, another file's `setattr(legacy.config, …)`) was
//! moved live: its users lost the change. Such a change now holds the
//! move back, naming the file and line that makes it.

use crate::doctor::says;
use crate::util::Project;

const ERRORS: &str =
    "class NetError(Exception):\n    pass\n\n\nclass ProtoError(Exception):\n    pass\n";

/// Two subclass shims that only warn.
const LEGACY_ERRORS: &str = "import warnings\nfrom newpkg.errors import NetError, ProtoError\n\n\n\
class TimeoutErr(NetError):\n    def __init__(self, *a):\n        warnings.warn(\"use NetError\", DeprecationWarning, stacklevel=2)\n        super().__init__(*a)\n\n\n\
class BadFrame(ProtoError):\n    def __init__(self, *a):\n        warnings.warn(\"use ProtoError\", DeprecationWarning, stacklevel=2)\n        super().__init__(*a)\n";

/// What every `main.py` below ends with: `BadFrame` only raised,
/// constructed, subclassed and caught through its base, a move that
/// keeps what the program prints.
const FRAMES: &str = "\n\nclass ShortFrame(BadFrame):\n    pass\n\n\n\
def frame():\n    try:\n        raise ShortFrame(\"short\")\n    except ProtoError as e:\n        return \"proto \" + str(e) + \" \" + str(BadFrame(\"x\"))\n\n\n\
print(frame())\n";

const TIMEOUT_RULE: &str =
    "[[move]]\nid = \"t\"\nold = \"legacy.errors.TimeoutErr\"\nnew = \"newpkg.errors.NetError\"\n";

fn errors_project(main: &str) -> Project {
    Project::bare()
        .file("newpkg/__init__.py", "")
        .file("newpkg/errors.py", ERRORS)
        .file("legacy/__init__.py", "")
        .file("legacy/errors.py", LEGACY_ERRORS)
        .file("main.py", main)
}

/// `canon init`, its stdout and the canon.toml it wrote.
fn init(p: &Project) -> (String, String) {
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    (
        out.stdout,
        String::from_utf8(p.bytes("canon.toml")).unwrap(),
    )
}

/// Defect 04: each value use of `TimeoutErr` holds its move back in
/// `init` (the reason names the file, line and code) and fails `doctor`;
/// `BadFrame`, only raised and subclassed, is written live, and applied
/// keeps what the program prints. The held move, forced live, would
/// change it: each use is a type test out of canon's sight.
#[test]
fn a_subclass_shim_handed_on_as_a_value_is_held_back() {
    let head = "from legacy.errors import TimeoutErr, BadFrame\nfrom newpkg.errors import NetError, ProtoError\n";
    for (body, line, code) in [
        (
            "import contextlib\n\n\n\
def run():\n    with contextlib.suppress(TimeoutErr):\n        raise NetError(\"down\")\n    return \"suppressed\"\n\n\n\
try:\n    print(run())\nexcept NetError:\n    print(\"propagated\")\n",
            7,
            "contextlib.suppress(TimeoutErr)",
        ),
        (
            "RETRY_ON = (TimeoutErr, OSError)\n\n\n\
def call():\n    try:\n        raise NetError(\"refused\")\n    except RETRY_ON:\n        return \"retried\"\n    except NetError:\n        return \"gave up\"\n\n\n\
print(call())\n",
            3,
            "RETRY_ON = (TimeoutErr, OSError)",
        ),
        (
            "import functools\n\n\n\
@functools.singledispatch\ndef describe(err):\n    return \"other\"\n\n\n\
@describe.register(TimeoutErr)\ndef _(err):\n    return \"timeout\"\n\n\n\
print(describe(NetError(\"x\")))\n",
            11,
            "describe.register(TimeoutErr)",
        ),
        (
            "import functools\n\n\n\
@functools.singledispatch\ndef describe(err):\n    return \"other\"\n\n\n\
@describe.register\ndef _(err: TimeoutErr):\n    return \"timeout\"\n\n\n\
print(describe(NetError(\"x\")))\n",
            12,
            "err: TimeoutErr",
        ),
        (
            "import unittest\n\ncase = unittest.TestCase()\ntry:\n    with case.assertRaises(TimeoutErr):\n        raise NetError(\"other\")\n    print(\"raised as expected\")\nexcept NetError:\n    print(\"not a timeout\")\n",
            7,
            "case.assertRaises(TimeoutErr)",
        ),
        ("print(len(TimeoutErr.__mro__))\n", 3, "TimeoutErr.__mro__"),
        (
            "import legacy.errors as le\n\nHANDLERS = {le.TimeoutErr: \"retry\"}\n\n\n\
def handle(e):\n    for cls in type(e).__mro__:\n        if cls in HANDLERS:\n            return HANDLERS[cls]\n    return \"unhandled\"\n\n\n\
print(handle(NetError(\"x\")))\n",
            5,
            "HANDLERS = {le.TimeoutErr: \"retry\"}",
        ),
    ] {
        let main = format!("{head}{body}{FRAMES}");
        let p = errors_project(&main);
        let before = p.python(&["-W", "ignore", "main.py"], &main);
        let (stdout, text) = init(&p);
        let reason = format!(
            "`old` legacy.errors.TimeoutErr is a subclass of `new` newpkg.errors.NetError, not an alias of it: main.py:{line} hands it on as a value (`{code}`), and moved, it would hand on NetError"
        );
        assert!(text.contains(&reason), "{main}\n{text}");
        assert!(
            text.contains(
                "# old = \"legacy.errors.TimeoutErr\"\n# new = \"newpkg.errors.NetError\"\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("[[move]]\nid = \"legacy-errors-BadFrame\"\nold = \"legacy.errors.BadFrame\"\nnew = \"newpkg.errors.ProtoError\"\n"),
            "{text}"
        );
        assert!(
            stdout.contains("legacy.errors.TimeoutErr -> newpkg.errors.NetError (commented out: "),
            "{stdout}"
        );
        let doctor = p.run(&["doctor", "."]);
        assert_eq!(doctor.code, 0, "{}", doctor.stdout);
        let (after, stderr) = p.apply_write("main.py");
        assert!(after.contains("raise ShortFrame(\"short\")"), "{after}");
        assert!(!after.contains("BadFrame"), "{stderr}\n{after}");
        assert!(after.contains("TimeoutErr"), "{after}");
        assert_eq!(p.python(&["-W", "ignore", "main.py"], &after), before);
        // The held rule, written live by hand: doctor refuses it, and
        // applied anyway it changes what the program prints.
        let q = errors_project(&main).file("canon.toml", TIMEOUT_RULE);
        let out = q.run(&["doctor", "."]);
        assert_eq!(out.code, 1, "{main}\n{}", out.stdout);
        says(&out, &format!("canon.toml:2: rule t: {reason}"));
        let (moved, _) = q.apply_write("main.py");
        assert!(!moved.contains("TimeoutErr"), "{moved}");
        assert_ne!(
            q.python(&["-W", "ignore", "main.py"], &moved),
            before,
            "{moved}"
        );
    }
}

/// Defect 04, the uses that stay moves: construction (`TimeoutErr("x")`,
/// `raise TimeoutErr`), a subclass, a `del`, an import alone; and a type
/// test in another project class of the same name. One value use in
/// another file, and doctor refuses it, counting the rest.
#[test]
fn a_subclass_shim_only_constructed_still_moves_and_one_value_use_refuses() {
    let main = "import other\nfrom legacy.errors import BadFrame, TimeoutErr\nfrom legacy.errors import TimeoutErr as TE\nfrom newpkg.errors import NetError, ProtoError\n\n\n\
class SlowTimeout(TimeoutErr):\n    pass\n\n\n\
def run(n):\n    try:\n        if n:\n            raise TE(\"slow\")\n        raise TimeoutErr\n    except NetError as e:\n        return \"net \" + str(e)\n\n\n\
made = TimeoutErr(\"made\")\nprint(run(1), run(0), str(made), SlowTimeout.__name__, other.run())\ndel TE\n";
    let other = "class TimeoutErr(Exception):\n    pass\n\n\n\
def run():\n    try:\n        raise TimeoutErr(\"o\")\n    except (TimeoutErr, OSError):\n        return \"own\"\n";
    let p = errors_project(&format!("{main}{FRAMES}"))
        .file("other.py", other)
        .file("canon.toml", TIMEOUT_RULE);
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let before = p.python(&["-W", "ignore", "main.py"], "before");
    assert_eq!(
        before,
        "net slow net  made SlowTimeout own\nproto short x\n"
    );
    let (after, stderr) = p.apply_write("main.py");
    assert!(after.contains("raise NetError\n"), "{stderr}\n{after}");
    assert_eq!(p.python(&["-W", "ignore", "main.py"], &after), before);
    // A helper that takes the class, in another file.
    let q = p
        .file(
            "retry.py",
            "from legacy.errors import TimeoutErr\nfrom newpkg.errors import NetError\n\n\n\
def retrying(fn, on=(TimeoutErr,)):\n    try:\n        return fn()\n    except on:\n        return \"retried\"\n\n\n\
def wants(cls):\n    return cls.__name__\n\n\n\
print(wants(TimeoutErr), wants(NetError))\n",
        )
        .file("canon.toml", TIMEOUT_RULE);
    let out = q.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(
        &out,
        "retry.py:5 hands it on as a value (`on=(TimeoutErr,)`), and moved, it would hand on NetError",
    );
    says(&out, "(and 1 more use)");
}

const NEW_CONFIG: &str = "CALLS = []\n\n\ndef get_config():\n    CALLS.append(1)\n    return {\"calls\": len(CALLS)}\n\n\n\
class Client:\n    timeout = 5\n\n    def __init__(self, name):\n        self.name = name\n";

/// A function shim and a class shim, each as the module defines it, then
/// `tail` (what the module does to them afterwards), and `plain`, a shim
/// nothing changes.
fn config_module(tail: &str) -> String {
    format!(
        "import functools\nimport warnings\n\nfrom newpkg.config import Client as _Client\nfrom newpkg.config import get_config as _get_config\n\n\n\
def get_config():\n    warnings.warn(\"use newpkg.config.get_config\", DeprecationWarning, stacklevel=2)\n    return _get_config()\n\n\n\
class Client(_Client):\n    def __init__(self, name):\n        warnings.warn(\"use newpkg.config.Client\", DeprecationWarning, stacklevel=2)\n        super().__init__(name)\n\n\n\
def plain():\n    warnings.warn(\"use newpkg.config.get_config\", DeprecationWarning, stacklevel=2)\n    return _get_config()\n\n\n\
{tail}"
    )
}

const CONFIG_MAIN: &str = "import plugins\nfrom legacy.config import Client, get_config, plain\n\n\
print(get_config()[\"calls\"], get_config()[\"calls\"], Client(\"c\").timeout, plain()[\"calls\"])\n";

fn config_project(tail: &str, plugins: &str) -> Project {
    Project::bare()
        .file("newpkg/__init__.py", "")
        .file("newpkg/config.py", NEW_CONFIG)
        .file("legacy/__init__.py", "")
        .file("legacy/config.py", config_module(tail))
        .file("plugins.py", plugins)
        .file("main.py", CONFIG_MAIN)
}

const CONFIG_RULES: &str = "[[move]]\nid = \"cfg\"\nold = \"legacy.config.get_config\"\nnew = \"newpkg.config.get_config\"\n\n\
[[move]]\nid = \"client\"\nold = \"legacy.config.Client\"\nnew = \"newpkg.config.Client\"\n\n\
[[move]]\nid = \"plain\"\nold = \"legacy.config.plain\"\nnew = \"newpkg.config.get_config\"\n";

/// Defect 05: each change of a shim after its definition (rebound,
/// redefined, an attribute set or augmented, `setattr`, a `global` rebinding
/// in a function, another file's `setattr` or attribute write) holds its move
/// back in `init` and fails `doctor` (naming canon.toml's line, the rule,
/// and the file and line of the change); `plain`, which nothing changes,
/// is written live, and applied keeps what the program prints. The held
/// moves, forced live, would change it (or `apply` holds the edit itself).
#[test]
fn a_shim_changed_after_its_definition_is_held_back() {
    for (tail, plugins, held, reason) in [
        (
            "get_config = functools.lru_cache(maxsize=None)(get_config)\n",
            "",
            "get_config",
            "legacy/config.py:24 binds it again (`get_config = functools.lru_cache(maxsize=None)(get_config)`)",
        ),
        (
            "Client.timeout = 30\n",
            "",
            "Client",
            "legacy/config.py:24 changes it (`Client.timeout = 30`)",
        ),
        (
            "Client.timeout += 25\n",
            "",
            "Client",
            "legacy/config.py:24 changes it (`Client.timeout += 25`)",
        ),
        (
            "def _setup():\n    setattr(Client, \"timeout\", 60)\n\n\n_setup()\n",
            "",
            "Client",
            "legacy/config.py:25 sets an attribute of it (`setattr(Client, \"timeout\", 60)`)",
        ),
        (
            "def enable_cache():\n    global get_config\n    get_config = functools.lru_cache(maxsize=None)(get_config)\n\n\nenable_cache()\n",
            "",
            "get_config",
            "legacy/config.py:26 binds it again (`get_config = functools.lru_cache(maxsize=None)(get_config)`)",
        ),
        (
            "_cached = {}\n\n\ndef get_config():\n    if not _cached:\n        _cached.update(_get_config())\n    return _cached\n",
            "",
            "get_config",
            "legacy/config.py:27 defines it again (`def get_config():`)",
        ),
        (
            "",
            "import functools\nimport legacy.config\n\n\
setattr(legacy.config, \"get_config\", functools.lru_cache(maxsize=None)(legacy.config.get_config))\n",
            "get_config",
            "plugins.py:4 binds it again (`setattr(legacy.config, \"get_config\", functools.lru_cache(max…`)",
        ),
        (
            "",
            "from legacy import config as lc\n\nlc.Client.timeout = 90\n",
            "Client",
            "plugins.py:3 changes it (`lc.Client.timeout = 90`)",
        ),
    ] {
        let p = config_project(tail, plugins);
        let before = p.python(&["-W", "ignore", "main.py"], tail);
        let (stdout, text) = init(&p);
        let old = format!("legacy.config.{held}");
        let new = format!("newpkg.config.{held}");
        let why = format!(
            "`old` {old} is changed after its definition: {reason}, and moved, its users would get `new` {new} without that change"
        );
        assert!(text.contains(&why), "{tail}{plugins}\n{text}");
        assert!(
            text.contains(&format!("# old = \"{old}\"\n# new = \"{new}\"\n")),
            "{text}"
        );
        assert!(
            stdout.contains(&format!("{old} -> {new} (commented out: ")),
            "{stdout}"
        );
        assert!(
            text.contains("[[move]]\nid = \"legacy-config-plain\"\nold = \"legacy.config.plain\"\nnew = \"newpkg.config.get_config\"\n"),
            "{text}"
        );
        let (after, stderr) = p.apply_write("main.py");
        assert!(!after.contains("plain"), "{stderr}\n{after}");
        assert_eq!(p.python(&["-W", "ignore", "main.py"], &after), before);
        // Written live by hand: doctor names the rule and its line.
        let q = config_project(tail, plugins).file("canon.toml", CONFIG_RULES);
        let out = q.run(&["doctor", "."]);
        assert_eq!(out.code, 1, "{tail}{plugins}\n{}", out.stdout);
        let (line, id) = if held == "Client" {
            (7, "client")
        } else {
            (2, "cfg")
        };
        says(&out, &format!("canon.toml:{line}: rule {id}: {why}"));
        assert!(!out.stdout.contains("rule plain: `old`"), "{}", out.stdout);
        // Applied anyway, it changes what the program prints, unless
        // `apply` itself leaves the import on the shim (a `setattr` of it
        // that other files' holds see).
        let (moved, _) = q.apply_write("main.py");
        let kept = moved.contains(&format!("from legacy.config import {held}\n"));
        let now = q.python(&["-W", "ignore", "main.py"], &moved);
        assert!(kept || now != before, "{tail}{plugins}\n{moved}\n{now}");
    }
}

/// Defect 05, what is no change of the shim: reading its attributes,
/// passing it on, other names assigned after it, a local of the same name
/// in a function, a binding before its definition, another file's own
/// `Client`. Every move is written live and keeps what the program prints.
#[test]
fn a_shim_only_read_after_its_definition_still_moves() {
    let tail = "__all__ = [\"Client\", \"get_config\", \"plain\"]\nDOC = get_config.__doc__\nTIMEOUT = Client.timeout\nREGISTRY = {\"cfg\": get_config}\n\n\n\
def local():\n    get_config = {}\n    get_config[\"x\"] = 1\n    return get_config\n\n\n\
def Client_timeout():\n    Client = _Client\n    return Client.timeout\n";
    let plugins = "class Client:\n    timeout = 1\n\n\nClient.timeout = 2\n";
    let p = config_project(tail, plugins);
    let before = p.python(&["-W", "ignore", "main.py"], "before");
    assert_eq!(before, "1 2 5 3\n");
    let (_, text) = init(&p);
    assert!(!text.contains("# [[move]]"), "{text}");
    assert!(
        text.contains("[[move]]\nid = \"legacy-config-get_config\"\nold = \"legacy.config.get_config\"\nnew = \"newpkg.config.get_config\"\n"),
        "{text}"
    );
    assert!(
        text.contains("[[move]]\nid = \"legacy-config-Client\"\nold = \"legacy.config.Client\"\nnew = \"newpkg.config.Client\"\n"),
        "{text}"
    );
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let (after, stderr) = p.apply_write("main.py");
    assert!(!after.contains("legacy"), "{stderr}\n{after}");
    assert_eq!(p.python(&["-W", "ignore", "main.py"], &after), before);
    // One change added, and the rule is held back.
    let q = p.file("canon.toml", CONFIG_RULES).file(
        "legacy/config.py",
        config_module(&format!("{tail}\nget_config.cache = {{}}\n")),
    );
    let out = q.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(
        &out,
        "rule cfg: `old` legacy.config.get_config is changed after its definition: legacy/config.py:40 changes it (`get_config.cache = {}`)",
    );
    // Or deleted, on some runs.
    let r = q.file(
        "legacy/config.py",
        config_module(&format!(
            "{tail}\nimport os\nif os.environ.get(\"NO_LEGACY\"):\n    del get_config\n"
        )),
    );
    let out = r.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(
        &out,
        "rule cfg: `old` legacy.config.get_config is changed after its definition: legacy/config.py:42 deletes it (`del get_config`)",
    );
}
