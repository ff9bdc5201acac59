class Widget:
    kind = "widget"

    def __init__(self, label="", theme=None):
        self.label = label
        self.theme = theme
        self.children = []

    def add(self, child):
        self.children.append(child)
        return child

    def render(self):
        accent = self.theme.accent if self.theme else "none"
        inner = "".join(child.render() for child in self.children)
        return f"<{self.kind} label={self.label!r} accent={accent}>{inner}</{self.kind}>"
