//! Hostile pass 19, M (a fuzz find, `fixed/a-global-after-a-use-in-broken-code`):
//! a fix that spells a name where the function declares that name
//! `global` (or `nonlocal`) further down: `ws-ctor` wrote
//! `create_manager(user_context=2)` above `global create_manager`, which
//! Python refuses ("name 'create_manager' is used prior to global
//! declaration"): the module no longer compiled. The self-check now
//! refuses any edit that adds a compile error of a kind the invariants
//! count, with the same count.

use crate::util::{Project, RULES};

fn project(client: &str) -> Project {
    Project::bare()
        .file("canon.toml", RULES)
        .file("app/__init__.py", "")
        .file("app/ws/__init__.py", "")
        .file(
            "app/ws/factory.py",
            "def create_manager(user):\n    return (\"factory\", user)\n",
        )
        .file(
            "app/ws/manager.py",
            "class Manager:\n    def __init__(self, user_context):\n        self.user_context = user_context\n\n    def __repr__(self):\n        return f\"Manager({self.user_context!r})\"\n",
        )
        .file("app/ws/client.py", client)
}

const GLOBAL: &str = "import app.ws.factory\n\
                      from app.ws.factory import create_manager\n\n\n\
                      def rebind(value):\n    \
                      other = app.ws.factory.create_manager(2)\n    \
                      global create_manager\n    \
                      create_manager = value\n    \
                      return other\n";

#[test]
fn a_fix_above_a_global_of_the_name_it_spells_is_refused() {
    let p = project(GLOBAL);
    p.python(
        &["-c", "import app.ws.client as c; print(c.rebind(None))"],
        "the input runs",
    );
    let (text, stderr) = p.apply_write("app/ws/client.py");
    // What canon writes still compiles and calls what it called.
    let out = p.python(
        &[
            "-c",
            "import app.ws.client as c; print(c.rebind(None)); print(c.create_manager)",
        ],
        &format!("the migrated module runs:\n{text}\n{stderr}"),
    );
    let mut lines = out.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first == "('factory', 2)" || first == "Manager(2)",
        "{first}\n{text}"
    );
    assert_eq!(lines.next(), Some("None"), "{text}");
    // No use of the bare name above its `global` in `rebind`.
    let body = &text[text.find("def rebind").expect("rebind")..];
    let global = body.find("global create_manager").expect("global kept");
    assert!(!body[..global].contains("create_manager("), "{text}");
    assert!(
        stderr.contains("used prior to its global or nonlocal declaration"),
        "{stderr}"
    );
}
