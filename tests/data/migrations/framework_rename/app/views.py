from fw.api import get_user, list_user_ids

_CACHE = {7: {"id": 7, "name": "cached", "admin": False}}


def profile(user_id):
    user = get_user(user_id, default={"name": "anonymous"})
    return f"<h1>{user['name']}</h1>"


def all_names():
    return [get_user(uid)["name"] for uid in list_user_ids()]


def cached_profile(user_id):
    # A local that shadows the import: this is the cache's lookup, not fw's.
    get_user = _CACHE.get
    return get_user(user_id)["name"]


def render_with(get_user, user_id):
    """`get_user` here is whatever the caller passes in."""
    return get_user(user_id)["name"]


def make_loader(prefix):
    def load(user_id):
        return prefix + get_user(user_id)["name"]

    return load


class ProfileView:
    template = "profile.html"

    def get(self, user_id):
        return {"template": self.template, "user": get_user(user_id)}
