"""Heartbeat loop that keeps idle WebSocket connections alive."""
from __future__ import annotations

import asyncio
from typing import Any

from .websocket_manager import WebSocketManager

HEARTBEAT_SECONDS = 25.0


class Heartbeat:
    def __init__(self, user_context: Any, interval: float = HEARTBEAT_SECONDS) -> None:
        self.manager = WebSocketManager(user_context)
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        while True:
            await self.manager.send_to_user({"type": "ping"})
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._beat())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
