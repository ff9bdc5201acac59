import fw.api


def export_users(ids):
    rows = []
    for uid in ids:
        user = fw.api.get_user(uid)
        rows.append(f"{user['id']},{user['name']}")
    return "\n".join(rows)
