"""Reminders: each kind is sent when due, once a day at most, and not when switched off; the
e-mail holds a link and nothing of the incident or the meeting."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from incidents import services as incident_services
from incidents.models import Incident
from meetings.models import AgendaItem
from project import tasks
from reminders import services
from reminders.models import Frequency, Kind, Preference, ReminderSent
from sharing.services import import_outcome
from tests.meetings.conftest import make_item, make_meeting

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
MEASURE_TEXT = "Verwijsbrieven door een tweede persoon laten controleren"

pytestmark = pytest.mark.django_db


def send(today=TODAY, capture=None):
    if capture is None:
        return services.reminders_send_due(today=today)
    with capture(execute=True):
        return services.reminders_send_due(today=today)


def sent(user, kind):
    return list(ReminderSent.objects.filter(user=user, kind=kind).order_by("key"))


def add_measure(actor, incident, due_on):
    return incident_services.measure_add(
        actor=actor, incident=incident, description=MEASURE_TEXT, owner_name="Anna", due_on=due_on
    )


@pytest.fixture
def measures(anna, file_incident):
    """anna's incident with a measure due in 5 days, one overdue, one due in a month, one done."""
    incident = file_incident(anna)
    soon = add_measure(anna, incident, TODAY + 5 * DAY)
    overdue = add_measure(anna, incident, TODAY - 2 * DAY)
    add_measure(anna, incident, TODAY + 30 * DAY)
    done = add_measure(anna, incident, TODAY - 3 * DAY)
    incident_services.measure_complete(actor=anna, measure=done, done_on=TODAY)
    return {"incident": incident, "soon": soon, "overdue": overdue}


