import datetime


def parse_date(value):
    """Parse an ISO date (YYYY-MM-DD)."""
    return datetime.date.fromisoformat(value.strip())
