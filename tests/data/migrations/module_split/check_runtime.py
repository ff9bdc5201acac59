"""Behaviour the migration must keep (runs before and after it)."""

import datetime
import logging

from blog import archive, compat, feeds, posts, tags
from tests import test_posts

post = posts.make_post("Ten Tips: Python!", "2023-05-06", ["py", "", "tips"])
assert post.slug == "ten-tips-python"
assert post.published == datetime.date(2023, 5, 6)
assert post.tags == ["py", "tips"]

assert feeds.feed_entry("A B", " 2024-02-29 ", ["x", None]) == {
    "id": "a-b",
    "updated": "2024-02-29",
    "categories": ["x"],
}
assert archive.by_year([("one", "2022-01-01"), ("two", "2021-03-04"), ("three", "2022-12-31")]) == {
    2021: ["two"],
    2022: ["one", "three"],
}
assert tags.tag_slug("Machine Learning") == "machine-learning"
assert tags.tag_slugs(["C++", "Rust"]) == ["c", "rust"]

# mock.patch targets the path the code looks the function up through.
assert test_posts.test_slug_comes_from_slugify() == "fixed-slug"
assert test_posts.test_real_slug() == "hello-world"


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


capture = Capture()
compat.log.addHandler(capture)
compat.log.setLevel(logging.DEBUG)
assert compat.slugify_notice() == "lib.utils.slugify has moved to lib.text.slugify"
assert capture.messages == [
    "lib.utils.slugify is deprecated; use lib.text.slugify",
    "lib.utils.slugify has moved to lib.text.slugify",
]
assert sorted(compat.MOVED) == ["lib.utils.parse_date", "lib.utils.slugify"]

print("ok")

# Plain imports only: both names move out of `import lib.utils`.
from blog import digest, slugs

assert digest.digest_line("Hello, World", "2024-03-01") == "2024-03-01 hello-world"
# After `del slugify`, the later use must not come to rely on the deleted name.
assert slugs.is_reserved("log in") and not slugs.is_reserved("blog")
assert not hasattr(slugs, "slugify")
