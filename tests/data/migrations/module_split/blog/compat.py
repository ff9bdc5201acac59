"""Deprecation notices for helpers that moved out of lib.utils."""

import logging

log = logging.getLogger("blog.compat")

MOVED = {
    "lib.utils.parse_date": "lib.dates.parse_date",
    "lib.utils.slugify": "lib.text.slugify",
}


def warn_moved(path):
    message = f"{path} has moved to {MOVED[path]}"
    log.warning(message)
    return message


def slugify_notice():
    log.info("lib.utils.slugify is deprecated; use lib.text.slugify")
    return warn_moved("lib.utils.slugify")
