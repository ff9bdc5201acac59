"""A module that app.ws.factory.create_manager serves."""
from __future__ import annotations
app: create_manager((f"{{}!r}".create_manager).factory.get_manager, factory.create_manager(_=(lambda : (wsf := "").create_manager.create_manager)))