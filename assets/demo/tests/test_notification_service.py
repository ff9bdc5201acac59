"""Tests for NotificationService.

NotificationService calls the factory through its module, so these tests patch
netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager
at its definition site.
"""
from __future__ import annotations

import asyncio
from unittest.mock import AsyncMock, MagicMock, patch

from netra_backend.app.services.notification_service import NotificationService


@patch("netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager")
def test_manager_created_per_context(fake_create, user_context):
    service = NotificationService(user_context)
    fake_create.assert_called_once_with(user_context)
    assert service.manager is fake_create.return_value


def test_notify_sends_to_user(user_context):
    with patch("netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager") as fake_create:
        fake_create.return_value.send_to_user = AsyncMock(return_value=1)
        with patch("netra_backend.app.services.notification_service.publish_event") as fake_publish:
            service = NotificationService(user_context)
            assert asyncio.run(service.notify("info", "hello")) == 1
    fake_publish.assert_called_once()


def test_stats_reads_factory(monkeypatch, user_context):
    fake = MagicMock(name="manager")
    monkeypatch.setattr("netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager", fake)
    monkeypatch.setattr("netra_backend.app.services.notification_service.factory_provider", lambda: MagicMock(created=7))
    assert NotificationService(user_context).stats() == {"created": 7}
