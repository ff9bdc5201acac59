"""Behaviour the migration must keep (runs before and after it)."""

import importlib
import os

from app import closures, config

assert config.SOURCE == "legacy"
assert config.app_config('{"workers": 8}') == {"debug": False, "workers": 8}

# The other arm of the conditional import must work too.
os.environ["APP_FAST_CONFIG"] = "1"
fast = importlib.reload(config)
assert fast.SOURCE == "fast"
assert fast.app_config('{"debug": true}') == {"debug": True, "workers": 2}
del os.environ["APP_FAST_CONFIG"]

reader = closures.make_reader('{"a": 1}')
assert reader(b=2) == {"a": 1, "b": 2}
assert closures.Settings('{"x": "y"}').values == {"x": "y"}
assert closures.lazy_defaults() == {"retries": 3}

with open("app/config.py", "rb") as fh:
    raw = fh.read()
assert raw.count(b"\r\n") == raw.count(b"\n"), "app/config.py lost its CRLF line endings"

print("ok")
