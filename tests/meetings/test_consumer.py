"""The live meeting's websocket, through the real ASGI stack: who gets in, every action, and
every refusal. A refusal changes nothing: the meeting's sequence number stays where it was."""

import pytest
from guardian.shortcuts import remove_perm

from groups import services as group_services
from groups.models import Membership
from groups.permissions import VIEW_CONTENT_PERM
from meetings.models import AgendaItem, AgreedMeasure, HandRaise, Meeting, MeetingEvent, Message
from tests.conftest import enrol_totp
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import (
    current_seq,
    db,
    items_of,
    join,
    open_socket,
    session_headers,
)

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_channel_layer"),
]


# Who gets in.


async def test_anonymous_connection_is_refused(live_meeting):
    _ws, connected, code = await open_socket(live_meeting.pk, [(b"origin", b"http://testserver")])
    assert (connected, code) == (False, 4401)


async def test_origin_outside_allowed_hosts_is_refused(live_meeting, bram):
    headers = await db(session_headers, bram, origin="https://evil.example")
    _ws, connected, _code = await open_socket(live_meeting.pk, headers)
    assert connected is False


@pytest.mark.parametrize("persona", ["dirk", "erik"])
async def test_outsider_and_unsigned_member_are_refused(live_meeting, meeting_world, persona):
    headers = await db(session_headers, meeting_world.persona(persona))
    _ws, connected, code = await open_socket(live_meeting.pk, headers)
    assert (connected, code) == (False, 4403)


async def test_session_without_the_second_factor_is_refused(live_meeting, bram):
    await db(enrol_totp, bram)
    headers = await db(session_headers, bram, second_factor=False)
    _ws, connected, code = await open_socket(live_meeting.pk, headers)
    assert (connected, code) == (False, 4401)


async def test_cancelled_meeting_is_refused(live_meeting, bram):
    await db(Meeting.objects.filter(pk=live_meeting.pk).update, status=Meeting.Status.CANCELLED)
    headers = await db(session_headers, bram)
    _ws, connected, code = await open_socket(live_meeting.pk, headers)
    assert (connected, code) == (False, 4403)


async def test_member_who_joins_is_announced_to_everyone(live_meeting, anna, bram):
    chair = await join(anna, live_meeting.pk)
    member = await join(bram, live_meeting.pk, last_seq=await db(current_seq, live_meeting.pk))
    joined = await chair.until_event("member.joined")
    assert joined["data"]["target"] == f"present-{bram.pk}"
    assert "Bram" in joined["data"]["html"]
    await member.close()
    left = await chair.until_event("member.left")
    assert left["data"]["remove"] == f"present-{bram.pk}"
    await chair.close()


# Every action, as the chair or a member; each reaches the others as one numbered event.


async def test_chair_starts_a_scheduled_meeting(meeting_world, anna, bram):
    meeting = meeting_world.meeting
    member = await join(bram, meeting.pk)
    chair = await join(anna, meeting.pk)
    reply = await chair.act("meeting.start", {"early": True}, client_id="start-1")
    assert reply["type"] == "ack"
    started = await member.until_event("meeting.started")
    assert started["seq"] == reply["seq"]
    assert started["data"]["status"] == "live"
    assert (await db(Meeting.objects.get, pk=meeting.pk)).status == Meeting.Status.LIVE
    await chair.close()
    await member.close()


def _chair_cases(items):
    first, _second = items
    return [
        ("item.open", {"item_id": first.pk}, "item.opened"),
        ("item.move", {"direction": "next"}, "item.opened"),
        ("item.mark", {"item_id": first.pk, "discussion": "discussed"}, "item.marked"),
        ("result.record", {"item_id": first.pk, "result": "Dubbele controle."}, "result.recorded"),
        ("meeting.close", {"confirmed": True}, "meeting.closed"),
    ]


