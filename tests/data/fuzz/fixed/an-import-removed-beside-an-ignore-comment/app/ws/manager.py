"""A module that app.ws.factory.create_manager serves."""
from __future__ import annotations
import unittest.mock as create_manager, app.ws.helpers as self, app.legacy as _  # a comment
import unittest.mock as _, unittest.mock, app.ws.helpers  # canon: ignore
from ..legacy import *
from app.ws.helpers import *
from app.ws.factory import (
	_ as ws,  # first
	helper as get_factory,
	_ as create_manager,
)
import app.ws.factory  # canon: ignore[legacy-events]
while not (not app.ws.manager._):
	while not (
    (
    (
    app.ws.factory.create_manager(create_manager(create_manager(app.ws.factory.create_manager(app=None, app=None, create_manager(x, user_context=x, legacy=x, legacy=x)))))
)
)
):
		pass
