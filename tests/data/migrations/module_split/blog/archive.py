from lib.utils import (
    parse_date,  # archive keys are ISO dates
    untouched_helper,
)


def by_year(posts):
    years = {}
    for title, date in posts:
        years.setdefault(parse_date(date).year, []).append(title)
    return {year: untouched_helper(titles) for year, titles in sorted(years.items())}
