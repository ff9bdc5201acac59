"""Deprecated: the synchronous store getter."""

from svc.store import _STORE


def get_store():
    return _STORE
