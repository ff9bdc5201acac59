"""Tests for the canonical WebSocketManager."""
from __future__ import annotations

import asyncio
from unittest.mock import MagicMock

import pytest

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager, get_websocket_manager


def test_add_and_send(user_context, socket):
    manager = WebSocketManager(user_context)

    async def scenario() -> int:
        await manager.add_connection("c1", socket)
        return await manager.send_to_user({"type": "ping"})

    assert asyncio.run(scenario()) == 1
    assert socket.sent == [{"type": "ping"}]


def test_connection_limit(user_context, socket):
    manager = WebSocketManager(user_context, max_connections=1)

    async def scenario() -> None:
        await manager.add_connection("c1", socket)
        await manager.add_connection("c2", socket)

    with pytest.raises(RuntimeError):
        asyncio.run(scenario())


def test_get_websocket_manager_binds_context(user_context):
    manager = asyncio.run(get_websocket_manager(user_context))
    assert manager.user_id == "u-1"


def test_local_double_is_not_the_real_class(user_context):
    WebSocketManager = MagicMock(name="WebSocketManager")
    double = WebSocketManager(user_context)
    assert double is WebSocketManager.return_value
