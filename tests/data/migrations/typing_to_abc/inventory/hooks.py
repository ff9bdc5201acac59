"""Event hooks fired when stock changes."""

from typing import (
    Any,
    Callable,  # hook signature: (event, payload) -> None
    Dict,
    List,
)

_HOOKS: Dict[str, List[Callable[[str, Any], None]]] = {}


def on(event: str, hook: Callable[[str, Any], None]) -> Callable[[str, Any], None]:
    _HOOKS.setdefault(event, []).append(hook)
    return hook


def fire(event: str, payload: Any) -> int:
    hooks = _HOOKS.get(event, [])
    for hook in hooks:
        hook(event, payload)
    return len(hooks)


def callable_hooks(event: str) -> bool:
    from typing import Callable

    return all(isinstance(h, Callable) for h in _HOOKS.get(event, []))
