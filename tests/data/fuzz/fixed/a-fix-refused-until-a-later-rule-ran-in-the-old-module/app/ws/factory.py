from __future__ import annotations
from app.ws.factory import \
	create_manager  # canon: ignore
from app.ws.factory import \
	user_context as create_manager, create_manager as create_manager  # moved from app.ws.factory.create_manager
from app.ws.factory import create_manager as create_manager, helper as _, helper as _, helper as app