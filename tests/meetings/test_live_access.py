"""Live access ends the moment the right to it ends: logout (on any device), an expired session,
leaving or removal, a new declaration for whoever has not signed it, a cancelled or deleted
meeting. The socket closes with a code the page explains, and nothing more reaches it."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from groups import services as group_services
from groups.models import Membership
from meetings import live
from meetings import services as meeting_services
from meetings.models import Meeting
from meetings.permissions import live_access
from tests.conftest import login_client
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import WAIT, current_seq, db, items_of, join

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_channel_layer"),
]


async def closed_with(client, since: int = 0) -> int:
    """The close code the socket ends with; an event after `since` before it fails the test."""
    while True:
        output = await client.ws.receive_output(timeout=WAIT)
        if output["type"] != "websocket.send":
            break
        seq = json.loads(output["text"]).get("seq", since + 1)
        assert seq <= since, f"expected a close, got {output}"
    assert output["type"] == "websocket.close", f"expected a close, got {output}"
    return output["code"]


async def silent(client) -> bool:
    return await client.ws.receive_nothing()


def logged_in(user):
    """A browser session of user: its test client and the socket headers carrying its cookie."""
    client = login_client(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return client, [(b"origin", live_fixtures.ORIGIN.encode()), (b"cookie", cookie.encode())]


def log_out(client) -> None:
    client.post(reverse("account_logout"))


def end_every_session_of(user) -> None:
    """The session is gone without anyone being told (a flush by some other path)."""
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def expire_sessions() -> None:
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))


async def an_event(meeting_pk: int, actor) -> int:
    """Something happens in the meeting (not through a socket): its sequence number."""
    await db(live.hand_raise, actor=actor, meeting=meeting_pk)
    return await db(current_seq, meeting_pk)


async def test_logout_closes_that_sessions_socket_and_nothing_more_reaches_it(
    live_meeting, anna, bram
):
    browser, headers = await db(logged_in, bram)
    member = await join(bram, live_meeting.pk, headers=headers)
    seq = await db(current_seq, live_meeting.pk)
    phone = await join(bram, live_meeting.pk, last_seq=seq, present=False)
    await db(log_out, browser)
    assert await closed_with(member) == 4401
    seq = await an_event(live_meeting.pk, anna)
    # bram's other device has its own session, which still holds.
    await phone.until_seq(seq)
    assert await silent(member)
    await phone.close()


async def test_an_expired_session_closes_a_socket_that_only_listens(live_meeting, bram, settings):
    settings.LIVE_ACCESS_RECHECK_SECONDS = 0.05
    member = await join(bram, live_meeting.pk)
    await db(expire_sessions)
    assert await closed_with(member) == 4401


async def test_a_broadcast_is_not_forwarded_once_the_session_has_expired(
    live_meeting, anna, bram, monkeypatch
):
    member = await join(bram, live_meeting.pk)
    # No re-check is due and no close was sent: the session's known expiry passes, that is all.
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    monkeypatch.setattr(timezone, "now", lambda: later)
    await an_event(live_meeting.pk, anna)
    assert await closed_with(member) == 4401


async def test_a_broadcast_is_not_forwarded_when_the_re_check_finds_the_session_gone(
    live_meeting, anna, bram, settings
):
    member = await join(bram, live_meeting.pk)
    settings.LIVE_ACCESS_RECHECK_SECONDS = 0  # the verdict from connecting is out of date
    await db(end_every_session_of, bram)
    await an_event(live_meeting.pk, anna)
    assert await closed_with(member) == 4401


async def test_a_new_declaration_closes_the_unsigned_and_keeps_the_signed(
    live_meeting, anna, bram, carla
):
    chair = await join(anna, live_meeting.pk)
    member = await join(bram, live_meeting.pk)
    signer = await join(carla, live_meeting.pk, last_seq=await db(current_seq, live_meeting.pk))
    since = await db(current_seq, live_meeting.pk)

    def change_and_sign():
        from django.db import transaction

        with transaction.atomic():
            declaration = group_services.declaration_change(
                actor=anna, group=live_meeting.group, text="Nieuwe tekst."
            )
            group_services.signature_sign(
                actor=carla,
                group=live_meeting.group,
                declaration=declaration,
                typed_name=carla.full_name,
            )

    await db(change_and_sign)
    assert await closed_with(member, since) == 4412
    assert await closed_with(chair, since) == 4412
    seq = await an_event(live_meeting.pk, carla)
    await signer.until_seq(seq)
    assert await silent(member)
    await signer.close()


async def test_removal_closes_the_socket_and_nothing_more_reaches_it(live_meeting, anna, bram):
    chair = await join(anna, live_meeting.pk)
    member = await join(bram, live_meeting.pk)
    membership = await db(Membership.objects.get, user=bram, group=live_meeting.group)
    await db(group_services.membership_remove, actor=anna, membership=membership)
    assert await closed_with(member) == 4410
    seq = await an_event(live_meeting.pk, anna)
    await chair.until_seq(seq)
    assert await silent(member)
    await chair.close()


async def test_leaving_closes_the_socket(live_meeting, bram):
    member = await join(bram, live_meeting.pk)
    await db(group_services.membership_leave, actor=bram, group=live_meeting.group)
    assert await closed_with(member) == 4410


async def test_a_cancelled_meeting_closes_its_sockets(meeting_world, anna, bram):
    meeting = meeting_world.meeting  # scheduled: members may already wait in it
    member = await join(bram, meeting.pk)
    await db(meeting_services.meeting_cancel, actor=anna, meeting=meeting)
    assert await closed_with(member) == 4409


async def test_a_deleted_meeting_closes_its_sockets(live_meeting, bram):
    """However it is deleted: the admin, or the cascade of its group being deleted."""
    member = await join(bram, live_meeting.pk)
    await db(live_meeting.delete)
    assert await closed_with(member) == 4404


async def test_sync_is_refused_once_the_session_has_ended(live_meeting, anna, bram):
    items = await db(items_of, live_meeting)
    await db(live.item_open, actor=anna, meeting=live_meeting.pk, item_id=items[0].pk)
    member = await join(bram, live_meeting.pk)
    member.events.clear()
    await db(end_every_session_of, bram)
    await member.send("sync", {"last_seq": 0})
    reply = await member.reply()
    assert (reply["type"], reply["code"]) == ("error", "unauthenticated")
    assert member.events == []
    assert await closed_with(member) == 4401


async def test_sync_is_refused_for_a_meeting_cancelled_meanwhile(live_meeting, bram):
    member = await join(bram, live_meeting.pk)
    member.events.clear()
    await db(
        Meeting.objects.filter(pk=live_meeting.pk).update, status=Meeting.Status.CANCELLED
    )  # a change nobody announced: the sync itself is checked
    await member.send("sync", {"last_seq": 0})
    reply = await member.reply()
    assert (reply["type"], reply["code"]) == ("error", "not_found")
    assert member.events == []
    assert await closed_with(member) == 4409


def test_the_access_rule_reads_a_handful_of_rows(live_meeting, bram, django_assert_max_num_queries):
    """Session, user, second factor, meeting, permission, and the keep-alive write: it runs for
    every message and every re-check, so it must not grow."""
    browser, _headers = logged_in(bram)
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    with django_assert_max_num_queries(6):
        access = live_access(
            user_pk=bram.pk, session_key=key, meeting_pk=live_meeting.pk, keep_alive=True
        )
    assert access.closed is None
