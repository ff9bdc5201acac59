"""Dispatch incoming chat frames to agents and echo their status to the user."""
from __future__ import annotations

import logging
from typing import Any

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager as make_manager
from netra_backend.app.websocket_core.websocket_manager_factory import get_websocket_manager_factory

logger = logging.getLogger(__name__)

# Looked up once, at import time.
_FACTORY = get_websocket_manager_factory()


class MessageHandler:
    def __init__(self, agent_registry: dict[str, Any]) -> None:
        self.agent_registry = agent_registry

    async def handle(self, ctx: Any, frame: dict[str, Any]) -> None:
        manager = make_manager(ctx)
        agent = self.agent_registry.get(frame.get("agent", "supervisor"))
        if agent is None:
            await manager.send_to_user({"type": "error", "text": "unknown agent"})
            return
        await manager.send_to_user({"type": "agent_started", "agent": agent.name})
        result = await agent.run(ctx, frame.get("text", ""))
        await manager.send_to_user({"type": "agent_completed", "result": result})

    def managers_created(self) -> int:
        logger.debug("factory has created %d managers", _FACTORY.created)
        return _FACTORY.created
