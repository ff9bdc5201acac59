from storage.factory import create_client

UPLOADS = {"bucket": "uploads", "region": "eu-west-1"}


def upload(name, data):
    client = create_client(UPLOADS)
    return client.put(f"incoming/{name}", data)


def upload_many(files):
    client = create_client(UPLOADS, timeout=120)
    return [client.put(name, data) for name, data in files], client.timeout
