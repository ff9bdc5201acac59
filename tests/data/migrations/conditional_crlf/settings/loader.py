import json


def read_config(text, *, defaults=None):
    config = dict(defaults or {})
    config.update(json.loads(text))
    return config
