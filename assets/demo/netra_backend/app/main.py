"""Application factory: wires routes, services and the event bus."""
from __future__ import annotations

import logging
from typing import Any

from netra_backend.app.legacy.events import (
    publish_event,
    subscribe,
)
from netra_backend.app.websocket_core import create_websocket_manager

logger = logging.getLogger(__name__)


def _log_event(payload: dict[str, Any]) -> None:
    logger.info("event: %s", payload)


def create_app(settings: dict[str, Any] | None = None) -> dict[str, Any]:
    settings = settings or {}
    subscribe("chat.message", _log_event)
    subscribe("notification.sent", _log_event)
    app: dict[str, Any] = {"settings": settings, "state": {}}
    app["state"]["manager_ctor"] = create_websocket_manager
    publish_event("app.started", {"debug": settings.get("debug", False)})
    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(create_app({"debug": True}))
