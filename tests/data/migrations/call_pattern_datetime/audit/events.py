"""Audit events, stamped when they are recorded."""
from datetime import datetime


class Event:
    def __init__(self, kind):
        self.kind = kind
        self.at = datetime.utcnow()

    def age_seconds(self, now=None):
        now = now or datetime.utcnow()
        return (now - self.at).total_seconds()
