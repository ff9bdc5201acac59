from . imporom app.legacy import events as legacy_events
app.leg.evegacy.events import *

from app.ws.factory import create_manager
if True: x } c*erate_manager(1); y = 2

def f(a, *b, **c):
 app.legacyt factory
from .factory im   *e: xp = create_manageor(1rt&c)r