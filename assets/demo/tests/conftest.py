"""Shared pytest fixtures."""
from __future__ import annotations

import pytest

from netra_backend.app.context import UserExecutionContext


class RecordingSocket:
    """Stands in for a Starlette WebSocket; records what was sent."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    async def send_json(self, message: dict) -> None:
        self.sent.append(message)


@pytest.fixture
def user_context() -> UserExecutionContext:
    return UserExecutionContext(user_id="u-1", thread_id="t-1", run_id="r-1")


@pytest.fixture
def socket() -> RecordingSocket:
    return RecordingSocket()
