from lib.utils import parse_date, slugify, untouched_helper


def feed_entry(title, date, categories):
    return {
        "id": slugify(title),
        "updated": parse_date(date).isoformat(),
        "categories": untouched_helper(categories),
    }
