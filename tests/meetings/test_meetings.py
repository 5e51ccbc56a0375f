"""Scheduling, changing and cancelling a meeting; the e-mails and the .ics calendar file."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Meeting
from tests.meetings.conftest import make_meeting


def _form(chair, **extra):
    starts = timezone.localtime(timezone.now() + timedelta(days=14)).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    data = {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 90,
        "location": "Praktijk De Linde",
        "video_url": "",
        "notes": "Neem uw casus mee.",
        "chair": chair.pk,
    }
    data.update(extra)
    return data


def _calendar(attachment) -> Calendar:
    _name, content, mimetype = attachment
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_chair_schedules_a_meeting_and_signed_members_get_an_ics(
    meeting_world, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(w.anna).post(
            reverse("meetings:create", args=[w.group.pk]), _form(w.carla)
        )
    meeting = Meeting.objects.exclude(pk=w.meeting.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.chair == w.carla
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.anna.email, w.bram.email, w.carla.email]
    )
    assert w.erik.email not in [m.to[0] for m in mail.outbox]  # has not signed
    event = _calendar(mail.outbox[0].attachments[0]).walk("VEVENT")[0]
    assert event["UID"] == f"meeting-{meeting.pk}@vim-kring"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert str(event["LOCATION"]) == "Praktijk De Linde"


def test_meeting_needs_a_future_time_and_a_place_or_link(meeting_world, client_for):
    w = meeting_world
    past = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(w.anna).post(
        reverse("meetings:create", args=[w.group.pk]),
        _form(w.anna, starts_at=past, location=""),
    )
    assert response.status_code == 200
    assert "Kies een moment in de toekomst." in response.content.decode()
    assert Meeting.objects.count() == 1


def test_an_unsigned_member_cannot_be_appointed_chair(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.anna).post(reverse("meetings:create", args=[w.group.pk]), _form(w.erik))
    assert response.status_code == 200
    assert Meeting.objects.count() == 1


def test_changing_a_meeting_tells_the_members_with_an_updated_ics(
    meeting, meeting_world, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(w.anna).post(
            reverse("meetings:edit", args=[meeting.pk]), _form(w.bram, location="Online")
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Online" and meeting.chair == w.bram
    assert len(mail.outbox) == 3
    assert "gewijzigd" in mail.outbox[0].subject
    event = _calendar(mail.outbox[0].attachments[0]).walk("VEVENT")[0]
    assert event["UID"] == f"meeting-{meeting.pk}@vim-kring"
    assert int(event["SEQUENCE"]) >= 0


def test_cancelling_sends_a_calendar_cancellation(
    meeting, meeting_world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(meeting_world.anna).post(
            reverse("meetings:cancel", args=[meeting.pk])
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    calendar = _calendar(mail.outbox[0].attachments[0])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    # A cancelled meeting cannot be changed any more.
    response = client_for(meeting_world.anna).post(reverse("meetings:cancel", args=[meeting.pk]))
    assert len(mail.outbox) == 3


def test_the_meeting_page_offers_the_ics(meeting, meeting_world, client_for):
    response = client_for(meeting_world.carla).get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event["UID"] == f"meeting-{meeting.pk}@vim-kring"


def test_a_started_meeting_page_sends_members_on_to_it(meeting, meeting_world, client_for):
    meeting.status = Meeting.Status.LIVE
    meeting.save()
    response = client_for(meeting_world.bram).get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:live", kwargs={"pk": meeting.pk})


def test_group_page_lists_upcoming_and_past_meetings(meeting, meeting_world, client_for):
    w = meeting_world
    past = make_meeting(w.group, w.anna, days=-30, status=Meeting.Status.CLOSED)
    page = client_for(w.bram).get(reverse("groups:detail", args=[w.group.pk])).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in page
    assert reverse("meetings:detail", args=[past.pk]) in page
    assert "Komende besprekingen" in page and "Eerdere besprekingen" in page


def test_my_groups_shows_the_next_meeting_to_signed_members_only(
    meeting, meeting_world, client_for
):
    w = meeting_world
    when = timezone.localtime(meeting.starts_at)
    marker = "Volgende bijeenkomst"
    assert marker in client_for(w.bram).get(reverse("groups:list")).content.decode()
    assert marker not in client_for(w.erik).get(reverse("groups:list")).content.decode()
    page = client_for(w.bram).get(reverse("groups:list")).content.decode()
    assert f"{when:%H:%M}" in page


@pytest.mark.parametrize("rows", [1, 30])
def test_my_groups_counts_flat_queries(
    rows, meeting_world, client_for, create_group, django_assert_max_num_queries
):
    w = meeting_world
    for index in range(rows):
        make_meeting(create_group(w.bram, name=f"Groep {index}"), w.bram)
    client = client_for(w.bram)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("groups:list"))
    assert response.content.decode().count("Volgende bijeenkomst") == rows + 1


@pytest.mark.parametrize(
    ("persona", "label"),
    [("anna", "Naar de bespreking (starten)"), ("bram", "Naar de bespreking")],
)
def test_a_scheduled_meeting_page_leads_to_the_live_meeting(
    meeting_world, client_for, persona, label
):
    meeting = meeting_world.meeting
    body = (
        client_for(getattr(meeting_world, persona))
        .get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
        .content.decode()
    )
    live_url = reverse("meetings:live", kwargs={"pk": meeting.pk})
    assert f'<a class="button" href="{live_url}">{label}</a>' in body
