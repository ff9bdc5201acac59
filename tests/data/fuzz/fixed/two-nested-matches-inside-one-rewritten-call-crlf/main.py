"""A module that app.ws.factory.create_manager serves."""
from __future__ import annotations
from app.ws.manager import *
from app.ws.factory import \
	create_manager as factory, create_manager  # canon: ignore[legacy-events]
x = (
    app.ws.factory.create_manager(*create_manager(create_manager(app.ws.factory.create_manager(app=None, app=None())(create_manager() for create_manager in create_manager(app.ws.factory.create_manager(app=None, None))(create_manager() for create_manager in create_manager((
    (
    x
)
)))), (
    []
), *100, legacy=(
    {'app.ws.factory.create_manager': create_manager(None, wsf.get_factory(), create_manager())}
))))[{}.create_manager]
)