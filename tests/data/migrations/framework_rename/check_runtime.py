"""Behaviour the rename must keep (runs before and after the migration)."""

from app import admin, reports, search, sync, views

assert views.profile(1) == "<h1>ada</h1>"
assert views.profile(99) == "<h1>anonymous</h1>"
assert views.all_names() == ["ada", "grace", "linus"]
assert views.cached_profile(7) == "cached"
assert views.render_with(lambda uid: {"name": f"stub{uid}"}, 5) == "stub5"
assert views.make_loader("@")(2) == "@grace"
assert views.ProfileView().get(3) == {
    "template": "profile.html",
    "user": {"id": 3, "name": "linus", "admin": False},
}

assert admin.admins() == [1]
assert admin.display_name(2) == "Grace"
assert admin.display_name(42) == "?"

assert reports.name_lengths([1, 3]) == {1: 3, 3: 5}
assert sync.export_users([1, 2]) == "1,ada\n2,grace"
assert search.find_by_name("linus", [1, 2, 3]) == 3
assert search.exists(2) is True
assert search.exists(9) is False

print("ok")
