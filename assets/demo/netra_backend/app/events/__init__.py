"""Chat event bus.

Moved here from netra_backend.app.legacy.events (#506); new code imports
from this package.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable

Handler = Callable[[dict[str, Any]], None]

_subscribers: defaultdict[str, list[Handler]] = defaultdict(list)


def subscribe(event_type: str, handler: Handler) -> None:
    _subscribers[event_type].append(handler)


def publish_event(event_type: str, payload: dict[str, Any]) -> int:
    handlers = list(_subscribers.get(event_type, ()))
    for handler in handlers:
        handler(payload)
    return len(handlers)
