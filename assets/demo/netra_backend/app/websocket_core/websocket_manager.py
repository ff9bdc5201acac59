"""Canonical per-user WebSocket manager (the single source of truth, #506)."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_MAX_CONNECTIONS = 100


class WebSocketManager:
    """Owns the WebSocket connections of exactly one user context."""

    def __init__(self, user_context: Any, *, max_connections: int = DEFAULT_MAX_CONNECTIONS) -> None:
        self.user_context = user_context
        self.max_connections = max_connections
        self._connections: dict[str, Any] = {}
        self._lock = asyncio.Lock()

    @property
    def user_id(self) -> str | None:
        return getattr(self.user_context, "user_id", None)

    async def add_connection(self, connection_id: str, websocket: Any) -> None:
        async with self._lock:
            if len(self._connections) >= self.max_connections:
                raise RuntimeError(f"too many connections for user {self.user_id}")
            self._connections[connection_id] = websocket

    async def remove_connection(self, connection_id: str) -> None:
        async with self._lock:
            self._connections.pop(connection_id, None)

    async def send_to_user(self, message: dict[str, Any]) -> int:
        sent = 0
        for websocket in list(self._connections.values()):
            await websocket.send_json(message)
            sent += 1
        return sent

    def connection_count(self) -> int:
        return len(self._connections)


async def get_websocket_manager(user_context: Any = None) -> WebSocketManager:
    """Return a manager bound to ``user_context``."""
    manager = WebSocketManager(user_context, max_connections=DEFAULT_MAX_CONNECTIONS)
    logger.debug("created WebSocketManager for %s", manager.user_id)
    return manager
