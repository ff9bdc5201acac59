"""Daily digest lines, through a plain import of the old module only."""

import lib.utils


def digest_line(title, day):
    when = lib.utils.parse_date(day)
    return "%s %s" % (when.isoformat(), lib.utils.slugify(title))
