from .engine import Engine


def schedule(jobs, workers=2):
    engine = Engine("scheduler", workers=workers)
    return [engine.run(job) for job in jobs]
