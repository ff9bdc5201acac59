"""Tests for ChatService."""
from __future__ import annotations

import asyncio
from unittest.mock import AsyncMock, MagicMock

from netra_backend.app.services import chat_service
from netra_backend.app.services.chat_service import ChatService


def _fake_manager(sent: int = 1) -> MagicMock:
    manager = MagicMock()
    manager.send_to_user = AsyncMock(return_value=sent)
    return manager


def test_send_persists_and_fans_out(monkeypatch, user_context):
    manager = _fake_manager(sent=2)
    # chat_service binds the name at import time, so patch it where it is used.
    monkeypatch.setattr(chat_service, "create_websocket_manager", lambda ctx: manager)
    store = AsyncMock()
    assert asyncio.run(ChatService(store).send(user_context, "hello")) == 2
    store.save.assert_awaited_once()


def test_send_as_system_builds_manager(monkeypatch, user_context):
    manager = _fake_manager()
    monkeypatch.setattr(chat_service, "WebSocketManager", MagicMock(return_value=manager))
    assert asyncio.run(ChatService(AsyncMock()).send_as_system(user_context, "maintenance")) == 1
    chat_service.WebSocketManager.assert_called_once_with(user_context)
