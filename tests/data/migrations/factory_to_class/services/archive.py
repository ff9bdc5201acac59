import storage.factory
from storage.client import Client
from storage.legacy import SessionManager


def archive(key, data):
    cfg = {"bucket": "archive", "region": "eu-west-1"}
    with SessionManager(storage.factory.create_client(cfg), name="archive") as session:
        path = session.write(key, data)
    return path, session.closed, session.log


def scratch_client():
    return Client({"bucket": "scratch", "region": "eu-west-1"})
