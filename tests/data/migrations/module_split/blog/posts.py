import lib.utils


class Post:
    def __init__(self, title, published, tags=()):
        self.title = title
        self.slug = lib.utils.slugify(title)
        self.published = lib.utils.parse_date(published)
        self.tags = lib.utils.untouched_helper(list(tags))


def make_post(title, published="2024-01-31", tags=()):
    return Post(title, published, tags)
