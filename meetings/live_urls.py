"""URLs of the live meeting, merged into the meetings namespace by meetings/urls.py."""

from django.urls import path

from meetings import live_views

urlpatterns: list = [
    path("<int:pk>/live/", live_views.live_page, name="live"),
    path("<int:pk>/live/actie/", live_views.action, name="live_action"),
    path("<int:pk>/live/afsluiten/", live_views.close, name="close"),
    path("<int:pk>/notulen/", live_views.minutes, name="minutes"),
    path("<int:pk>/gesprek/", live_views.thread, name="thread"),
    path(
        "<int:pk>/berichten/<int:message_pk>/verwijderen/",
        live_views.message_redact,
        name="message_redact",
    ),
]
