//! Hostile pass 7 (b): patches that name a module's attribute the way
//! Python lets them, not only the way canon first read them: by keyword
//! (`patch.object(target=lib, attribute="f")`, `monkeypatch.setattr(
//! target=lib, name="f", value=…)`), on a module got by
//! `importlib.import_module("lib")`, and on its namespace dict by keyword
//! (`patch.dict(lib.__dict__, f=…)`). And the import a `[[rewrite]]` adds
//! binds before the code that uses it. Each migrated project is run.

use crate::util::Project;

const MOVE_F: &str = "[[move]]\nid = \"m\"\nold = \"old.mod.f\"\nnew = \"new.mod.g\"\n";

/// `old.mod.f` (now a re-export of `new.mod.g`), and `lib.py` calling it
/// through `from old.mod import f`.
fn lib_project() -> Project {
    Project::bare()
        .file("canon.toml", MOVE_F)
        .file("old/__init__.py", "")
        .file("old/mod.py", "from new.mod import g as f\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def g(*a):\n    return \"real\"\n")
        .file(
            "lib.py",
            "from old.mod import f\n\n\ndef use():\n    return f(1)\n",
        )
}

fn read(p: &Project, path: &str) -> String {
    std::fs::read_to_string(p.path().join(path)).unwrap()
}

/// A stand-in for pytest's `monkeypatch` fixture, with its signature.
const MONKEYPATCH: &str = "class MonkeyPatch:\n    def __init__(self):\n        self.undo = []\n\n    def setattr(self, target, name, value=None, raising=True):\n        self.undo.append((target, name, getattr(target, name)))\n        setattr(target, name, value)\n\n    def close(self):\n        for target, name, value in reversed(self.undo):\n            setattr(target, name, value)\n";

/// `mock.patch.object(lib, attribute="f", new=…)`, `patch.object(
/// target=lib, attribute="f", …)`, `patch.multiple(target=lib, f=…)` and
/// `monkeypatch.setattr(target=lib, name="f", value=…)`: only the
/// positional forms were read as patching `lib.f`, so the move renamed
/// lib.py's `f` to `g` and every patch raised AttributeError. lib.py keeps
/// the name now, and every patch still intercepts.
#[test]
fn keyword_patches_of_a_module_attribute_keep_the_name() {
    let patches = [
        "with mock.patch.object(lib, attribute=\"f\", new=fake):\n    assert lib.use() == \"patched\"\n",
        "with mock.patch.object(target=lib, attribute=\"f\", new=fake):\n    assert lib.use() == \"patched\"\n",
        "with mock.patch.multiple(target=lib, f=fake):\n    assert lib.use() == \"patched\"\n",
        "m = MonkeyPatch()\nm.setattr(target=lib, name=\"f\", value=fake)\nassert lib.use() == \"patched\"\nm.close()\n",
    ];
    let test = |body: &str| {
        format!(
            "{MONKEYPATCH}\n\nfrom unittest import mock\nimport lib\n\nfake = lambda *a: \"patched\"\n{body}assert lib.use() == \"real\"\nprint(\"ok\")\n"
        )
    };
    // Each patch alone keeps the name; so do all of them together.
    let all = patches.concat();
    for (i, body) in patches.iter().chain([&all.as_str()]).enumerate() {
        assert_the_patch_still_intercepts(i, &test(body));
    }
}

/// `lib_project` with `test` as `test_lib.py`, which prints "ok" when its
/// patches intercept: after `apply --write`, lib.py keeps the name `f`
/// and the test still passes.
fn assert_the_patch_still_intercepts(i: usize, test: &str) {
    let p = lib_project().file("test_lib.py", test);
    assert_eq!(p.python(&["test_lib.py"], "before"), "ok\n", "case {i}");
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    let lib = read(&p, "lib.py");
    assert!(lib.contains("import g as f"), "case {i}: {lib}");
    assert_eq!(
        p.python(&["test_lib.py"], "the patch still intercepts"),
        "ok\n",
        "case {i}"
    );
}

/// `patch.object(importlib.import_module("lib"), "f", …)`,
/// `patch.dict(lib.__dict__, f=…)`, `patch.dict(vars(lib), values={"f":
/// …})` and `patch.multiple(import_module("lib"), f=…)`: the object (or
/// the name) was not read, lib.py's `f` became `g`, and the patches
/// raised or silently stopped patching.
#[test]
fn patches_on_an_imported_module_object_or_its_dict_keep_the_name() {
    let cases = [
        "import importlib\nfrom unittest import mock\nimport lib\n\nwith mock.patch.object(importlib.import_module(\"lib\"), \"f\", lambda *a: \"patched\"):\n    assert lib.use() == \"patched\"\nprint(\"ok\")\n",
        "from unittest import mock\nimport lib\n\nwith mock.patch.dict(lib.__dict__, f=lambda *a: \"patched\"):\n    assert lib.use() == \"patched\", lib.use()\nprint(\"ok\")\n",
        "from unittest import mock\nimport lib\n\nwith mock.patch.dict(vars(lib), values={\"f\": lambda *a: \"patched\"}):\n    assert lib.use() == \"patched\", lib.use()\nprint(\"ok\")\n",
        "from importlib import import_module\nfrom unittest.mock import patch\nimport lib\n\nwith patch.multiple(import_module(\"lib\"), f=lambda *a: \"patched\"):\n    assert lib.use() == \"patched\", lib.use()\nprint(\"ok\")\n",
    ];
    for (i, test) in cases.iter().enumerate() {
        assert_the_patch_still_intercepts(i, test);
    }
}

