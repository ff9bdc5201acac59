"""Behaviour the migration must keep (runs before and after it)."""

from services import archive, backups, mirror, uploads

assert uploads.upload("a.txt", b"A") == "uploads/incoming/a.txt"
assert uploads.upload_many([("x", 1), ("y", 2)]) == (["uploads/x", "uploads/y"], 120)

client = backups.backup_client()
assert client.bucket == "backups"
assert client.config == {"bucket": "backups", "region": "eu-west-1"}
assert backups.region() == "eu-west-1"

assert mirror.mirror("k", b"v", ["m1", "m2"]) == ["m1/k", "m2/k"]

path, closed, log = archive.archive("2024/db.dump", b"...")
assert path == "archive/2024/db.dump"
assert closed is True
assert log == ["open", "write 2024/db.dump", "close"]

scratch = archive.scratch_client()
assert scratch.config == {"bucket": "scratch", "region": "eu-west-1"}
assert scratch.timeout == 30

print("ok")
