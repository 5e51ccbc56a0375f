"""The live path under load and faults, in one process: the pub/sub layer's bounded queues and
loss notices (project/channel_layer.py), the consumer's answers to them, the "druk" reply,
a broadcast that cannot be sent, and the session keep-alive written at most once a minute."""

import json
from datetime import timedelta

import pytest
import redis
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone

from meetings import events, live
from meetings.models import Meeting, MeetingEvent
from project import channel_layer
from project.auth import live_session
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import WAIT, current_seq, db, items_of, join

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_channel_layer"),
]


async def _open_first_item(meeting):
    items = await db(items_of, meeting)
    await db(Meeting.objects.filter(pk=meeting.pk).update, current_item=items[0])


def _post_unannounced(meeting_pk: int, actor, body: str) -> int:
    """A message recorded without its broadcast (as if the doorbell never rang); its seq."""
    with events.collected_broadcasts() as kept:
        event = live.message_post(actor=actor, meeting=meeting_pk, body=body)
    assert len(kept) == 1
    return event.seq


def _loop_layer():
    return get_channel_layer()._get_layer()


async def _closed_with(client) -> int:
    while True:
        output = await client.ws.receive_output(timeout=WAIT)
        if output["type"] == "websocket.close":
            return output["code"]


async def test_a_full_queue_is_replaced_by_one_overflow_notice(redis_layer):
    layer = get_channel_layer()
    channel = await layer.new_channel()
    loop_layer = _loop_layer()
    for n in range(loop_layer.capacity + 5):
        loop_layer.deliver(channel, layer.serialize({"type": "event.broadcast", "seq": n}))
    # The 1001st emptied the queue for one notice; the four after it wait behind that notice
    # (the consumer's catch-up covers them, so it skips them by sequence number).
    assert loop_layer.channels[channel].qsize() == 5
    assert await layer.receive(channel) == {"type": channel_layer.OVERFLOW}
    assert await layer.receive(channel) == {
        "type": "event.broadcast",
        "seq": loop_layer.capacity + 1,
    }


async def test_an_overflowed_socket_catches_up_from_the_record(redis_layer, live_meeting, bram):
    await _open_first_item(live_meeting)
    client = await join(bram, live_meeting.pk, last_seq=0)
    await client.until_seq(await db(current_seq, live_meeting.pk))
    missed = await db(_post_unannounced, live_meeting.pk, bram, "Niet aangekondigd")
    loop_layer = _loop_layer()
    for queue in loop_layer.channels.values():
        loop_layer._replace_with(queue, channel_layer.OVERFLOW)
    await client.until_seq(missed)
    assert [e["seq"] for e in client.events if e["seq"] >= missed] == [missed]
    await client.close()


async def test_a_lost_layer_closes_sockets_to_reconnect_and_catch_up(
    redis_layer, live_meeting, bram
):
    client = await join(bram, live_meeting.pk, last_seq=0)
    _loop_layer().lost()
    assert await _closed_with(client) == 1012  # service restart: the page reconnects


async def test_a_dropped_redis_connection_is_noticed_by_the_sockets(
    redis_layer, live_meeting, bram
):
    """redis-py reconnects and re-subscribes by itself; what was published in between is gone,
    so the layer tells its sockets, and they close to catch up on reconnect."""
    client = await join(bram, live_meeting.pk, last_seq=0)
    name = settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["client_name"]
    admin = redis.Redis.from_url(settings.REDIS_URL)
    killed = 0
    for entry in admin.client_list(_type="pubsub"):
        if entry.get("name") == name:
            killed += admin.client_kill_filter(_id=entry["id"])
    admin.close()
    assert killed >= 1
    assert await _closed_with(client) == 1012


async def test_a_busy_process_says_so_and_applies_nothing(live_meeting, bram, settings):
    await _open_first_item(live_meeting)
    client = await join(bram, live_meeting.pk, last_seq=0)
    before = await db(MeetingEvent.objects.count)
    settings.LIVE_MAX_WAITING_ACTIONS = 0
    reply = await client.act("message.post", {"body": "Te druk"}, client_id="druk-1")
    assert reply["type"] == "error" and reply["code"] == "busy"
    assert reply["client_id"] == "druk-1"
    assert "druk" in reply["message"]
    assert await db(MeetingEvent.objects.count) == before
    settings.LIVE_MAX_WAITING_ACTIONS = 200
    reply = await client.act("message.post", {"body": "Te druk"}, client_id="druk-1")
    assert reply["type"] == "ack"
    await client.close()


@override_settings(
    CHANNEL_LAYERS={
        "default": {
            "BACKEND": "project.channel_layer.LiveChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:1/0"}]},
        }
    }
)
def test_an_action_stands_when_its_broadcast_cannot_be_sent(live_meeting, bram, caplog):
    from channels.layers import channel_layers

    channel_layers.backends.pop("default", None)
    Meeting.objects.filter(pk=live_meeting.pk).update(current_item=items_of(live_meeting)[0])
    # Outside a test transaction the broadcast runs at once, after the commit.
    event = live.message_post(actor=bram, meeting=live_meeting.pk, body="Zonder deurbel")
    channel_layers.backends.pop("default", None)
    assert f"Broadcast of meeting event {live_meeting.pk}#{event.seq} failed" in caplog.text
    assert MeetingEvent.objects.filter(pk=event.pk).exists()
    stored = events.events_since(live_meeting.pk, event.seq - 1)
    assert json.loads(stored[0][1])["event"] == "message.posted"


def test_the_keep_alive_writes_the_session_at_most_once_a_minute(live_meeting, bram):
    client = live_fixtures.login_client(bram)
    key = client.session.session_key
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    recent = timezone.now() + age - timedelta(seconds=30)
    Session.objects.filter(session_key=key).update(expire_date=recent)
    live_session(bram.pk, key, keep_alive=True)
    assert Session.objects.get(session_key=key).expire_date == recent
    old = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=old)
    _, expires = live_session(bram.pk, key, keep_alive=True)
    assert Session.objects.get(session_key=key).expire_date == expires > old + age / 2
