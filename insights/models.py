"""Anonymous trends: which registers take part, and the aggregate table the pages read.

No page queries incidents across registers: `insights.aggregate` (insights/services.py) computes
`TrendCell` rows from the registers that opted in, with small counts already suppressed, and the
pages read only those rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import IncidentGroup
from incidents.models import Register


class TrendParticipation(models.Model):
    """A register whose owner opted in; without a row (the default) it is counted nowhere."""

    register = models.OneToOneField(
        Register, on_delete=models.CASCADE, related_name="trend_participation"
    )
    joined_at = models.DateTimeField(_("deelname sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("deelname aan trends")
        default_permissions = ()

    def __str__(self):
        return str(self.register)


class Dimension(models.TextChoices):
    TOTAL = "total", _("Totaal")
    CATEGORY = "category", _("Type melding")
    ICPS = "icps", _("WHO-ICPS incidenttype")
    SEVERITY = "severity", _("Ernst (gevolgen)")
    STEP = "step", _("Bereikte stap")
    FIRST_MEASURE = "first-measure", _("Tijd tot de eerste maatregel")


class TrendCell(models.Model):
    """One published figure: a profession and quarter, a dimension and its value.

    `count` is NULL for a suppressed cell: the small number is never stored here. A profession and
    quarter with fewer than TRENDS_MIN_CELL incidents in total has no rows at all. `group` is
    empty for the figures across all opted-in registers; otherwise the row is the same figure
    over the opted-in registers of that incident group's signed members only, shown to them; a
    group whose table could be set against another's to reveal a count below k has no rows for
    that profession and quarter (insights/suppression.py).
    """

    group = models.ForeignKey(
        IncidentGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    profession = models.CharField(max_length=40)
    quarter = models.CharField(max_length=7)  # "2025-K1"
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    value = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField(null=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["profession", "quarter", "dimension", "value"],
                condition=models.Q(group__isnull=True),
                name="trend_cell_unique",
            ),
            models.UniqueConstraint(
                fields=["group", "profession", "quarter", "dimension", "value"],
                condition=models.Q(group__isnull=False),
                name="trend_cell_group_unique",
            ),
        ]

    def __str__(self):
        return f"{self.profession} {self.quarter} {self.dimension}={self.value}"
