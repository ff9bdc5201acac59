from . import factory
from .factory import create_manager, get_factory
from ..legacy import events
from ..legacy.events import fire


async def connect(user):
    m = create_manager(user)
    g = get_factory()
    return factory.helper(m, g)


def sync_connect():
    return get_factory()
