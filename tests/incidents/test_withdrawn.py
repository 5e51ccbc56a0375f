"""A duplicate or test incident is withdrawn ("ingetrokken") with a reason instead of deleted:
kept for the retention period, hidden from every list, counted nowhere, still reachable for the
owner through a filter; "Verwijderen" is not offered while retention forbids it."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents import services
from incidents.models import Incident
from project.models import AccessLogEntry


@pytest.fixture
def duplicate(anna, file_incident):
    file_incident(anna, category="medicatie")
    return file_incident(anna, category="verwijzing", description="Dubbel ingevoerd")


def _withdraw(client, incident, reason="Dubbele melding van 2026-001."):
    return client.post(
        reverse("incidents:incident_withdraw", args=[incident.pk]),
        {"intrekken-reason": reason},
        follow=True,
    )


def test_withdrawing_needs_a_reason(anna, client_for, duplicate):
    with pytest.raises(ValidationError):
        services.incident_withdraw(actor=anna, incident=duplicate, reason=" ")
    page = _withdraw(client_for(anna), duplicate, reason="").content.decode()
    assert "Vul de reden van intrekken in." in page
    assert not Incident.objects.get(pk=duplicate.pk).is_withdrawn


def test_a_withdrawn_incident_is_kept_but_listed_and_counted_nowhere(anna, client_for, duplicate):
    client = client_for(anna)
    page = _withdraw(client, duplicate).content.decode()
    assert "De melding is ingetrokken." in page
    kept = Incident.objects.get(pk=duplicate.pk)
    assert kept.is_withdrawn and kept.withdrawn_reason == "Dubbele melding van 2026-001."
    assert AccessLogEntry.objects.filter(action="incident.withdrawn", incident=kept).exists()

    register = client.get(reverse("incidents:register"))
    assert {i.number for i in register.context["page"]} == {f"{kept.number_year}-001"}
    dashboard = register.context["dashboard"]
    assert [(str(r["label"]), r["count"]) for r in dashboard["per_type"]] == [("Medicatie", 1)]
    assert sum(r["count"] for r in dashboard["per_month"]) == 1

    export = client.get(reverse("incidents:register_csv", args=[anna.register.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert kept.number not in {row[0] for row in rows}
    printed = client.get(reverse("incidents:register_print", args=[anna.register.pk]))
    assert kept.number not in printed.content.decode()


def test_the_owner_finds_withdrawn_incidents_through_the_filter(anna, client_for, duplicate):
    client = client_for(anna)
    _withdraw(client, duplicate)
    listed = client.get(reverse("incidents:register"), {"withdrawn": "on"})
    assert [i.number for i in listed.context["page"]] == [duplicate.number]
    assert "ingetrokken</span>" in listed.content.decode()
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert 'id="ingetrokken"' in page and "Dubbele melding van 2026-001." in page
    assert reverse("incidents:incident_edit", args=[duplicate.pk]) not in page


def test_only_the_owner_withdraws_and_sees_the_withdrawn_filter(anna, bram, client_for, duplicate):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="investigator")
    assert _withdraw(client_for(bram), duplicate).status_code == 404
    with pytest.raises(services.NotFound):
        services.incident_withdraw(actor=bram, incident=duplicate, reason="Test")
    services.incident_withdraw(actor=anna, incident=duplicate, reason="Test")
    listed = client_for(bram).get(
        reverse("incidents:register_detail", args=[anna.register.pk]), {"withdrawn": "on"}
    )
    assert duplicate.number not in {i.number for i in listed.context["page"]}
    assert "withdrawn" not in listed.context["filter_form"].fields


def test_a_withdrawn_incident_can_no_longer_be_changed_or_withdrawn_again(anna, duplicate):
    services.incident_withdraw(actor=anna, incident=duplicate, reason="Testmelding")
    incident = Incident.objects.get(pk=duplicate.pk)
    with pytest.raises(ValidationError):
        services.incident_update(
            actor=anna, incident=incident, fields={"place": "X"}, expected_version=incident.version
        )
    with pytest.raises(ValidationError):
        services.incident_withdraw(actor=anna, incident=incident, reason="Nogmaals")


def test_verwijderen_is_offered_only_once_retention_allows_it(
    anna, client_for, duplicate, settings
):
    client = client_for(anna)
    delete_url = reverse("incidents:incident_delete", args=[duplicate.pk])
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert delete_url not in page
    assert "Melding intrekken" in page
    settings.RETENTION_YEARS = 0
    assert delete_url in client.get(duplicate.get_absolute_url()).content.decode()
