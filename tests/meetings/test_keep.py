"""What the group keeps: after a meeting closes, its minutes (agenda, results, agreed measures,
attendance). The thread and the live record's payloads are purged a configurable time after
closing, leaving every event's sequence number. A closed meeting's page is its minutes, and a
member who joined after the meeting sees the minutes only, never the thread."""

from datetime import timedelta

import pytest
from django.urls import reverse

from meetings import events, live, retention
from meetings import tasks as meeting_tasks  # noqa: F401  (registers the task by name)
from meetings.models import AgreedMeasure, HandRaise, Meeting, MeetingEvent, Message
from project import tasks
from project.errors import NotFound
from tests.groups.conftest import join as join_group
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import db, items_of, join, open_socket, session_headers

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer

BODY = "Wie had die nacht dienst op de afdeling?"
RESULT = "Dubbele controle bij gelijkende verpakkingen"
MEASURE = "Verpakkingen apart zetten"


@pytest.fixture
def held(live_meeting, anna, bram, carla) -> Meeting:
    """anna's meeting, held and closed: all three were present, carla wrote in the thread, bram
    raised his hand, anna recorded a result and an agreed measure."""
    meeting = live_meeting
    live.item_open(actor=anna, meeting=meeting, item_id=items_of(meeting)[0].pk)
    for user in (anna, bram, carla):
        live.attendance_join(actor=user, meeting=meeting, channel_name=f"test.{user.pk}")
    live.message_post(actor=carla, meeting=meeting, body=BODY)
    live.hand_raise(actor=bram, meeting=meeting)
    live.result_record(actor=anna, meeting=meeting, result=RESULT)
    live.measure_propose(actor=bram, meeting=meeting, description=MEASURE)
    live.measure_confirm(actor=anna, meeting=meeting, measure_id=AgreedMeasure.objects.get().pk)
    live.meeting_close(actor=anna, meeting=meeting, confirmed=True)
    return Meeting.objects.get(pk=meeting.pk)


def _due(meeting: Meeting):
    return meeting.closed_at + timedelta(days=14)


def _record(meeting: Meeting) -> list[tuple]:
    return list(
        MeetingEvent.objects.filter(meeting=meeting)
        .order_by("seq")
        .values_list("seq", "type", "data", "actor_id")
    )


def _minutes(client, meeting: Meeting) -> str:
    response = client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    return response.content.decode()


# The purge.


def test_nothing_is_purged_before_the_retention_period_ends(held):
    before = _record(held)
    assert retention.closed_threads_purge(now=_due(held) - timedelta(minutes=1)) == 0
    assert Message.objects.get().body
    assert _record(held) == before
    assert BODY in str(before)


def test_purge_keeps_the_minutes_and_the_sequence_but_not_the_thread(
    held, anna, bram, carla, client_for
):
    before = _record(held)
    assert retention.closed_threads_purge(now=_due(held)) == 1

    assert not Message.objects.exists() and not HandRaise.objects.exists()
    after = _record(held)
    assert [(seq, kind) for seq, kind, *_ in after] == [(seq, kind) for seq, kind, *_ in before]
    assert [seq for seq, *_ in after] == list(range(1, held.last_seq + 1))
    assert all(data == {"purged": True} for _seq, _kind, data, _actor in after)
    assert BODY not in str(events.events_since(held.pk, 0))
    assert Meeting.objects.get(pk=held.pk).purged_at == _due(held)

    html = _minutes(client_for(bram), held)
    assert RESULT in html and MEASURE in html
    joined = MeetingEvent.objects.filter(meeting=held, type="member.joined")
    assert set(joined.values_list("actor", flat=True)) == {anna.pk, bram.pk, carla.pk}
    assert BODY not in html and "Gesprek bekijken" not in html
    thread = client_for(anna).get(reverse("meetings:thread", kwargs={"pk": held.pk}))
    assert thread.status_code == 404


def test_purging_again_changes_nothing(held):
    assert retention.closed_threads_purge(now=_due(held)) == 1
    purged = _record(held), Meeting.objects.get(pk=held.pk).purged_at
    assert retention.closed_threads_purge(now=_due(held) + timedelta(days=3)) == 0
    assert retention.thread_purge(held.pk, now=_due(held) + timedelta(days=3)) is False
    assert (_record(held), Meeting.objects.get(pk=held.pk).purged_at) == purged