@pytest.mark.parametrize("case", range(5))
async def test_chair_actions_reach_every_member(live_meeting, anna, bram, case):
    items = await db(items_of, live_meeting)
    await db(Meeting.objects.filter(pk=live_meeting.pk).update, current_item=items[0])
    kind, data, event = _chair_cases(items)[case]
    member = await join(bram, live_meeting.pk)
    chair = await join(anna, live_meeting.pk)
    reply = await chair.act(kind, data, client_id=f"c-{case}")
    assert reply["type"] == "ack", reply
    received = await member.until_event(event)
    assert received["seq"] == reply["seq"]
    assert received["data"]["announce"]
    meeting = await db(Meeting.objects.get, pk=live_meeting.pk)
    item = await db(AgendaItem.objects.get, pk=items[0].pk)
    if kind == "item.move":
        assert meeting.current_item_id == items[1].pk
    elif kind == "item.open":
        assert meeting.current_item_id == items[0].pk
    elif kind == "item.mark":
        assert item.discussion == AgendaItem.Discussion.DISCUSSED
    elif kind == "result.record":
        assert item.result == "Dubbele controle." and item.result_recorded_at is not None
    else:
        assert meeting.status == Meeting.Status.CLOSED
        assert received["data"]["minutes_url"].endswith(f"/{meeting.pk}/notulen/")
    await chair.close()
    await member.close()


async def test_members_post_propose_and_raise_hands_and_the_chair_answers(
    live_meeting, anna, bram, carla
):
    items = await db(items_of, live_meeting)
    chair = await join(anna, live_meeting.pk)
    await chair.act("item.open", {"item_id": items[0].pk})
    member = await join(bram, live_meeting.pk)
    other = await join(carla, live_meeting.pk)

    reply = await other.act("message.post", {"body": "Wat <b>zag</b> je?<script>x()</script>"})
    posted = await member.until_event("message.posted")
    assert posted["seq"] == reply["seq"]
    assert await db(Message.objects.get) and "<script>" not in posted["data"]["html"]
    assert posted["data"]["container"] == f"thread-{items[0].pk}"

    await member.act("measure.propose", {"description": "Dubbele controle", "due_on": "2026-09-01"})
    proposed = await other.until_event("measure.proposed")
    measure = await db(AgreedMeasure.objects.get)
    assert measure.owner_id == bram.pk  # the item's owner by default
    assert proposed["data"]["target"] == f"measure-{measure.pk}"

    assert (
        await chair.act(
            "measure.edit",
            {"measure_id": measure.pk, "description": "Vier ogen", "owner_id": carla.pk},
        )
    )["type"] == "ack"
    assert (await chair.act("measure.confirm", {"measure_id": measure.pk}))["type"] == "ack"
    agreed = await member.until_event("measure.agreed")
    measure = await db(AgreedMeasure.objects.get)
    assert (measure.description, measure.owner_id, measure.status) == (
        "Vier ogen",
        carla.pk,
        "agreed",
    )
    assert "Vier ogen" in agreed["data"]["html"]

    await member.act("hand.raise")
    await other.act("hand.raise")
    raised = await chair.until_event("hand.raised")
    hands = await db(lambda: list(HandRaise.objects.order_by("raised_at", "pk")))
    assert [h.user_id for h in hands] == [bram.pk, carla.pk]
    assert raised["data"]["target"] == "live-hands"
    assert (await member.act("hand.raise"))["type"] == "error"  # one open hand per member
    assert (await chair.act("hand.give", {"hand_id": hands[0].pk}))["type"] == "ack"
    assert (await chair.act("hand.clear", {"hand_id": hands[0].pk}))["type"] == "ack"
    assert (await other.act("hand.clear"))["type"] == "ack"  # carla lowers her own hand
    assert not await db(HandRaise.objects.filter(cleared_at__isnull=True).exists)
    for client in (chair, member, other):
        await client.close()


# Refusals: each answers with an error and changes nothing.

