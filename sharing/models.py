"""What crossed the privacy boundary, and what came back.

`SharedItem` links an agenda item to the incident it was shared from: it exists only so the
owner can import the outcome, and is never rendered to anyone but the owner. `OutcomeImport` and
`OutcomeNotice` record, per outcome version, that an outcome was taken into the incident and
that its owner was told it is ready.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from meetings.models import AgendaItem


class SharedItem(models.Model):
    """An agenda item proposed from an incident: the one link from a group back to the register."""

    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, primary_key=True, related_name="shared"
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="shared_items"
    )

    class Meta:
        verbose_name = _("gedeeld agendapunt")
        verbose_name_plural = _("gedeelde agendapunten")
        default_permissions = ()

    def __str__(self):
        return f"{self.item_id} ← {self.incident_id}"


class OutcomeImport(models.Model):
    """One outcome of a meeting (an agenda item at one outcome version) taken into an incident.

    Unique per (item, outcome_version): importing twice changes nothing, while an outcome the
    chair changed later (a higher version) is a new outcome to import.
    """

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="outcome_imports")
    outcome_version = models.PositiveIntegerField()
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="outcome_imports")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("geïmporteerde uitkomst")
        verbose_name_plural = _("geïmporteerde uitkomsten")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["item", "outcome_version"], name="outcome_imported_once"
            )
        ]

    def __str__(self):
        return f"{self.incident} ← {self.item} (v{self.outcome_version})"


class OutcomeNotice(models.Model):
    """The owner was told that an outcome is ready: once per (item, outcome_version)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="outcome_notices")
    outcome_version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["item", "outcome_version"], name="outcome_noticed_once")
        ]

    def __str__(self):
        return f"{self.item} (v{self.outcome_version})"
