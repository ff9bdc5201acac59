from ..internal.engine import Engine


def with_plugins(name, plugins):
    engine = Engine(name)
    engine.plugins.extend(plugins)
    return engine


def is_engine(obj):
    return isinstance(obj, Engine)
