"""Websocket limits per person, not per connection, shared by every process through the cache
(Redis when REDIS_URL is set; the database cache in the embedded single process).

- Messages: at most LIVE_THROTTLE_MESSAGES per LIVE_THROTTLE_SECONDS per user per meeting, counted
  across all of that user's connections (a fixed window: a counter that expires).
- Connections: at most LIVE_MAX_CONNECTIONS open at once per user per meeting. Each connection
  holds one of that many slots, renewed by the socket's periodic access re-check and released
  on disconnect; a slot of a process that died expires after LIVE_CONNECTION_SLOT_SECONDS.
"""

import time

from django.conf import settings
from django.core.cache import cache


def take_message(user_pk: int, meeting_pk: int) -> bool:
    """Count one message; False when the user is over their share for this window."""
    window = settings.LIVE_THROTTLE_SECONDS
    key = f"live:messages:{meeting_pk}:{user_pk}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr: this is its first message
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return count <= settings.LIVE_THROTTLE_MESSAGES


def _slot_keys(user_pk: int, meeting_pk: int) -> list[str]:
    return [
        f"live:connection:{meeting_pk}:{user_pk}:{n}" for n in range(settings.LIVE_MAX_CONNECTIONS)
    ]


def claim_connection(user_pk: int, meeting_pk: int, channel_name: str) -> str | None:
    """A free connection slot for this socket (its key), or None when all are taken."""
    for key in _slot_keys(user_pk, meeting_pk):
        if cache.add(key, channel_name, timeout=settings.LIVE_CONNECTION_SLOT_SECONDS):
            return key
    return None


def renew_connection(key: str, channel_name: str) -> None:
    """Keep the slot while the socket lives (it expires on its own when a process dies)."""
    if cache.get(key) == channel_name:
        cache.touch(key, timeout=settings.LIVE_CONNECTION_SLOT_SECONDS)


def release_connection(key: str, channel_name: str) -> None:
    if cache.get(key) == channel_name:
        cache.delete(key)
