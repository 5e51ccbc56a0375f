"""Follow-up goes on the agenda by itself: an agreed measure of an earlier meeting whose due date
passed comes back on the group's next meeting as a proposed "opvolging" item (the earlier
item's title and the measure, nothing of an incident); its owner gives a one-line status,
checked like any group text; the chair accepts or declines it as any other item.

anna chairs the group; bram and carla are signed members; erik has not signed; dirk is an
outsider. The group met two weeks ago (closed) and meets again in a week (`meeting`)."""

import datetime
import math

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups import services as group_services
from meetings import services
from meetings.models import AgendaItem, AgreedMeasure, Meeting
from project import checking, tasks
from project.errors import NotFound
from reminders import services as reminder_services
from reminders.models import Kind, ReminderSent
from sharing.models import SharedItem
from tests.meetings.conftest import (
    PATIENT_BIRTH_DATE,
    PATIENT_NAME,
    STAFF_NAME,
    make_item,
    make_meeting,
)

pytestmark = pytest.mark.usefixtures("checker")

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
EARLIER_TITLE = "Verwisselde verwijsbrief"


def earlier_item(world, *, title=EARLIER_TITLE, days=-14) -> AgendaItem:
    """An accepted, discussed item of a closed meeting of the group `days` from now."""
    earlier = make_meeting(
        world.group,
        world.anna,
        days=days,
        status=Meeting.Status.CLOSED,
        closed_at=timezone.now() + datetime.timedelta(days=days, hours=2),
    )
    return make_item(
        earlier,
        world.bram,
        title=title,
        status=AgendaItem.Status.ACCEPTED,
        discussion=AgendaItem.Discussion.DISCUSSED,
    )


def agree(
    item, owner, *, due_in: int | None, description="AGB-code in het verwijssjabloon", **extra
):
    return AgreedMeasure.objects.create(
        item=item,
        description=description,
        owner=owner,
        due_on=None if due_in is None else TODAY + due_in * DAY,
        status=extra.pop("status", AgreedMeasure.Status.AGREED),
        proposed_by=item.meeting.chair,
        **extra,
    )


def followups(meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting, followed_measure__isnull=False).order_by(
            "position"
        )
    )


def open_as_chair(client_for, world, meeting):
    response = client_for(world.anna).get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response


@pytest.fixture
def item(meeting_world) -> AgendaItem:
    return earlier_item(meeting_world)


# --- Proposed from overdue measures ----------------------------------------------------------


def test_overdue_measures_become_proposed_followups_when_the_chair_opens_the_meeting(
    meeting, meeting_world, item, client_for
):
    w = meeting_world
    overdue = agree(item, w.bram, due_in=-3, description="AGB-code in het verwijssjabloon")
    also_overdue = agree(item, w.carla, due_in=-1, description="Adresboek nalopen")
    agree(item, w.bram, due_in=0, description="Vandaag te doen: nog niet verlopen")
    agree(item, w.bram, due_in=5, description="Nog niet verlopen")
    agree(item, w.bram, due_in=None, description="Zonder datum")
    agree(item, w.bram, due_in=-2, description="Al uitgevoerd", done_on=TODAY - DAY)
    agree(item, w.bram, due_in=-2, description="Alleen voorgesteld", status="proposed")
    # Members see nothing new until the chair prepares the meeting (or the scheduler runs).
    client_for(w.bram).get(reverse("meetings:detail", args=[meeting.pk]))
    assert followups(meeting) == []

    response = open_as_chair(client_for, w, meeting)

    found = followups(meeting)
    assert [f.followed_measure for f in found] == [overdue, also_overdue]
    for followup, owner in zip(found, (w.bram, w.carla), strict=True):
        assert followup.status == AgendaItem.Status.PROPOSED
        assert followup.title == f"Opvolging: {EARLIER_TITLE}"
        assert followup.owner == owner
        assert followup.is_followup and not followup.is_free_topic
        assert followup.confirmed_deidentified_at is None
    assert "AGB-code in het verwijssjabloon" in found[0].summary
    assert TODAY.strftime("%Y") in found[0].summary  # the due date, written out
    assert [i.title for i in response.context["items"]] == [f.title for f in found]


def test_proposing_is_idempotent(meeting, meeting_world, item, client_for):
    w = meeting_world
    agree(item, w.bram, due_in=-3)
    open_as_chair(client_for, w, meeting)
    open_as_chair(client_for, w, meeting)
    assert services.followups_propose(meeting=meeting) == []
    assert len(followups(meeting)) == 1


