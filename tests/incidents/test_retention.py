"""Wkkgz retention: at least 5 years; purge_expired lists, and deletes only with --apply."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Incident
from project.models import AccessLogEntry


def _age(incident, *, years, days=0):
    now = timezone.now()
    registered = now.replace(year=now.year - years) - datetime.timedelta(days=days)
    Incident.objects.filter(pk=incident.pk).update(created_at=registered)
    return Incident.objects.get(pk=incident.pk)


def test_deleting_a_young_incident_is_refused_with_an_explanation(anna, client_for, file_incident):
    incident = _age(file_incident(anna), years=4, days=360)
    with pytest.raises(ValidationError) as refused:
        services.incident_delete(actor=anna, incident=incident)
    assert "ten minste 5 jaar" in refused.value.messages[0]
    client = client_for(anna)
    page = client.get(reverse("incidents:incident_delete", args=[incident.pk])).content.decode()
    assert "kan nog niet worden verwijderd" in page
    response = client.post(reverse("incidents:incident_delete", args=[incident.pk]), follow=True)
    assert "ten minste 5 jaar" in response.content.decode()
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_owner_may_delete_after_retention_and_the_log_keeps_the_number(
    anna, client_for, file_incident
):
    incident = _age(file_incident(anna), years=5, days=1)
    client_for(anna).post(reverse("incidents:incident_delete", args=[incident.pk]))
    assert not Incident.objects.filter(pk=incident.pk).exists()
    entry = AccessLogEntry.objects.get(action="incident.deleted")
    assert entry.incident_number == incident.number and entry.actor == anna


def test_purge_expired_is_a_dry_run_unless_applied(anna, bram, file_incident):
    old = _age(file_incident(anna), years=5, days=2)
    _age(file_incident(bram), years=4, days=300)
    young = file_incident(anna)

    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    assert old.number in out.getvalue() and "Would delete" in out.getvalue()
    assert Incident.objects.count() == 3

    out = io.StringIO()
    call_command("purge_expired", "--apply", stdout=out)
    assert "Deleted: 1" in out.getvalue()
    assert set(Incident.objects.values_list("pk", flat=True)) == {
        young.pk,
        Incident.objects.get(register=bram.register).pk,
    }
    assert AccessLogEntry.objects.filter(
        action="incident.purged", incident_number=old.number, origin="command"
    ).exists()
