"""The Wkkgz retention rule: keep every incident at least RETENTION_YEARS after registration."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone


def keep_until(incident) -> datetime.date:
    registered = timezone.localtime(incident.created_at).date()
    return registered + relativedelta(years=settings.RETENTION_YEARS)


def retention_cutoff(today: datetime.date | None = None) -> datetime.datetime:
    """Incidents registered before this moment are past retention."""
    today = today or timezone.localdate()
    # 29 February falls back to the 28th in a year without one.
    start = today - relativedelta(years=settings.RETENTION_YEARS)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min)) + (
        datetime.timedelta(days=1)
    )


def may_be_deleted(incident, today: datetime.date | None = None) -> bool:
    return keep_until(incident) <= (today or timezone.localdate())
