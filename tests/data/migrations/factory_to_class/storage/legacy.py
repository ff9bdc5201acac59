"""Deprecated: use storage.sessions.open_session()."""

from storage.sessions import Session


class SessionManager(Session):
    def __init__(self, client, name="default"):
        super().__init__(client, name)
