# ruff: noqa: F401, F811 - fixtures imported from outcome_world are redefined as arguments
"""The outcome on the register and incident pages, the import button, and who gets a 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from incidents import services
from meetings.models import AgendaItem, AgreedMeasure, Meeting
from sharing.models import OutcomeImport
from tests.incidents.conftest import vim_fields
from tests.meetings.conftest import make_meeting
from tests.sharing.outcome_world import (
    AGREED,
    PROPOSED_ONLY,
    RESULT,
    create_group,
    make_item,
    meeting_world,
    outcome_world,
    run_meeting,
)

pytestmark = pytest.mark.django_db


def _import_url(item):
    return reverse("sharing:outcome_import", args=[item.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bram", 302), ("anna", 404), ("carla", 404), ("erik", 404), ("dirk", 404)],
)
def test_only_the_owner_may_post_the_import(outcome_world, client_for, persona, status):
    client = client_for(outcome_world.world.persona(persona))

    response = client.post(_import_url(outcome_world.item))

    assert response.status_code == status
    assert OutcomeImport.objects.exists() == (persona == "bram")


def test_the_import_needs_a_login_and_a_post(outcome_world, client, client_for):
    assert client.post(_import_url(outcome_world.item)).status_code == 302
    assert (
        client_for(outcome_world.world.bram).get(_import_url(outcome_world.item)).status_code == 405
    )
    assert not OutcomeImport.objects.exists()


def test_the_owner_sees_the_outcome_on_the_incident_and_imports_it(outcome_world, client_for):
    world, incident = outcome_world.world, outcome_world.incident
    client = client_for(world.bram)
    when = formats.date_format(timezone.localdate(world.meeting.starts_at), "j F Y")

    page = client.get(incident.get_absolute_url()).content.decode()

    assert f"Uitkomst van de bespreking in Intervisiegroep Utrecht op {when}" in page
    assert RESULT in page and AGREED in page and PROPOSED_ONLY not in page
    assert "Importeren in mijn register" in page

    response = client.post(_import_url(outcome_world.item), follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(incident.get_absolute_url())
    assert f"De uitkomst is geïmporteerd in melding {incident.number}." in page
    assert "Importeren in mijn register" not in page
    assert "geïmporteerd</span>" in page
    assert 'id="incident-step">Maatregel<' in page


def test_the_owner_sees_pending_outcomes_on_his_register(outcome_world, client_for):
    world = outcome_world.world

    page = client_for(world.bram).get(reverse("incidents:register")).content.decode()

    assert "1 uitkomst van een bespreking klaar om te importeren" in page
    assert RESULT in page and "Importeren in mijn register" in page
    assert outcome_world.incident.get_absolute_url() in page
    for persona in ("anna", "carla", "dirk"):
        other = client_for(world.persona(persona)).get(reverse("incidents:register"))
        assert RESULT not in other.content.decode()


def test_an_investigator_of_the_incident_never_sees_the_meeting_link(outcome_world, client_for):
    world, incident = outcome_world.world, outcome_world.incident
    services.incident_access_grant(actor=world.bram, incident=incident, user=world.carla)

    page = client_for(world.carla).get(incident.get_absolute_url()).content.decode()

    assert RESULT not in page
    assert "Besprekingen in uw incidentgroep" not in page


def test_an_owner_who_lost_access_sees_why_and_has_no_button(
    meeting_world, practitioner_factory, client_for, django_capture_on_commit_callbacks
):
    world = meeting_world
    frank = practitioner_factory("frank")
    services.register_member_add(
        actor=frank, register=frank.register, user=world.bram, role="reporter"
    )
    incident = services.incident_create(
        actor=world.bram, register=frank.register, fields=vim_fields(reporter_name="Bram Jansen")
    )
    item = make_item(world.meeting, world.bram, status="accepted", source_incident=incident)
    with django_capture_on_commit_callbacks(execute=True):
        run_meeting(world.anna, world.meeting, item)
    services.register_member_remove(actor=frank, register=frank.register, user=world.bram)
    client = client_for(world.bram)

    page = client.get(reverse("incidents:register")).content.decode()
    assert "geen toegang meer tot de melding" in page
    assert _import_url(item) not in page
    assert incident.number not in page

    response = client.post(_import_url(item), follow=True)
    assert response.redirect_chain[-1][0] == reverse("incidents:register")
    assert "geen toegang meer tot de melding" in response.content.decode()
    assert not OutcomeImport.objects.exists()


def _closed_outcomes(world, count):
    """count closed meetings, each with one of bram's items with a result and two measures."""
    for n in range(count):
        meeting = make_meeting(world.group, world.anna, days=-(n + 1), status=Meeting.Status.CLOSED)
        incident = services.incident_create(
            actor=world.bram, register=world.bram.register, fields=vim_fields()
        )
        item = make_item(
            meeting,
            world.bram,
            status="accepted",
            source_incident=incident,
            result=f"Resultaat {n}",
            result_recorded_at=timezone.now(),
        )
        for m in range(2):
            AgreedMeasure.objects.create(
                item=item,
                description=f"Maatregel {m}",
                owner=world.carla,
                due_on=timezone.localdate() + timedelta(days=7),
                status=AgreedMeasure.Status.AGREED,
                proposed_by=world.anna,
            )


def test_register_page_queries_stay_flat_with_pending_outcomes(
    meeting_world, client_for, django_assert_max_num_queries
):
    client = client_for(meeting_world.bram)
    counts = []
    for total in (1, 20):
        AgendaItem.objects.all().delete()
        _closed_outcomes(meeting_world, total)
        with django_assert_max_num_queries(25) as captured:
            response = client.get(reverse("incidents:register"))
        assert response.content.decode().count("Importeren in mijn register") == total
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
