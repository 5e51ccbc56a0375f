"""`manage.py serve [uvicorn options]`: start uvicorn on the ASGI app with the server limits that
belong to the app's settings, so they live in one place.

The websocket frame limit (--ws-max-size) is LIVE_MAX_MESSAGE_BYTES: a larger message is refused
by the server before it is read, instead of being read whole and then refused by the consumer.
Every other option goes to uvicorn unchanged (`make run` and the production command pass theirs).
"""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


def uvicorn_argv(options: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "project.asgi:application",
        "--ws-max-size",
        str(settings.LIVE_MAX_MESSAGE_BYTES),
        *options,
    ]


class Command(BaseCommand):
    help = "Start uvicorn with the app's websocket frame limit; other options go to uvicorn."

    def run_from_argv(self, argv):
        # Not Django's option parser: the options are uvicorn's, passed through as given.
        argv = uvicorn_argv(argv[2:])
        os.execv(argv[0], argv)  # noqa: S606 (become uvicorn; its options are the operator's)
