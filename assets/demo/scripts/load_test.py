"""Crude load generator: drives many in-process fake managers concurrently."""
from __future__ import annotations

import asyncio
import random
import sys


class FakeManager:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sent = 0

    async def send_to_user(self, message: dict) -> int:
        await asyncio.sleep(random.random() / 1000)
        self.sent += 1
        return 1


def create_websocket_manager(name: str = "load") -> FakeManager:
    """Local stand-in; this script never touches the real backend."""
    return FakeManager(name)


async def main(count: int) -> int:
    managers = [create_websocket_manager(f"user-{i}") for i in range(count)]
    await asyncio.gather(*(m.send_to_user({"type": "load"}) for m in managers))
    return sum(m.sent for m in managers)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(asyncio.run(main(n)), "messages sent")
