"""The live meeting over plain HTTP: the page, the fallback form for every action, the minutes,
and the services' rules that hold whichever way an action arrives."""

import pytest
from django.urls import reverse

from meetings import live
from meetings.models import AgendaItem, AgreedMeasure, Meeting, MeetingEvent, Message
from project.errors import NotFound
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import items_of

live_meeting = live_fixtures.live_meeting


def _action(client, meeting, **data):
    return client.post(reverse("meetings:live_action", kwargs={"pk": meeting.pk}), data)


@pytest.fixture
def opened(live_meeting, anna):
    live.item_open(actor=anna, meeting=live_meeting, item_id=items_of(live_meeting)[0].pk)
    live_meeting.refresh_from_db()
    return live_meeting


def test_member_sees_the_live_page_with_its_sequence_number(opened, bram, client_for):
    response = client_for(bram).get(reverse("meetings:live", kwargs={"pk": opened.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-last-seq="{opened.last_seq}"' in html
    assert "Medicatie verwisseld" in html and 'id="current-item"' in html
    assert "is-chair" not in html


def test_chair_sees_the_chair_controls(opened, anna, client_for):
    response = client_for(anna).get(reverse("meetings:live", kwargs={"pk": opened.pk}))
    assert "is-chair" in response.content.decode()


@pytest.mark.parametrize("persona", ["dirk", "erik"])
@pytest.mark.parametrize("name", ["live", "live_action", "minutes"])
def test_outsider_and_unsigned_member_get_404_for_every_live_url(
    opened, meeting_world, client_for, persona, name
):
    client = client_for(meeting_world.persona(persona))
    url = reverse(f"meetings:{name}", kwargs={"pk": opened.pk})
    response = (
        client.post(url, {"type": "hand.raise"}) if name == "live_action" else client.get(url)
    )
    assert response.status_code == 404
    assert opened.events.count() == 1


def test_anonymous_is_sent_to_log_in(opened, client):
    response = client.get(reverse("meetings:live", kwargs={"pk": opened.pk}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_posting_works_over_plain_http_and_a_resend_is_applied_once(opened, carla, client_for):
    client = client_for(carla)
    for _ in range(2):
        response = _action(
            client, opened, type="message.post", body="Via het formulier", client_id="h1"
        )
        assert response.status_code == 302
    assert Message.objects.get().author == carla
    event = MeetingEvent.objects.get(type="message.posted")
    assert (event.seq, event.client_id) == (opened.last_seq + 1, "h1")


def test_plain_member_cannot_do_a_chair_action_over_http(opened, bram, client_for):
    response = _action(client_for(bram), opened, type="meeting.close", confirmed="on")
    assert response.status_code == 404
    assert Meeting.objects.get(pk=opened.pk).status == Meeting.Status.LIVE


def test_refused_action_over_http_shows_why_and_changes_nothing(opened, bram, client_for):
    response = _action(client_for(bram), opened, type="message.post", body="   ")
    assert response.status_code == 302
    assert not Message.objects.exists()
    page = client_for(bram).get(response["Location"])
    assert page.status_code == 200


def test_chair_starts_the_meeting_with_a_form(meeting_world, anna, client_for):
    meeting = meeting_world.meeting
    _action(client_for(anna), meeting, type="meeting.start", early="on")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.LIVE and meeting.started_at is not None


def test_changing_a_recorded_result_or_agreed_measure_bumps_the_outcome_version(opened, anna, bram):
    item = opened.current_item
    live.result_record(actor=anna, meeting=opened, result="Eerste")
    assert AgendaItem.objects.get(pk=item.pk).outcome_version == 0
    live.result_record(actor=anna, meeting=opened, result="Tweede")
    assert AgendaItem.objects.get(pk=item.pk).outcome_version == 1
    live.measure_propose(actor=bram, meeting=opened, description="Checklist")
    measure = AgreedMeasure.objects.get()
    live.measure_confirm(actor=anna, meeting=opened, measure_id=measure.pk)
    assert AgendaItem.objects.get(pk=item.pk).outcome_version == 2


def test_measure_owner_must_be_a_group_member(opened, bram, dirk):
    with pytest.raises(Exception, match="lid van de groep"):
        live.measure_propose(actor=bram, meeting=opened, description="x", owner_id=dirk.pk)


def test_after_closing_nothing_can_be_posted_and_the_minutes_show_the_outcome(
    opened, anna, bram, carla, client_for
):
    live.message_post(actor=carla, meeting=opened, body="Dit blijft in de bespreking")
    live.result_record(actor=anna, meeting=opened, result="Dubbele controle invoeren")
    live.measure_propose(actor=bram, meeting=opened, description="Vier-ogenprincipe")
    live.measure_confirm(actor=anna, meeting=opened, measure_id=AgreedMeasure.objects.get().pk)
    live.measure_propose(actor=bram, meeting=opened, description="Niet afgesproken idee")
    live.meeting_close(actor=anna, meeting=opened, confirmed=True)
    with pytest.raises(Exception, match="afgesloten"):
        live.message_post(actor=bram, meeting=opened, body="Te laat")

    response = client_for(bram).get(reverse("meetings:minutes", kwargs={"pk": opened.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dubbele controle invoeren" in html and "Vier-ogenprincipe" in html
    assert "Niet afgesproken idee" not in html
    assert "Dit blijft in de bespreking" not in html  # the thread is not in the minutes


def test_minutes_do_not_exist_before_closing(opened, bram, client_for):
    response = client_for(bram).get(reverse("meetings:minutes", kwargs={"pk": opened.pk}))
    assert response.status_code == 404


def test_item_of_another_meeting_cannot_be_opened(opened, anna, meeting_world):
    other = live_fixtures.make_item(
        live_fixtures.make_meeting(meeting_world.group, anna), anna, status="accepted"
    )
    with pytest.raises(NotFound):
        live.item_open(actor=anna, meeting=opened, item_id=other.pk)
