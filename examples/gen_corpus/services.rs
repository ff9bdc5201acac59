//! Service modules (`services/<svc>/app/**.py`): the docstring and import
//! header, the module prelude, filler classes and functions up to the sampled
//! size, and — at a random offset — the module-side violation forms (imports
//! of the deprecated names and the code that uses them) or a near miss.

use crate::emit::Gen;
use crate::plan::{File, Form, Near};
use crate::vocab::camel;
use crate::{NEW_MOD, OLD_MOD};

impl Gen<'_> {
    pub(crate) fn module_file(&mut self, f: &File, target: usize) {
        let svc = f.path.split('/').nth(1).unwrap_or("core");
        let d = self.sentence(5, 14);
        let stem = f
            .path
            .rsplit('/')
            .next()
            .unwrap_or("module")
            .trim_end_matches(".py");
        let mut title = stem.replace('_', " ");
        if let Some(c) = title.get_mut(0..1) {
            c.make_ascii_uppercase();
        }
        wl!(
            self,
            0,
            "\"\"\"{title} for the {svc} service ({}).",
            self.pkg
        );
        self.o.push('\n');
        wl!(self, 0, "{d}.");
        if self.rng.chance(0.5) {
            wl!(self, 0, "{}.", self.sentence(10, 30));
        }
        self.w(0, "\"\"\"");
        self.o.push('\n');
        self.stdlib_imports(false);
        self.repo_imports(f.dir);
        self.w(0, "from services.common.context import UserContext");
        if f.near == Some(Near::CanonicalImport) && self.rng.chance(0.5) {
            wl!(
                self,
                0,
                "from {NEW_MOD} import create_websocket_manager, get_websocket_manager"
            );
        }
        self.o.push('\n');
        self.violation_imports(&f.forms);
        self.module_prelude();
        let inject_at = self.rng.below(target.max(1));
        let mut injected = f.forms.is_empty() && f.near.is_none();
        while self.o.len() < target || !injected {
            if !injected && self.o.len() >= inject_at {
                injected = true;
                self.violation_uses(&f.forms);
                if let Some(nm) = f.near {
                    self.near_miss(nm);
                }
                continue;
            }
            if self.rng.chance(0.4) {
                self.class();
            } else {
                self.function(0, false);
            }
        }
        if self.rng.chance(0.05) {
            self.w(0, "if __name__ == \"__main__\":");
            self.w(1, "logging.basicConfig(level=logging.INFO)");
            self.w(1, "asyncio.run(main())");
        }
    }

    fn module_prelude(&mut self) {
        self.w(0, "logger = logging.getLogger(__name__)");
        self.o.push('\n');
        wl!(self, 0, "DEFAULT_TIMEOUT = {}", self.rng.range(5, 120));
        wl!(self, 0, "MAX_RETRIES = {}", self.rng.range(1, 8));
        if self.rng.chance(0.5) {
            let n = self.noun().to_uppercase();
            wl!(self, 0, "{n}_SETTINGS: dict[str, Any] = {{");
            for _ in 0..self.rng.range(2, 8) {
                let k = self.noun();
                let v = match self.rng.below(4) {
                    0 => format!("{}", self.rng.range(0, 10000)),
                    1 => format!("\"{}\"", self.qual()),
                    2 => format!("[\"{}\", \"{}\"]", self.noun(), self.noun()),
                    _ => "True".to_string(),
                };
                wl!(self, 1, "\"{k}\": {v},");
            }
            self.w(0, "}");
        }
        if self.rng.chance(0.3) {
            self.w(0, "router = APIRouter()");
        }
        self.o.push('\n');
        if self.rng.chance(0.2) {
            self.o.push_str(
                "\ndef log_calls(fn):\n    \"\"\"Log entry and exit of the wrapped callable.\"\"\"\n\n    @wraps(fn)\n    def wrapper(*args, **kwargs):\n        logger.debug(\"enter %s\", fn.__qualname__)\n        try:\n            return fn(*args, **kwargs)\n        finally:\n            logger.debug(\"exit %s\", fn.__qualname__)\n\n    return wrapper\n\n",
            );
        }
        self.o.push('\n');
    }

    fn violation_imports(&mut self, forms: &[Form]) {
        let getter = forms
            .iter()
            .any(|f| matches!(f, Form::GetterAsync | Form::GetterSync));
        let mut getter_done = false;
        for &f in forms {
            match f {
                Form::Plain => wl!(self, 0, "from {OLD_MOD} import create_websocket_manager"),
                Form::Alias => wl!(
                    self,
                    0,
                    "from {OLD_MOD} import create_websocket_manager as make_ws_manager"
                ),
                Form::Paren => {
                    wl!(self, 0, "from {OLD_MOD} import (");
                    self.w(1, "WebSocketManagerFactory,");
                    self.w(
                        1,
                        "create_websocket_manager,  # TODO(#506): move to websocket_manager",
                    );
                    if getter || self.rng.chance(0.5) {
                        self.w(1, "get_websocket_manager_factory,");
                    }
                    self.w(0, ")");
                }
                Form::TryImport => {
                    self.w(0, "try:");
                    wl!(self, 1, "from {OLD_MOD} import create_websocket_manager");
                    self.w(
                        0,
                        "except ImportError:  # pragma: no cover - optional realtime support",
                    );
                    self.w(1, "create_websocket_manager = None");
                }
                Form::ModuleAlias => wl!(self, 0, "import {OLD_MOD} as wsf"),
                Form::ModuleDotted => wl!(self, 0, "import {OLD_MOD}"),
                Form::GetterAsync | Form::GetterSync => {
                    if !forms.contains(&Form::Paren) && !getter_done {
                        wl!(
                            self,
                            0,
                            "from {OLD_MOD} import get_websocket_manager_factory"
                        );
                        getter_done = true;
                    }
                }
                Form::InFunc
                | Form::Relative
                | Form::PatchCtx
                | Form::PatchDecorator
                | Form::MonkeypatchSetattr => {}
            }
        }
        if forms.iter().any(|f| f.is_import() && *f != Form::InFunc) {
            self.o.push('\n');
        }
    }

    fn violation_uses(&mut self, forms: &[Form]) {
        for &f in forms {
            let n = self.noun();
            match f {
                Form::Plain | Form::Paren | Form::TryImport | Form::Alias | Form::InFunc => {
                    self.direct_use(f, n)
                }
                Form::ModuleAlias | Form::ModuleDotted => self.module_use(f, n),
                Form::GetterAsync | Form::GetterSync => self.getter_use(f, n),
                Form::Relative
                | Form::PatchCtx
                | Form::PatchDecorator
                | Form::MonkeypatchSetattr => {}
            }
        }
    }

    /// Uses of `create_websocket_manager` imported by name (or alias).
    fn direct_use(&mut self, f: Form, n: &str) {
        match f {
            Form::Plain | Form::Paren | Form::TryImport => {
                wl!(
                    self,
                    0,
                    "async def notify_{n}_listeners(user_context: UserContext, payload: dict[str, Any]) -> None:"
                );
                self.w(
                    1,
                    "\"\"\"Push an update to every socket the user has open.\"\"\"",
                );
                if f == Form::TryImport {
                    self.w(1, "if create_websocket_manager is None:");
                    self.w(2, "return");
                }
                self.w(1, "manager = create_websocket_manager(user_context)");
                wl!(
                    self,
                    1,
                    "await manager.send_to_user(user_context.user_id, {{\"type\": \"{n}_updated\", **payload}})"
                );
                self.o.push('\n');
            }
            Form::Alias => {
                wl!(self, 0, "class {}Notifier:", camel(n));
                self.w(1, "def __init__(self, user_context: UserContext) -> None:");
                self.w(2, "self._manager = make_ws_manager(user_context)");
                self.o.push('\n');
                self.w(
                    1,
                    "async def emit(self, event: str, data: dict[str, Any]) -> None:",
                );
                self.w(2, "await self._manager.send_to_user(self._manager.user_id, {\"type\": event, \"data\": data})");
                self.o.push('\n');
            }
            Form::InFunc => {
                wl!(
                    self,
                    0,
                    "def _{n}_socket_manager(user_context: UserContext):"
                );
                self.w(
                    1,
                    "# Local import: the realtime stack imports this module at startup.",
                );
                wl!(self, 1, "from {OLD_MOD} import create_websocket_manager");
                self.o.push('\n');
                self.w(1, "return create_websocket_manager(user_context)");
                self.o.push('\n');
            }
            _ => {}
        }
    }

    /// Uses through the module: `wsf.create_…` or the full dotted path.
    fn module_use(&mut self, f: Form, n: &str) {
        match f {
            Form::ModuleAlias => {
                wl!(
                    self,
                    0,
                    "async def broadcast_{n}(ctx: UserContext, message: str) -> int:"
                );
                self.w(1, "manager = wsf.create_websocket_manager(ctx)");
                self.w(1, "sent = await manager.broadcast({\"message\": message})");
                wl!(
                    self,
                    1,
                    "logger.info(f\"broadcast {n} to {{sent}} sockets\")"
                );
                self.w(1, "return sent");
                self.o.push('\n');
            }
            Form::ModuleDotted => {
                wl!(self, 0, "def {n}_channel(ctx: UserContext):");
                wl!(self, 1, "return {OLD_MOD}.create_websocket_manager(ctx)");
                self.o.push('\n');
            }
            _ => {}
        }
    }

    /// Calls of `get_websocket_manager_factory()`, awaited or not.
    fn getter_use(&mut self, f: Form, n: &str) {
        match f {
            Form::GetterAsync => {
                wl!(
                    self,
                    0,
                    "async def stream_{n}_updates(user_id: str, updates: list[dict[str, Any]]) -> None:"
                );
                self.w(1, "factory = get_websocket_manager_factory()");
                self.w(1, "manager = await factory.create_for_user(user_id)");
                self.w(1, "for update in updates:");
                self.w(2, "await manager.send_to_user(user_id, update)");
                self.o.push('\n');
            }
            Form::GetterSync => {
                wl!(self, 0, "def {n}_manager_stats() -> dict[str, int]:");
                self.w(1, "stats = get_websocket_manager_factory().get_stats()");
                self.w(
                    1,
                    "return {\"active\": stats.active, \"total\": stats.total}",
                );
                self.o.push('\n');
            }
            _ => {}
        }
    }
}
