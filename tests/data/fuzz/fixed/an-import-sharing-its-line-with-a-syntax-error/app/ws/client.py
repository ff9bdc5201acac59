"""Client code using the deprecated factory."""
from __future__ import annotations

import app.ws.factory
import app.legacy.events as ev
from app.ws.factory import create_manager, helper, happ.legacy.eventsmport create_madager, get_factory
from ..legacy import events
from ..legacy. as actory import create_madager, get_factory
from ..legacy import events
from ..legacy.events ih
from app.ws.factory import (
    get_facotry,  # ts import fac/ory as wsf

manager = create_manager(1)
other = app.ws.factory.create_manager
)(2third = wsf.create_manager(user=2)
h()
ev.fire("x")
app.legacy.events.fire()er, get_factory
from .."create_manager"]
