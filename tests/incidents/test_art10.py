"""Wkkgz art. 10 (seed 001): incidents that have, or may in future have, noticeable consequences
for the client are told to the client and noted in the client's file; "nee" needs a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident
from tests.incidents.conftest import form_data

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
INFORMED = {
    "client_informed": "ja",
    "client_informed_on": YESTERDAY,
    "client_informed_by": "Anna",
    "client_informed_how": "mondeling",
    "client_informed_noted": "ja",
}
REQUIRED = [
    {"severity": "merkbare-gevolgen"},
    {"severity": "ernstige-gevolgen"},
    {"severity": "overlijden"},
    {"severity": "geen-merkbare-gevolgen", "future_consequences": "ja"},
]


@pytest.mark.parametrize("case", REQUIRED, ids=lambda case: "-".join(case.values()))
def test_art_10_requires_the_informed_answers_when_consequences_are_or_may_become_noticeable(
    anna, file_incident, case
):
    with pytest.raises(ValidationError) as refused:
        file_incident(anna, **case)
    assert "Wkkgz art. 10" in refused.value.message_dict["client_informed"][0]

    with pytest.raises(ValidationError) as refused:
        file_incident(anna, **case, client_informed="ja")
    errors = refused.value.message_dict
    assert set(errors) == {
        "client_informed_on",
        "client_informed_by",
        "client_informed_how",
        "client_informed_noted",
    }
    assert errors["client_informed_by"] == ["Vul in door wie de patiënt is ingelicht."]

    with pytest.raises(ValidationError) as refused:
        file_incident(anna, **case, client_informed="nvt")
    assert "n.v.t." in refused.value.message_dict["client_informed"][0]

    assert file_incident(anna, **case, **INFORMED).requires_informing


@pytest.mark.parametrize("case", REQUIRED, ids=lambda case: "-".join(case.values()))
def test_nee_needs_a_reason_and_the_client_file_answer(anna, file_incident, case):
    with pytest.raises(ValidationError) as refused:
        file_incident(anna, **case, client_informed="nee")
    errors = refused.value.message_dict
    assert set(errors) == {"client_not_informed_reason", "client_informed_noted"}
    assert "De wet verwacht dat u de patiënt inlicht" in errors["client_not_informed_reason"][0]

    incident = file_incident(
        anna,
        **case,
        client_informed="nee",
        client_not_informed_reason="Cliënt is niet bereikbaar sinds de gebeurtenis.",
        client_informed_noted="ja",
    )
    assert incident.not_informed_although_required


@pytest.mark.parametrize("severity", ["bijna-incident", "geen-merkbare-gevolgen"])
def test_art_10_does_not_apply_below_noticeable_consequences(anna, file_incident, severity):
    incident = file_incident(anna, severity=severity, future_consequences="nee")
    assert incident.pk and not incident.requires_informing
    assert file_incident(anna, severity=severity, client_informed="nee").pk  # no reason needed


@pytest.mark.parametrize(
    ("informed_on", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "toekomst"),
        (TODAY - datetime.timedelta(days=10), "vóór de datum van de gebeurtenis"),
    ],
)
def test_the_date_informed_lies_between_the_event_and_today(
    anna, file_incident, informed_on, message
):
    with pytest.raises(ValidationError) as refused:
        file_incident(
            anna, severity="merkbare-gevolgen", **{**INFORMED, "client_informed_on": informed_on}
        )
    assert message in refused.value.message_dict["client_informed_on"][0]


def test_the_page_warns_when_the_client_was_not_informed(anna, client_for, file_incident):
    incident = file_incident(
        anna,
        severity="geen-merkbare-gevolgen",
        future_consequences="ja",
        client_informed="nee",
        client_not_informed_reason="Cliënt is niet bereikbaar.",
        client_informed_noted="nee",
    )
    page = client_for(anna).get(incident.get_absolute_url()).content.decode()
    assert 'id="art-10"' in page
    assert "De wet verwacht dat u de patiënt inlicht" in page
    assert "Cliënt is niet bereikbaar." in page
    assert "Vastgelegd in het cliëntendossier" in page

    informed = file_incident(anna, severity="merkbare-gevolgen", **INFORMED)
    page = client_for(anna).get(informed.get_absolute_url()).content.decode()
    assert 'id="art-10"' not in page


def test_the_form_asks_the_future_question_and_the_reason(anna, client_for):
    client = client_for(anna)
    url = reverse("incidents:incident_create", args=[anna.register.pk])
    page = client.get(url).content.decode()
    for name in ("future_consequences", "client_not_informed_reason", "client_informed_on"):
        assert f'name="{name}"' in page
    response = client.post(
        url,
        form_data(
            severity="geen-merkbare-gevolgen", future_consequences="ja", client_informed="nee"
        ),
    )
    assert response.status_code == 200
    assert "client_not_informed_reason" in response.context["form"].errors
    assert not Incident.objects.exists()
