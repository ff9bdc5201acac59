//! Near misses: code that mentions the migrated names without violating a
//! rule (a local function of the same name, a comment, the canonical import,
//! a method call on another object, a log string). A correct tool reports
//! none of them; a grep does.

use crate::NEW_MOD;
use crate::emit::Gen;
use crate::plan::Near;

impl Gen<'_> {
    pub(crate) fn near_miss(&mut self, near: Near) {
        match near {
            Near::LocalDef => {
                self.w(0, "def create_websocket_manager(config: dict[str, Any]):");
                self.w(
                    1,
                    "\"\"\"Local helper for the admin console; unrelated to websocket_core.\"\"\"",
                );
                self.w(1, "return {\"config\": config, \"created\": time.time()}");
                self.o.push('\n');
                self.w(0, "def open_console(config):");
                self.w(1, "return create_websocket_manager(config)");
                self.o.push('\n');
            }
            Near::Comment => {
                self.w(
                    0,
                    "# NOTE: this used to call create_websocket_manager directly; the",
                );
                self.w(0, "# canonical websocket module handles it now (see #506).");
                self.w(0, "REALTIME_ENABLED = True");
                self.o.push('\n');
            }
            Near::CanonicalImport => {
                self.w(0, "def realtime_manager(user_context):");
                wl!(self, 1, "from {NEW_MOD} import create_websocket_manager");
                self.o.push('\n');
                self.w(1, "return create_websocket_manager(user_context)");
                self.o.push('\n');
            }
            Near::MethodCall => {
                self.w(0, "def realtime_stats(registry) -> dict[str, Any]:");
                self.w(1, "factory = registry.get_websocket_manager_factory()");
                self.w(1, "return factory.stats()");
                self.o.push('\n');
            }
            Near::LogString => {
                self.w(0, "def warn_legacy_realtime() -> None:");
                self.w(1, "logger.warning(\"create_websocket_manager is deprecated; use get_websocket_manager\")");
                self.o.push('\n');
            }
        }
    }
}
