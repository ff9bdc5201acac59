from fw import api


def admins():
    return [uid for uid in api.list_user_ids() if api.get_user(uid)["admin"]]


def display_name(user_id):
    user = api.get_user(user_id)
    return user["name"].title() if user else "?"
