"""The privacy boundary: nothing of the private incident but the confirmed summary reaches a
group. Every meeting, agenda, group and e-mail page is rendered for each member and searched
for the source incident's number, patient names, birth date, involved staff and description."""

import pytest
from django.core import mail
from django.urls import reverse

from sharing.services import agenda_item_share
from tests.meetings.conftest import (
    CLEAN_SUMMARY,
    DESCRIPTION,
    PATIENT_BIRTH_DATE,
    PATIENT_NAME,
    STAFF_NAME,
)

pytestmark = pytest.mark.usefixtures("checker")


@pytest.fixture
def shared(meeting, meeting_world, bram_incident):
    return agenda_item_share(
        actor=meeting_world.bram,
        incident=bram_incident,
        meeting=meeting,
        title="Verwisselde verwijsbrief",
        summary=CLEAN_SUMMARY,
        question="Hoe borgen jullie de controle bij de overdracht?",
        confirmed=True,
    )


def _private_values(incident) -> list[str]:
    return [
        incident.number,
        PATIENT_NAME,
        "Zwanenburg",
        PATIENT_BIRTH_DATE,
        "1950",
        STAFF_NAME,
        DESCRIPTION[:40],
        f"/register/melding/{incident.pk}/",
    ]


def _assert_private_free(text: str, incident) -> None:
    for value in _private_values(incident):
        assert value.casefold() not in text.casefold(), f"{value!r} leaked"


@pytest.mark.parametrize("persona", ["anna", "bram", "carla"])
def test_no_group_page_shows_a_private_incident_field(
    persona, shared, meeting, meeting_world, bram_incident, client_for
):
    client = client_for(meeting_world.persona(persona))
    pages = [
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:ics", args=[meeting.pk]),
        reverse("groups:detail", args=[meeting_world.group.pk]),
        reverse("groups:list"),
    ]
    if persona == "anna":
        pages += [
            reverse("meetings:edit", args=[meeting.pk]),
            reverse("meetings:cancel", args=[meeting.pk]),
        ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_private_free(response.content.decode(), bram_incident)
    agenda = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Verwisselde verwijsbrief" in agenda
    assert "Een collega merkte het de volgende ochtend op." in agenda


def test_no_e_mail_shows_a_private_incident_field(
    shared, meeting, meeting_world, bram_incident, client_for, django_capture_on_commit_callbacks
):
    chair = client_for(meeting_world.anna)
    with django_capture_on_commit_callbacks(execute=True):
        chair.post(
            reverse("meetings:edit", args=[meeting.pk]),
            {
                "starts_at": meeting.starts_at.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": 60,
                "location": "Online",
                "chair": meeting_world.anna.pk,
            },
        )
    with django_capture_on_commit_callbacks(execute=True):
        chair.post(reverse("meetings:cancel", args=[meeting.pk]))
    assert len(mail.outbox) == 6
    for message in mail.outbox:
        _assert_private_free(message.subject + message.body, bram_incident)
        for _name, content, _type in message.attachments:
            text = content.decode() if isinstance(content, bytes) else content
            _assert_private_free(text, bram_incident)


def test_the_item_holds_only_what_the_owner_confirmed(shared, bram_incident):
    stored = " ".join([shared.title, shared.category, shared.summary, shared.question])
    _assert_private_free(stored, bram_incident)
    assert shared.shared.incident_id == bram_incident.pk
