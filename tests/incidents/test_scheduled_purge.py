"""The nightly retention purge on the task engine: a dry run that counts, unless PURGE_APPLY."""

import datetime
import logging

from django.utils import timezone

from incidents.models import Incident
from project import tasks


def test_the_scheduled_purge_only_counts_unless_configured_to_apply(
    anna, file_incident, settings, caplog
):
    incident = file_incident(anna, patient_names="Jan Jansen")
    young = file_incident(anna)
    now = timezone.now()
    Incident.objects.filter(pk=incident.pk).update(
        created_at=now.replace(year=now.year - 6) - datetime.timedelta(days=1)
    )
    caplog.set_level(logging.INFO, logger="incidents.tasks")
    purge = tasks.engine_task("incidents.purge_expired")
    settings.PURGE_APPLY = False
    assert purge.apply().get() == {"expired": 1, "deleted": 0}
    assert Incident.objects.filter(pk=incident.pk).exists()
    settings.PURGE_APPLY = True
    assert purge.apply().get() == {"expired": 1, "deleted": 1}
    assert not Incident.objects.filter(pk=incident.pk).exists()
    assert Incident.objects.filter(pk=young.pk).exists()
    # Idempotent: a second run finds nothing more.
    assert purge.apply().get() == {"expired": 0, "deleted": 0}
    # Counts only: no number, no patient, no owner in the log.
    assert incident.number not in caplog.text and "Jansen" not in caplog.text
    assert anna.email not in caplog.text
    assert "1 incident(s) past retention, 0 deleted (dry run" in caplog.text
