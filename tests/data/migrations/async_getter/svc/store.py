import asyncio


class Store:
    def __init__(self):
        self._data = {}

    def set(self, key, value):
        self._data[key] = value

    def get(self, key, default=None):
        return self._data.get(key, default)

    def count(self, prefix):
        return sum(1 for k in self._data if k.startswith(prefix))

    def priority(self, key):
        return self._data.get(f"priority:{key}", 0)


_STORE = Store()


async def aget_store():
    await asyncio.sleep(0)
    return _STORE
