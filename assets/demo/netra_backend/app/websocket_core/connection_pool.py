"""Pool of live per-user WebSocket managers, keyed by user id."""
from __future__ import annotations

from typing import Any

from .websocket_manager_factory import create_websocket_manager


class ConnectionPool:
    """Keeps one manager per user so that reconnects reuse it."""

    def __init__(self) -> None:
        self._managers: dict[str, Any] = {}

    def manager_for(self, user_context: Any) -> Any:
        user_id = user_context.user_id
        if user_id not in self._managers:
            self._managers[user_id] = create_websocket_manager(user_context)
        return self._managers[user_id]

    def drop(self, user_id: str) -> None:
        self._managers.pop(user_id, None)

    def __len__(self) -> int:
        return len(self._managers)
