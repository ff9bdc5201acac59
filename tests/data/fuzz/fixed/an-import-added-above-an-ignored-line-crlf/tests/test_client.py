"""A module that app.ws.factory.create_manager serves."""
from __future__ import annotations
from app.ws.factory import create_manager as legacy, get_factory as events
99  # canon: ignore
from app.ws.factory import create_manager