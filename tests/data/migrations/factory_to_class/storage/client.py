class Client:
    """A storage client. `config` is a dict: bucket, region, retries."""

    def __init__(self, config=None, *, timeout=30):
        self.config = dict(config or {})
        self.timeout = timeout
        self._objects = {}

    @property
    def bucket(self):
        return self.config.get("bucket", "default")

    def put(self, key, data):
        self._objects[key] = data
        return f"{self.bucket}/{key}"

    def get(self, key):
        return self._objects[key]
