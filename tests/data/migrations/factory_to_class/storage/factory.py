"""Deprecated: construct storage.client.Client directly."""

from storage.client import Client

DEFAULT_REGION = "eu-west-1"


def create_client(config=None, *, timeout=30):
    config = dict(config or {})
    config.setdefault("region", DEFAULT_REGION)
    return Client(config=config, timeout=timeout)
