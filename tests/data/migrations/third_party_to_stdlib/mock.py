"""Stand-in for the third-party ``mock`` backport (PyPI ``mock``).

The backport exposes the same API as the standard library's unittest.mock, so
this stand-in simply re-exports it; the project's tests run either way.
"""

from unittest.mock import (
    ANY,
    DEFAULT,
    MagicMock,
    Mock,
    NonCallableMock,
    PropertyMock,
    call,
    create_autospec,
    mock_open,
    patch,
    sentinel,
)

__all__ = [
    "ANY",
    "DEFAULT",
    "MagicMock",
    "Mock",
    "NonCallableMock",
    "PropertyMock",
    "call",
    "create_autospec",
    "mock_open",
    "patch",
    "sentinel",
]

__version__ = "5.1.0"
