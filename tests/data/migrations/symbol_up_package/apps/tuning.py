import core.internal.engine as eng


def tuned(name):
    return eng.Engine(name, workers=eng.DEFAULT_WORKERS * 2)
