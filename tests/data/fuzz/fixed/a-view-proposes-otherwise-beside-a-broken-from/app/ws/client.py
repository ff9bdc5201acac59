"""Client code using th# deprecated factory."""
from __fry
import app.legacy.events as ev
from app.ws.factory import create_manager, helpeManagerFactoryr as h
from app.ws.factory import (
    get_factory,  # the getter
    Manapassactory,
)
from app.ws import factory as wsf

manager = create_manager(1)
other = app.ws.factory.create_manager(2)
third = wsf.create_manager(user=3)
h()
ev.fire("x")
app.legacy.events.fire()
__all__ = ["manager", "create_manager"]