def test_a_declined_followup_is_not_proposed_again_on_the_same_meeting(
    meeting, meeting_world, item, client_for
):
    w = meeting_world
    agree(item, w.bram, due_in=-3)
    open_as_chair(client_for, w, meeting)
    [followup] = followups(meeting)
    chair = client_for(w.anna)
    chair.post(reverse("meetings:item_decline", args=[followup.pk]), {"reason": "Volgende keer"})
    followup.refresh_from_db()
    assert followup.status == AgendaItem.Status.DECLINED
    open_as_chair(client_for, w, meeting)
    assert followups(meeting) == [followup]


def test_only_measures_of_earlier_meetings_of_the_same_group(
    meeting, meeting_world, item, client_for, create_group
):
    w = meeting_world
    agree(item, w.bram, due_in=-3)
    other_group = create_group(w.anna, name="Andere groep")
    other = make_meeting(other_group, w.anna, days=-10, status=Meeting.Status.CLOSED)
    agree(make_item(other, w.anna, status="accepted"), w.anna, due_in=-3, description="Elders")
    # A meeting still open (not closed) has no agreed outcome to follow up yet.
    open_meeting = make_meeting(w.group, w.anna, days=-1, status=Meeting.Status.LIVE)
    agree(make_item(open_meeting, w.bram, status="accepted"), w.bram, due_in=-1, description="Nu")
    open_as_chair(client_for, w, meeting)
    assert [f.followed_measure.description for f in followups(meeting)] == [
        "AGB-code in het verwijssjabloon"
    ]


def test_a_measure_on_a_meeting_still_to_come_is_not_proposed_twice(
    meeting, meeting_world, item, client_for
):
    w = meeting_world
    measure = agree(item, w.bram, due_in=-3)
    later = make_meeting(w.group, w.anna, days=21)
    # Only the group's next meeting gets follow-ups: opening a later one proposes nothing.
    open_as_chair(client_for, w, later)
    assert followups(later) == []
    open_as_chair(client_for, w, meeting)
    assert [f.followed_measure for f in followups(meeting)] == [measure]
    # Rescheduled after `later`: `later` is now next, but the measure is already on the agenda
    # of a meeting still to come.
    meeting.starts_at = later.starts_at + 7 * DAY
    meeting.save(update_fields=["starts_at"])
    open_as_chair(client_for, w, later)
    assert followups(later) == []
    assert AgendaItem.objects.filter(followed_measure=measure).count() == 1


def test_after_the_meeting_a_measure_still_not_done_comes_back_on_the_next_one(
    meeting, meeting_world, item, client_for
):
    w = meeting_world
    measure = agree(item, w.bram, due_in=-3)
    open_as_chair(client_for, w, meeting)
    later = make_meeting(w.group, w.anna, days=21)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - DAY, status=Meeting.Status.CLOSED, closed_at=timezone.now()
    )
    open_as_chair(client_for, w, later)
    assert [f.followed_measure for f in followups(later)] == [measure]


