from unittest.mock import patch

from blog import posts


def test_slug_comes_from_slugify():
    with patch("lib.utils.slugify", return_value="fixed-slug") as slugify:
        post = posts.make_post("Hello, World!")
    slugify.assert_called_once_with("Hello, World!")
    return post.slug


def test_real_slug():
    return posts.make_post("Hello, World!").slug