/// A file that patches `old.mod.f` through the module's dict by keyword,
/// or by `patch.object(…, attribute="f")`, and calls `old.mod.f()` under
/// the patch: moving the call to `new.mod.g()` takes it out from under
/// the patch. The uses stay, and `check` and `diff` say why.
#[test]
fn uses_under_a_keyword_patch_of_the_old_module_stay_with_it() {
    let cases = [
        "from unittest import mock\nimport old.mod\n\nwith mock.patch.dict(old.mod.__dict__, f=lambda *a: \"patched\"):\n    assert old.mod.f() == \"patched\"\nprint(\"ok\")\n",
        "from unittest import mock\nimport old.mod\n\nwith mock.patch.object(old.mod, attribute=\"f\", new=lambda *a: \"patched\"):\n    assert old.mod.f() == \"patched\"\nprint(\"ok\")\n",
    ];
    for (i, test) in cases.iter().enumerate() {
        let p = lib_project().file("test_old.py", test);
        assert_eq!(p.python(&["test_old.py"], "before"), "ok\n", "case {i}");
        let wrote = p.run(&["apply", "--write", "."]);
        assert_eq!(wrote.code, 0, "{}", wrote.stderr);
        assert_eq!(read(&p, "test_old.py"), *test, "case {i}");
        assert_eq!(p.python(&["test_old.py"], "after"), "ok\n", "case {i}");
        let check = p.run(&["check", "."]);
        assert!(
            check.stdout.contains("test_old.py:4:") && check.stdout.contains("patches `old.mod.f`"),
            "case {i}: {}",
            check.stdout
        );
        let diff = p.run(&["diff", "."]);
        let said = format!("{}{}", diff.stdout, diff.stderr);
        assert!(
            said.contains("its uses stay with the patch"),
            "case {i}: {said}"
        );
    }
}

const REWRITE_F: &str =
    "[[rewrite]]\nid = \"r\"\npattern = \"{old.mod.f}($X)\"\nfix = \"{new.mod.g}(user=$X)\"\n";

/// `{new.mod.g}` in a fix adds `from new.mod import g`: it went after the
/// first run of top-level imports, even when that run came after the use
/// (below a `try:` block that uses it), and on the line after an import
/// that shares its line with the use (`import old.mod; print(old.mod.f(1))`).
/// Both parsed and ran into NameError. The import now binds before the
/// first use: on that line ahead of the code, or above the block.
#[test]
fn the_import_a_rewrite_adds_binds_before_its_first_use() {
    let files = [
        (
            "semicolon.py",
            "import old.mod; print(old.mod.f(1), old.mod.VAL)\n",
        ),
        (
            "in_try.py",
            "try:\n    import old.mod\n    R = old.mod.f(2)\nexcept ImportError:\n    pass\nimport os\nprint(R, old.mod.VAL, os.sep)\n",
        ),
        // The import goes: the new one takes its place on the line.
        ("removed.py", "from old.mod import f; print(f(3))\n"),
        (
            "docstring.py",
            "\"\"\"Doc.\"\"\"; import old.mod ; print(old.mod.f(4))  # trailing\nprint(old.mod.f(5))\n",
        ),
        (
            "local.py",
            "def k():\n    import old.mod; return old.mod.f(6)\n\n\nprint(k())\n",
        ),
        (
            "class_body.py",
            "import sys\nclass K:\n    import old.mod\n    X = old.mod.f(7)\nimport os\nprint(K.X)\n",
        ),
    ];
    let mut p = Project::bare()
        .file("canon.toml", REWRITE_F)
        .file("old/__init__.py", "")
        .file("old/mod.py", "def f(x):\n    return x\n\n\nVAL = 1\n")
        .file("new/__init__.py", "")
        .file("new/mod.py", "def g(user):\n    return user\n");
    for (path, text) in files {
        p = p.file(path, text);
    }
    let before: Vec<String> = files
        .iter()
        .map(|(path, _)| p.python(&[path], "before"))
        .collect();
    let wrote = p.run(&["apply", "--write", "."]);
    assert_eq!(wrote.code, 0, "{}", wrote.stderr);
    for ((path, text), was) in files.iter().zip(&before) {
        let now = read(&p, path);
        assert!(now != *text && !now.contains("old.mod.f"), "{path}: {now}");
        assert_eq!(p.python(&[path], path), *was, "{path}:\n{now}");
    }
    assert_eq!(
        read(&p, "semicolon.py"),
        "import old.mod; from new.mod import g; print(g(user=1), old.mod.VAL)\n"
    );
    assert_eq!(
        read(&p, "removed.py"),
        "from new.mod import g; print(g(user=3))\n"
    );
    // Beside the import it goes through, inside the `try:` (hostile pass 9,
    // defect 04): hoisted above it, it would be unconditional.
    assert!(
        read(&p, "in_try.py").starts_with("try:\n    import old.mod\n    from new.mod import g\n"),
        "{}",
        read(&p, "in_try.py")
    );
    let again = p.run(&["diff", "."]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
}
