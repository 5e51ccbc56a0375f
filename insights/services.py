"""Taking part in the anonymous trends, and the job that computes the aggregate table.

`aggregate` is the scheduled task `insights.aggregate` (insights/tasks.py). It is the only code
that reads incidents across registers, and it reads only the registers that opted in; it also
computes each incident group's figures over its signed members' opted-in registers. It replaces
the whole table in one transaction, so a register that opts out is gone from the next figures.
"""

from collections import Counter, defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min

from groups.models import Membership
from incidents import icps
from incidents.models import Incident, Register
from incidents.permissions import require_owner
from insights import suppression
from insights.models import Dimension, TrendCell, TrendParticipation
from project import access_log
from project.tasks import enqueue_on_commit

# Time from Datum melding to the first measure, in days: (upper bound, code). None: no measure.
FIRST_MEASURE_BUCKETS = ((7, "0-7"), (30, "8-30"), (None, "31+"))
NO_MEASURE = "geen"


@transaction.atomic
def participation_set(*, actor, register: Register, join: bool, request=None) -> bool:
    """The owner opts the register in or out; the figures are recomputed after commit."""
    require_owner(actor, register)
    if join:
        _participation, changed = TrendParticipation.objects.get_or_create(register=register)
    else:
        changed = bool(TrendParticipation.objects.filter(register=register).delete()[0])
    if changed:
        access_log.record(
            actor=actor,
            action="register.trends_joined" if join else "register.trends_left",
            register=register,
            request=request,
        )
        enqueue_on_commit("insights.aggregate")
    return changed


def quarter_of(day: date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def _first_measure_bucket(reported_on: date, first_measure_at) -> str:
    if first_measure_at is None:
        return NO_MEASURE
    days = (first_measure_at.date() - reported_on).days
    return next(code for limit, code in FIRST_MEASURE_BUCKETS if limit is None or days <= limit)


def _incident_rows():
    participating = TrendParticipation.objects.values("register")
    return (
        Incident.objects.active()
        .filter(register__in=participating)
        .with_progress()
        .annotate(first_measure_at=Min("measures__created_at"))
        .values_list(
            "register__owner__profession",
            "reported_on",
            "category",
            "severity",
            "step_code",
            "first_measure_at",
            "register__owner_id",
        )
    )


def _groups_of_members() -> dict[int, set[int]]:
    """{user id: ids of the incident groups in which they signed the current declaration}."""
    groups = defaultdict(set)
    signed = Membership.objects.filter(
        signed_declaration_id=F("group__current_declaration_id"),
        signed_declaration__isnull=False,
    ).values_list("user_id", "group_id")
    for user_id, group_id in signed:
        groups[user_id].add(group_id)
    return groups


Counts = dict[tuple[str, str], dict[str, Counter]]


def _scope_counts() -> dict[int | None, Counts]:
    """The counts per scope: None for all opted-in registers, else a group's id."""
    groups_of = _groups_of_members()
    scopes: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(Counter)))
    for profession, reported_on, category, severity, step, first_at, owner in _incident_rows():
        bucket = _first_measure_bucket(reported_on, first_at)
        for scope in (None, *groups_of.get(owner, ())):
            dims = scopes[scope][(profession, quarter_of(reported_on))]
            dims[Dimension.TOTAL][""] += 1
            dims[Dimension.CATEGORY][category] += 1
            dims[Dimension.SEVERITY][severity] += 1
            dims[Dimension.STEP][step] += 1
            dims[Dimension.FIRST_MEASURE][bucket] += 1
    return scopes


def _with_icps(published: dict) -> dict:
    published[Dimension.ICPS] = suppression.coarsen(
        published[Dimension.CATEGORY],
        {code: icps.icps_type(code).value for code in published[Dimension.CATEGORY]},
    )
    return published


def _cells(group_id, key: tuple[str, str], published: dict) -> list[TrendCell]:
    profession, quarter = key
    return [
        TrendCell(
            group_id=group_id,
            profession=profession,
            quarter=quarter,
            dimension=dimension,
            value=value,
            count=count,
        )
        for dimension, values in published.items()
        for value, count in values.items()
    ]


def published_cells(k: int) -> list[TrendCell]:
    """Every figure that may be shown, small counts suppressed (insights/suppression.py).

    First the figures across all opted-in registers; then, per incident group, the same figures
    over its signed members' opted-in registers, published only beside a published all-registers
    cell and suppressed so that the group figure and the all-registers figure, which differ by
    the registers outside the group, never let a count below k be computed
    (`suppression.suppress_within`).
    """
    scopes = _scope_counts()
    everyone = scopes.pop(None, {})
    cells, published_everyone = [], {}
    for key, dims in sorted(everyone.items()):
        total = dims[Dimension.TOTAL][""]
        if total < k:
            continue
        published = {Dimension.TOTAL: {"": total}}
        for dimension, counts in dims.items():
            if dimension != Dimension.TOTAL:
                published[dimension] = suppression.suppress(counts, k)
        published_everyone[key] = _with_icps(published)
        cells += _cells(None, key, published)
    for group_id, counts_of_group in sorted(scopes.items()):
        for key, dims in sorted(counts_of_group.items()):
            whole = everyone[key]
            total = dims[Dimension.TOTAL][""]
            if key not in published_everyone or not suppression.group_total_publishable(
                total, whole[Dimension.TOTAL][""], k
            ):
                continue
            published = {Dimension.TOTAL: {"": total}}
            for dimension, counts in whole.items():
                if dimension != Dimension.TOTAL:
                    published[dimension] = suppression.suppress_within(
                        dims[dimension], counts, published_everyone[key][dimension], k
                    )
            cells += _cells(group_id, key, _with_icps(published))
    return cells


@transaction.atomic
def aggregate() -> int:
    """Recompute the whole aggregate table; returns the number of cells written."""
    cells = published_cells(settings.TRENDS_MIN_CELL)
    TrendCell.objects.all().delete()
    TrendCell.objects.bulk_create(cells)
    return len(cells)
