"""User sessions: bind a user context to its live WebSocket manager."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..context import UserExecutionContext
from ..websocket_core.websocket_manager_factory import create_websocket_manager, get_websocket_manager_factory


@dataclass
class Session:
    ctx: UserExecutionContext
    manager: Any = None
    tags: set[str] = field(default_factory=set)


class SessionService:
    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}

    def open(self, ctx: UserExecutionContext) -> Session:
        session = Session(ctx=ctx, manager=create_websocket_manager(ctx))
        self._sessions[ctx.run_id] = session
        return session

    async def managers_created(self) -> int:
        factory = get_websocket_manager_factory()
        return factory.created

    def close(self, run_id: str) -> None:
        self._sessions.pop(run_id, None)
