from .internal.engine import Engine


def run_job(job, name="default"):
    return Engine(name).run(job)
