//! `canon doctor` (rules checked against the code) and `canon init` (a
//! starter canon.toml from the deprecation shims found).

use crate::util::{Output, Project};

/// Assert canon's stdout holds `text`, showing it all when not.
#[track_caller]
pub fn says(out: &Output, text: &str) {
    assert!(out.stdout.contains(text), "{}", out.stdout);
}

/// A project with `old.mod` (a shim) and `new.mod` (its replacement),
/// and `rules` as its canon.toml.
fn project(rules: &str) -> Project {
    Project::bare()
        .file("old/__init__.py", "")
        .file("new/__init__.py", "")
        .file(
            "old/mod.py",
            "import warnings\nfrom new.mod import create\n\n\
             def make(name):\n    warnings.warn(\"use new.mod.create\", DeprecationWarning)\n    return create(name)\n\n\
             class Maker:\n    pass\n\n\
             async def fetch():\n    return 1\n",
        )
        .file(
            "new/mod.py",
            "def create(name):\n    return name\n\n\
             class Builder:\n    def __init__(self, name, *, size=1):\n        pass\n\n\
             async def fetch_async():\n    return 1\n",
        )
        .file("a.py", "from old.mod import make\nprint(make('x'))\n")
        .file("canon.toml", rules)
}

fn doctor(p: &Project) -> crate::util::Output {
    p.run(&["doctor", "."])
}

#[test]
fn doctor_names_a_typo_in_new_and_the_name_it_meant() {
    let p = project("[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.creat\"\n");
    let out = doctor(&p);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    says(
        &out,
        "canon.toml:2: rule m: `new` new.mod.creat not found in the project",
    );
    says(&out, "did you mean new.mod.create?");
}

#[test]
fn doctor_names_a_missing_module_under_a_project_package() {
    let p = project("[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mdo.create\"\n");
    let out = doctor(&p);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(&out, "new.mdo does not exist");
    says(&out, "did you mean new.mod.create?");
}

#[test]
fn doctor_does_not_check_a_target_outside_the_project() {
    let p = project(
        "[[move]]\nid = \"abc\"\nold = \"typing.Mapping\"\nnew = \"collections.abc.Mapping\"\n",
    );
    let out = doctor(&p);
    assert_eq!(out.code, 0, "{}", out.stdout);
    says(
        &out,
        "rule abc: note: `new` collections.abc.Mapping is outside the project, not checked",
    );
    assert!(!out.stdout.contains("not found"), "{}", out.stdout);
}

#[test]
fn doctor_refuses_a_module_moved_to_a_symbol() {
    let p = project("[[move]]\nid = \"mod\"\nold = \"old.mod\"\nnew = \"new.mod.create\"\n");
    let out = doctor(&p);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(
        &out,
        "rule mod: `old` old.mod is a module but `new` new.mod.create is a function",
    );
}

#[test]
fn doctor_refuses_a_class_moved_to_a_function() {
    let p = project("[[move]]\nid = \"cls\"\nold = \"old.mod.Maker\"\nnew = \"new.mod.create\"\n");
    let out = doctor(&p);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(
        &out,
        "`old` old.mod.Maker is a class but `new` new.mod.create is a function",
    );
}

#[test]
fn doctor_refuses_a_sync_function_moved_to_an_async_one() {
    let p = project(
        "[[move]]\nid = \"a\"\nold = \"old.mod.make\"\nnew = \"new.mod.fetch_async\"\n\n\
         [[move]]\nid = \"b\"\nold = \"old.mod.fetch\"\nnew = \"new.mod.create\"\n",
    );
    let out = doctor(&p);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(
        &out,
        "canon.toml:2: rule a: `old` old.mod.make is a function but `new` new.mod.fetch_async is an async function: moved calls would return a coroutine",
    );
    says(
        &out,
        "canon.toml:7: rule b: `old` old.mod.fetch is an async function but `new` new.mod.create is a function",
    );
}

