"""Reminders from the private register: measures due or overdue, calamity deadlines."""

import datetime

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from incidents import selectors
from reminders.due import Due
from reminders.models import Kind

# A possible calamity is brought to mind this many days before its assessment deadline.
ASSESSMENT_WARNING_DAYS = 7


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _incident_url(incident_id: int) -> str:
    return reverse("incidents:incident_detail", args=[incident_id])


def measure_reminders(today: datetime.date) -> list[Due]:
    """A measure due within a week or overdue: to the register's owner and to whoever filed the
    incident."""
    found = []
    for row in selectors.measures_due(today):
        if row["due_on"] < today:
            line = _("Een maatregel is verlopen: hij moest uiterlijk %(date)s zijn uitgevoerd.")
        else:
            line = _("Een maatregel moet uiterlijk %(date)s zijn uitgevoerd.")
        recipients = {row["incident__register__owner_id"], row["incident__created_by_id"]}
        found += [
            Due(
                kind=Kind.MEASURE,
                user_id=user_id,
                key=f"measure:{row['pk']}",
                line=line % {"date": _date(row["due_on"])},
                url=_incident_url(row["incident_id"]),
            )
            for user_id in sorted(recipients - {None})
        ]
    return found


def calamity_reminders(today: datetime.date) -> list[Due]:
    """To the register's owner: an established calamity not yet reported to the IGJ (until it
    is), and a possible calamity still unassessed within a week of its assessment deadline."""
    found = []
    for incident in selectors.open_calamities():
        report = incident.igj_report_deadline
        assessment = incident.calamity_assessment_deadline
        if report is not None and report.open:
            kind = Kind.CALAMITY_REPORT
            line = _("Een vastgestelde calamiteit moet uiterlijk %(date)s bij de IGJ gemeld zijn.")
            due_on = report.due_on
        elif (
            assessment is not None
            and assessment.open
            and assessment.due_on <= today + datetime.timedelta(days=ASSESSMENT_WARNING_DAYS)
        ):
            kind = Kind.CALAMITY_ASSESSMENT
            line = _("Stel uiterlijk %(date)s vast of een mogelijke calamiteit een calamiteit is.")
            due_on = assessment.due_on
        else:
            continue
        found.append(
            Due(
                kind=kind,
                user_id=incident.owner_id,
                key=f"incident:{incident.pk}",
                line=line % {"date": _date(due_on)},
                url=_incident_url(incident.pk),
            )
        )
    return found


def due_on(today: datetime.date) -> list[Due]:
    return [*measure_reminders(today), *calamity_reminders(today)]
