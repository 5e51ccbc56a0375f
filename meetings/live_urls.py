"""URLs of the live meeting, merged into the meetings namespace by meetings/urls.py."""

urlpatterns: list = []
