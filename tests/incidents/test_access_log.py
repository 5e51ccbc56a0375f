"""Every view, change, export and grant is logged; only the owner reads it; nobody edits it."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from incidents import services
from project import access_log
from project.models import AccessLogEntry


def test_views_changes_and_grants_are_logged_with_who_and_where(
    anna, carla, client_for, file_incident
):
    incident = file_incident(anna)
    client = client_for(anna)
    client.get(incident.get_absolute_url(), REMOTE_ADDR="192.0.2.7")
    services.incident_update(
        actor=anna, incident=incident, fields={"place": "Huisbezoek"}, expected_version=1
    )
    services.incident_access_grant(actor=anna, incident=incident, user=carla)
    client_for(carla).get(incident.get_absolute_url())
    entries = list(access_log.entries_for_incident(incident).order_by("pk"))
    assert [(e.actor, e.action) for e in entries] == [
        (anna, "incident.created"),
        (anna, "incident.viewed"),
        (anna, "incident.changed"),
        (anna, "grant.added"),
        (carla, "incident.viewed"),
    ]
    assert entries[1].ip_address == "192.0.2.7"
    assert entries[2].detail == "place"
    assert entries[3].detail == carla.email


def test_owner_reads_the_log_per_incident_and_for_the_register(anna, client_for, file_incident):
    incident = file_incident(anna, patient_names="Geheime Naam")
    client = client_for(anna)
    client.get(incident.get_absolute_url())
    per_incident = client.get(reverse("incidents:incident_log", args=[incident.pk]))
    assert "Melding bekeken" in per_incident.content.decode()
    whole = client.get(reverse("incidents:register_log", args=[anna.register.pk])).content
    assert incident.number in whole.decode() and "Melding geregistreerd" in whole.decode()
    assert "Geheime Naam" not in whole.decode()


def test_entries_cannot_be_changed_or_deleted(anna, file_incident):
    entry = access_log.record(actor=anna, action="incident.viewed", incident=file_incident(anna))
    entry.action = "incident.hidden"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.filter(action="incident.viewed").count() == 1


def test_admin_offers_no_add_change_or_delete(anna):
    model_admin = site._registry[AccessLogEntry]
    request = RequestFactory().get("/")
    request.user = anna
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_log_page_explains_details_and_origins_in_dutch_words(
    anna, bram, client_for, file_incident
):
    incident = file_incident(anna)
    services.incident_update(
        actor=anna,
        incident=incident,
        fields={"place": "Huisbezoek", "involved_staff": "B."},
        expected_version=1,
    )
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="investigator")
    access_log.record(actor=None, action="incident.purged", incident=incident, origin="command")
    client = client_for(anna)
    client.get(incident.get_absolute_url(), REMOTE_ADDR="192.0.2.7")
    page = client.get(reverse("incidents:register_log", args=[anna.register.pk])).content.decode()
    rows = page.split("<tbody>")[1]
    assert "Betrokken medewerkers, Plaats" in rows
    assert "involved_staff" not in rows and ">place<" not in rows
    assert f"{bram.email} (onderzoeker)" in rows and "(investigator)" not in rows
    assert "de website (IP-adres 192.0.2.7)" in rows
    assert "beheertaak op de server" in rows
    assert ">web<" not in rows and ">command<" not in rows
