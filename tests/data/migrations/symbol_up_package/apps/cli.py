import sys

try:
    from core.internal.engine import Engine
except ImportError:  # core < 2.0 had no internal package
    Engine = None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if Engine is None:
        return "core not installed"
    engine = Engine(argv[0] if argv else "cli")
    return repr(engine)