def test_a_meeting_closed_again_after_the_purge_is_purged_again(held, anna, carla):
    Meeting.objects.filter(pk=held.pk).update(closed_at=held.closed_at - timedelta(days=15))
    assert retention.closed_threads_purge() == 1
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.LIVE)  # reopened
    live.message_post(actor=carla, meeting=held.pk, body="Nog een nagekomen vraag")
    live.meeting_close(actor=anna, meeting=held.pk, confirmed=True)
    closed_again = Meeting.objects.get(pk=held.pk)
    assert not closed_again.thread_purged
    assert retention.closed_threads_purge(now=_due(closed_again) - timedelta(minutes=1)) == 0
    assert retention.closed_threads_purge(now=_due(closed_again)) == 1
    assert not Message.objects.exists()
    assert all(data == {"purged": True} for _seq, _kind, data, _actor in _record(held))


def test_open_meetings_are_never_purged(live_meeting, anna):
    live.item_open(actor=anna, meeting=live_meeting, item_id=items_of(live_meeting)[0].pk)
    live.message_post(actor=anna, meeting=live_meeting, body=BODY)
    assert retention.thread_purge(live_meeting.pk) is False
    assert Message.objects.get().body


def test_the_scheduled_task_purges_after_the_configured_period(held, settings):
    settings.MEETING_THREAD_RETENTION_DAYS = 2
    Meeting.objects.filter(pk=held.pk).update(closed_at=held.closed_at - timedelta(days=1))
    tasks.run("meetings.purge_closed_threads")
    assert Message.objects.exists()
    Meeting.objects.filter(pk=held.pk).update(closed_at=held.closed_at - timedelta(days=2))
    tasks.run("meetings.purge_closed_threads")
    assert not Message.objects.exists()
    assert Meeting.objects.get(pk=held.pk).purged_at is not None


# A closed meeting's page is its minutes.


def test_closed_meetings_page_is_the_minutes(held, bram, client_for):
    response = client_for(bram).get(reverse("meetings:live", kwargs={"pk": held.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:minutes", kwargs={"pk": held.pk})


def test_a_member_of_the_time_reaches_the_thread_from_the_minutes_until_the_purge(
    held, bram, client_for
):
    client = client_for(bram)
    html = _minutes(client, held)
    assert BODY not in html  # the minutes themselves hold no thread
    assert reverse("meetings:thread", kwargs={"pk": held.pk}) in html
    thread = client.get(reverse("meetings:thread", kwargs={"pk": held.pk}))
    assert thread.status_code == 200 and BODY in thread.content.decode()


# A member who joined after the meeting sees its minutes only.


@pytest.fixture
def fiona(held, anna, practitioner_factory):
    user = practitioner_factory("fiona")
    join_group(anna, held.group, user)
    return user


def test_later_member_sees_the_minutes_only(held, fiona, client_for):
    client = client_for(fiona)
    html = _minutes(client, held)
    assert RESULT in html and MEASURE in html
    assert BODY not in html and "Gesprek bekijken" not in html
    assert client.get(reverse("meetings:thread", kwargs={"pk": held.pk})).status_code == 404
    live_page = client.get(reverse("meetings:live", kwargs={"pk": held.pk}))
    assert live_page["Location"] == reverse("meetings:minutes", kwargs={"pk": held.pk})


def test_later_member_cannot_remove_a_message(held, fiona):
    with pytest.raises(NotFound):
        live.message_redact(actor=fiona, meeting=held, message_id=Message.objects.get().pk)
    assert Message.objects.get().body == "<p>" + BODY + "</p>"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_later_member_gets_no_catch_up_of_a_closed_meeting(held, fiona, bram):
    headers = await db(session_headers, fiona)
    _ws, connected, code = await open_socket(held.pk, headers)
    assert (connected, code) == (False, 4403)
    reader = await join(bram, held.pk, last_seq=0, present=False)
    await reader.until_seq(held.last_seq)
    assert BODY in str(reader.events)
    await reader.close()


@pytest.mark.parametrize("count", [1, 60])
def test_thread_page_reads_in_a_constant_number_of_queries(
    held, bram, carla, client_for, django_assert_max_num_queries, count
):
    item = Message.objects.get().item
    Message.objects.bulk_create(
        Message(item=item, author=carla, body=f"<p>Bericht {n}</p>") for n in range(count - 1)
    )
    client = client_for(bram)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("meetings:thread", kwargs={"pk": held.pk}))
    assert response.content.decode().count('class="message-entry') == count
