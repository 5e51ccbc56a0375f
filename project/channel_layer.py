"""The live channel layer: Redis pub/sub, one PUBLISH per group message, bounded, and honest
about what it cannot deliver.

channels-redis' pub/sub layer publishes a group message once and fans it out inside each
process, where the core layer pushes it into one Redis list per member (cost members x
processes). It keeps no queue in Redis: what is published while a process is not subscribed is
gone. The live meeting can afford that because the database is the record and the layer only
the doorbell (meetings/events.py): a consumer that may have missed something catches up by
sequence number. This subclass makes the two ways of missing something visible to it:

- Each consumer's queue is bounded (`capacity`). A queue that would overflow is emptied and
  given one `layer.overflow` message: the consumer re-checks access and catches up from the
  database. Memory stays bounded however slow a client is, and nothing is lost.
- When the connection to Redis fails (or is silently re-established: redis-py reconnects and
  re-subscribes by itself, but what was published meanwhile is gone), every consumer of the
  process gets `layer.lost`. The live consumer closes with 1012 (service restart); the page
  says it is reconnecting, reconnects with its last sequence number and catches up.

Both messages are delivered in-process only; nothing about them crosses Redis.
"""

import asyncio
import logging

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close, create_pool
from redis import asyncio as aioredis
from redis.asyncio.client import PubSub

logger = logging.getLogger(__name__)

OVERFLOW = "layer.overflow"
LOST = "layer.lost"


class LiveChannelLayer(RedisPubSubChannelLayer):
    """RedisPubSubChannelLayer with bounded queues and loss notices (one layer per event loop)."""

    def __init__(self, *args, capacity: int = 1000, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity

    def _get_layer(self):
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = LiveLoopLayer(
                *self._args, **self._kwargs, channel_layer=self, capacity=self.capacity
            )
            self._layers[loop] = layer
            _wrap_close(self, loop)
            return layer


class LiveLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args, capacity: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity
        self._shards = [LiveShardConnection(shard.host, self) for shard in self._shards]

    async def _subscribe_to_channel(self, channel):
        self.channels[channel] = asyncio.Queue(maxsize=self.capacity)
        await self._get_shard(channel).subscribe(channel)

    def deliver(self, channel: str, data: bytes) -> None:
        queue = self.channels.get(channel)
        if queue is None:
            return
        try:
            queue.put_nowait(data)
        except asyncio.QueueFull:
            self._replace_with(queue, OVERFLOW)

    def lost(self) -> None:
        """Redis went away or came back: whatever was published meanwhile is gone."""
        if self.channels:
            logger.warning("Channel layer lost Redis; %d consumers told", len(self.channels))
        for queue in list(self.channels.values()):
            self._replace_with(queue, LOST)

    def _replace_with(self, queue: asyncio.Queue, notice: str) -> None:
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(self.channel_layer.serialize({"type": notice}))


class WatchedPubSub(PubSub):
    """redis-py's PubSub, telling its layer about every reconnect (the gap it leaves)."""

    def __init__(self, *args, on_gap, **kwargs):
        super().__init__(*args, **kwargs)
        self._on_gap = on_gap
        self._connected_before = False

    async def on_connect(self, connection):
        await super().on_connect(connection)
        if self._connected_before:
            self._on_gap()
        self._connected_before = True

    async def _reconnect(self, *args, **kwargs):
        self._on_gap()
        return await super()._reconnect(*args, **kwargs)


class LiveShardConnection(RedisSingleShardConnection):
    def _ensure_redis(self):
        if self._redis is None:
            self._redis = aioredis.Redis(connection_pool=create_pool(self.host))
            pool = self._redis.connection_pool
            self._pubsub = WatchedPubSub(pool, on_gap=self.channel_layer.lost)

    def _receive_message(self, message):
        if message is None:
            return
        name = message["channel"]
        if isinstance(name, bytes):
            name = name.decode()
        layer = self.channel_layer
        if name in layer.channels:
            layer.deliver(name, message["data"])
        else:
            for channel in list(layer.groups.get(name, ())):
                layer.deliver(channel, message["data"])

    async def _do_receiving(self):
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=0.1
                    )
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (TimeoutError, asyncio.CancelledError, GeneratorExit):
                raise
            except Exception:
                logger.warning("Channel layer cannot read from Redis; retrying", exc_info=True)
                self.channel_layer.lost()
                await asyncio.sleep(0.5)
