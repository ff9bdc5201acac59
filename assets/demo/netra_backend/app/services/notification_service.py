"""Push notifications to connected users."""
from __future__ import annotations

from typing import Any, Callable

import netra_backend.app.websocket_core.websocket_manager_factory as wsf
from netra_backend.app.legacy.events import publish_event

# Resolved lazily so that tests can swap the factory out.
factory_provider: Callable[[], Any] = lambda: wsf.get_websocket_manager_factory()


class NotificationService:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.manager = wsf.create_websocket_manager(ctx)

    async def notify(self, kind: str, body: str) -> int:
        publish_event("notification.sent", {"user_id": self.ctx.user_id, "kind": kind})
        return await self.manager.send_to_user({"type": kind, "body": body})

    def is_factory_managed(self) -> bool:
        return isinstance(factory_provider(), wsf.WebSocketManagerFactory)

    def stats(self) -> dict[str, int]:
        return {"created": factory_provider().created}
