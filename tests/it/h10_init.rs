//! Hostile pass 10: `canon init` wrote, and `canon doctor` passed, moves
//! whose application changes what the program does. Where a rule is
//! written live, the test applies it and runs the migrated Python.

use crate::doctor::says;
use crate::util::Project;

/// `pkg/new.py` and `pkg/old.py` as given, and `main.py`.
fn project(new: &str, old: &str, main: &str) -> Project {
    Project::bare()
        .file("pkg/__init__.py", "")
        .file("pkg/new.py", new)
        .file("pkg/old.py", old)
        .file("main.py", main)
}

/// `canon init`, then the canon.toml it wrote.
fn init(p: &Project) -> String {
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    String::from_utf8(p.bytes("canon.toml")).unwrap()
}

/// Apply every live rule and check `main.py` prints what it printed.
fn applied_keeps_output(p: &Project) {
    let before = p.python(&["-W", "ignore", "main.py"], "before");
    let out = p.run(&["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let after = p.python(&["-W", "ignore", "main.py"], "after apply");
    assert_eq!(
        before,
        after,
        "main.py now:\n{}",
        String::from_utf8_lossy(&p.bytes("main.py"))
    );
}

#[test]
fn doctor_refuses_an_async_generator_moved_to_a_coroutine_function() {
    let p = project(
        "async def coro(x):\n    return x\n\ndef plain(x):\n    return [x]\n",
        "async def agen(x):\n    yield x\n\ndef gen(x):\n    yield x\n",
        "",
    )
    .file(
        "canon.toml",
        "[[move]]\nid = \"a\"\nold = \"pkg.old.agen\"\nnew = \"pkg.new.coro\"\n\n\
         [[move]]\nid = \"g\"\nold = \"pkg.old.gen\"\nnew = \"pkg.new.plain\"\n",
    );
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(
        &out,
        "rule a: `old` pkg.old.agen is an async generator function but `new` pkg.new.coro is an async function",
    );
    says(
        &out,
        "rule g: `old` pkg.old.gen is a generator function but `new` pkg.new.plain is a function",
    );
    // A generator moved to a generator is fine; a nested def's yield is not the outer's.
    let q = project(
        "def gen2(x):\n    yield x\n\ndef outer(x):\n    def inner():\n        yield x\n    return inner\n",
        "def gen(x):\n    yield x\n\ndef plain(x):\n    return x\n",
        "",
    )
    .file(
        "canon.toml",
        "[[move]]\nid = \"g\"\nold = \"pkg.old.gen\"\nnew = \"pkg.new.gen2\"\n\n\
         [[move]]\nid = \"p\"\nold = \"pkg.old.plain\"\nnew = \"pkg.new.outer\"\n",
    );
    let out = q.run(&["doctor", "."]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn init_holds_back_a_shim_that_changes_its_arguments() {
    let p = project(
        "def create(x, flag=False):\n    return ('create', x, flag)\n",
        "import warnings\nfrom pkg.new import create\n\n\
         def make(x, flag=False):\n    warnings.warn('use create', DeprecationWarning)\n    return create(x, flag=True)\n\n\
         def make2(x, flag=True):\n    warnings.warn('use create', DeprecationWarning)\n    return create(x, flag)\n\n\
         def make3(x):\n    warnings.warn('use create', DeprecationWarning)\n    x = x + 1\n    return create(x)\n",
        "from pkg.old import make, make2, make3\nprint(make(1), make2(1), make3(1))\n",
    );
    let text = init(&p);
    for (name, why) in [
        ("make", "it passes `flag=True`"),
        (
            "make2",
            "its default `flag=True` is not create's `flag=False`",
        ),
        (
            "make3",
            "its body does more than warn and return the call (`x = x + 1`)",
        ),
    ] {
        assert!(
            text.contains(&format!(
                "# old = \"pkg.old.{name}\"\n# new = \"pkg.new.create\"\n"
            )),
            "{name} live:\n{text}"
        );
        assert!(text.contains(why), "{why}:\n{text}");
    }
    assert!(!text.contains("\n[[move]]"), "{text}");
    // Written by hand, doctor refuses it.
    let q = project(
        "def create(x, flag=False):\n    return ('create', x, flag)\n",
        "from pkg.new import create\n\ndef make(x, flag=False):\n    return create(x, flag=True)\n",
        "",
    )
    .file(
        "canon.toml",
        "[[move]]\nid = \"m\"\nold = \"pkg.old.make\"\nnew = \"pkg.new.create\"\n",
    );
    let out = q.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(&out, "does not pass its arguments on unchanged");
}

#[test]
fn init_writes_live_a_shim_that_forwards_unchanged_and_it_applies() {
    let p = project(
        "def create(x, flag=False, *args, size=1, **kw):\n    return ('create', x, flag, args, size, kw)\n\n\
         async def fetch(u=None):\n    return u\n",
        "import warnings\nfrom pkg.new import create, fetch\n\n\
         def make(x, flag=False, *args, size=1, **kw):\n    \"\"\"Deprecated.\"\"\"\n    warnings.warn('use create', DeprecationWarning)\n    return create(x, flag, *args, size=size, **kw)\n\n\
         async def get(u=None):\n    warnings.warn('use fetch', DeprecationWarning)\n    return await fetch(u)\n",
        "import asyncio\nfrom pkg.old import make, get\nprint(make(1), make(1, True, 3, size=2, z=4), asyncio.run(get()))\n",
    );
    let text = init(&p);
    assert!(text.contains("[[move]]\nid = \"pkg-old-make\"\n"), "{text}");
    assert!(text.contains("[[move]]\nid = \"pkg-old-get\"\n"), "{text}");
    applied_keeps_output(&p);
    assert!(String::from_utf8_lossy(&p.bytes("main.py")).contains("from pkg.new import"));
}

#[test]
fn init_holds_back_a_class_shim_that_overrides_or_adds_members() {
    let p = project(
        "class Base:\n    def __init__(self, n=0):\n        self.n = n\n    def hello(self):\n        return 'base'\n",
        "import warnings\nfrom pkg.new import Base\n\n\
         class D(Base):\n    def __init__(self, n=0):\n        warnings.warn('use Base', DeprecationWarning)\n        super().__init__(n)\n    def hello(self):\n        return 'override'\n\n\
         class E(Base):\n    level = 3\n    def __init__(self):\n        warnings.warn('use Base', DeprecationWarning)\n        super().__init__()\n\n\
         class F(Base):\n    def __init__(self, n=0):\n        warnings.warn('use Base', DeprecationWarning)\n        super().__init__(n)\n",
        "from pkg.old import D, E, F\nprint(D().hello(), E().level, F(2).n)\n",
    );
    let text = init(&p);
    assert!(text.contains("it overrides `hello`"), "{text}");
    assert!(text.contains("it adds `level`, which Base lacks"), "{text}");
    assert!(text.contains("# old = \"pkg.old.D\"\n"), "{text}");
    assert!(text.contains("# old = \"pkg.old.E\"\n"), "{text}");
    assert!(text.contains("[[move]]\nid = \"pkg-old-F\"\n"), "{text}");
    applied_keeps_output(&p);
    // Doctor says the same of a hand-written rule.
    let q = p.file(
        "canon.toml",
        "[[move]]\nid = \"d\"\nold = \"pkg.old.D\"\nnew = \"pkg.new.Base\"\n",
    );
    let out = q.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(&out, "it overrides `hello`");
}

#[test]
fn init_holds_back_a_shim_module_that_defines_names_of_its_own() {
    let p = Project::bare()
        .file("pkg/__init__.py", "")
        .file("pkg/new.py", "def create(x):\n    return ('create', x)\n")
        .file(
            "pkg/oldmod.py",
            "import warnings\nwarnings.warn('use pkg.new', DeprecationWarning, stacklevel=2)\n\
             from pkg.new import *\ndef create(x):\n    return ('old-create', x)\ndef extra():\n    return 'extra'\n",
        )
        .file(
            "pkg/pure.py",
            "import warnings\nwarnings.warn('use pkg.new', DeprecationWarning, stacklevel=2)\nfrom pkg.new import *\n",
        )
        .file(
            "main.py",
            "from pkg.oldmod import create, extra\nfrom pkg.pure import create as c2\nprint(create(1), extra(), c2(2))\n",
        );
    let text = init(&p);
    assert!(
        text.contains("it defines its own `create`, not pkg.new's; pkg.new has no `extra`"),
        "{text}"
    );
    assert!(
        text.contains("# old = \"pkg.oldmod\"\n# new = \"pkg.new\"\n"),
        "{text}"
    );
    assert!(text.contains("[[move]]\nid = \"pkg-pure\"\n"), "{text}");
    applied_keeps_output(&p);
    assert!(
        String::from_utf8_lossy(&p.bytes("main.py")).contains("from pkg.new import create as c2")
    );
}

#[test]
fn doctor_follows_a_star_import_cycle_once() {
    // Legal Python: two modules that star-import each other. Following
    // the stars for a missing name overflowed the stack.
    let p = Project::bare()
        .file("p/__init__.py", "")
        .file("p/a.py", "from p.b import *\n")
        .file("p/b.py", "from p.a import *\n")
        .file("p/old.py", "def helper(x): return x\n")
        .file(
            "canon.toml",
            "[[move]]\nid = \"a\"\nold = \"p.old.helper\"\nnew = \"p.a.missing\"\n",
        );
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    says(&out, "`new` p.a.missing not found");
}

#[test]
fn init_in_a_package_folder_names_modules_from_above_the_package() {
    // `canon init pkg` with pkg/__init__.py: the root folder is itself a
    // package, so its modules are `pkg.…`, as the code imports them; named
    // `old.make`, the rule matched nothing.
    let p = project(
        "def create(x):\n    return x * 2\n",
        "import warnings\nfrom pkg.new import create\n\
         def make(x):\n    warnings.warn(\"deprecated\", DeprecationWarning)\n    return create(x)\n",
        "",
    )
    .file("pkg/user.py", "from pkg.old import make\nprint(make(1))\n");
    let pkg = p.path().join("pkg");
    let out = crate::util::run_in(&pkg, &["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let cfg = String::from_utf8(p.bytes("pkg/canon.toml")).unwrap();
    assert!(
        cfg.contains("old = \"pkg.old.make\"\nnew = \"pkg.new.create\""),
        "{cfg}"
    );
    let check = crate::util::run_in(&pkg, &["check", "."]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("user.py:1"), "{}", check.stdout);
    let before = p.python(&["-W", "ignore", "-m", "pkg.user"], "before");
    let out = crate::util::run_in(&pkg, &["apply", "--write", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let after = p.python(&["-W", "ignore", "-m", "pkg.user"], "after apply");
    assert_eq!(before, after);
    assert_eq!(
        String::from_utf8(p.bytes("pkg/user.py")).unwrap(),
        "from pkg.new import create\nprint(create(1))\n"
    );
}

#[test]
fn doctor_checks_a_move_to_a_class_against_its_inherited_init_and_dataclass_fields() {
    let p = project(
        "import dataclasses\nfrom dataclasses import dataclass, field\nfrom typing import ClassVar\n\
         class Base:\n    def __init__(self, x):\n        self.x = x\n\
         class Sub(Base):\n    pass\n\
         @dataclass\nclass D:\n    x: int\n    y: int = 0\n\
         @dataclass\nclass Fits:\n    n: ClassVar[int] = 0\n    x: int\n    y: list = field(default_factory=list)\n\
         class Err(Exception):\n    pass\n",
        "def mk(x, y, z): return (x, y, z)\ndef mk2(x, y, z): return (x, y, z)\n\
         def mk3(x, y=None): return (x, y)\ndef mk4(x): return x\n",
        "from pkg.old import mk3\nprint(type(mk3(1, [2])).__name__)\n",
    )
    .file(
        "canon.toml",
        "[[move]]\nid = \"s\"\nold = \"pkg.old.mk\"\nnew = \"pkg.new.Sub\"\n\n\
         [[move]]\nid = \"d\"\nold = \"pkg.old.mk2\"\nnew = \"pkg.new.D\"\n\n\
         [[move]]\nid = \"f\"\nold = \"pkg.old.mk3\"\nnew = \"pkg.new.Fits\"\n\n\
         [[move]]\nid = \"e\"\nold = \"pkg.old.mk4\"\nnew = \"pkg.new.Err\"\n",
    );
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let has = |s: &str| assert!(out.stdout.contains(s), "{s}\n{}", out.stdout);
    has("rule s: `new` Sub(x) takes 1 positional argument, mk(x, y, z) takes 3");
    has("rule d: `new` D(x, y=…) takes 2 positional arguments, mk2(x, y, z) takes 3");
    has("rule e: note: what calling `new` pkg.new.Err takes cannot be told");
    // `Fits` takes what `mk3` took; only `y`'s default differs (a fresh
    // list where `mk3` had `None`), which a call leaving it out sees.
    let f: Vec<&str> = (out.stdout.lines())
        .filter(|l| l.contains("rule f:"))
        .collect();
    assert_eq!(f.len(), 1, "{}", out.stdout);
    assert!(
        f[0].contains("`y` defaults to `None` in pkg.old.mk3 but `field ( default_factory = list )` in pkg.new.Fits"),
        "{}",
        out.stdout
    );
}

/// Hostile pass 10, defect 10: a PEP 562 `__getattr__` that serves
/// deprecated names was itself proposed as the shim
/// (`pkg.old.__getattr__`). Each `if name == "…":` branch that warns is a
/// rule for that name, to what the branch returns; one whose value canon
/// cannot read is written commented out.
#[test]
fn init_reads_the_names_a_module_getattr_serves() {
    let p = project(
        "def create(x=None):\n    return ('new', x)\n",
        "import warnings\n\n\ndef __getattr__(name):\n    if name == \"make\":\n        warnings.warn(\"make moved to pkg.new.create\", DeprecationWarning, stacklevel=2)\n        from pkg.new import create\n        return create\n    elif \"build\" == name:\n        warnings.warn(\"build is going\", DeprecationWarning)\n        return lambda: None\n    raise AttributeError(name)\n",
        "from pkg.old import make\n\nprint(make(3))\n",
    );
    let toml = init(&p);
    assert!(!toml.contains("__getattr__\"\n"), "{toml}");
    assert!(
        toml.contains("old = \"pkg.old.make\"\nnew = \"pkg.new.create\"\n"),
        "{toml}"
    );
    assert!(toml.contains("# old = \"pkg.old.build\""), "{toml}");
    applied_keeps_output(&p);
    let main = String::from_utf8(p.bytes("main.py")).unwrap();
    assert!(main.contains("from pkg.new import create"), "{main}");
}
