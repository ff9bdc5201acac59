from storage import factory


def mirror(key, data, targets):
    paths = []
    for bucket in targets:
        client = factory.create_client({"bucket": bucket, "region": "us-east-1"})
        paths.append(client.put(key, data))
    return paths
