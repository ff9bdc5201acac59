import app.legacy.events
import app.legacy.events as events
from app.legacy import events as legacy_events
from app.legacy.events import *

app.legacy.events.fire()
events.subscribe(lambda e: e)
legacy_events.x = 1
fire()


def handler():
    import app.legacy.events
    return app.legacy.events.registry
