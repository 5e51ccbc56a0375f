"""The figures a trends page shows, read from the aggregate table only (never from incidents).

The all-registers figures and each incident group's are separate rows of the same table.
A figure over several professions or quarters is the sum of their published cells; it is marked
incomplete when a cell of it was suppressed, so a reader knows it is a lower bound.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from groups.models import IncidentGroup
from incidents.icps import IcpsType
from incidents.models import Category, Severity, Step
from insights.models import Dimension, TrendCell
from project.models import Profession

LABELS = {
    Dimension.CATEGORY: dict(Category.choices),
    Dimension.ICPS: dict(IcpsType.choices),
    Dimension.SEVERITY: dict(Severity.choices),
    Dimension.STEP: dict(Step.choices),
    Dimension.FIRST_MEASURE: {
        "0-7": _("Binnen een week"),
        "8-30": _("Binnen een maand"),
        "31+": _("Na meer dan een maand"),
        "geen": _("(Nog) geen maatregel"),
    },
}


@dataclass
class Figure:
    value: str
    label: str
    count: int | None  # None: suppressed everywhere it occurs
    incomplete: bool  # a part of it was suppressed


@dataclass
class Figures:
    total: int
    dimensions: dict[str, list[Figure]]


def _cells(group: IncidentGroup | None):
    """The all-registers cells, or one group's (the caller checked the group's access)."""
    return TrendCell.objects.filter(group=group) if group else TrendCell.objects.filter(group=None)


def quarters(group: IncidentGroup | None = None) -> list[str]:
    return list(_cells(group).order_by("-quarter").values_list("quarter", flat=True).distinct())


def professions(group: IncidentGroup | None = None) -> list[tuple[str, str]]:
    present = set(_cells(group).values_list("profession", flat=True).distinct())
    return [(code, label) for code, label in Profession.choices if code in present]


def figures(
    *, group: IncidentGroup | None = None, profession: str = "", quarter: str = ""
) -> Figures:
    """The figures for one profession and quarter; an empty filter means all of them."""
    cells = _cells(group)
    if profession:
        cells = cells.filter(profession=profession)
    if quarter:
        cells = cells.filter(quarter=quarter)
    sums: dict[tuple[str, str], list] = {}
    for dimension, value, count in cells.values_list("dimension", "value", "count"):
        known, hidden = sums.setdefault((dimension, value), [0, False])
        sums[(dimension, value)] = [known + (count or 0), hidden or count is None]
    total = sum(known for (dimension, _v), (known, _h) in sums.items() if dimension == "total")
    dimensions = {}
    for dimension, labels in LABELS.items():
        rows = []
        for value, label in labels.items():
            known, hidden = sums.get((dimension, value), [0, False])
            count = None if hidden and not known else known
            rows.append(Figure(value, str(label), count, hidden and bool(known)))
        dimensions[dimension] = rows
    return Figures(total=total, dimensions=dimensions)
