"""WebSocket core: per-user connection managers and their helpers."""
from .websocket_manager import WebSocketManager, get_websocket_manager
from .websocket_manager_factory import create_websocket_manager  # re-exported for old callers

__all__ = [
    "WebSocketManager",
    "get_websocket_manager",
    "create_websocket_manager",
]
