"""Nothing lost, nothing doubled: a client that drops mid-stream catches up by sequence number,
a resend with the same client id is applied once, and a broadcast the layer lost is filled in
from the record."""

from unittest import mock

import pytest

from meetings import events
from meetings.models import Meeting, Message
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import current_seq, db, items_of, join

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_channel_layer"),
]


async def _open_first_item(meeting):
    items = await db(items_of, meeting)
    await db(Meeting.objects.filter(pk=meeting.pk).update, current_item=items[0])


def _assert_every_event_once_in_order(events, upto):
    seqs = [event["seq"] for event in events]
    assert seqs == list(range(seqs[0], upto + 1)), seqs


async def test_client_that_drops_mid_stream_catches_up_with_every_event_once_in_order(
    live_meeting, anna, bram, carla
):
    await _open_first_item(live_meeting)
    chair = await join(anna, live_meeting.pk, last_seq=0)
    poster = await join(carla, live_meeting.pk, last_seq=0)
    dropper = await join(bram, live_meeting.pk, last_seq=0)
    for n in range(5):
        await poster.act("message.post", {"body": f"voor {n}"}, client_id=f"a{n}")
    await dropper.until_seq(await db(current_seq, live_meeting.pk))
    seen = dropper.events[-1]["seq"]
    await dropper.close()

    for n in range(10):
        await poster.act("message.post", {"body": f"tijdens {n}"}, client_id=f"b{n}")
        await chair.act("message.post", {"body": f"voorzitter {n}"}, client_id=f"c{n}")

    back = await join(bram, live_meeting.pk, last_seq=seen)
    for n in range(5):
        await poster.act("message.post", {"body": f"na {n}"}, client_id=f"d{n}")
    final = await db(current_seq, live_meeting.pk)
    await back.until_seq(final)

    events = dropper.events + back.events
    _assert_every_event_once_in_order(events, final)
    assert events[0]["seq"] == 1
    bodies = [e["data"]["html"] for e in events if e["event"] == "message.posted"]
    assert len(bodies) == await db(Message.objects.count) == 30
    for client in (chair, poster, back):
        await client.close()


async def test_resend_with_the_same_client_id_is_applied_once(live_meeting, bram):
    await _open_first_item(live_meeting)
    member = await join(bram, live_meeting.pk)
    first = await member.act("message.post", {"body": "Eén keer"}, client_id="same-id")
    await member.close()
    member = await join(bram, live_meeting.pk)
    again = await member.act("message.post", {"body": "Eén keer"}, client_id="same-id")
    assert first["type"] == again["type"] == "ack"
    assert first["seq"] == again["seq"]
    assert await db(Message.objects.count) == 1
    await member.close()


async def test_a_broadcast_lost_by_the_channel_layer_is_filled_in_from_the_record(
    live_meeting, anna, bram
):
    await _open_first_item(live_meeting)
    member = await join(bram, live_meeting.pk)
    chair = await join(anna, live_meeting.pk)
    with mock.patch.object(events, "_broadcast"):
        lost = await chair.act("message.post", {"body": "verloren aankondiging"})
    found = await chair.act("message.post", {"body": "volgende"})
    await member.until_seq(found["seq"])
    tail = [event["seq"] for event in member.events[-2:]]
    assert tail == [lost["seq"], found["seq"]]
    _assert_every_event_once_in_order(member.events, found["seq"])
    await member.close()
    await chair.close()
