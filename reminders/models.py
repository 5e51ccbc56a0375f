"""Reminders: each person's choice per kind, and the record of what was sent.

A `ReminderSent` row is both the guard against sending the same reminder twice on one day (its
unique constraint) and the in-app notice the dashboard shows. It holds no titles and no patient
data: only the kind, a key naming the object (`measure:12`), a short line built from dates and
counts, and a link.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEASURE = "maatregel", _("Maatregelen die binnen 7 dagen aflopen of verlopen zijn")
    CALAMITY_REPORT = "calamiteit-melden", _("Calamiteiten die nog bij de IGJ gemeld moeten worden")
    CALAMITY_ASSESSMENT = (
        "calamiteit-beoordelen",
        _("Mogelijke calamiteiten die bijna beoordeeld moeten zijn"),
    )
    OUTCOME = "uitkomst", _("Uitkomsten van besprekingen die klaarstaan om te importeren")
    MEETING = "bespreking", _("Besprekingen over twee dagen")
    DECLARATION = "verklaring", _("Geheimhoudingsverklaringen om te tekenen")
    FOLLOWUP = "opvolging", _("Maatregelen op de agenda ter opvolging: uw stand van zaken")


class Frequency(models.TextChoices):
    DAILY = "dagelijks", _("Dagelijks")
    WEEKLY = "wekelijks", _("Wekelijks")
    OFF = "uit", _("Uit")


class Preference(models.Model):
    """How often `user` wants reminders of `kind`; without a row: daily."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    frequency = models.CharField(
        _("hoe vaak"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )

    class Meta:
        verbose_name = _("voorkeur voor herinneringen")
        verbose_name_plural = _("voorkeuren voor herinneringen")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_preference_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_frequency_display()}"


class ReminderSent(models.Model):
    """One reminder of one kind about one thing to one person on one day (and its notice)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=64)
    sent_on = models.DateField()
    line = models.CharField(max_length=200)
    url = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        default_permissions = ()
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key", "sent_on"], name="reminder_sent_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["user", "-sent_on"])]

    def __str__(self):
        return f"{self.kind} {self.key} · {self.sent_on}"