#[test]
fn doctor_refuses_a_fix_passing_a_keyword_the_new_signature_does_not_take() {
    let p = project(
        "[[rewrite]]\nid = \"kw\"\npattern = \"{old.mod.make}($X)\"\nfix = \"{new.mod.create}(user=$X)\"\n\n\
         [[rewrite]]\nid = \"ok\"\npattern = \"{old.mod.Maker}($X)\"\nfix = \"{new.mod.Builder}($X, size=2)\"\n",
    );
    let out = doctor(&p);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(
        &out,
        "rule kw: the fix calls new.mod.create with keyword `user`, but the function is create(name): it takes no `user`",
    );
    assert!(!out.stdout.contains("rule ok:"), "{}", out.stdout);
}

#[test]
fn doctor_refuses_a_new_function_without_a_keyword_the_old_one_took() {
    let p = Project::bare()
        .file("old.py", "def make(name, size=1):\n    pass\n")
        .file("new.py", "def create(name):\n    pass\n")
        .file(
            "canon.toml",
            "[[move]]\nid = \"m\"\nold = \"old.make\"\nnew = \"new.create\"\n",
        );
    let out = doctor(&p);
    assert_eq!(out.code, 1, "{}", out.stdout);
    says(&out, "takes no keyword `size`");
}

#[test]
fn doctor_passes_a_clean_config() {
    let p = project(
        "[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.mod.create\"\n\n\
         [[rewrite]]\nid = \"r\"\npattern = \"{old.mod.Maker}($X)\"\nfix = \"{new.mod.Builder}(name=$X)\"\n\n\
         [[move]]\nid = \"pkg\"\nold = \"old.mod.fetch\"\nnew = \"new.mod.fetch_async\"\n",
    );
    let out = doctor(&p);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout, "3 rules checked: 0 problems, 0 warnings\n",
        "{}",
        out.stdout
    );
}

#[test]
fn doctor_warns_of_a_missing_old_without_failing() {
    let p = project("[[move]]\nid = \"gone\"\nold = \"old.mod.made\"\nnew = \"new.mod.create\"\n");
    let out = doctor(&p);
    assert_eq!(out.code, 0, "{}", out.stdout);
    says(
        &out,
        "canon.toml:2: rule gone: warning: `old` old.mod.made not found in the project",
    );
    says(&out, "did you mean old.mod.make?");
    let json = p.run(&["doctor", ".", "--format", "json"]).json();
    assert_eq!(json[0]["level"], "warning", "{json}");
    assert_eq!(json[0]["line"], 2, "{json}");
}