def test_a_measure_reported_done_is_not_followed_up_again(meeting, meeting_world, item, client_for):
    w = meeting_world
    measure = agree(item, w.bram, due_in=-3)
    open_as_chair(client_for, w, meeting)
    [followup] = followups(meeting)
    response = client_for(w.bram).post(
        reverse("meetings:followup_status", args=[followup.pk]),
        {"status": "Het sjabloon is aangepast en in gebruik.", "done": "on"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.done_on == TODAY
    later = make_meeting(w.group, w.anna, days=21)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - DAY, status=Meeting.Status.CLOSED, closed_at=timezone.now()
    )
    open_as_chair(client_for, w, later)
    assert followups(later) == []


def test_scheduling_the_next_meeting_proposes_followups(meeting_world, item, client_for):
    w = meeting_world
    Meeting.objects.filter(pk=w.meeting.pk).update(status=Meeting.Status.CANCELLED)
    measure = agree(item, w.bram, due_in=-3)
    starts_at = timezone.localtime() + 10 * DAY
    response = client_for(w.anna).post(
        reverse("meetings:create", args=[w.group.pk]),
        {
            "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 90,
            "location": "Praktijk De Linde",
            "chair": w.anna.pk,
        },
    )
    assert response.status_code == 302
    scheduled = Meeting.objects.filter(status=Meeting.Status.SCHEDULED).get()
    assert [f.followed_measure for f in followups(scheduled)] == [measure]


def test_the_scheduler_proposes_followups_daily(meeting, meeting_world, item):
    w = meeting_world
    measure = agree(item, w.bram, due_in=-3)
    tasks.run("meetings.followups_propose_due")
    tasks.run("meetings.followups_propose_due")
    assert [f.followed_measure for f in followups(meeting)] == [measure]
    assert services.followups_propose_due() == 0


def test_an_archived_group_gets_no_followups(meeting, meeting_world, item, client_for):
    w = meeting_world
    agree(item, w.bram, due_in=-3)
    w.group.archived_at = timezone.now()
    w.group.save(update_fields=["archived_at"])
    client_for(w.anna).get(reverse("meetings:detail", args=[meeting.pk]))
    assert services.followups_propose(meeting=meeting) == []
    assert followups(meeting) == []


def test_a_measure_without_a_signed_owner_is_followed_up_by_the_chair(
    meeting, meeting_world, item, client_for
):
    w = meeting_world
    agree(item, w.erik, due_in=-3, description="Van een lid dat niet tekende")
    agree(item, None, due_in=-3, description="Zonder uitvoerder")
    open_as_chair(client_for, w, meeting)
    assert [f.owner for f in followups(meeting)] == [w.anna, w.anna]


# --- No incident data -------------------------------------------------------------------------


def test_a_followup_holds_nothing_of_the_incident(
    meeting, meeting_world, item, bram_incident, client_for
):
    w = meeting_world
    SharedItem.objects.create(item=item, incident=bram_incident)
    agree(item, w.bram, due_in=-3)
    open_as_chair(client_for, w, meeting)
    [followup] = followups(meeting)
    assert not SharedItem.objects.filter(item=followup).exists()
    stored = " ".join([followup.title, followup.category, followup.summary, followup.question])
    private = [bram_incident.number, PATIENT_NAME, "Zwanenburg", PATIENT_BIRTH_DATE, STAFF_NAME]
    private += [bram_incident.description[:40], f"/register/melding/{bram_incident.pk}/"]
    for persona in ("anna", "bram", "carla"):
        page = client_for(w.persona(persona)).get(reverse("meetings:detail", args=[meeting.pk]))
        assert f"Opvolging: {EARLIER_TITLE}" in page.content.decode()
        for value in private:
            assert value not in stored
            assert value not in page.content.decode(), (persona, value)


# --- The owner's status -----------------------------------------------------------------------


@pytest.fixture
def followup(meeting, meeting_world, item) -> AgendaItem:
    agree(item, meeting_world.bram, due_in=-3)
    [proposed] = services.followups_propose(meeting=meeting)
    return AgendaItem.objects.get(pk=proposed.pk)


def test_the_owner_sees_the_status_form_and_others_do_not(
    meeting, meeting_world, followup, client_for
):
    w = meeting_world
    url = reverse("meetings:followup_status", args=[followup.pk])
    assert (
        url
        in client_for(w.bram).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )
    for persona in ("anna", "carla"):
        page = client_for(w.persona(persona)).get(reverse("meetings:detail", args=[meeting.pk]))
        assert url not in page.content.decode()


def test_the_owner_gives_a_one_line_status_that_shows_on_the_agenda(
    meeting, meeting_world, followup, client_for
):
    w = meeting_world
    url = reverse("meetings:followup_status", args=[followup.pk])
    owner = client_for(w.bram)
    # One line: a line break is refused.
    assert owner.post(url, {"status": "Sjabloon is klaar,\nbijna."}).status_code == 200
    followup.refresh_from_db()
    assert followup.followup_status == ""
    response = owner.post(url, {"status": "  Sjabloon is klaar,   wordt volgende week ingevoerd."})
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.followup_status == "Sjabloon is klaar, wordt volgende week ingevoerd."
    assert followup.followup_status_at is not None
    assert followup.followed_measure.done_on is None
    page = client_for(w.carla).get(reverse("meetings:detail", args=[meeting.pk]))
    assert "Sjabloon is klaar, wordt volgende week ingevoerd." in page.content.decode()


def test_a_name_in_the_status_is_held_back_until_confirmed(
    meeting, meeting_world, followup, client_for
):
    w = meeting_world
    url = reverse("meetings:followup_status", args=[followup.pk])
    owner = client_for(w.bram)
    status = "Besproken met Henk Zwanenburg, het sjabloon is klaar."
    response = owner.post(url, {"status": status})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nog niet opgeslagen" in page
    assert '<mark class="mark-finding"' in page
    check = response.context["check"]
    assert any("Zwanenburg" in finding.text for finding in check.others)
    followup.refresh_from_db()
    assert followup.followup_status == ""
    # Confirmed one by one as not identifying, it is stored.
    keys = [finding["key"] for finding in check.confirmable]
    response = owner.post(url, {"status": status, "accepted": keys})
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.followup_status == status


def test_a_known_identifier_of_the_shared_incident_cannot_be_confirmed(
    meeting, meeting_world, item, bram_incident, client_for
):
    w = meeting_world
    SharedItem.objects.create(item=item, incident=bram_incident)
    agree(item, w.carla, due_in=-3)
    [followup] = services.followups_propose(meeting=meeting)
    url = reverse("meetings:followup_status", args=[followup.pk])
    # carla owns the measure, not the incident: its identifiers still hold her status back.
    status = f"Melding {bram_incident.number} is afgehandeld."
    response = client_for(w.carla).post(url, {"status": status})
    assert response.status_code == 200
    check = response.context["check"]
    assert check.known
    keys = [finding.key for finding in check.known]
    response = client_for(w.carla).post(url, {"status": status, "accepted": keys})
    assert response.status_code == 200
    assert response.context["check"].blocked
    followup.refresh_from_db()
    assert followup.followup_status == ""
    for page in (response.content.decode(),):
        assert PATIENT_NAME not in page


def test_while_no_checker_is_ready_nothing_is_stored(
    meeting, meeting_world, followup, client_for, monkeypatch
):
    monkeypatch.setattr(checking, "_scanner", None)
    response = client_for(meeting_world.bram).post(
        reverse("meetings:followup_status", args=[followup.pk]), {"status": "Loopt volgens plan"}
    )
    assert response.status_code == 200
    assert "De controle wordt voorbereid" in response.content.decode()
    followup.refresh_from_db()
    assert followup.followup_status == ""


def test_the_status_is_escaped_and_required(meeting, meeting_world, followup, client_for):
    w = meeting_world
    owner = client_for(w.bram)
    url = reverse("meetings:followup_status", args=[followup.pk])
    assert owner.post(url, {"status": "   "}).status_code == 200
    owner.post(url, {"status": "<script>alert(1)</script> klaar"})
    followup.refresh_from_db()
    assert "<script>" not in followup.summary
    assert "&lt;script&gt;" in followup.summary


def test_the_status_cannot_change_once_the_meeting_started(
    meeting, meeting_world, followup, client_for
):
    w = meeting_world
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.LIVE)
    response = client_for(w.bram).post(
        reverse("meetings:followup_status", args=[followup.pk]), {"status": "Te laat"}
    )
    assert response.status_code == 200
    assert "De bespreking is begonnen" in response.content.decode()
    followup.refresh_from_db()
    assert followup.followup_status == ""


