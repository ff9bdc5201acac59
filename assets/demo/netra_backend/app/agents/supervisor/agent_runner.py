"""Runs supervisor agents for one user request."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

# netra_backend.app.websocket_core.websocket_manager_factory.WebSocketManagerFactory is only needed for typing.
if TYPE_CHECKING:
    from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory


class AgentRunner:
    def __init__(self, ctx: Any, factory: WebSocketManagerFactory | None = None) -> None:
        self.ctx = ctx
        self.factory = factory

    def _manager(self) -> Any:
        if self.factory is not None:
            return self.factory.create(self.ctx)
        from ...websocket_core.websocket_manager_factory import create_websocket_manager

        return create_websocket_manager(self.ctx)

    async def run(self, agent: Any, prompt: str) -> Any:
        manager = self._manager()
        await manager.send_to_user({"type": "agent_started", "agent": agent.name})
        result = await agent.execute(self.ctx, prompt)
        await manager.send_to_user({"type": "agent_completed", "agent": agent.name})
        return result

    def standalone_manager(self) -> WebSocketManager:
        return WebSocketManager(self.ctx)