#[test]
fn doctor_follows_a_package_reexport() {
    let p = project("[[move]]\nid = \"m\"\nold = \"old.mod.make\"\nnew = \"new.create\"\n")
        .file("new/__init__.py", "from .mod import create\n");
    let out = doctor(&p);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

/// A package as one finds it mid-migration: two shim functions, a shim
/// module, a shim class, and a shim whose replacement the code does not say.
fn shimmed() -> Project {
    Project::bare()
        .file("pkg/__init__.py", "")
        .file("pkg/core/__init__.py", "")
        .file(
            "pkg/core/factory.py",
            "def create_manager(user=None):\n    return user\n\n\
             async def get_manager(user=None):\n    return user\n\n\
             class Manager:\n    pass\n",
        )
        .file(
            "pkg/legacy.py",
            "import warnings as w\nfrom warnings import warn\n\
             from pkg.core.factory import create_manager, Manager\n\
             from pkg.core import factory\n\n\
             def make_manager(user=None):\n    \"\"\"Deprecated.\"\"\"\n    w.warn(\"make_manager is deprecated; use create_manager\", DeprecationWarning, stacklevel=2)\n    return create_manager(user)\n\n\
             async def fetch_manager(user=None):\n    warn(\"use get_manager\", category=PendingDeprecationWarning)\n    return await factory.get_manager(user)\n\n\
             class OldManager(Manager):\n    def __init__(self):\n        w.warn(\"use Manager\", FutureWarning)\n        super().__init__()\n\n\
             def legacy_setting():\n    warn(\"legacy_setting is going away\", DeprecationWarning)\n    return 42\n\n\
             def not_a_shim():\n    warn(\"careful\", UserWarning)\n    return create_manager()\n",
        )
        .file(
            "pkg/old_factory.py",
            "import warnings\nwarnings.warn(\"pkg.old_factory is deprecated; import pkg.core.factory\", DeprecationWarning, stacklevel=2)\nfrom pkg.core.factory import *  # noqa\n",
        )
        .file(
            "pkg/decorated.py",
            "from typing_extensions import deprecated\nfrom pkg.core.factory import create_manager\n\n\
             @deprecated(\"use create_manager\")\ndef build_manager(user=None):\n    return create_manager(user)\n",
        )
        .file(
            "app.py",
            "from pkg.legacy import make_manager\nfrom pkg.old_factory import Manager\nm = make_manager()\n",
        )
}

#[test]
fn init_writes_a_rule_per_shim_with_its_evidence() {
    let p = shimmed();
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let text = String::from_utf8(p.bytes("canon.toml")).unwrap();
    for expected in [
        "# pkg/legacy.py:8: function `pkg.legacy.make_manager` warns \"make_manager is deprecated; use create_manager\" (DeprecationWarning)\n[[move]]\nid = \"pkg-legacy-make_manager\"\nold = \"pkg.legacy.make_manager\"\nnew = \"pkg.core.factory.create_manager\"\n",
        "old = \"pkg.legacy.fetch_manager\"\nnew = \"pkg.core.factory.get_manager\"\n",
        "# pkg/decorated.py:4: function `pkg.decorated.build_manager` decorated @deprecated(\"use create_manager\")\n[[move]]\nid = \"pkg-decorated-build_manager\"\nold = \"pkg.decorated.build_manager\"\nnew = \"pkg.core.factory.create_manager\"\n",
        "(PendingDeprecationWarning)",
        "# pkg/legacy.py:17: class `pkg.legacy.OldManager` warns \"use Manager\" (FutureWarning)\n[[move]]\nid = \"pkg-legacy-OldManager\"\nold = \"pkg.legacy.OldManager\"\nnew = \"pkg.core.factory.Manager\"\n",
        "but canon cannot tell what replaces it: it returns `42`, which canon cannot resolve to a function.\n# Fill in `new` and uncomment:\n# [[move]]\n# id = \"pkg-legacy-legacy_setting\"\n# old = \"pkg.legacy.legacy_setting\"\n",
        "# pkg/old_factory.py:2: module `pkg.old_factory` warns \"pkg.old_factory is deprecated; import pkg.core.factory\" (DeprecationWarning)\n[[move]]\nid = \"pkg-old_factory\"\nold = \"pkg.old_factory\"\nnew = \"pkg.core.factory\"\n",
    ] {
        assert!(text.contains(expected), "missing:\n{expected}\nin:\n{text}");
    }
    assert!(!text.contains("not_a_shim"), "{text}");
    // The symbol moves come before the module's.
    assert!(
        text.find("OldManager").unwrap() < text.find("old = \"pkg.old_factory\"").unwrap(),
        "{text}"
    );
    // canon's own loader takes the file, and the rules find the users.
    let check = p.run(&["check", "."]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("app.py:1"), "{}", check.stdout);
    assert!(check.stdout.contains("app.py:2"), "{}", check.stdout);
    let doctor = p.run(&["doctor", "."]);
    assert!(doctor.stdout.contains("0 problems"), "{}", doctor.stdout);
}

#[test]
fn init_refuses_to_overwrite_a_configuration() {
    let p = shimmed().file("canon.toml", "# mine\n");
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    assert!(
        out.stderr.contains("canon.toml already exists"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert_eq!(p.bytes("canon.toml"), b"# mine\n");

    let q = shimmed().file(
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.canon]\n[[tool.canon.ban]]\nid = \"b\"\nsymbol = \"os.system\"\n",
    );
    let out = q.run(&["init", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("already has a [tool.canon] table"),
        "{}",
        out.stderr
    );
    assert!(!q.path().join("canon.toml").exists());
}

#[test]
fn init_without_shims_writes_nothing() {
    let p = Project::bare().file("a.py", "def f():\n    return 1\n");
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("found no deprecation shims"),
        "{}",
        out.stderr
    );
    assert!(!p.path().join("canon.toml").exists());
}
