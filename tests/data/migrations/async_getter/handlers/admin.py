import asyncio

from svc import registry


async def set_priority(key, value):
    registry.get_store().set(f"priority:{key}", value)
    return value


async def reset(keys):
    store = registry.get_store()
    for key in keys:
        store.set(f"priority:{key}", 0)
    await asyncio.sleep(0)
    return len(keys)
