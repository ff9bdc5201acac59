import datetime


def stamp():
    return datetime.datetime.utcnow().isoformat()


def day_bucket(ts=None):
    ts = ts or datetime.datetime.utcnow()
    return ts.strftime("%Y-%m-%d")
