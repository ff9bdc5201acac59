"""Tests for the WebSocket routes."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace
from unittest.mock import AsyncMock, MagicMock

from netra_backend.app.routes import websocket_routes


def test_install_manager_hook_uses_given_constructor():
    app = SimpleNamespace(state=SimpleNamespace())
    ctor = MagicMock(name="ctor")
    websocket_routes.install_manager_hook(app, ctor)
    assert app.state.manager_ctor is ctor
    ctor.assert_called_once_with(None)


def test_broadcast_counts_sends(monkeypatch):
    manager = MagicMock()
    manager.send_to_user = AsyncMock(return_value=1)
    monkeypatch.setattr(websocket_routes, "create_websocket_manager", lambda ctx: manager)
    assert asyncio.run(websocket_routes.broadcast_system_notice(["a", "b"], "restart")) == 2
