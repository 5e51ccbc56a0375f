"""Sharing an incident: the checker gates it, known identifiers block, the owner confirms."""

import pytest
from django.urls import reverse

from incidents import checker, deidentify, services
from meetings.models import AgendaItem, Meeting
from project.models import AccessLogEntry
from tests.meetings.conftest import CLEAN_SUMMARY, DESCRIPTION, PATIENT_NAME, make_meeting

pytestmark = pytest.mark.usefixtures("checker")


def _share(client, incident, meeting, **extra):
    data = {
        "meeting": meeting.pk,
        "title": "Verwisselde verwijsbrief",
        "summary": CLEAN_SUMMARY,
        "question": "Hoe borgen jullie de controle bij de overdracht?",
        "confirmed": "on",
    }
    data.update(extra)
    return client.post(reverse("sharing:share", args=[incident.pk]), data)


def test_the_form_starts_from_the_incident_description(
    meeting, meeting_world, bram_incident, client_for
):
    response = client_for(meeting_world.bram).get(reverse("sharing:share", args=[bram_incident.pk]))
    assert response.status_code == 200
    assert response.context["form"]["summary"].value() == DESCRIPTION
    assert "Overdracht" in response.content.decode()


def test_a_known_patient_name_blocks_the_share_and_is_highlighted(
    meeting, meeting_world, bram_incident, client_for
):
    response = _share(client_for(meeting_world.bram), bram_incident, meeting, summary=DESCRIPTION)
    assert response.status_code == 200
    assert not AgendaItem.objects.exists()
    html = response.content.decode()
    assert 'class="mark-finding" data-kind="known"' in html
    assert f">{PATIENT_NAME}</mark>" in html


def test_a_known_name_cannot_be_waved_through(meeting, meeting_world, bram_incident, client_for):
    response = _share(
        client_for(meeting_world.bram),
        bram_incident,
        meeting,
        summary=DESCRIPTION,
        accepted=[f"known:{PATIENT_NAME.casefold()}"],
    )
    assert response.status_code == 200
    assert not AgendaItem.objects.exists()


def test_known_identifiers_are_found_in_title_and_question_too(
    meeting, meeting_world, bram_incident, client_for
):
    client = client_for(meeting_world.bram)
    _share(client, bram_incident, meeting, title="Brief van Zwanenburg")
    _share(client, bram_incident, meeting, question="Had Ilse Brouwer dit kunnen zien?")
    _share(client, bram_incident, meeting, question=f"Zie melding {bram_incident.number}.")
    assert not AgendaItem.objects.exists()


def test_other_findings_must_each_be_confirmed_as_not_identifying(
    meeting, meeting_world, bram_incident, client_for
):
    client = client_for(meeting_world.bram)
    summary = CLEAN_SUMMARY + " Dit gebeurde op 3 april 2024."
    response = _share(client, bram_incident, meeting, summary=summary)
    assert not AgendaItem.objects.exists()
    offered = [f["key"] for f in response.context["check"].confirmable]
    assert offered, "the date should be found"
    response = _share(client, bram_incident, meeting, summary=summary, accepted=offered)
    assert response.status_code == 302
    assert AgendaItem.objects.get().summary.endswith("Dit gebeurde op 3 april 2024.</p>")


def test_the_owner_must_confirm_de_identification(
    meeting, meeting_world, bram_incident, client_for
):
    response = _share(client_for(meeting_world.bram), bram_incident, meeting, confirmed="")
    assert response.status_code == 200
    assert "Bevestig dat u heeft gecontroleerd" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_a_clean_confirmed_share_proposes_an_item_and_logs_it_on_the_incident(
    meeting, meeting_world, bram_incident, client_for
):
    w = meeting_world
    response = _share(
        client_for(w.bram), bram_incident, meeting, summary=CLEAN_SUMMARY + "<script>x</script>"
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert item.owner == w.bram and item.shared.incident == bram_incident
    assert item.status == AgendaItem.Status.PROPOSED
    assert item.category == "overdracht"
    assert item.confirmed_deidentified_at is not None
    assert "<script" not in item.summary and item.summary.startswith("<p>")
    entry = AccessLogEntry.objects.get(action="summary.created")
    assert entry.incident == bram_incident and entry.actor == w.bram


def test_only_upcoming_meetings_of_signed_groups_are_offered(
    meeting, meeting_world, bram_incident, client_for, create_group
):
    w = meeting_world
    other = make_meeting(create_group(w.dirk, name="Andere groep"), w.dirk)
    cancelled = make_meeting(w.group, w.anna, status=Meeting.Status.CANCELLED)
    response = client_for(w.bram).get(reverse("sharing:share", args=[bram_incident.pk]))
    offered = list(response.context["form"].fields["meeting"].queryset)
    assert offered == [meeting]
    response = _share(client_for(w.bram), bram_incident, other)
    assert response.status_code == 200 and not AgendaItem.objects.exists()
    response = _share(client_for(w.bram), bram_incident, cancelled)
    assert response.status_code == 200 and not AgendaItem.objects.exists()


def test_while_the_checker_loads_the_share_waits_calmly(
    meeting, meeting_world, bram_incident, client_for, monkeypatch
):
    def not_ready(*args, **kwargs):
        raise deidentify.CheckerNotReady("loading")

    monkeypatch.setattr(checker, "scan", not_ready)
    monkeypatch.setattr(checker, "is_ready", lambda: False)
    monkeypatch.setattr(checker, "start_loading", lambda: None)
    client = client_for(meeting_world.bram)
    page = client.get(reverse("sharing:share", args=[bram_incident.pk])).content.decode()
    assert "De controle op herleidbare gegevens wordt voorbereid" in page
    response = _share(client, bram_incident, meeting)
    assert response.status_code == 200
    assert "De controle op herleidbare gegevens wordt voorbereid" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_a_withdrawn_incident_cannot_be_shared(meeting, meeting_world, bram_incident, client_for):
    services.incident_withdraw(
        actor=meeting_world.bram, incident=bram_incident, reason="Dubbele melding."
    )
    client = client_for(meeting_world.bram)
    response = client.get(reverse("sharing:share", args=[bram_incident.pk]))
    assert response.status_code == 302
    response = _share(client, bram_incident, meeting)
    assert response.status_code == 302
    assert not AgendaItem.objects.exists()
