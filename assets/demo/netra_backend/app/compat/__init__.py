"""Compatibility helpers for third-party plugins."""
