"""The Wkkgz retention rule: keep every incident at least RETENTION_YEARS after registration."""

import datetime

from django.conf import settings
from django.utils import timezone


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def keep_until(incident) -> datetime.date:
    registered = timezone.localtime(incident.created_at).date()
    return add_years(registered, settings.RETENTION_YEARS)


def retention_cutoff(today: datetime.date | None = None) -> datetime.datetime:
    """Incidents registered before this moment are past retention."""
    today = today or timezone.localdate()
    start = add_years(today, -settings.RETENTION_YEARS)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min)) + (
        datetime.timedelta(days=1)
    )


def may_be_deleted(incident, today: datetime.date | None = None) -> bool:
    return keep_until(incident) <= (today or timezone.localdate())
