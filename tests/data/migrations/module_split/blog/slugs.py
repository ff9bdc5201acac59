"""Slugs computed once at import time, then the helper is dropped from
the module namespace; later code goes through the package."""

from lib.text import slugify

RESERVED = frozenset(slugify(word) for word in ("Admin", "Log In", "API"))
del slugify

import lib.utils  # noqa: E402


def is_reserved(title):
    words = lib.utils.untouched_helper(title.split(" "))
    return lib.utils.slugify(" ".join(words)) in RESERVED
