from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Profession(models.TextChoices):
    """Stable codes: they make registers comparable across providers of the same category."""

    PSYCHOLOGIST = "psycholoog", _("Psycholoog")
    HEALTHCARE_PSYCHOLOGIST = "gz-psycholoog", _("GZ-psycholoog")
    CLINICAL_PSYCHOLOGIST = "klinisch-psycholoog", _("Klinisch psycholoog")
    PSYCHOTHERAPIST = "psychotherapeut", _("Psychotherapeut")
    REMEDIAL_EDUCATIONALIST = "orthopedagoog", _("Orthopedagoog")
    GENERAL_PRACTITIONER = "huisarts", _("Huisarts")
    PHYSIOTHERAPIST = "fysiotherapeut", _("Fysiotherapeut")
    COMPLEMENTARY_THERAPIST = "complementair-therapeut", _("Complementair therapeut")
    OTHER = "overig", _("Overig")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A practitioner. Logs in with an e-mail address."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("volledige naam"), max_length=150)
    profession = models.CharField(
        _("beroep"), max_length=40, choices=Profession.choices, default=Profession.OTHER
    )
    registration_number = models.CharField(
        _("BIG- of AGB-nummer"),
        max_length=20,
        blank=True,
        help_text=_("Optioneel. Uw BIG-registratienummer of AGB-code."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("beheerder"), default=False)
    date_joined = models.DateTimeField(_("aangemeld op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("zorgverlener")
        verbose_name_plural = _("zorgverleners")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AccessLogQuerySet(models.QuerySet):
    """Append-only: bulk changes and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """Who did what with which incident, when and from where (in the spirit of NEN 7513).

    Written only through project.access_log.record; never changed or deleted (the database
    refuses both, see project/access_log_db.py). It holds no patient data: an action code, the
    actor, the incident and its number, and a short non-clinical detail.

    Each entry carries `seq` (1, 2, 3, … with no gap) and a SHA-256 over its own fields and the
    previous entry's hash, so `manage.py verify_access_log` finds an entry changed or removed
    behind the trigger's back. The links to actor, register and incident are plain ids, never
    nulled or cascaded: they are part of what the hash covers, and survive a purge of the
    incident (the snapshot in `incident_number` stays readable).
    """

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True, editable=False)
    seq = models.PositiveBigIntegerField(_("volgnummer"), unique=True, editable=False)
    actor = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("wie"),
    )
    actor_label = models.CharField(_("wie"), max_length=254, blank=True)
    action = models.CharField(_("actie"), max_length=60)
    register = models.ForeignKey(
        "incidents.Register",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("register"),
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("melding"),
    )
    incident_number = models.CharField(_("meldingsnummer"), max_length=12, blank=True)
    detail = models.CharField(_("toelichting"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    origin = models.CharField(_("herkomst"), max_length=30, default="web")
    prev_hash = models.CharField(_("vorige hash"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("logregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["register", "-at"], name="accesslog_register_at"),
            models.Index(fields=["incident", "-at"], name="accesslog_incident_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.incident_number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")
