"""The live meeting's websocket route (included by project/routing.py)."""

from django.urls import path

from meetings.consumers import MeetingConsumer

websocket_urlpatterns = [
    path("ws/besprekingen/<int:pk>/", MeetingConsumer.as_asgi()),
]
