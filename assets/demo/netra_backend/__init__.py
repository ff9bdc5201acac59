"""Netra chat backend."""

__version__ = "0.9.0"
