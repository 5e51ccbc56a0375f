"""Calamity deadlines (Wkkgz art. 11), as the IGJ asks them.

The IGJ's guidance ("Melding doen van een calamiteit",
https://www.igj.nl/onderwerpen/calamiteiten/melding-doen-van-een-calamiteit, "Wat houdt
onverwijld melden in?"): report a calamity without delay, that is within 3 working days after
the provider has established that it is one; when in doubt, the provider has 6 weeks from
noticing the event ("vanaf de constatering van de gebeurtenis") to establish it.

This app takes "Datum melding" (`Incident.reported_on`) as the moment the event was noticed:
it is the date the event became known to the practice and was reported in the register.
Working days are Monday to Friday without the Dutch public holidays of the `holidays` library.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=1)
def _dutch_holidays() -> holidays.HolidayBase:
    # Years are filled in lazily on lookup, so one instance serves every date.
    return holidays.country_holidays("NL")


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays()


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `day` (`day` itself does not count)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    days = (end - start).days
    return sum(is_working_day(start + datetime.timedelta(days=n)) for n in range(1, days + 1))


def assessment_due(reported_on: datetime.date) -> datetime.date:
    return reported_on + datetime.timedelta(weeks=settings.CALAMITY_ASSESSMENT_WEEKS)


def report_due(established_on: datetime.date) -> datetime.date:
    return add_working_days(established_on, settings.CALAMITY_REPORT_WORKING_DAYS)


@dataclass(frozen=True)
class Deadline:
    """A due date and, while it is still open, the working days left (negative: overdue)."""

    due_on: datetime.date
    open: bool
    today: datetime.date

    @property
    def working_days_left(self) -> int:
        return working_days_between(self.today, self.due_on)

    @property
    def overdue(self) -> bool:
        return self.open and self.due_on < self.today

    @property
    def days_overdue(self) -> int:
        return -self.working_days_left


def deadline(due_on: datetime.date, *, open: bool, today: datetime.date | None = None) -> Deadline:
    return Deadline(due_on=due_on, open=open, today=today or timezone.localdate())
