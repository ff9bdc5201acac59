"""fw: a tiny web framework's public API."""

__version__ = "3.0.0"
