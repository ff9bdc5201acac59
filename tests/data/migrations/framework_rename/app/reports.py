from fw.api import get_user as load_user


def name_lengths(ids):
    return {uid: len(load_user(uid)["name"]) for uid in ids}