def test_an_archived_group_takes_no_status(meeting, meeting_world, followup, client_for):
    w = meeting_world
    w.group.archived_at = timezone.now()
    w.group.save(update_fields=["archived_at"])
    response = client_for(w.bram).post(
        reverse("meetings:followup_status", args=[followup.pk]), {"status": "Klaar"}
    )
    assert response.status_code == 200
    followup.refresh_from_db()
    assert followup.followup_status == ""


def test_the_owner_cannot_withdraw_or_rewrite_a_followup(
    meeting, meeting_world, followup, client_for
):
    w = meeting_world
    owner = client_for(w.bram)
    owner.post(reverse("meetings:item_withdraw", args=[followup.pk]))
    followup.refresh_from_db()
    assert followup.status == AgendaItem.Status.PROPOSED
    with pytest.raises(NotFound):
        services.agenda_item_revise(
            actor=w.bram, item=followup, title="Anders", summary="Anders", question=""
        )


def test_a_member_who_left_can_no_longer_give_the_status(
    meeting, meeting_world, followup, client_for
):
    w = meeting_world
    group_services.membership_leave(actor=w.bram, group=w.group)
    response = client_for(w.bram).post(
        reverse("meetings:followup_status", args=[followup.pk]), {"status": "Klaar"}
    )
    assert response.status_code == 404


# --- The chair decides ------------------------------------------------------------------------


