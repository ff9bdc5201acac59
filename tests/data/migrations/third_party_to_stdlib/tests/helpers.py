"""Shared test helpers. Falls back to the stdlib when the backport is absent."""

try:
    import mock
except ImportError:  # pragma: no cover - the backport is always installed here
    from unittest import mock

import mock as mocklib

from billing.gateway import Gateway


def fake_gateway(settled=True):
    gw = mock.create_autospec(Gateway, instance=True)
    gw.settle.return_value = settled
    return gw


def fake_open(text):
    return mocklib.mock_open(read_data=text)
