"""The bare baseline for bench_live.py: a Channels consumer that only group_sends what it
receives (no database, no rendering, no auth): the framework's own fan-out cost."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_live_settings")

import django

django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import URLRouter  # noqa: E402
from django.urls import re_path  # noqa: E402

GROUP = "bench.bare"


class BareConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()
        await self.send(text_data='{"type":"ready"}')

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        await self.channel_layer.group_send(GROUP, {"type": "relay", "text": text_data})

    async def relay(self, message):
        await self.send(text_data=message["text"])


application = URLRouter([re_path(r"^ws/", BareConsumer.as_asgi())])
