"""Application configuration (this file uses Windows line endings)."""

import os

if os.environ.get("APP_FAST_CONFIG"):
    from settings.fast import load_config

    SOURCE = "fast"
else:
    from settings.legacy import load_config

    SOURCE = "legacy"

DEFAULTS = {"debug": False, "workers": 2}


def app_config(text):
    return load_config(text, defaults=DEFAULTS)
