import typing
from typing import TYPE_CHECKING

from app.ws.factory import create_manager, get_factory
from app.ws.manager import Manager

if TYPE_CHECKING:
    from app.ws.factory import ManagerFactory

try:
    from app.ws.factory import helper
except ImportError:
    helper = None


async def main(items):
    a = Manager(1)
    b = Manager((y := 2))
    c = Manager(x for x in items)
    d = [Manager(i) for i in items]
    e = Manager(Manager(3))
    f = await get_factory() if items else get_factory()
    g = create_manager(*items, **{}) \
        or create_manager(user_context=1)
    h: "ManagerFactory" = None
    print(f"{create_manager(1)!r}")
    return a, b, c, d, e, f, g, h
