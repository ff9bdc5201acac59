"""Tests for SessionService."""
from __future__ import annotations

from unittest.mock import MagicMock

from netra_backend.app.services.session_service import SessionService


def test_open_and_close(monkeypatch, user_context):
    fake = MagicMock(name="manager")
    monkeypatch.setattr("netra_backend.app.services.session_service.create_websocket_manager", lambda ctx: fake)
    service = SessionService()
    session = service.open(user_context)
    assert session.manager is fake
    service.close(user_context.run_id)
    assert service._sessions == {}
