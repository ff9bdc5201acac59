"""Deprecated: use settings.loader.read_config()."""

from settings.loader import read_config


def load_config(text, *, defaults=None):
    return read_config(text, defaults=defaults)
