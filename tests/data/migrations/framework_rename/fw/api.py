import warnings

_USERS = {
    1: {"id": 1, "name": "ada", "admin": True},
    2: {"id": 2, "name": "grace", "admin": False},
    3: {"id": 3, "name": "linus", "admin": False},
}


def fetch_user(user_id, *, default=None):
    """Return the user record for `user_id`, or `default`."""
    return _USERS.get(user_id, default)


def get_user(user_id, *, default=None):
    """Deprecated since fw 3.0: use fetch_user()."""
    warnings.warn("get_user() is deprecated, use fetch_user()", DeprecationWarning, stacklevel=2)
    return fetch_user(user_id, default=default)


def list_user_ids():
    return sorted(_USERS)