def test_measures_due_within_a_week_and_overdue_are_reminded(
    anna, measures, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://vim.example:8443"
    send(capture=django_capture_on_commit_callbacks)
    reminders = sent(anna, Kind.MEASURE)
    assert [r.key for r in reminders] == sorted(
        [f"measure:{measures['soon'].pk}", f"measure:{measures['overdue'].pk}"]
    )
    assert {r.url for r in reminders} == {measures["incident"].get_absolute_url()}
    assert any("verlopen" in r.line for r in reminders)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [anna.email]
    assert "https://vim.example:8443/\n" in message.body
    for secret in (MEASURE_TEXT, measures["incident"].number, measures["incident"].description):
        assert secret not in message.body
        assert secret not in message.subject


def test_a_measure_is_reminded_to_whoever_filed_the_incident_too(
    anna, bram, file_incident, django_capture_on_commit_callbacks
):
    incident = file_incident(anna)
    measure = add_measure(anna, incident, TODAY + DAY)
    Incident.objects.filter(pk=incident.pk).update(created_by=bram)
    send(capture=django_capture_on_commit_callbacks)
    assert [r.key for r in sent(bram, Kind.MEASURE)] == [f"measure:{measure.pk}"]
    assert [r.key for r in sent(anna, Kind.MEASURE)] == [f"measure:{measure.pk}"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([anna.email, bram.email])


def test_nobody_gets_the_same_reminder_twice_on_the_same_day(
    anna, measures, django_capture_on_commit_callbacks
):
    assert send(capture=django_capture_on_commit_callbacks) == {anna.pk: 2}
    assert send(capture=django_capture_on_commit_callbacks) == {}
    assert ReminderSent.objects.filter(user=anna).count() == 2
    assert len(mail.outbox) == 1
    # The next day they come again (daily is the default).
    assert send(TODAY + DAY, capture=django_capture_on_commit_callbacks) == {anna.pk: 2}


def test_the_database_refuses_a_second_record_of_the_same_reminder(anna):
    fields = {"user": anna, "kind": Kind.MEASURE, "key": "measure:1", "sent_on": TODAY}
    ReminderSent.objects.create(**fields, line="x", url="/")
    with pytest.raises(IntegrityError):
        ReminderSent.objects.create(**fields, line="y", url="/")


def test_an_opt_out_is_honoured(anna, measures, django_capture_on_commit_callbacks):
    Preference.objects.create(user=anna, kind=Kind.MEASURE, frequency=Frequency.OFF)
    assert send(capture=django_capture_on_commit_callbacks) == {}
    assert mail.outbox == []


def test_weekly_means_at_most_once_a_week_for_the_same_thing(
    anna, measures, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=anna, kind=Kind.MEASURE, frequency=Frequency.WEEKLY)
    assert send(capture=django_capture_on_commit_callbacks) == {anna.pk: 2}
    assert send(TODAY + 3 * DAY, capture=django_capture_on_commit_callbacks) == {}
    assert send(TODAY + 7 * DAY, capture=django_capture_on_commit_callbacks) == {anna.pk: 2}


@pytest.fixture
def calamities(anna, file_incident):
    """Three of anna's incidents with serious harm: established and unreported; unassessed with
    its deadline three days away; unassessed and reported today (deadline six weeks away)."""
    serious = {
        "severity": "ernstige-gevolgen",
        "client_informed": "ja",
        "client_informed_on": TODAY - 2 * DAY,
        "client_informed_by": "Anna",
        "client_informed_how": "mondeling",
        "client_informed_noted": "ja",
    }
    established = file_incident(anna, **serious)
    Incident.objects.filter(pk=established.pk).update(
        calamity_assessment="vastgesteld", calamity_established_on=TODAY - DAY
    )
    near = file_incident(anna, **serious)
    Incident.objects.filter(pk=near.pk).update(reported_on=TODAY - 39 * DAY)
    fresh = file_incident(anna, **serious)
    return {"established": established, "near": near, "fresh": fresh}


def test_an_established_calamity_not_yet_reported_is_reminded_with_its_deadline(
    anna, calamities, django_capture_on_commit_callbacks
):
    send(capture=django_capture_on_commit_callbacks)
    incident = Incident.objects.get(pk=calamities["established"].pk)
    [reminder] = sent(anna, Kind.CALAMITY_REPORT)
    assert reminder.key == f"incident:{incident.pk}"
    assert str(incident.igj_report_deadline.due_on.year) in reminder.line
    assert "IGJ" in reminder.line


def test_a_possible_calamity_is_reminded_only_near_its_assessment_deadline(
    anna, calamities, django_capture_on_commit_callbacks
):
    send(capture=django_capture_on_commit_callbacks)
    assert [r.key for r in sent(anna, Kind.CALAMITY_ASSESSMENT)] == [
        f"incident:{calamities['near'].pk}"
    ]


def test_a_reported_calamity_is_not_reminded(anna, calamities, django_capture_on_commit_callbacks):
    Incident.objects.filter(pk=calamities["established"].pk).update(igj_reported_on=TODAY)
    send(capture=django_capture_on_commit_callbacks)
    assert sent(anna, Kind.CALAMITY_REPORT) == []


def test_calamity_opt_out_is_honoured(anna, calamities, django_capture_on_commit_callbacks):
    for kind in (Kind.CALAMITY_REPORT, Kind.CALAMITY_ASSESSMENT):
        Preference.objects.create(user=anna, kind=kind, frequency=Frequency.OFF)
    send(capture=django_capture_on_commit_callbacks)
    assert ReminderSent.objects.filter(user=anna).count() == 0


def test_an_outcome_waiting_is_reminded_until_it_is_imported(
    outcome_world, django_capture_on_commit_callbacks
):
    bram, item = outcome_world.world.bram, outcome_world.item
    mail.outbox.clear()
    send(capture=django_capture_on_commit_callbacks)
    [reminder] = sent(bram, Kind.OUTCOME)
    assert reminder.key == f"outcome:{item.pk}:{item.outcome_version}"
    assert item.title not in reminder.line
    [to_bram] = [m for m in mail.outbox if m.to == [bram.email]]
    assert item.title not in to_bram.body and item.result not in to_bram.body
    assert send(capture=django_capture_on_commit_callbacks) == {}
    Preference.objects.create(user=bram, kind=Kind.OUTCOME, frequency=Frequency.OFF)
    assert bram.pk not in send(TODAY + DAY, capture=django_capture_on_commit_callbacks)


def test_an_imported_outcome_is_not_reminded_again(
    outcome_world, django_capture_on_commit_callbacks
):
    bram = outcome_world.world.bram
    send(capture=django_capture_on_commit_callbacks)
    import_outcome(actor=bram, item=outcome_world.item)
    send(TODAY + DAY, capture=django_capture_on_commit_callbacks)
    assert [r.sent_on for r in sent(bram, Kind.OUTCOME)] == [TODAY]


def test_a_meeting_in_two_days_is_reminded_to_signed_members_with_its_item_count(
    meeting_world, django_capture_on_commit_callbacks
):
    world = meeting_world
    soon = make_meeting(world.group, world.anna, days=2)
    make_item(soon, world.bram, title="Brief naar verkeerde huisarts")
    make_item(soon, world.carla, title="Medicatie verwisseld", status=AgendaItem.Status.ACCEPTED)
    make_item(soon, world.carla, title="Ingetrokken punt", status=AgendaItem.Status.WITHDRAWN)
    send(capture=django_capture_on_commit_callbacks)
    reminded = ReminderSent.objects.filter(kind=Kind.MEETING, key=f"meeting:{soon.pk}")
    assert {r.user for r in reminded} == {world.anna, world.bram, world.carla}
    line = reminded.first().line
    assert "2 agendapunten" in line
    assert "huisarts" not in line and "Medicatie" not in line
    # The meeting a week away (the world's own) is not reminded yet.
    assert not ReminderSent.objects.filter(key=f"meeting:{world.meeting.pk}").exists()
    Preference.objects.create(user=world.bram, kind=Kind.MEETING, frequency=Frequency.OFF)
    ReminderSent.objects.all().delete()
    send(capture=django_capture_on_commit_callbacks)
    assert world.bram not in {r.user for r in ReminderSent.objects.filter(kind=Kind.MEETING)}


def test_a_declaration_to_sign_is_reminded_once_a_day(
    meeting_world, django_capture_on_commit_callbacks
):
    erik, group = meeting_world.erik, meeting_world.group
    send(capture=django_capture_on_commit_callbacks)
    [reminder] = ReminderSent.objects.filter(kind=Kind.DECLARATION)
    assert reminder.user == erik
    assert reminder.key == f"declaration:{group.current_declaration_id}"
    assert send(capture=django_capture_on_commit_callbacks) == {}
    Preference.objects.create(user=erik, kind=Kind.DECLARATION, frequency=Frequency.OFF)
    assert send(TODAY + DAY, capture=django_capture_on_commit_callbacks) == {}


def test_the_scheduled_task_is_registered_under_its_name(anna, measures):
    tasks.run("reminders.send_due")
    assert ReminderSent.objects.filter(user=anna, kind=Kind.MEASURE).count() == 2


def test_an_inactive_user_gets_no_reminder(anna, measures, django_capture_on_commit_callbacks):
    anna.is_active = False
    anna.save(update_fields=["is_active"])
    assert send(capture=django_capture_on_commit_callbacks) == {}
