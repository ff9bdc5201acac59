"""Tests for presence tracking."""
from __future__ import annotations

import asyncio
from unittest.mock import AsyncMock, patch

from netra_backend.app.services import presence_service


def test_ping_marks_user_online(user_context):
    with patch("netra_backend.app.websocket_core.create_websocket_manager") as fake_create:
        fake_create.return_value.send_to_user = AsyncMock(return_value=1)
        assert asyncio.run(presence_service.ping_user(user_context)) == 1
    assert "u-1" in presence_service.online_users()


def test_online_users_window():
    presence_service.mark_seen("ghost")
    assert "ghost" not in presence_service.online_users(window=-1.0)
