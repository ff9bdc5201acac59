class Session:
    def __init__(self, client, name):
        self.client = client
        self.name = name
        self.closed = False
        self.log = []

    def __enter__(self):
        self.log.append("open")
        return self

    def __exit__(self, *exc):
        self.log.append("close")
        self.closed = True
        return False

    def write(self, key, data):
        self.log.append(f"write {key}")
        return self.client.put(key, data)


def open_session(client, name="default"):
    return Session(client, name)
