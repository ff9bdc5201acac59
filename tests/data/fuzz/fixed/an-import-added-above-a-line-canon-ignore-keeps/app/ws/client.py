"""A module that app.ws.factory.create_manager serves."""
from __future__ import annotations
from app.ws.factory import \
	get_factory as legacy, create_manager
import app.ws.factory  # canon: ignore
from app.ws.factory import create_manager