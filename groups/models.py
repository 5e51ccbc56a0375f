"""Incident groups: a confidential circle of practitioners, gated by a signed declaration.

No patient data lives here: a group holds people, roles, the declaration they sign, and
invitations. Who may see what is carried by django-guardian object permissions on
IncidentGroup, granted and revoked only in groups/services.py.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from project.models import Profession


class IncidentGroup(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"), blank=True)
    region = models.CharField(_("regio"), max_length=80, blank=True)
    profession = models.CharField(
        _("beroepsgroep"), max_length=40, choices=Profession.choices, blank=True
    )
    # The version every member must have signed; set by the services, never by a form.
    current_declaration = models.ForeignKey(
        "SecrecyDeclaration",
        verbose_name=_("huidige geheimhoudingsverklaring"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # An archived group keeps its minutes readable but takes no new meetings, items or members.
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("incidentgroep")
        verbose_name_plural = _("incidentgroepen")
        ordering = ["name", "pk"]
        permissions = [
            # Granted on signing the current declaration; revoked on a new version or leaving.
            ("view_group_content", _("Kan de inhoud van de groep zien")),
            # Granted to chairs (voorzitters).
            ("chair_group", _("Kan de groep voorzitten")),
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Role(models.TextChoices):
    CHAIR = "chair", _("Voorzitter")
    MEMBER = "member", _("Lid")


class Membership(models.Model):
    group = models.ForeignKey(IncidentGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("lid sinds"), default=timezone.now)
    # The latest declaration this member signed and when (the Signature rows are the history).
    signed_declaration = models.ForeignKey(
        "SecrecyDeclaration", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("getekend op"), null=True, blank=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="groups_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.group}"

    @property
    def is_chair(self) -> bool:
        return self.role == Role.CHAIR

    @property
    def has_signed_current(self) -> bool:
        return (
            self.signed_declaration_id is not None
            and self.signed_declaration_id == self.group.current_declaration_id
        )


class SecrecyDeclaration(models.Model):
    """One version of a group's geheimhoudingsverklaring. Never edited: a change is a new row."""

    group = models.ForeignKey(IncidentGroup, on_delete=models.CASCADE, related_name="declarations")
    version = models.PositiveIntegerField(_("versie"))
    text = models.TextField(_("tekst"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgesteld op"), default=timezone.now)

    class Meta:
        verbose_name = _("geheimhoudingsverklaring")
        verbose_name_plural = _("geheimhoudingsverklaringen")
        ordering = ["group", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "version"], name="groups_declaration_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.group} · v{self.version}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Signature(models.Model):
    """Append-only proof that a member agreed to one exact declaration text."""

    declaration = models.ForeignKey(
        SecrecyDeclaration, on_delete=models.PROTECT, related_name="signatures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_signatures"
    )
    text_sha256 = models.CharField(_("SHA-256 van de getekende tekst"), max_length=64)
    typed_name = models.CharField(_("getypte naam"), max_length=150)
    signed_at = models.DateTimeField(_("getekend op"), default=timezone.now)

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.typed_name} · {self.declaration}"


class Invitation(models.Model):
    """An e-mailed, single-use link. Only the SHA-256 of the token is stored."""

    VALID_DAYS = 14

    group = models.ForeignKey(IncidentGroup, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mailadres"))
    token_sha256 = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} · {self.group}"
