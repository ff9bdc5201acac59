from fw.api import fetch_user, get_user


def find_by_name(name, ids):
    for uid in ids:
        if get_user(uid)["name"] == name:
            return uid
    return None


def exists(user_id):
    return fetch_user(user_id) is not None
