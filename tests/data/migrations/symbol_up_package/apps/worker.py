def start(workers):
    # Imported here: importing core at module level would be a cycle for apps.
    from core.internal.engine import Engine

    engine = Engine("worker", workers=workers)
    return engine.run(lambda e: f"{e.name} x{e.workers}")


class Pool:
    def engines(self, count):
        from core.internal.engine import Engine as CoreEngine

        return [CoreEngine(f"pool-{i}") for i in range(count)]
