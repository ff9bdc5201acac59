"""Dispatches tool calls made by agents and reports progress to the user."""
from __future__ import annotations

from typing import Any, Awaitable, Callable

import netra_backend.app.legacy.events
import netra_backend.app.websocket_core.websocket_manager_factory

ToolFn = Callable[..., Awaitable[Any]]


class ToolDispatcher:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.tools: dict[str, ToolFn] = {}
        self.manager = netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager(ctx)

    def register(self, name: str, fn: ToolFn) -> None:
        self.tools[name] = fn
        netra_backend.app.legacy.events.publish_event("tool.registered", {"name": name})

    async def dispatch(self, name: str, **kwargs: Any) -> Any:
        if name not in self.tools:
            raise KeyError(f"unknown tool {name!r}")
        await self.manager.send_to_user({"type": "tool_executing", "tool": name})
        result = await self.tools[name](**kwargs)
        await self.manager.send_to_user({"type": "tool_completed", "tool": name})
        netra_backend.app.legacy.events.publish_event("tool.completed", {"name": name})
        return result


def managers_created() -> int:
    return netra_backend.app.websocket_core.websocket_manager_factory.get_websocket_manager_factory().created
