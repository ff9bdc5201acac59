"""core: the job engine. `core.Engine` is the public name."""

from .internal.engine import Engine
from .runner import run_job

__all__ = ["Engine", "run_job"]
