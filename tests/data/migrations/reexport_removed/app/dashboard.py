from ui import Widget


def build():
    root = Widget("dashboard")
    root.add(Widget("chart"))
    return root
