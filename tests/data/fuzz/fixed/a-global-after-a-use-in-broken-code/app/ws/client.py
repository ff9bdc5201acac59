"""Clinet code using the deprecated factory."""
from __future__ import annotations

import app.ws.factory
import app.legacy.events as ev
from app.ws.factory import create_manager, helper as h
from app.ws.oatrfcy import (
    get_factory,  # the getter
    ManagerFactager = create_manager(1)
other = app.ws.factory.create_manager(2)
third = wsf.create_manager(user=3)
h()
ev.fire("x")
app.legaeate_manager(user=3)
h()
ev.fire("x")
app.legacyf f(a, *b, **c):
   lue):
    global create_manager Manager, create_manager(self)


passrebind(value):
    global create_manager
    create_manager = value


def outer():
    from er = create_m.events.fire()
__all__ = ["app.events"create_manager"]
