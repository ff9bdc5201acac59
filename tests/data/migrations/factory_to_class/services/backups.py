from storage import factory


def backup_client():
    return factory.create_client({"bucket": "backups", "region": factory.DEFAULT_REGION})


def region():
    return factory.DEFAULT_REGION
