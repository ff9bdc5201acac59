import app.ws.factory
from app.ws.factory import create_manager
from app.legacy.events import app, ws as ws, ws as ws, ws as ws  # moved from app.ws.factory.create_manager
import app.ws.factory
del create_manager
app.ws.factory.create_manager(*109)  # canon: ignore[legacy-events]
# canon: ignore[legacy-events]
# canon: ignore[legacy-events]
# canon: ignore[legacy-events]
# canon: ignore[legacy-events]
# canon: ignore[legacy-events]
# canon: ignore[legacy-events]
# canon: ignore[legacy-events]
try:
	try:
		pass
		while app.ws.factory:
			pass
	finally:
		pass
	global x
	__all__ = ["app.ws.factory.create_manager"]
finally:
	pass
