"""Per-request user execution context."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UserExecutionContext:
    """Identifies one user request; every manager is bound to exactly one."""

    user_id: str
    thread_id: str
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    websocket_client_id: str | None = None

    def child(self, run_id: str) -> UserExecutionContext:
        return UserExecutionContext(self.user_id, self.thread_id, run_id, self.websocket_client_id)
