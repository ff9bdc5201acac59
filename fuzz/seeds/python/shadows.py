from app.ws.factory import create_manager
from app.ws.manager import Manager


def build(create_manager=None):
    return create_manager


class Holder:
    from app.ws.factory import helper

    def run(self):
        Manager = object
        return Manager, create_manager(self)


def rebind(value):
    global create_manager
    create_manager = value


def outer():
    manager = create_manager(0)

    def inner():
        nonlocal manager
        manager = create_manager(manager)
        return lambda x: create_manager(x)

    return inner