CHAIR_ACTIONS = [
    ("item.open", lambda items: {"item_id": items[0].pk}),
    ("item.move", lambda items: {"direction": "next"}),
    ("item.mark", lambda items: {"item_id": items[0].pk, "discussion": "skipped"}),
    ("result.record", lambda items: {"item_id": items[0].pk, "result": "Nee"}),
    ("measure.edit", lambda items: {"measure_id": items[2], "description": "Nee"}),
    ("measure.confirm", lambda items: {"measure_id": items[2]}),
    ("hand.give", lambda items: {"hand_id": items[3]}),
    ("hand.clear", lambda items: {"hand_id": items[3]}),
    ("meeting.close", lambda items: {"confirmed": True}),
    ("meeting.start", lambda items: {"early": True}),
    ("meeting.reopen", lambda items: {}),
]


def _refusal_world(meeting, anna, bram):
    items = items_of(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(current_item=items[0])
    measure = AgreedMeasure.objects.create(
        item=items[0], description="x", owner=bram, proposed_by=bram
    )
    hand = HandRaise.objects.create(meeting=meeting, user=anna)
    return [*items, measure.pk, hand.pk]


@pytest.mark.parametrize("kind,data", CHAIR_ACTIONS, ids=[k for k, _ in CHAIR_ACTIONS])
async def test_plain_member_cannot_do_a_chair_action(live_meeting, anna, bram, kind, data):
    refs = await db(_refusal_world, live_meeting, anna, bram)
    member = await join(bram, live_meeting.pk)
    before = await db(current_seq, live_meeting.pk)
    reply = await member.act(kind, data(refs), client_id="x1")
    assert (reply["type"], reply["code"], reply["client_id"]) == ("error", "not_found", "x1")
    assert await db(current_seq, live_meeting.pk) == before
    assert not await db(MeetingEvent.objects.filter(client_id="x1").exists)
    await member.close()


async def test_member_removed_during_the_meeting_is_disconnected_and_refused(
    live_meeting, anna, bram
):
    member = await join(bram, live_meeting.pk)
    membership = await db(Membership.objects.get, user=bram, group=live_meeting.group)
    await db(group_services.membership_remove, actor=anna, membership=membership)
    assert (await member.ws.receive_output(timeout=10))["type"] == "websocket.close"
    headers = await db(session_headers, bram)
    _ws, connected, code = await open_socket(live_meeting.pk, headers)
    assert (connected, code) == (False, 4403)


async def test_member_who_lost_the_signature_mid_meeting_is_refused_per_message(
    live_meeting, anna, bram
):
    member = await join(bram, live_meeting.pk)
    # Taken away without ringing the sockets' doorbell: the message itself is checked.
    await db(remove_perm, VIEW_CONTENT_PERM, bram, live_meeting.group)
    reply = await member.act("hand.raise")
    assert reply["code"] == "not_found"
    assert not await db(HandRaise.objects.exists)
    assert await member.ws.receive_output(timeout=10) == {"type": "websocket.close", "code": 4412}


async def test_closed_meeting_is_read_only_but_catches_up(live_meeting, anna, bram):
    chair = await join(anna, live_meeting.pk)
    await chair.act("meeting.close", {"confirmed": True})
    await chair.close()
    reader = await join(bram, live_meeting.pk, last_seq=0, present=False)
    seq = await db(current_seq, live_meeting.pk)
    await reader.until_seq(seq)
    assert [e["seq"] for e in reader.events] == list(range(1, seq + 1))
    reply = await reader.act("message.post", {"body": "Nog iets"})
    assert (reply["type"], reply["code"]) == ("error", "invalid")
    assert not await db(Message.objects.exists)
    assert await db(current_seq, live_meeting.pk) == seq
    await reader.close()


@pytest.mark.parametrize(
    "raw,code",
    [
        ("{not json", "malformed"),
        ("[1, 2]", "malformed"),
        ('{"type": 3}', "malformed"),
        ('{"type": "message.post", "data": "body"}', "malformed"),
        ('{"type": "message.post", "client_id": 7, "data": {}}', "malformed"),
        ('{"type": "meeting.delete", "data": {}}', "unknown_type"),
        ('{"type": "message.post", "data": {"body": "' + "x" * 17000 + '"}}', "too_large"),
        (
            '{"type": "message.post", "client_id": "' + "c" * 65 + '", "data": {"body": "x"}}',
            "invalid",
        ),
        ('{"type": "item.open", "data": {"item_id": "abc"}}', "not_found"),
        ('{"type": "measure.propose", "data": {"description": "x", "due_on": [1]}}', "invalid"),
        ('{"type": "message.post", "data": {"body": {"a": [1]}}}', "invalid"),
    ],
    ids=[
        "json",
        "list",
        "type",
        "data",
        "client-id",
        "unknown",
        "oversized",
        "long-id",
        "bad-int",
        "list-date",
        "object-body",
    ],
)
async def test_malformed_oversized_and_unknown_messages_get_an_error_and_change_nothing(
    live_meeting, bram, raw, code
):
    member = await join(bram, live_meeting.pk)
    before = await db(current_seq, live_meeting.pk)
    await member.ws.send_to(text_data=raw)
    reply = await member.reply()
    if code == "not_found":  # a member's chair action with bad data is still a refusal
        assert reply["type"] == "error"
    else:
        assert (reply["type"], reply["code"]) == ("error", code)
    assert await db(current_seq, live_meeting.pk) == before
    await member.close()


async def test_a_flood_from_one_connection_is_throttled(live_meeting, bram, settings):
    settings.LIVE_THROTTLE_SECONDS = 3600
    settings.LIVE_THROTTLE_MESSAGES = 5
    items = await db(items_of, live_meeting)
    await db(Meeting.objects.filter(pk=live_meeting.pk).update, current_item=items[0])
    member = await join(bram, live_meeting.pk)
    for n in range(12):
        await member.send("message.post", {"body": f"bericht {n}"}, client_id=f"f{n}")
    replies = [await member.reply() for _ in range(12)]
    assert [r["type"] for r in replies].count("ack") == 5
    assert {r.get("code") for r in replies if r["type"] == "error"} == {"throttled"}
    assert await db(Message.objects.count) == 5
    await member.close()


async def test_sync_message_replays_from_a_sequence_number(live_meeting, anna):
    chair = await join(anna, live_meeting.pk)
    items = await db(items_of, live_meeting)
    await chair.act("item.open", {"item_id": items[0].pk})
    await chair.act("item.open", {"item_id": items[1].pk})
    seq = await db(current_seq, live_meeting.pk)
    await chair.until_seq(seq)
    chair.events.clear()
    await chair.send("sync", {"last_seq": seq - 2})
    await chair.until_seq(seq)
    assert [e["seq"] for e in chair.events] == [seq - 1, seq]
    await chair.close()


# The session behind the socket.


def _seconds_left(user) -> float:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    expire_date = max(
        session.expire_date
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    )
    return (expire_date - timezone.now()).total_seconds()


def _age_sessions(seconds: int) -> None:
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=seconds))


async def test_talking_in_a_long_meeting_keeps_the_session_alive(live_meeting, bram):
    member = await join(bram, live_meeting.pk)
    # Nearly idle past the timeout (a meeting makes no HTTP requests): a message extends it.
    await db(_age_sessions, 5)
    assert (await member.act("hand.raise"))["type"] == "ack"
    assert await db(_seconds_left, bram) > 60
    await member.close()


async def test_a_logged_out_or_expired_session_is_refused_at_its_next_message(live_meeting, bram):
    member = await join(bram, live_meeting.pk)
    await db(_age_sessions, -1)
    before = await db(current_seq, live_meeting.pk)
    reply = await member.act("hand.raise")
    assert (reply["type"], reply["code"]) == ("error", "unauthenticated")
    assert await db(current_seq, live_meeting.pk) == before
    await member.close()
