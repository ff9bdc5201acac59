"""Chat service: persists messages and fans them out to the user's sockets."""
from __future__ import annotations

import logging
from typing import Any

from netra_backend.app.context import UserExecutionContext
from netra_backend.app.events.payloads import ChatPayload
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

logger = logging.getLogger(__name__)


class ChatService:
    def __init__(self, store: Any) -> None:
        self.store = store

    async def send(self, ctx: UserExecutionContext, text: str) -> int:
        payload = ChatPayload(thread_id=ctx.thread_id, user_id=ctx.user_id, text=text)
        await self.store.save(payload.to_dict())
        manager = create_websocket_manager(ctx)
        return await manager.send_to_user({"type": "chat", **payload.to_dict()})

    async def send_as_system(self, ctx: UserExecutionContext, text: str) -> int:
        manager = WebSocketManager(ctx)
        logger.info("system message for %s", ctx.user_id)
        return await manager.send_to_user({"type": "system", "text": text})

    def describe(self, manager: WebSocketManager) -> str:
        return f"{manager.user_id}: {manager.connection_count()} connection(s)"
