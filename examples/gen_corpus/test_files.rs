//! Test files (`services/<svc>/tests/**/test_*.py`) and each service's
//! `conftest.py`: pytest fixtures, parametrized tests, test classes, and — at
//! a random offset — the test-side violation forms (`patch("…")` strings,
//! `monkeypatch.setattr`, and fixtures built on the deprecated imports) or a
//! near miss.

use crate::OLD_MOD;
use crate::emit::Gen;
use crate::plan::{File, Form};
use crate::vocab::{EXCEPTIONS, camel};

impl Gen<'_> {
    pub(crate) fn test_file(&mut self, f: &File, target: usize) {
        self.test_header(f);
        let inject_at = self.rng.below(target.max(1));
        let mut injected = f.forms.is_empty() && f.near.is_none();
        let mut fixtures: Vec<String> = vec!["user_context".into()];
        while self.o.len() < target || !injected {
            if !injected && self.o.len() >= inject_at {
                injected = true;
                self.test_violation_uses(&f.forms);
                if let Some(nm) = f.near {
                    self.near_miss(nm);
                }
                continue;
            }
            match self.rng.below(10) {
                0 | 1 => self.fixture(&mut fixtures),
                2 => self.parametrized_test(),
                3 => {
                    let cname = self.class_name();
                    wl!(self, 0, "class Test{cname}:");
                    for _ in 0..self.rng.range(2, 6) {
                        self.test_fn(1, &fixtures, true);
                    }
                }
                _ => self.test_fn(0, &fixtures, false),
            }
        }
    }

    /// Docstring, imports (with the violation forms that import by name) and
    /// the logger.
    fn test_header(&mut self, f: &File) {
        if self.rng.chance(0.5) {
            let d = self.sentence(4, 10);
            wl!(self, 0, "\"\"\"Tests: {d}.\"\"\"");
            self.o.push('\n');
        }
        self.stdlib_imports(true);
        self.repo_imports(f.dir);
        for &fm in &f.forms {
            match fm {
                Form::Plain => wl!(self, 0, "from {OLD_MOD} import create_websocket_manager"),
                Form::Alias => wl!(
                    self,
                    0,
                    "from {OLD_MOD} import create_websocket_manager as make_ws_manager"
                ),
                Form::GetterAsync => wl!(
                    self,
                    0,
                    "from {OLD_MOD} import get_websocket_manager_factory"
                ),
                _ => {}
            }
        }
        self.o.push('\n');
        self.w(0, "logger = logging.getLogger(__name__)");
        self.o.push('\n');
    }

    /// A fixture, unless its drawn name is already taken.
    fn fixture(&mut self, fixtures: &mut Vec<String>) {
        let n = format!("{}_{}", self.qual(), self.noun());
        if fixtures.contains(&n) {
            return;
        }
        self.w(0, "@pytest.fixture");
        if self.rng.chance(0.4) {
            wl!(self, 0, "async def {n}():");
            wl!(self, 1, "client = AsyncMock(name=\"{n}\")");
            wl!(
                self,
                1,
                "client.{}_{}.return_value = {{\"ok\": True}}",
                self.verb(),
                self.noun()
            );
            self.w(1, "yield client");
            self.w(1, "await client.close()");
        } else {
            wl!(self, 0, "def {n}():");
            wl!(
                self,
                1,
                "return {{\"id\": \"{}-{}\", \"{}\": {}}}",
                self.noun(),
                self.rng.range(1, 999),
                self.noun(),
                self.rng.range(0, 50)
            );
        }
        self.o.push('\n');
        fixtures.push(n);
    }

    fn parametrized_test(&mut self) {
        let n = self.noun();
        wl!(
            self,
            0,
            "@pytest.mark.parametrize(\n    (\"{n}\", \"expected\"),\n    ["
        );
        for _ in 0..self.rng.range(2, 6) {
            wl!(self, 2, "(\"{}\", {}),", self.qual(), self.rng.range(0, 99));
        }
        self.w(1, "],\n)");
        wl!(
            self,
            0,
            "def test_{}_{n}_variants({n}, expected):",
            self.verb()
        );
        wl!(self, 1, "assert {}_{n}({n}) == expected", self.verb());
        self.o.push('\n');
    }

    fn test_fn(&mut self, ind: usize, fixtures: &[String], method: bool) {
        let is_async = self.rng.chance(0.5);
        if is_async {
            self.w(ind, "@pytest.mark.asyncio");
        }
        let fx = self.rng.pick(fixtures).clone();
        let name = format!("test_{}_{}_{}", self.verb(), self.qual(), self.noun());
        let a = if is_async { "async " } else { "" };
        let s = if method { "self, " } else { "" };
        wl!(self, ind, "{a}def {name}({s}{fx}):");
        if self.rng.chance(0.3) {
            let target = self.repo_import_line().map(|l| {
                let mut parts = l.trim_start_matches("from ").split(" import ");
                let m = parts.next().unwrap_or("").to_string();
                let n = parts
                    .next()
                    .unwrap_or("x")
                    .split(", ")
                    .next()
                    .unwrap_or("x")
                    .to_string();
                format!("{m}.{n}")
            });
            if let Some(t) = target {
                wl!(self, ind + 1, "with patch(\"{t}\") as mocked:");
                wl!(
                    self,
                    ind + 2,
                    "mocked.return_value = {}",
                    if is_async {
                        "AsyncMock()"
                    } else {
                        "MagicMock()"
                    }
                );
                self.block_r(ind + 2, 1, 3, is_async, false, 1);
            }
        }
        self.block_r(ind + 1, 1, 5, is_async, false, 1);
        let v = self.var();
        match self.rng.below(3) {
            0 => wl!(self, ind + 1, "assert {fx}[\"id\"] == {v}.id"),
            1 => wl!(
                self,
                ind + 1,
                "assert {v} == {{\"{}\": {}}}",
                self.noun(),
                self.rng.range(0, 9)
            ),
            _ => {
                let ex = *self.rng.pick(EXCEPTIONS);
                wl!(self, ind + 1, "with pytest.raises({ex}):");
                wl!(self, ind + 2, "{}_{}({fx})", self.verb(), self.noun());
            }
        }
        self.o.push_str(if ind == 0 { "\n\n" } else { "\n" });
    }

    pub(crate) fn conftest(&mut self) {
        self.w(0, "\"\"\"Shared fixtures.\"\"\"");
        self.o.push('\n');
        self.w(0, "import pytest");
        self.o.push('\n');
        self.w(0, "from services.common.context import UserContext");
        self.o.push('\n');
        self.o.push('\n');
        self.w(0, "@pytest.fixture");
        self.w(0, "def user_context():");
        self.w(
            1,
            "return UserContext(user_id=\"user-1\", thread_id=\"thread-1\", run_id=\"run-1\")",
        );
        self.o.push('\n');
        for _ in 0..self.rng.range(1, 5) {
            let n = format!("{}_{}", self.qual(), self.noun());
            self.o.push('\n');
            self.w(0, "@pytest.fixture(scope=\"session\")");
            wl!(self, 0, "def {n}_settings():");
            wl!(
                self,
                1,
                "return {{\"{}\": {}, \"{}\": \"{}\"}}",
                self.noun(),
                self.rng.range(1, 100),
                self.noun(),
                self.qual()
            );
        }
    }

    fn test_violation_uses(&mut self, forms: &[Form]) {
        for &f in forms {
            let n = self.noun();
            match f {
                Form::PatchCtx | Form::PatchDecorator | Form::MonkeypatchSetattr => {
                    self.patch_string_use(f, n)
                }
                Form::Plain | Form::InFunc | Form::Alias | Form::GetterAsync => {
                    self.fixture_use(f, n)
                }
                _ => {}
            }
        }
    }

    /// Patches that name the deprecated function by its dotted path.
    fn patch_string_use(&mut self, f: Form, n: &str) {
        match f {
            Form::PatchCtx => {
                self.w(0, "@pytest.mark.asyncio");
                wl!(
                    self,
                    0,
                    "async def test_{n}_update_is_pushed_to_socket(user_context):"
                );
                wl!(
                    self,
                    1,
                    "with patch(\"{OLD_MOD}.create_websocket_manager\") as mock_create:"
                );
                self.w(2, "mock_create.return_value = AsyncMock()");
                wl!(
                    self,
                    2,
                    "await handle_{n}_update(user_context, {{\"id\": 1}})"
                );
                self.w(1, "mock_create.assert_called_once_with(user_context)");
                self.o.push('\n');
            }
            Form::PatchDecorator => {
                wl!(self, 0, "@patch(\"{OLD_MOD}.create_websocket_manager\")");
                wl!(
                    self,
                    0,
                    "def test_{n}_notifier_builds_manager(mock_create, user_context):"
                );
                wl!(self, 1, "notifier = {}Notifier(user_context)", camel(n));
                self.w(1, "assert notifier is not None");
                self.w(1, "mock_create.assert_called_once()");
                self.o.push('\n');
            }
            Form::MonkeypatchSetattr => {
                wl!(
                    self,
                    0,
                    "def test_{n}_without_realtime(monkeypatch, user_context):"
                );
                wl!(
                    self,
                    1,
                    "monkeypatch.setattr(\"{OLD_MOD}.create_websocket_manager\", lambda ctx: None)"
                );
                wl!(self, 1, "assert process_{n}(user_context) is None");
                self.o.push('\n');
            }
            _ => {}
        }
    }

    /// A fixture that builds the manager through an imported deprecated name
    /// (plus a singleton test for the getter).
    fn fixture_use(&mut self, f: Form, n: &str) {
        // The import itself was written at the top (or is inline for InFunc).
        self.w(0, "@pytest.fixture");
        wl!(self, 0, "def {n}_ws_manager(user_context):");
        match f {
            Form::InFunc => {
                wl!(self, 1, "from {OLD_MOD} import create_websocket_manager");
                self.o.push('\n');
                self.w(1, "manager = create_websocket_manager(user_context)");
            }
            Form::Alias => self.w(1, "manager = make_ws_manager(user_context)"),
            Form::GetterAsync => self.w(1, "manager = MagicMock()"),
            _ => self.w(1, "manager = create_websocket_manager(user_context)"),
        }
        self.w(1, "yield manager");
        self.w(1, "manager.reset_state()");
        self.o.push('\n');
        if f == Form::GetterAsync {
            self.w(0, "@pytest.mark.asyncio");
            wl!(self, 0, "async def test_{n}_factory_is_singleton():");
            self.w(
                1,
                "assert get_websocket_manager_factory() is get_websocket_manager_factory()",
            );
            self.o.push('\n');
        }
    }
}
