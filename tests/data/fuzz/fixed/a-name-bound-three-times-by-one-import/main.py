from __future__ import annotations
from app.ws.manager import *  # moved from app.ws.factory.create_manager
try:
	create_manager = mock = \
    helper()
	if 191:
		create_manager, = print.create_manager = \
    {'app.ws.factory.create_manager': app.ws.factory.create_manager(), 'app.ws.factory': (
    patch.dict("app.ws.factory", {})
), 'app.ws.factory': []}
	else:
		import app.ws.factory
		from app.ws.factory import \
			create_manager as factory, helper as create_manager, _ as create_manager, create_manager as create_manager  # canon: ignore[legacy-events]
		try:
			from app.legacy.events import manager as _, manager as manager, manager as manager, manager as manager
			get_manager = create_manager()
		finally:
			pass
	create_manager = create_manager()
finally:
	pass