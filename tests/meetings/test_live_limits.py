"""Websocket limits per person, not per connection: one message budget per person per meeting
over all their connections, a few connections at most, frames no larger than the app accepts
(refused by the server before they are read), and nesting that cannot break the parser."""

import asyncio
import json
import sys

import pytest
import websockets
from django.conf import settings

from meetings.models import Meeting, Message
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import (
    db,
    items_of,
    join,
    open_socket,
    session_cookie,
    session_headers,
)
from tests.meetings.test_two_processes import WAIT, Server

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer
FOREVER = 10**9  # a throttle window no test outlives


def _open_first_item(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(current_item=items_of(meeting)[0])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
class TestOverTheSocket:
    async def test_the_message_throttle_counts_a_person_across_their_connections(
        self, live_meeting, bram, carla, settings
    ):
        settings.LIVE_THROTTLE_SECONDS = FOREVER
        settings.LIVE_THROTTLE_MESSAGES = 5
        await db(_open_first_item, live_meeting)
        laptop = await join(bram, live_meeting.pk)
        phone = await join(bram, live_meeting.pk, present=False)
        replies = []
        for device, name in ((laptop, "laptop"), (phone, "phone")):
            for n in range(3):
                body = {"body": f"{name} {n}"}
                replies.append(await device.act("message.post", body, f"{name}{n}"))
        assert [r["type"] for r in replies] == ["ack"] * 5 + ["error"]
        assert replies[-1]["code"] == "throttled"
        assert await db(Message.objects.count) == 5
        # Someone else's budget is their own.
        other = await join(carla, live_meeting.pk)
        assert (await other.act("hand.raise"))["type"] == "ack"
        for client in (laptop, phone, other):
            await client.close()

    async def test_a_person_may_open_only_a_few_connections_to_one_meeting(
        self, live_meeting, bram, carla, settings
    ):
        settings.LIVE_MAX_CONNECTIONS = 2
        first = await join(bram, live_meeting.pk)
        second = await join(bram, live_meeting.pk, present=False)
        headers = await db(session_headers, bram)
        _ws, connected, code = await open_socket(live_meeting.pk, headers)
        assert (connected, code) == (False, 4429)
        other = await join(carla, live_meeting.pk)
        await second.close()
        third = await join(bram, live_meeting.pk, present=False)
        for client in (first, third, other):
            await client.close()

    @pytest.mark.parametrize(
        "raw",
        [
            "[" * 10_000,
            '{"type": "message.post", "data": {"body": ' + "[" * 10_000 + "}}",
            '{"a": ' * 2_000 + "1" + "}" * 2_000,
        ],
        ids=["list", "in-data", "objects"],
    )
    async def test_deeply_nested_json_is_a_clean_malformed_reply(self, live_meeting, bram, raw):
        assert len(raw.encode()) <= settings.LIVE_MAX_MESSAGE_BYTES  # read, then parsed
        member = await join(bram, live_meeting.pk)
        await member.ws.send_to(text_data=raw)
        reply = await member.reply()
        assert (reply["type"], reply["code"]) == ("error", "malformed")
        assert (await member.act("hand.raise"))["type"] == "ack"  # the connection lives on
        await member.close()

    async def test_nesting_beyond_the_message_limit_is_refused_unread(self, live_meeting, bram):
        member = await join(bram, live_meeting.pk)
        await member.ws.send_to(text_data="[" * 100_000)
        reply = await member.reply()
        assert (reply["type"], reply["code"]) == ("error", "too_large")
        assert (await member.act("hand.raise"))["type"] == "ack"
        await member.close()


def test_the_server_refuses_a_frame_larger_than_the_apps_message_limit(
    postgresql, redis_layer, transactional_db, live_meeting, bram
):
    """`manage.py serve` (make run, production) gives uvicorn the app's limit as its own."""
    server = Server(launcher=(sys.executable, "manage.py", "serve"))
    limit = settings.LIVE_MAX_MESSAGE_BYTES
    cookie = session_cookie(bram)

    async def scenario() -> tuple[dict, int]:
        async with websockets.connect(
            server.url(live_meeting.pk),
            additional_headers=[("Cookie", cookie), ("Origin", "http://127.0.0.1")],
            max_size=None,
        ) as ws:
            await ws.send("x" * limit)  # as large as the app takes: read, and answered
            while (reply := json.loads(await asyncio.wait_for(ws.recv(), WAIT)))["type"] == "event":
                pass
            await ws.send("x" * (limit + 1))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                while True:
                    await asyncio.wait_for(ws.recv(), WAIT)
            return reply, closed.value.rcvd.code

    try:
        server.wait_ready()
        reply, code = asyncio.run(scenario())
    finally:
        server.stop()
    assert (reply["type"], reply["code"]) == ("error", "malformed")
    assert code == 1009  # message too big
