"""An owner edits a shared summary until the meeting starts; the new text passes the same
checker as the share form."""

import pytest
from django.urls import reverse

from meetings import live
from meetings.models import AgendaItem
from project.models import AccessLogEntry
from tests.meetings.conftest import CLEAN_SUMMARY, DESCRIPTION, PATIENT_NAME

pytestmark = pytest.mark.usefixtures("checker")

NEW_SUMMARY = "Bij de overdracht ging de verwijsbrief naar de verkeerde huisarts."


@pytest.fixture
def shared(meeting, meeting_world, bram_incident, client_for):
    client_for(meeting_world.bram).post(
        reverse("sharing:share", args=[bram_incident.pk]),
        {
            "meeting": meeting.pk,
            "title": "Verwisselde verwijsbrief",
            "summary": CLEAN_SUMMARY,
            "question": "Hoe borgen jullie de controle?",
            "confirmed": "on",
        },
    )
    return AgendaItem.objects.get()


def _edit(client, item, **extra):
    data = {
        "title": "Verwisselde verwijsbrief",
        "summary": NEW_SUMMARY,
        "question": "Hoe borgen jullie de controle?",
        "confirmed": "on",
    }
    data.update(extra)
    return client.post(reverse("sharing:summary_edit", args=[item.pk]), data)


def test_the_owner_edits_the_shared_summary_before_the_meeting(shared, meeting_world, client_for):
    client = client_for(meeting_world.bram)
    detail = client.get(reverse("meetings:detail", args=[shared.meeting_id])).content.decode()
    assert reverse("sharing:summary_edit", args=[shared.pk]) in detail
    form = client.get(reverse("sharing:summary_edit", args=[shared.pk]))
    assert form.context["form"]["summary"].value() == CLEAN_SUMMARY
    response = _edit(client, shared)
    assert response.status_code == 302
    assert NEW_SUMMARY in AgendaItem.objects.get(pk=shared.pk).summary
    assert AccessLogEntry.objects.filter(action="summary.edited").exists()


def test_an_edited_summary_is_checked_again_and_a_known_name_blocks_it(
    shared, meeting_world, client_for
):
    response = _edit(client_for(meeting_world.bram), shared, summary=DESCRIPTION)
    assert response.status_code == 200
    assert f">{PATIENT_NAME}</mark>" in response.content.decode()
    assert PATIENT_NAME not in AgendaItem.objects.get(pk=shared.pk).summary


def test_the_edit_must_be_confirmed_as_de_identified(shared, meeting_world, client_for):
    response = _edit(client_for(meeting_world.bram), shared, confirmed="")
    assert response.status_code == 200
    assert NEW_SUMMARY not in AgendaItem.objects.get(pk=shared.pk).summary


def test_nobody_else_can_edit_it_and_not_after_the_meeting_started(
    shared, meeting_world, client_for
):
    assert _edit(client_for(meeting_world.carla), shared).status_code == 404
    assert _edit(client_for(meeting_world.anna), shared).status_code == 404
    live.meeting_start(actor=meeting_world.anna, meeting=shared.meeting, early=True)
    response = _edit(client_for(meeting_world.bram), shared)
    assert response.status_code == 200
    assert "De bespreking is begonnen" in response.content.decode()
    assert NEW_SUMMARY not in AgendaItem.objects.get(pk=shared.pk).summary
