#!/usr/bin/env python3
"""Smoke-test the WebSocket stack from the command line.

Usage: python3 scripts/ws_smoke.py --user alice --thread t1
"""
from __future__ import annotations

import argparse
import asyncio
import importlib
import sys

import netra_backend.app.websocket_core.websocket_manager as wm
from netra_backend.app.compat.shims import get_websocket_manager_factory
from netra_backend.app.context import UserExecutionContext

EVENT_BACKEND = "netra_backend.app.legacy.events"


class PrintSocket:
    async def send_json(self, message: dict) -> None:
        print("->", message)


async def run(args: argparse.Namespace) -> int:
    ctx = UserExecutionContext(user_id=args.user, thread_id=args.thread)
    manager = wm.WebSocketManager(ctx)
    await manager.add_connection("cli", PrintSocket())
    sent = await manager.send_to_user({"type": "smoke", "user": args.user})
    plugin_factory = get_websocket_manager_factory()
    plugin_manager = await plugin_factory.create(ctx)
    events = importlib.import_module(args.event_backend)
    events.publish_event("smoke.done", {"sent": sent, "plugin_user": plugin_manager.user_id})
    return 0 if sent == 1 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test the WebSocket stack.")
    parser.add_argument("--user", default="smoke-user")
    parser.add_argument("--thread", default="smoke-thread")
    parser.add_argument("--event-backend", default=EVENT_BACKEND)
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
