"""REST routes for chat threads."""
from __future__ import annotations

from typing import Any

from netra_backend.app.context import UserExecutionContext
from netra_backend.app.events import publish_event
from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory,  # still needed by the admin stats endpoint
    create_websocket_manager,
    # the getter backs the health check below
    get_websocket_manager_factory,
)


def post_message(user_id: str, thread_id: str, text: str) -> dict[str, Any]:
    ctx = UserExecutionContext(user_id=user_id, thread_id=thread_id)
    manager = create_websocket_manager(ctx)
    publish_event("chat.message", {"thread_id": thread_id, "text": text})
    return {"thread_id": thread_id, "connections": manager.connection_count()}


def factory_health() -> dict[str, Any]:
    factory = get_websocket_manager_factory()
    return {"ok": isinstance(factory, WebSocketManagerFactory), "created": factory.created}


def admin_stats(max_connections: int = 50) -> dict[str, int]:
    scratch = WebSocketManagerFactory()
    scratch.max_connections = max_connections
    return {"max_connections": scratch.max_connections, "created": scratch.created}
