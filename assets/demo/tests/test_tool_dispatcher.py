"""Tests for ToolDispatcher."""
from __future__ import annotations

import asyncio
from unittest.mock import AsyncMock, patch

from netra_backend.app.agents.tool_dispatcher import ToolDispatcher
from netra_backend.app.legacy.events.payloads import ChatPayload

FACTORY_CREATE = "netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager"


def _dispatcher(ctx):
    with patch(FACTORY_CREATE) as fake_create:
        fake_create.return_value.send_to_user = AsyncMock(return_value=1)
        return ToolDispatcher(ctx)


def test_register_publishes_event(user_context):
    with patch("netra_backend.app.legacy.events.publish_event") as fake_publish:
        _dispatcher(user_context).register("search", AsyncMock())
    fake_publish.assert_called_once_with("tool.registered", {"name": "search"})


def test_dispatch_runs_tool(user_context):
    dispatcher = _dispatcher(user_context)
    payload = ChatPayload(thread_id="t-1", user_id="u-1", text="weather?")
    dispatcher.register("echo", AsyncMock(return_value=payload.to_dict()))
    with patch("netra_backend.app.legacy.events.publish_event"):
        result = asyncio.run(dispatcher.dispatch("echo"))
    assert result["text"] == "weather?"
