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


DIMENSIONS = (Dimension.CATEGORY, Dimension.SEVERITY, Dimension.STEP, Dimension.FIRST_MEASURE)

Counts = dict[str, Counter]  # dimension -> value -> count


def _register_counts() -> dict[tuple[str, str], dict[int, Counts]]:
    """The counts per profession and quarter, per register (by its owner's id)."""
    counts: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(Counter)))
    for profession, reported_on, category, severity, step, first_at, owner in _incident_rows():
        dims = counts[(profession, quarter_of(reported_on))][owner]
        dims[Dimension.TOTAL][""] += 1
        dims[Dimension.CATEGORY][category] += 1
        dims[Dimension.SEVERITY][severity] += 1
        dims[Dimension.STEP][step] += 1
        dims[Dimension.FIRST_MEASURE][_first_measure_bucket(reported_on, first_at)] += 1
    return counts


def _summed(tables) -> Counts:
    summed: Counts = defaultdict(Counter)
    for dims in tables:
        for dimension, counts in dims.items():
            summed[dimension].update(counts)
    return summed


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


def _group_cells(
    key, registers: dict[int, Counts], everyone: dict, groups_of: dict[int, set[int]], k: int
) -> list[TrendCell]:
    """The group tables of one profession and quarter, safe beside the all-registers table
    (`everyone`, as published) and beside each other (insights/suppression.py): groups are
    admitted oldest first while every atom (the registers split by the admitted groups they are
    in) holds 0 or at least k incidents; per dimension each atom gets its hidden values
    (`suppression.atom_hidden`) and a group hides those of all its atoms."""
    members: dict[int, set[int]] = defaultdict(set)
    for owner in registers:
        for group_id in groups_of.get(owner, ()):
            members[group_id].add(owner)
    totals = {owner: dims[Dimension.TOTAL][""] for owner, dims in registers.items()}
    admitted = suppression.admitted_scopes(totals, dict(sorted(members.items())), k)
    if not admitted:
        return []
    scopes = {group_id: members[group_id] for group_id in admitted}
    atoms = suppression.atoms(totals, scopes)
    atom_counts = {
        signature: _summed(registers[owner] for owner in owners)
        for signature, owners in atoms.items()
    }
    rest = atom_counts.pop(frozenset(), defaultdict(Counter))
    signatures = list(atom_counts)
    hidden: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for dimension in DIMENSIONS:
        per_atom = suppression.atom_hidden(
            [atom_counts[signature][dimension] for signature in signatures],
            rest[dimension],
            everyone[dimension],
            k,
            [[registers[owner][dimension] for owner in atoms[s]] for s in signatures],
            [registers[owner][dimension] for owner in atoms.get(frozenset(), ())],
        )
        for signature, values in zip(signatures, per_atom, strict=True):
            for group_id in signature:
                hidden[group_id][dimension] |= values
    cells = []
    for group_id in admitted:
        dims = _summed(registers[owner] for owner in members[group_id])
        published = {Dimension.TOTAL: {"": dims[Dimension.TOTAL][""]}}
        for dimension in DIMENSIONS:
            hidden_here = hidden[group_id][dimension]
            published[dimension] = {
                value: None if value in hidden_here else dims[dimension][value]
                for value in everyone[dimension]
            }
        cells += _cells(group_id, key, _with_icps(published))
    return cells


def published_cells(k: int) -> list[TrendCell]:
    """Every figure that may be shown, small counts suppressed (insights/suppression.py).

    Per profession and quarter: first the figures across all opted-in registers (published when
    they hold at least k incidents, and no register's owner can subtract their own total to
    learn that the others hold 1 to k-1); then, per incident group, the same figures over its signed
    members' opted-in registers, suppressed so that no combination of any published figures
    (all registers, every group), with or without one register's own counts, lets a count below
    k of the other registers be computed (`_group_cells`).
    """
    groups_of = _groups_of_members()
    cells = []
    for key, registers in sorted(_register_counts().items()):
        whole = _summed(registers.values())
        total = whole[Dimension.TOTAL][""]
        if not suppression.table_published(
            (dims[Dimension.TOTAL][""] for dims in registers.values()), k
        ):
            continue
        published = {Dimension.TOTAL: {"": total}}
        for dimension in DIMENSIONS:
            published[dimension] = suppression.suppress(
                whole[dimension], k, [dims[dimension] for dims in registers.values()]
            )
        cells += _cells(None, key, _with_icps(published))
        cells += _group_cells(key, registers, published, groups_of, k)
    return cells


@transaction.atomic
def aggregate() -> int:
    """Recompute the whole aggregate table; returns the number of cells written."""
    cells = published_cells(settings.TRENDS_MIN_CELL)
    TrendCell.objects.all().delete()
    TrendCell.objects.bulk_create(cells)
    return len(cells)
