//! The hand-written files of the corpus (`Kind::Fixed(n)`): the websocket_core
//! package that defines the deprecated and canonical names, and the shared
//! `UserContext`. They are verbatim text, not generated, so the rules always
//! have real definitions to point at.

/// `websocket_core/__init__.py`: re-exports the canonical names.
const INIT: &str = r#""""Realtime websocket support.

The canonical entry points live in :mod:`.websocket_manager`.
"""

from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketManager,
    get_websocket_manager,
)

__all__ = ["WebSocketManager", "get_websocket_manager"]
"#;

/// `websocket_core/websocket_manager.py`: the canonical module.
const CANONICAL: &str = r#""""Canonical websocket manager (single source of truth)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

logger = logging.getLogger(__name__)


class WebSocketManager:
    """Per-user websocket manager."""

    def __init__(self, user_context: Any = None) -> None:
        self.user_context = user_context
        self.user_id = getattr(user_context, "user_id", None)
        self._sockets: dict[str, list[Any]] = {}
        self._lock = asyncio.Lock()

    async def send_to_user(self, user_id: str, message: dict[str, Any]) -> int:
        async with self._lock:
            sockets = list(self._sockets.get(user_id, []))
        for ws in sockets:
            await ws.send_json(message)
        return len(sockets)

    async def broadcast(self, message: dict[str, Any]) -> int:
        total = 0
        for user_id in list(self._sockets):
            total += await self.send_to_user(user_id, message)
        return total

    def reset_state(self) -> None:
        self._sockets.clear()


def create_websocket_manager(user_context: Any = None) -> WebSocketManager:
    return WebSocketManager(user_context)


async def get_websocket_manager(user_context: Optional[Any] = None) -> WebSocketManager:
    return WebSocketManager(user_context)
"#;

/// `websocket_core/websocket_manager_factory.py`: the deprecated module both rules move away from.
const DEPRECATED: &str = r#""""DEPRECATED websocket manager factory.

Use :mod:`netra_backend.app.websocket_core.websocket_manager` instead (#506).
"""

from __future__ import annotations

import warnings
from typing import Any, Optional

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


class WebSocketManagerFactory:
    """Creates per-user managers. Deprecated."""

    def __init__(self) -> None:
        self._managers: dict[str, WebSocketManager] = {}

    async def create_for_user(self, user_id: str) -> WebSocketManager:
        return self._managers.setdefault(user_id, WebSocketManager(None))

    def get_stats(self):
        return type("Stats", (), {"active": len(self._managers), "total": len(self._managers)})()


_factory: Optional[WebSocketManagerFactory] = None


def create_websocket_manager(user_context: Any = None) -> WebSocketManager:
    warnings.warn("use websocket_manager.create_websocket_manager", DeprecationWarning, stacklevel=2)
    return WebSocketManager(user_context)


def get_websocket_manager_factory() -> WebSocketManagerFactory:
    global _factory
    warnings.warn("use websocket_manager.get_websocket_manager", DeprecationWarning, stacklevel=2)
    if _factory is None:
        _factory = WebSocketManagerFactory()
    return _factory
"#;

/// `websocket_core/connection_handler.py`: a relative-import violation.
const CONNECTION_HANDLER: &str = r#""""Accepts websocket connections and hands them to the per-user manager."""

import logging
from typing import Any

from .websocket_manager_factory import create_websocket_manager

logger = logging.getLogger(__name__)


async def handle_connection(websocket: Any, user_context: Any) -> None:
    manager = create_websocket_manager(user_context)
    await websocket.accept()
    logger.info("accepted connection for %s", user_context.user_id)
    await manager.send_to_user(user_context.user_id, {"type": "connected"})
"#;

/// `websocket_core/event_router.py`: a relative import of the canonical module (a near miss).
const EVENT_ROUTER: &str = r#""""Routes inbound websocket events to handlers."""

import logging
from typing import Any, Awaitable, Callable

from .websocket_manager import create_websocket_manager

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Awaitable[None]]
_HANDLERS: dict[str, Handler] = {}


def on(event_type: str):
    def register(fn: Handler) -> Handler:
        _HANDLERS[event_type] = fn
        return fn

    return register


async def route(user_context: Any, event: dict[str, Any]) -> None:
    handler = _HANDLERS.get(event.get("type", ""))
    if handler is None:
        manager = create_websocket_manager(user_context)
        await manager.send_to_user(user_context.user_id, {"type": "error", "reason": "unknown event"})
        return
    await handler(event)
"#;

/// `services/common/context.py`: the `UserContext` every service imports.
const USER_CONTEXT: &str = r#""""Request-scoped user context shared by all services."""

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class UserContext:
    user_id: str
    thread_id: Optional[str] = None
    run_id: Optional[str] = None
    request_id: Optional[str] = None
    metadata: dict[str, Any] = field(default_factory=dict)
"#;

/// Text of fixed file `which` (the number in `Kind::Fixed`).
pub(crate) fn fixed_file(which: u8) -> &'static str {
    match which {
        0 => INIT,
        1 => CANONICAL,
        2 => DEPRECATED,
        3 => CONNECTION_HANDLER,
        4 => EVENT_ROUTER,
        _ => USER_CONTEXT,
    }
}
