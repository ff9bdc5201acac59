"""A module that app.ws.factory.create_manager serves."""
from __future__ import annotations
from ...app.ws.factory import *  # canon: ignore
import app.ws.factory  # canon: ignore[ws-create, ws-ctor]
if TYPE_CHECKING:
	if TYPE_CHECKING:
		pass
	from ...app.ws.factory import (
		x as helper,
		_ as patch,
		legacy
	)
	__all__ = ["", "", "", ""]
	@events.fire(app.ws.factory.create_manager(app.ws.factory.helper, *(
    helper()
), _=[(
    helper()
), (
    (lambda : f"{None!r}")
), app.legacy.events]))
	async def user_context(*user_context, x=app.z, **get_factory):
		pass