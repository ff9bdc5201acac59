"""Legacy chat event bus (deprecated, #506).

Kept for old callers only; new code imports the ``events`` package.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable

warnings.warn("the legacy event bus is deprecated (#506)", DeprecationWarning)

_handlers: dict[str, list[Callable[[dict[str, Any]], None]]] = {}


def subscribe(event_type: str, handler: Callable[[dict[str, Any]], None]) -> None:
    _handlers.setdefault(event_type, []).append(handler)


def publish_event(event_type: str, payload: dict[str, Any]) -> int:
    handlers = _handlers.get(event_type, [])
    for handler in handlers:
        handler(payload)
    return len(handlers)
