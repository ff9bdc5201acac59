//! Hostile pass 11 (helper c): `canon doctor` passed moves of a function
//! to a plain method or a property of a class, and `canon init` blamed a
//! method's deprecation warning on its live class; doctor and init did a
//! file's parse once per rule.

use crate::doctor::says;
use crate::util::Project;

/// `pkg/core.py` and `pkg/legacy.py` as given, and `rules` as canon.toml.
fn project(core: &str, legacy: &str, rules: &str) -> Project {
    Project::bare()
        .file("pkg/__init__.py", "")
        .file("pkg/core.py", core)
        .file("pkg/legacy.py", legacy)
        .file(
            "use.py",
            "from pkg.legacy import old_run\nprint(old_run(1))\n",
        )
        .file("canon.toml", rules)
}

const CORE: &str = "\
import functools


class Svc:
    def run(self, x):
        return x

    @staticmethod
    def run_static(x):
        return x

    @classmethod
    def run_class(cls, x):
        return x

    @property
    def p(self):
        return 1

    @functools.cached_property
    def cp(self):
        return 2
";

const LEGACY: &str = "\
def old_run(x):
    return x


def prop():
    return 1
";

fn moves(pairs: &[(&str, &str, &str)]) -> String {
    pairs
        .iter()
        .map(|(id, old, new)| {
            format!("[[move]]\nid = \"{id}\"\nold = \"{old}\"\nnew = \"{new}\"\n\n")
        })
        .collect()
}

#[test]
fn doctor_refuses_a_function_moved_to_an_instance_method_or_a_property() {
    let rules = moves(&[
        ("run", "pkg.legacy.old_run", "pkg.core.Svc.run"),
        ("prop", "pkg.legacy.prop", "pkg.core.Svc.p"),
        ("cached", "pkg.legacy.prop", "pkg.core.Svc.cp"),
    ]);
    let p = project(
        CORE,
        &format!("{LEGACY}\n\ndef prop2():\n    return 1\n"),
        &rules.replacen(
            "id = \"cached\"\nold = \"pkg.legacy.prop\"",
            "id = \"cached\"\nold = \"pkg.legacy.prop2\"",
            1,
        ),
    );
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    says(
        &out,
        "rule run: `old` pkg.legacy.old_run is a function but `new` pkg.core.Svc.run is an instance method",
    );
    says(&out, "its first argument would be bound to `self`");
    says(
        &out,
        "rule prop: `old` pkg.legacy.prop is a function but `new` pkg.core.Svc.p is a property",
    );
    says(
        &out,
        "rule cached: `old` pkg.legacy.prop2 is a function but `new` pkg.core.Svc.cp is a property",
    );
}

#[test]
fn doctor_passes_a_function_moved_to_a_static_or_class_method_that_fits() {
    let rules = moves(&[
        ("static", "pkg.legacy.old_run", "pkg.core.Svc.run_static"),
        ("class", "pkg.legacy.prop", "pkg.core.Svc.run_class"),
    ]);
    // `prop()` takes nothing, `run_class(cls, x)` needs `x`: a misfit
    // doctor finds by the signature (its `cls` bound), not by the kind.
    let p = project(CORE, LEGACY, &rules);
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("rule static:"), "{}", out.stdout);
    says(&out, "rule class: `new` ");
    says(&out, "needs `x`");
    assert!(!out.stdout.contains("instance method"), "{}", out.stdout);

    let fits = moves(&[
        ("static", "pkg.legacy.old_run", "pkg.core.Svc.run_static"),
        ("class", "pkg.legacy.old_run", "pkg.core.Svc.run_class"),
    ]);
    let fits = fits.replacen(
        "id = \"class\"\nold = \"pkg.legacy.old_run\"",
        "id = \"class\"\nold = \"pkg.legacy.old_run2\"",
        1,
    );
    let p = project(
        CORE,
        &format!("{LEGACY}\n\ndef old_run2(x):\n    return x\n"),
        &fits,
    );
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    says(&out, "2 rules checked: 0 problems, 0 warnings");
}

#[test]
fn init_attributes_a_method_warning_to_the_method_not_its_class() {
    let p = Project::bare().file("pkg/__init__.py", "").file(
        "pkg/core.py",
        "import warnings\n\n\nclass Base:\n    pass\n\n\n\
         class Client(Base):\n    def get(self, k):\n        return k\n\n\
         \x20   def fetch(self, k):\n        warnings.warn(\"fetch is deprecated, use get\", DeprecationWarning)\n        return self.get(k)\n\n\n\
         class Old(Base):\n    def __init__(self):\n        warnings.warn(\"use Base\", DeprecationWarning)\n        super().__init__()\n",
    );
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let toml = String::from_utf8(p.bytes("canon.toml")).unwrap();
    assert!(!toml.contains("\"pkg.core.Client\""), "{toml}");
    assert!(
        toml.contains("# pkg/core.py:13: method `pkg.core.Client.fetch` warns \"fetch is deprecated, use get\""),
        "{toml}"
    );
    assert!(!toml.contains("old = \"pkg.core.Client.fetch\""), "{toml}");
    // A warning in `__init__` still deprecates its class.
    assert!(
        toml.contains("old = \"pkg.core.Old\"\nnew = \"pkg.core.Base\""),
        "{toml}"
    );
    says(&out, "pkg.core.Client.fetch (no rule:");
}

#[test]
fn init_finds_and_doctor_checks_three_hundred_shims_in_one_module() {
    let mut core = String::from("import warnings\n");
    for i in 0..300 {
        core.push_str(&format!(
            "def new{i}(a, b=1):\n    return a\n\ndef old{i}(*args, **kwargs):\n    warnings.warn(\"deprecated\", DeprecationWarning)\n    return new{i}(*args, **kwargs)\n"
        ));
    }
    let p = Project::bare()
        .file("pkg/__init__.py", "")
        .file("pkg/core.py", &core);
    let out = p.run(&["init", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    says(&out, ": pkg.core.old299 -> pkg.core.new299\n");
    says(&out, "300 rules");
    let out = p.run(&["doctor", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    says(&out, "300 rules checked: 0 problems, 0 warnings");
}
