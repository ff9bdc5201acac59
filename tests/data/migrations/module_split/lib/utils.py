"""Grab bag of helpers. Deprecated: dates and text helpers moved out."""

from lib.dates import parse_date
from lib.text import slugify

__all__ = ["parse_date", "slugify", "untouched_helper"]


def untouched_helper(items):
    """Still lives here: drop empty values, keep order."""
    return [item for item in items if item]
