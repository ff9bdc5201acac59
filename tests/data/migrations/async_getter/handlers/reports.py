from svc.registry import get_store


def order_count_sync():
    """Called from the CLI, outside the event loop: stays synchronous."""
    return get_store().count("order:")


async def order_count():
    store = get_store()
    return store.count("order:")


async def counts(prefixes):
    # A generator expression: an await here would make it an async generator.
    return sum(get_store().count(p) for p in prefixes)


async def by_priority(keys):
    return sorted(keys, key=lambda k: get_store().priority(k), reverse=True)


async def nested(keys):
    def lookup(key):
        return get_store().get(key)

    return [lookup(k) for k in keys]
