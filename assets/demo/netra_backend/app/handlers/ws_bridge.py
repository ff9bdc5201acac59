"""Bridge agent execution events to the user's WebSocket."""
from __future__ import annotations

import logging
from typing import Any

try:
    from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager
    HAS_WEBSOCKETS = True
except ImportError:  # pragma: no cover - trimmed builds without websocket support
    HAS_WEBSOCKETS = False

logger = logging.getLogger(__name__)


class AgentWebSocketBridge:
    """Forwards agent lifecycle events to one user's sockets."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self._manager = create_websocket_manager(ctx) if HAS_WEBSOCKETS else None
        if self._manager is None:
            logger.warning("netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager unavailable")

    async def emit(self, event_type: str, **data: Any) -> bool:
        if self._manager is None:
            logger.debug("dropping %s: websockets unavailable", event_type)
            return False
        await self._manager.send_to_user({"type": event_type, **data})
        return True

    async def agent_started(self, agent_name: str) -> bool:
        return await self.emit("agent_started", agent=agent_name)

    async def agent_completed(self, agent_name: str, result: Any) -> bool:
        return await self.emit("agent_completed", agent=agent_name, result=result)
