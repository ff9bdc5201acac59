from app.ws.factory import \
	create_manager, helper  # moved from app.ws.factory.create_manager
from app.ws.factory import create_manager