def test_the_chair_accepts_or_declines_followups_as_usual(
    meeting, meeting_world, item, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    agree(item, w.bram, due_in=-3, description="Eerste")
    agree(item, w.carla, due_in=-2, description="Tweede")
    open_as_chair(client_for, w, meeting)
    keep, drop = followups(meeting)
    chair = client_for(w.anna)
    chair.post(reverse("meetings:item_accept", args=[keep.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        chair.post(reverse("meetings:item_decline", args=[drop.pk]), {"reason": "Is al besproken"})
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert keep.status == AgendaItem.Status.ACCEPTED
    assert drop.status == AgendaItem.Status.DECLINED
    # The declined follow-up's owner is told, without its content.
    assert [message.to for message in mail.outbox] == [[w.carla.email]]
    assert "Tweede" not in mail.outbox[0].body
    # A member cannot decide on a follow-up.
    other = client_for(w.bram)
    assert other.post(reverse("meetings:item_decline", args=[keep.pk])).status_code == 404


# --- Asking the owner -------------------------------------------------------------------------


def test_the_owner_is_reminded_for_a_status_without_content(
    meeting, meeting_world, followup, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    with django_capture_on_commit_callbacks(execute=True):
        reminder_services.reminders_send_due(today=TODAY)
    [notice] = ReminderSent.objects.filter(kind=Kind.FOLLOWUP)
    assert notice.user == w.bram
    assert notice.url == reverse("meetings:detail", args=[meeting.pk]) + f"#item-{followup.pk}"
    assert EARLIER_TITLE not in notice.line
    assert "AGB" not in notice.line
    [message] = [m for m in mail.outbox if m.to == [w.bram.email]]
    assert EARLIER_TITLE not in message.body and "AGB" not in message.body
    # Once a day at most, and not once the status is given.
    reminder_services.reminders_send_due(today=TODAY)
    assert ReminderSent.objects.filter(kind=Kind.FOLLOWUP).count() == 1
    client_for(w.bram).post(
        reverse("meetings:followup_status", args=[followup.pk]), {"status": "Loopt"}
    )
    reminder_services.reminders_send_due(today=TODAY + DAY)
    assert ReminderSent.objects.filter(kind=Kind.FOLLOWUP).count() == 1


# --- Permissions and query counts -------------------------------------------------------------

STATUS_GET = {"anna": 404, "bram": 200, "carla": 404, "erik": 404, "dirk": 404}
STATUS_POST = {"anna": 404, "bram": 302, "carla": 404, "erik": 404, "dirk": 404}


@pytest.mark.parametrize("persona", ["anna", "bram", "carla", "erik", "dirk"])
def test_status_permission_grid(persona, meeting_world, followup, client_for):
    url = reverse("meetings:followup_status", args=[followup.pk])
    client = client_for(meeting_world.persona(persona))
    assert client.get(url).status_code == STATUS_GET[persona]
    response = client.post(url, {"status": "Het sjabloon is klaar."})
    assert response.status_code == STATUS_POST[persona]
    followup.refresh_from_db()
    assert (followup.followup_status != "") == (persona == "bram")


def test_status_url_sends_anonymous_visitors_to_log_in(followup):
    url = reverse("meetings:followup_status", args=[followup.pk])
    for response in (Client().get(url), Client().post(url, {"status": "x"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_status_url_of_an_ordinary_item_answers_404(meeting, meeting_world, client_for):
    ordinary = make_item(meeting, meeting_world.bram)
    url = reverse("meetings:followup_status", args=[ordinary.pk])
    assert client_for(meeting_world.bram).get(url).status_code == 404
    assert client_for(meeting_world.bram).post(url, {"status": "x"}).status_code == 404


# The chair's first visit proposes (lock, candidates, members, position, the insert); later
# visits and members' visits only read. The same numbers at 1 and 50 follow-ups.
CHAIR_PROPOSING, CHAIR_AGAIN, MEMBER = 18, 10, 10


@pytest.mark.parametrize("count", [1, 50])
def test_meeting_page_queries_are_flat(
    count, meeting, meeting_world, item, client_for, django_assert_max_num_queries
):
    w = meeting_world
    for index in range(count):
        agree(item, w.bram, due_in=-3, description=f"Maatregel {index}")
    url = reverse("meetings:detail", args=[meeting.pk])
    chair, owner = client_for(w.anna), client_for(w.bram)
    # One INSERT for all of them, or one per batch where the database limits a statement's
    # parameters (SQLite: 999).
    fields = [f for f in AgendaItem._meta.concrete_fields if not f.primary_key]
    batch = connection.ops.bulk_batch_size(fields, [None] * count) or count
    with django_assert_max_num_queries(CHAIR_PROPOSING + math.ceil(count / batch) - 1):
        chair.get(url)
    assert len(followups(meeting)) == count
    with django_assert_max_num_queries(CHAIR_AGAIN):
        response = chair.get(url)
    assert response.content.decode().count("Accepteer “Opvolging:") == count
    with django_assert_max_num_queries(MEMBER):
        response = owner.get(url)
    assert response.content.decode().count('class="inline followup-status"') == count
