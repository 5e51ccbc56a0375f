"""All websocket routes. Each app that serves websockets adds its own list here."""

from meetings.routing import websocket_urlpatterns as meeting_routes

websocket_urlpatterns = [*meeting_routes]
