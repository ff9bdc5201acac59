"""Regression tests for the deprecated factory; delete them together with it (#506)."""
from __future__ import annotations

import pytest

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager  # canon: ignore
from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory,
    get_websocket_manager_factory,
)


def test_create_warns(user_context):
    with pytest.deprecated_call():
        manager = create_websocket_manager(user_context)
    assert manager.user_context is user_context


def test_getter_returns_shared_factory():
    with pytest.deprecated_call():
        assert isinstance(get_websocket_manager_factory(), WebSocketManagerFactory)  # canon: ignore[ws-factory-getter]


def test_factory_counts_creations(user_context):
    factory = WebSocketManagerFactory()
    before = factory.created
    factory.create(user_context)
    assert factory.created == before + 1
