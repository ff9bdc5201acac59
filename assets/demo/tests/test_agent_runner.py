"""Tests for AgentRunner."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace
from unittest.mock import AsyncMock, MagicMock

from netra_backend.app.agents.supervisor.agent_runner import AgentRunner


def test_run_uses_injected_factory(user_context):
    manager = MagicMock()
    manager.send_to_user = AsyncMock()
    factory = MagicMock()
    factory.create.return_value = manager
    agent = SimpleNamespace(name="triage", execute=AsyncMock(return_value="done"))
    runner = AgentRunner(user_context, factory=factory)
    assert asyncio.run(runner.run(agent, "hello")) == "done"
    assert manager.send_to_user.await_count == 2
