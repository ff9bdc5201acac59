"""A module that app.ws.factory.create_manager serves."""
from app.ws.factory import \
	_ as _, create_manager
from app.ws.manager import *  # canon: ignore
from app.ws.factory import create_manager