class Theme:
    def __init__(self, name, accent):
        self.name = name
        self.accent = accent


def default_theme():
    return Theme("light", "#0055ff")
