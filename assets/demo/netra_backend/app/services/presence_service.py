"""Tracks which users are online."""
from __future__ import annotations

import time
from typing import Any

import netra_backend.app.websocket_core as ws_core

_last_seen: dict[str, float] = {}


def mark_seen(user_id: str) -> None:
    _last_seen[user_id] = time.monotonic()


def online_users(window: float = 60.0) -> list[str]:
    now = time.monotonic()
    return sorted(user for user, seen in _last_seen.items() if now - seen <= window)


async def ping_user(ctx: Any) -> int:
    manager = ws_core.create_websocket_manager(ctx)
    mark_seen(ctx.user_id)
    return await manager.send_to_user({"type": "presence_ping"})


def presence_manager(ctx: Any) -> Any:
    # Imported here to break an import cycle with the websocket package.
    from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

    return create_websocket_manager(ctx)
