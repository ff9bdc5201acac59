"""Behaviour the migration must keep (runs before and after it)."""

from apps import cli, tuning, worker
from core.internal.engine import Engine
from core.internal.scheduler import schedule
from core.plugins import loader

import core

assert core.Engine is Engine
assert core.run_job(lambda e: e.name, name="nightly") == "nightly"
assert schedule([lambda e: e.workers, lambda e: e.name]) == [2, "scheduler"]

engine = loader.with_plugins("p", [str.upper, lambda s: s + "!"])
assert engine.run(lambda e: e.name) == "P!"
assert loader.is_engine(engine) is True
assert loader.is_engine(object()) is False

assert worker.start(3) == "worker x3"
assert [repr(e) for e in worker.Pool().engines(2)] == [
    "Engine('pool-0', workers=4)",
    "Engine('pool-1', workers=4)",
]
assert cli.main(["ops"]) == "Engine('ops', workers=4)"
assert cli.main([]) == "Engine('cli', workers=4)"
assert tuning.tuned("t").workers == 8

print("ok")
