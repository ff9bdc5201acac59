from datetime import datetime as dt, timedelta


def deadline(minutes):
    return dt.utcnow() + timedelta(minutes=minutes)
