"""Redaction: the chair removes any message, its author their own, during the meeting and after
it. The message leaves every open screen, the catch-up and the record; only "bericht verwijderd
door de voorzitter" (or "door de schrijver") remains. Anyone else is refused with a 404."""

import json

import pytest
from django.urls import reverse

from meetings import events, live
from meetings.models import Meeting, MeetingEvent, Message
from project.errors import NotFound
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import current_seq, db, items_of, join

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer

BODY = "Dit had ik beter niet in de groep kunnen zetten"
BY_CHAIR = "bericht verwijderd door de voorzitter"
BY_AUTHOR = "bericht verwijderd door de schrijver"


@pytest.fixture
def opened(live_meeting, anna):
    live.item_open(actor=anna, meeting=live_meeting, item_id=items_of(live_meeting)[0].pk)
    live_meeting.refresh_from_db()
    return live_meeting


@pytest.fixture
def message(opened, carla) -> Message:
    live.message_post(actor=carla, meeting=opened, body=BODY)
    return Message.objects.get()


def _open_first_item(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(current_item=items_of(meeting)[0])


def _replay(meeting_pk: int) -> list[dict]:
    return [json.loads(text) for _seq, text in events.events_since(meeting_pk, 0)]


# During the meeting, over the websocket.


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_chair_redaction_leaves_every_open_screen_and_the_catch_up(
    live_meeting, anna, bram, carla
):
    await db(_open_first_item, live_meeting)
    chair = await join(anna, live_meeting.pk)
    member = await join(bram, live_meeting.pk)
    author = await join(carla, live_meeting.pk)
    posted = await author.act("message.post", {"body": BODY}, client_id="m1")
    await member.until_seq(posted["seq"])
    assert BODY in member.events[-1]["data"]["html"]
    message = await db(Message.objects.get)

    reply = await chair.act("message.redact", {"message_id": message.pk}, client_id="r1")
    assert reply["type"] == "ack"
    for client in (member, author):
        redacted = await client.until_event("message.redacted")
        assert redacted["data"]["target"] == f"message-{message.pk}"
        assert BY_CHAIR in redacted["data"]["html"]
        assert BODY not in json.dumps(redacted)

    replay = await db(_replay, live_meeting.pk)
    assert [event["seq"] for event in replay] == list(range(1, reply["seq"] + 1))
    assert BODY not in json.dumps(replay)
    earlier = next(event for event in replay if event["seq"] == posted["seq"])
    assert earlier["event"] == "message.posted"
    assert earlier["data"]["target"] == f"message-{message.pk}"
    assert BY_CHAIR in earlier["data"]["html"]

    late = await join(bram, live_meeting.pk, last_seq=0, present=False)
    await late.until_seq(reply["seq"])
    assert BODY not in json.dumps(late.events)
    for client in (chair, member, author, late):
        await client.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_author_removes_their_own_message_and_a_plain_member_may_not(
    live_meeting, bram, carla
):
    await db(_open_first_item, live_meeting)
    member = await join(bram, live_meeting.pk)
    author = await join(carla, live_meeting.pk)
    await author.act("message.post", {"body": BODY})
    message = await db(Message.objects.get)

    before = await db(current_seq, live_meeting.pk)
    refused = await member.act("message.redact", {"message_id": message.pk})
    assert (refused["type"], refused["code"]) == ("error", "not_found")
    assert await db(current_seq, live_meeting.pk) == before
    assert (await db(Message.objects.get)).body

    reply = await author.act("message.redact", {"message_id": message.pk})
    assert reply["type"] == "ack"
    redacted = await member.until_event("message.redacted")
    assert BY_AUTHOR in redacted["data"]["html"]
    stored = await db(Message.objects.get)
    assert (stored.body, stored.redacted_by) == ("", Message.Redaction.AUTHOR)
    await member.close()
    await author.close()


# The rules, whichever way the action arrives.


def test_a_message_is_removed_once(message, anna):
    live.message_redact(actor=anna, meeting=message.item.meeting, message_id=message.pk)
    with pytest.raises(Exception, match="al verwijderd"):
        live.message_redact(actor=anna, meeting=message.item.meeting, message_id=message.pk)
    assert MeetingEvent.objects.filter(type="message.redacted").count() == 1


def test_a_message_of_another_meeting_cannot_be_removed(message, anna, meeting_world):
    other = live_fixtures.make_meeting(meeting_world.group, anna, status=Meeting.Status.LIVE)
    with pytest.raises(NotFound):
        live.message_redact(actor=anna, meeting=other, message_id=message.pk)
    assert Message.objects.get().body


def test_the_live_page_shows_the_remove_button_to_the_chair_and_the_author_only(
    message, anna, bram, carla, client_for
):
    url = reverse("meetings:live", kwargs={"pk": message.item.meeting_id})
    visible = 'class="inline live-form message-redact" data-live>'
    for user, shown in ((anna, True), (carla, True), (bram, False)):
        html = client_for(user).get(url).content.decode()
        assert BODY in html
        assert (visible in html) is shown


# After the meeting, over plain HTTP: the thread page and its remove buttons.


@pytest.fixture
def closed(message, anna):
    live.meeting_close(actor=anna, meeting=message.item.meeting, confirmed=True)
    return Meeting.objects.get(pk=message.item.meeting_id)


def _redact_url(message):
    return reverse(
        "meetings:message_redact",
        kwargs={"pk": message.item.meeting_id, "message_pk": message.pk},
    )


def test_chair_removes_a_message_after_the_meeting_from_the_thread_and_the_record(
    closed, message, anna, bram, client_for
):
    thread_url = reverse("meetings:thread", kwargs={"pk": closed.pk})
    assert BODY in client_for(bram).get(thread_url).content.decode()

    response = client_for(anna).post(_redact_url(message))
    assert response.status_code == 302 and response["Location"] == thread_url

    html = client_for(bram).get(thread_url).content.decode()
    assert BODY not in html and BY_CHAIR in html
    minutes = client_for(bram).get(reverse("meetings:minutes", kwargs={"pk": closed.pk}))
    assert minutes.status_code == 200 and BODY not in minutes.content.decode()
    assert BODY not in json.dumps(_replay(closed.pk))
    assert not Message.objects.filter(body__contains="niet in de groep").exists()


def test_author_removes_their_own_message_after_the_meeting(closed, message, carla, client_for):
    assert client_for(carla).post(_redact_url(message)).status_code == 302
    assert Message.objects.get().redacted_by == Message.Redaction.AUTHOR


@pytest.mark.parametrize(
    "persona,status", [("bram", 404), ("erik", 404), ("dirk", 404), ("anna", 302)]
)
def test_only_the_chair_or_the_author_may_remove_a_message(
    closed, message, meeting_world, client_for, persona, status
):
    response = client_for(meeting_world.persona(persona)).post(_redact_url(message))
    assert response.status_code == status
    assert bool(Message.objects.get().body) is (status == 404)


def test_remove_is_a_post(closed, message, anna, client_for):
    assert client_for(anna).get(_redact_url(message)).status_code == 405
