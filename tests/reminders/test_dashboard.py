"""The dashboard ("Overzicht"): what needs the practitioner now, in a constant number of queries
whatever the amount of data; each app adds its own section through project/pages.py."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from groups.models import IncidentGroup, Invitation, Membership, SecrecyDeclaration
from incidents.models import Incident, Measure
from meetings.models import AgendaItem, Meeting
from reminders.models import Kind, ReminderSent
from sharing.models import SharedItem
from tests.meetings.conftest import make_item, make_meeting

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
# Session, user, and each section's one or two reads; the same at 1 and at 200 of everything.
MAX_QUERIES = 14

pytestmark = pytest.mark.django_db


def clones(incident: Incident, n: int, start: int, **changes) -> list[Incident]:
    """n copies of incident in the same register, numbered from `start` on."""
    copies = []
    for seq in range(n):
        copy = Incident.objects.get(pk=incident.pk)
        copy.pk = None
        copy.number_seq = start + seq
        copy.number = f"{copy.number_year}-{copy.number_seq}"
        for name, value in changes.items():
            setattr(copy, name, value)
        copies.append(copy)
    return Incident.objects.bulk_create(copies)


def fill(world, incident: Incident, n: int) -> None:
    """n of everything the dashboard shows to anna."""
    anna = world.anna
    for copy in clones(incident, n, 1000):
        Measure.objects.create(
            incident=copy, description="Checklijst", owner_name="Anna", due_on=TODAY + DAY
        )
    clones(
        incident,
        n,
        2000,
        severity="ernstige-gevolgen",
        calamity_assessment="vastgesteld",
        calamity_established_on=TODAY - DAY,
    )
    Meeting.objects.bulk_create(
        Meeting(
            group=world.group,
            starts_at=timezone.now() + datetime.timedelta(days=3 + i),
            chair=anna,
            created_by=anna,
        )
        for i in range(n)
    )
    closed = make_meeting(world.group, anna, days=-7, status=Meeting.Status.CLOSED)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=closed,
            owner=anna,
            title=f"Punt {i}",
            status=AgendaItem.Status.ACCEPTED,
            result="Besproken.",
            result_recorded_at=timezone.now(),
            outcome_version=1,
            position=i,
        )
        for i in range(n)
    )
    SharedItem.objects.bulk_create(SharedItem(item=item, incident=incident) for item in items)
    for i in range(n):
        group = IncidentGroup.objects.create(name=f"Groep {i}", created_by=world.bram)
        declaration = SecrecyDeclaration.objects.create(group=group, version=1, text="Geheim.")
        group.current_declaration = declaration
        group.save(update_fields=["current_declaration"])
        Membership.objects.create(group=group, user=anna)
        other = IncidentGroup.objects.create(name=f"Uitnodigende groep {i}")
        Invitation.objects.create(
            group=other,
            email=anna.email,
            token_sha256=hashlib.sha256(f"token-{i}".encode()).hexdigest(),
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
    ReminderSent.objects.bulk_create(
        ReminderSent(
            user=anna,
            kind=Kind.MEASURE,
            key=f"measure:{i}",
            sent_on=TODAY,
            line="Een maatregel moet uiterlijk morgen zijn uitgevoerd.",
            url="/",
        )
        for i in range(n)
    )


@pytest.fixture
def anna_incident(meeting_world, file_incident):
    return file_incident(meeting_world.anna)


@pytest.mark.parametrize("n", [1, 200])
def test_the_dashboard_reads_in_constant_queries(
    n, meeting_world, anna_incident, client_for, django_assert_max_num_queries
):
    fill(meeting_world, anna_incident, n)
    client = client_for(meeting_world.anna)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Checklijst") == n
    assert "Melden bij de IGJ uiterlijk" in body
    assert "Uitnodigende groep 0" in body
    assert "Geheimhoudingsverklaring van Groep 0 tekenen" in body
    assert "Uitkomsten om te importeren" in body
    assert "Een maatregel moet uiterlijk morgen zijn uitgevoerd." in body


def test_a_live_meeting_has_a_direct_link_and_titles_stay_off_the_dashboard(
    meeting_world, client_for
):
    world = meeting_world
    live = make_meeting(world.group, world.anna, days=0, status=Meeting.Status.LIVE)
    Meeting.objects.filter(pk=live.pk).update(started_at=timezone.now())
    make_item(world.meeting, world.carla, title="Medicatie verwisseld")
    body = client_for(world.bram).get("/").content.decode()
    assert "Nu bezig — deelnemen" in body
    assert f"/besprekingen/{live.pk}/live/" in body
    assert "1 agendapunt" in body
    assert "Medicatie verwisseld" not in body


def test_an_unsigned_member_sees_no_meetings_but_the_declaration_to_sign(meeting_world, client_for):
    world = meeting_world
    body = client_for(world.erik).get("/").content.decode()
    assert f"/besprekingen/{world.meeting.pk}/" not in body
    assert f"/groepen/{world.group.pk}/verklaring/" in body


def test_an_outsider_sees_nothing_of_the_group_or_the_register(
    meeting_world, anna_incident, client_for
):
    Measure.objects.create(
        incident=anna_incident, description="Checklijst", owner_name="Anna", due_on=TODAY
    )
    body = client_for(meeting_world.dirk).get("/").content.decode()
    assert "Checklijst" not in body
    assert anna_incident.number not in body
    assert f"/besprekingen/{meeting_world.meeting.pk}/" not in body


def test_the_account_page_saves_reminder_preferences(anna, client_for):
    client = client_for(anna)
    page = client.get("/account/").content.decode()
    assert 'id="herinneringen"' in page
    choices = {kind.value: "dagelijks" for kind in Kind}
    choices[Kind.MEETING.value] = "uit"
    response = client.post("/herinneringen/voorkeuren/", choices)
    assert response.status_code == 302
    assert anna.reminder_preferences.get(kind=Kind.MEETING).frequency == "uit"
    response = client.post("/herinneringen/voorkeuren/", {Kind.MEETING.value: "vaak"})
    assert response.status_code == 302
    assert anna.reminder_preferences.get(kind=Kind.MEETING).frequency == "uit"


def test_the_preferences_need_a_login(client):
    response = client.post("/herinneringen/voorkeuren/", {})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
