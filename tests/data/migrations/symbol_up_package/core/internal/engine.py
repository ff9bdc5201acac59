DEFAULT_WORKERS = 4


class Engine:
    def __init__(self, name, workers=DEFAULT_WORKERS):
        self.name = name
        self.workers = workers
        self.plugins = []

    def run(self, job):
        result = job(self)
        for plugin in self.plugins:
            result = plugin(result)
        return result

    def __repr__(self):
        return f"Engine({self.name!r}, workers={self.workers})"
