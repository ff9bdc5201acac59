"""Behaviour of the audit package; must hold before and after the migration."""
import datetime as _dt
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

from audit import events, export, timing

e = events.Event("login")
assert e.kind == "login"
assert 0 <= e.age_seconds(now=e.at) < 1
assert abs(e.age_seconds()) < 5

s = export.stamp()
assert s.startswith(str(_dt.datetime.now(_dt.timezone.utc).year)), s
assert len(export.day_bucket()) == 10

d = timing.deadline(5)
assert d.year >= 2024
# Naive before, aware after: both lie about five minutes ahead of UTC now.
now = _dt.datetime.now(_dt.timezone.utc)
if d.tzinfo is None:
    now = now.replace(tzinfo=None)
delta = (d - now).total_seconds()
assert 290 < delta < 310, delta
print("ok")
