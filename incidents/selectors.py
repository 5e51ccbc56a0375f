"""Reads of the register for views and exports, each filtered by permission in SQL.

Getting one object a user may see (404 otherwise) is incidents/permissions.py's."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from incidents.models import (
    CALAMITY_SEVERITIES,
    CalamityAssessment,
    Category,
    Incident,
    IncidentUserObjectPermission,
    Measure,
    Register,
    RegisterUserObjectPermission,
    Step,
)
from incidents.permissions import INVESTIGATE_INCIDENT, ROLE_PERMS, is_owner, visible_incidents_q
from incidents.retention import keep_until, retention_cutoff


@dataclass
class RegisterFilter:
    year: int | None = None
    category: str = ""
    step: str = ""
    calamity: bool = False
    withdrawn: bool = False
    q: str = ""


def register_incidents(user, register: Register, filters: RegisterFilter | None = None):
    """The rows of the register overview: visible incidents with measure counts and the step.

    Withdrawn incidents are left out, unless the owner asks for exactly those.
    """
    filters = filters or RegisterFilter()
    incidents = (
        Incident.objects.filter(visible_incidents_q(user), register=register)
        .with_progress()
        .defer("patient_names", "patient_birth_dates")
    )
    if filters.withdrawn and is_owner(user, register):
        incidents = incidents.filter(withdrawn_at__isnull=False)
    else:
        incidents = incidents.active()
    if filters.year:
        incidents = incidents.filter(number_year=filters.year)
    if filters.category in Category.values:
        incidents = incidents.filter(category=filters.category)
    if filters.step in Step.values:
        incidents = incidents.filter(step_code=filters.step)
    if filters.calamity:
        incidents = incidents.filter(severity__in=CALAMITY_SEVERITIES)
    if filters.q:
        term = filters.q.strip()
        incidents = incidents.filter(
            Q(number__icontains=term)
            | Q(place__icontains=term)
            | Q(description__icontains=term)
            | Q(category_other__icontains=term)
        )
    return incidents


def register_years(user, register: Register) -> list[int]:
    return list(
        Incident.objects.active()
        .filter(visible_incidents_q(user), register=register)
        .order_by("-number_year")
        .values_list("number_year", flat=True)
        .distinct()
    )


PATIENT_FIELDS = ("patient_names", "patient_birth_dates")
# A measure is brought to mind this many days before it is due (and every day once overdue).
MEASURE_DUE_SOON_DAYS = 7


def open_calamity_q() -> Q:
    """A possible calamity not yet assessed, or an established one not yet reported."""
    return Q(severity__in=CALAMITY_SEVERITIES) & (
        Q(calamity_assessment="")
        | Q(calamity_assessment=CalamityAssessment.ESTABLISHED, igj_reported_on=None)
    )


def _measures_due_q(today: datetime.date) -> Q:
    return Q(
        done_on=None,
        due_on__lte=today + datetime.timedelta(days=MEASURE_DUE_SOON_DAYS),
        incident__withdrawn_at=None,
    )


def measures_due(today: datetime.date) -> QuerySet:
    """Every open measure due within a week or overdue, with who to remind: the register's owner
    and whoever filed the incident (ids and dates only, for the reminders)."""
    return (
        Measure.objects.filter(_measures_due_q(today))
        .order_by("due_on", "pk")
        .values(
            "pk", "due_on", "incident_id", "incident__register__owner_id", "incident__created_by_id"
        )
    )


def measures_due_for(user, today: datetime.date) -> list[Measure]:
    """The open measures due within a week or overdue in the incidents `user` sees (one query)."""
    visible = Incident.objects.filter(visible_incidents_q(user))
    return list(
        Measure.objects.filter(_measures_due_q(today), incident__in=visible)
        .select_related("incident")
        .defer(*(f"incident__{name}" for name in PATIENT_FIELDS))
        .order_by("due_on", "pk")
    )


def open_calamities(user=None) -> QuerySet[Incident]:
    """Active incidents with an open calamity deadline, each with `owner_id` (its register's
    owner); only those `user` sees when given."""
    incidents = Incident.objects.active().filter(open_calamity_q())
    if user is not None:
        incidents = incidents.filter(visible_incidents_q(user))
    return (
        incidents.annotate(owner_id=F("register__owner_id"))
        .defer(*PATIENT_FIELDS)
        .order_by("reported_on", "pk")
    )


def register_dashboard(incidents: QuerySet[Incident]) -> dict:
    """Counts per type and per month (last 12 months) for the small server-rendered charts."""
    labels = dict(Category.choices)
    per_type = [
        {"label": labels.get(row["category"], row["category"]), "count": row["n"]}
        for row in incidents.order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n", "category")
    ]
    today = timezone.localdate()
    start = today.replace(day=1).replace(year=today.year - 1)
    per_month = [
        {"month": row["month"], "count": row["n"]}
        for row in incidents.order_by()
        .filter(occurred_on__gte=start)
        .annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    ]
    peak = max([r["count"] for r in per_type + per_month], default=0)
    return {
        "per_type": per_type,
        "per_month": per_month,
        "max": peak,
        "calamities_open": list(incidents.filter(open_calamity_q()).order_by("reported_on")),
    }


def register_members(register: Register) -> list[dict]:
    """Members of a register with their role ('reporter' or 'investigator')."""
    role_of = {codename: role for role, codename in ROLE_PERMS.items()}
    rows = (
        RegisterUserObjectPermission.objects.filter(
            content_object=register, permission__codename__in=ROLE_PERMS.values()
        )
        .select_related("user", "permission")
        .order_by("user__full_name")
    )
    return [{"user": row.user, "role": role_of[row.permission.codename]} for row in rows]


def incident_grantees(incident: Incident):
    return [
        row.user
        for row in IncidentUserObjectPermission.objects.filter(
            content_object=incident, permission__codename=INVESTIGATE_INCIDENT
        )
        .select_related("user")
        .order_by("user__full_name")
    ]


def incidents_past_retention(today=None) -> QuerySet[Incident]:
    return Incident.objects.filter(created_at__lt=retention_cutoff(today)).select_related(
        "register__owner"
    )


def closing_summary(owner) -> dict:
    """What closing the account means for the owner's register: what is kept (sealed) until
    when, what is purged at once, and who takes over."""
    register = Register.objects.select_related("successor").get(owner=owner)
    past = incidents_past_retention().filter(register=register)
    kept = list(
        Incident.objects.filter(register=register)
        .exclude(pk__in=past.values("pk"))
        .only("pk", "created_at")
    )
    return {
        "register": register,
        "kept": len(kept),
        "kept_until": max((keep_until(i) for i in kept), default=None),
        "purged": past.count(),
        "successor": register.successor,
    }


_SPLIT_RE = re.compile(r"[\n;,]+")


def _parts(value: str) -> list[str]:
    return [part.strip() for part in _SPLIT_RE.split(value or "") if part.strip()]


def known_identifiers(incident: Incident, *, actor=None) -> list[str]:
    """What the checker must always find in text about `incident`: patient names and birth
    dates, involved staff, and the reporter when it is someone other than `actor` (by default
    the register's owner, who shares)."""
    actor = actor or incident.register.owner
    known = _parts(incident.patient_names) + _parts(incident.patient_birth_dates)
    known += [line.strip() for line in incident.involved_staff.splitlines() if line.strip()]
    if incident.reporter_name and incident.reporter_name.strip() != actor.full_name.strip():
        known.append(incident.reporter_name.strip())
    return known
