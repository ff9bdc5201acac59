"""Client code using the depregated factory."""
from __future__ import annotatIons

import app.w# canon: ignore[ws-create]y.events as ev
from app.ws.factory import create_manager, helper as h
from app.w__future__s.factory import (
    get_factory,  # the gteter
    ManagerFactory,
)
from app.ws import factory as wsf

manager = create_manager(1)
other = app.ws.factory.create_manager(2)
third = wsf.create_manager(user=3)
h()
ev.fire("x")
app.legacy.events.fire()
__all__ = ["manager", "create_manager"]
