"""DEPRECATED: WebSocket manager factory (#506).

Kept only so that old callers keep working. New code constructs
``WebSocketManager(user_context=...)`` from the canonical ``websocket_manager``
module, or awaits ``get_websocket_manager()``.
"""
from __future__ import annotations

import warnings
from typing import Any

from .websocket_manager import DEFAULT_MAX_CONNECTIONS, WebSocketManager

_DEPRECATION = (
    "the WebSocket manager factory is deprecated (#506); "
    "construct WebSocketManager(user_context=...) instead"
)

_shared: dict[str, Any] = {}


def _register_shared(cls):
    _shared["factory"] = cls()
    return cls


@_register_shared
class WebSocketManagerFactory:
    """Builds one WebSocketManager per user context (deprecated)."""

    def __init__(self, max_connections: int = DEFAULT_MAX_CONNECTIONS) -> None:
        self.max_connections = max_connections
        self.created = 0

    def create(self, user_context: Any) -> WebSocketManager:
        self.created += 1
        return WebSocketManager(user_context, max_connections=self.max_connections)


def get_websocket_manager_factory() -> Any:
    """Return the process-wide factory (deprecated)."""
    warnings.warn(_DEPRECATION, DeprecationWarning, stacklevel=2)
    return _shared["factory"]


def create_websocket_manager(user_context: Any) -> WebSocketManager:
    """Create a manager bound to ``user_context`` (deprecated)."""
    warnings.warn(_DEPRECATION, DeprecationWarning, stacklevel=2)
    return _shared["factory"].create(user_context)
