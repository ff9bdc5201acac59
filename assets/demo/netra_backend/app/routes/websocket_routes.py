"""WebSocket endpoint: one manager per connected user."""
from __future__ import annotations

import json
import logging
from typing import Any, Callable

from netra_backend.app.context import UserExecutionContext
# TODO(#506): netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager is deprecated.
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

logger = logging.getLogger(__name__)


async def websocket_endpoint(websocket: Any, user_id: str, thread_id: str) -> None:
    ctx = UserExecutionContext(user_id=user_id, thread_id=thread_id)
    manager = create_websocket_manager(ctx)
    await manager.add_connection(ctx.run_id, websocket)
    try:
        async for raw in websocket.iter_text():
            await manager.send_to_user(json.loads(raw))
    finally:
        await manager.remove_connection(ctx.run_id)


async def broadcast_system_notice(user_ids: list[str], text: str) -> int:
    sent = 0
    for user_id in user_ids:
        manager = create_websocket_manager(UserExecutionContext(user_id=user_id, thread_id="system"))
        sent += await manager.send_to_user({"type": "notice", "text": text})
    return sent


def install_manager_hook(app: Any, create_websocket_manager: Callable[[Any], Any]) -> None:
    """Tests pass their own constructor here; the parameter shadows the import."""
    app.state.manager_ctor = create_websocket_manager
    app.state.probe = create_websocket_manager(None)
    logger.info("manager hook installed: %r", create_websocket_manager)


def default_manager_hook() -> Callable[[Any], Any]:
    return create_websocket_manager
