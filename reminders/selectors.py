"""Reads of the reminders app: each person's preferences and their recent notices."""

import datetime

from django.utils import timezone

from reminders.models import Frequency, Kind, Preference, ReminderSent

NOTICE_DAYS = 7
NOTICE_LIMIT = 20


def frequencies_of(user) -> dict[str, str]:
    """Every kind with `user`'s chosen frequency (daily when never chosen), in one query."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, Frequency.DAILY) for kind in Kind.values}


def recent_notices(user) -> list[ReminderSent]:
    """The in-app notices of the last week, newest first (one query)."""
    since = timezone.localdate() - datetime.timedelta(days=NOTICE_DAYS)
    return list(ReminderSent.objects.filter(user=user, sent_on__gt=since)[:NOTICE_LIMIT])
