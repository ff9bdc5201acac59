"""Adapters that let third-party plugins run against the new manager API.

The getter below has the same name as the old factory getter on purpose;
it is our own adapter and is not deprecated.
"""
from __future__ import annotations

from typing import Any

from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


class PluginManagerFactory:
    """Async factory handed to plugins."""

    async def create(self, user_context: Any) -> Any:
        return await get_websocket_manager(user_context)


_PLUGIN_FACTORY = PluginManagerFactory()


def get_websocket_manager_factory() -> PluginManagerFactory:
    """Return the adapter that plugins use to obtain managers."""
    return _PLUGIN_FACTORY
