from lib import utils


def tag_slug(text):
    return utils.slugify(text)


def tag_slugs(names):
    return [tag_slug(name) for name in names]
