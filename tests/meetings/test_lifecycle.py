"""A meeting lifecycle that forgives: closing is confirmed and carries undiscussed items over,
an early start is confirmed, a closed meeting can be reopened, the minutes say when and who,
a declined item's owner is told, a member who leaves takes their items along, and an archived
group keeps its minutes but takes no meetings."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from groups import services as group_services
from meetings import live, services
from meetings.models import AgendaItem, Meeting
from tests.meetings.conftest import make_item, make_meeting
from tests.meetings.live_fixtures import items_of, live_meeting  # noqa: F401  (a fixture)


def _action(client, meeting, **data):
    return client.post(reverse("meetings:live_action", kwargs={"pk": meeting.pk}), data)


def test_closing_lists_the_undiscussed_items_and_moves_the_chosen_ones_to_the_next_meeting(
    live_meeting,  # noqa: F811
    meeting_world,
    client_for,
    django_capture_on_commit_callbacks,
):
    anna, bram, carla = meeting_world.anna, meeting_world.bram, meeting_world.carla
    discussed, undiscussed = items_of(live_meeting)
    live.item_mark(actor=anna, meeting=live_meeting, discussion="discussed", item_id=discussed.pk)
    next_meeting = make_meeting(meeting_world.group, anna, days=35)
    make_item(next_meeting, bram, title="Al gepland", status="accepted")
    chair = client_for(anna)

    page = chair.get(reverse("meetings:close", args=[live_meeting.pk])).content.decode()
    assert "Val bij transfer" in page and "Medicatie verwisseld" not in page
    assert f'name="move_item_ids" value="{undiscussed.pk}"' in page

    unconfirmed = _action(chair, live_meeting, type="meeting.close")
    assert (
        "Bevestig dat u de bespreking wilt afsluiten" in chair.get(unconfirmed.url).content.decode()
    )
    assert Meeting.objects.get(pk=live_meeting.pk).status == Meeting.Status.LIVE

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _action(
            chair, live_meeting, type="meeting.close", confirmed="on", move_item_ids=undiscussed.pk
        )
    assert Meeting.objects.get(pk=live_meeting.pk).status == Meeting.Status.CLOSED
    moved = AgendaItem.objects.get(pk=undiscussed.pk)
    assert moved.meeting_id == next_meeting.pk and moved.position == 2
    assert AgendaItem.objects.get(pk=discussed.pk).meeting_id == live_meeting.pk
    told = [message for message in mail.outbox if carla.email in message.to]
    assert len(told) == 1
    assert "Val bij transfer" not in told[0].subject + told[0].body
    assert reverse("meetings:detail", args=[next_meeting.pk]) in told[0].body


def test_undiscussed_items_cannot_move_without_a_next_meeting(live_meeting, anna):  # noqa: F811
    item = items_of(live_meeting)[1]
    with pytest.raises(ValidationError, match="volgende bespreking"):
        live.meeting_close(
            actor=anna, meeting=live_meeting, confirmed=True, move_item_ids=[item.pk]
        )
    assert Meeting.objects.get(pk=live_meeting.pk).status == Meeting.Status.LIVE


def test_starting_more_than_an_hour_early_asks_for_confirmation(meeting_world, client_for):
    meeting, anna = meeting_world.meeting, meeting_world.anna
    page = client_for(anna).get(reverse("meetings:live", args=[meeting.pk])).content.decode()
    assert "Ik start bewust eerder dan gepland" in page
    with pytest.raises(ValidationError, match="meer dan een uur"):
        live.meeting_start(actor=anna, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    live.meeting_start(actor=anna, meeting=meeting, early=True)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.LIVE


def test_starting_within_the_hour_needs_no_confirmation(meeting_world, client_for):
    anna = meeting_world.anna
    soon = make_meeting(meeting_world.group, anna)
    Meeting.objects.filter(pk=soon.pk).update(starts_at=timezone.now() + timedelta(minutes=50))
    page = client_for(anna).get(reverse("meetings:live", args=[soon.pk])).content.decode()
    assert "Ik start bewust eerder dan gepland" not in page
    live.meeting_start(actor=anna, meeting=soon)
    assert Meeting.objects.get(pk=soon.pk).status == Meeting.Status.LIVE


def test_a_chair_reopens_a_closed_meeting_from_the_minutes(
    live_meeting,  # noqa: F811
    anna,
    bram,
    client_for,
):
    live.meeting_close(actor=anna, meeting=live_meeting, confirmed=True)
    minutes = client_for(anna).get(reverse("meetings:minutes", args=[live_meeting.pk]))
    assert "Bespreking heropenen" in minutes.content.decode()
    member_minutes = client_for(bram).get(reverse("meetings:minutes", args=[live_meeting.pk]))
    assert "Bespreking heropenen" not in member_minutes.content.decode()
    assert _action(client_for(bram), live_meeting, type="meeting.reopen").status_code == 404
    _action(client_for(anna), live_meeting, type="meeting.reopen")
    reopened = Meeting.objects.get(pk=live_meeting.pk)
    assert (reopened.status, reopened.closed_at) == (Meeting.Status.LIVE, None)
    assert reopened.events.filter(type="meeting.reopened").exists()


def test_the_minutes_say_when_the_meeting_took_place_who_attended_and_link_to_the_group(
    live_meeting,  # noqa: F811
    anna,
    bram,
    carla,
    client_for,
):
    live.attendance_join(actor=bram, meeting=live_meeting, channel_name="bram-1")
    live.hand_raise(actor=anna, meeting=live_meeting)
    live.meeting_close(actor=anna, meeting=live_meeting, confirmed=True)
    meeting = Meeting.objects.get(pk=live_meeting.pk)
    html = client_for(carla).get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "Gehouden" in html
    assert timezone.localtime(meeting.closed_at).strftime("%H:%M") in html
    assert "Bram Jansen" in html and "Anna de Vries" in html
    assert "Carla" not in html.split("Aanwezig", 1)[1].split("</dd>", 1)[0]
    assert reverse("groups:detail", args=[meeting.group_id]) in html


def test_the_owner_of_a_declined_item_is_told_and_sees_the_reason_in_the_app_only(
    meeting_world, client_for, django_capture_on_commit_callbacks
):
    meeting, anna, bram, carla = (
        meeting_world.meeting,
        meeting_world.anna,
        meeting_world.bram,
        meeting_world.carla,
    )
    item = make_item(meeting, bram, title="Verwisselde verwijsbrief")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(anna).post(
            reverse("meetings:item_decline", args=[item.pk]),
            {"reason": "Past beter in de volgende bespreking."},
        )
    assert AgendaItem.objects.get(pk=item.pk).status == AgendaItem.Status.DECLINED
    assert [message.to for message in mail.outbox] == [[bram.email]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "Verwisselde verwijsbrief" not in body and "Past beter" not in body
    detail = reverse("meetings:detail", args=[meeting.pk])
    assert "Past beter in de volgende bespreking." in client_for(bram).get(detail).content.decode()
    assert "Past beter" not in client_for(carla).get(detail).content.decode()


def test_a_member_who_leaves_has_their_items_withdrawn(
    meeting_world, django_capture_on_commit_callbacks
):
    meeting, bram = meeting_world.meeting, meeting_world.bram
    proposed = make_item(meeting, bram, title="Voorgesteld")
    accepted = make_item(meeting, bram, title="Geaccepteerd", status="accepted")
    others = make_item(meeting, meeting_world.carla, title="Van Carla")
    with django_capture_on_commit_callbacks(execute=True):
        group_services.membership_leave(actor=bram, group=meeting_world.group)
    statuses = dict(AgendaItem.objects.values_list("pk", "status"))
    assert statuses[proposed.pk] == statuses[accepted.pk] == AgendaItem.Status.WITHDRAWN
    assert statuses[others.pk] == AgendaItem.Status.PROPOSED


def test_an_archived_group_keeps_its_minutes_but_takes_no_meetings(
    live_meeting,  # noqa: F811
    meeting_world,
    client_for,
):
    anna, bram, group = meeting_world.anna, meeting_world.bram, meeting_world.group
    live.meeting_close(actor=anna, meeting=live_meeting, confirmed=True)
    upcoming = make_meeting(group, anna, days=14)
    group_services.group_archive(actor=anna, group=group)
    group.refresh_from_db()
    minutes = client_for(bram).get(reverse("meetings:minutes", args=[live_meeting.pk]))
    assert minutes.status_code == 200
    assert (
        "Bespreking heropenen"
        not in client_for(anna).get(minutes.request["PATH_INFO"]).content.decode()
    )
    fields = {
        "starts_at": timezone.now() + timedelta(days=3),
        "location": "Utrecht",
        "chair": anna,
    }
    with pytest.raises(ValidationError, match="gearchiveerd"):
        services.meeting_schedule(actor=anna, group=group, fields=fields)
    with pytest.raises(ValidationError, match="gearchiveerd"):
        live.meeting_start(actor=anna, meeting=upcoming, early=True)
    with pytest.raises(ValidationError, match="gearchiveerd"):
        services.agenda_item_propose(
            actor=bram, meeting=upcoming, title="Iets", summary="Tekst", question="Vraag"
        )
    response = client_for(anna).post(
        reverse("meetings:create", args=[group.pk]),
        {
            "starts_at": "2030-01-01T19:30",
            "duration_minutes": 90,
            "location": "Utrecht",
            "chair": anna.pk,
        },
    )
    assert response.status_code == 200
    assert "gearchiveerd" in response.content.decode()
    assert not Meeting.objects.filter(starts_at__year=2030).exists()
