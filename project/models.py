from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Profession(models.TextChoices):
    """Stable codes: they make registers comparable across providers of the same category."""

    PSYCHOLOOG = "psycholoog", _("Psycholoog")
    GZ_PSYCHOLOOG = "gz-psycholoog", _("GZ-psycholoog")
    KLINISCH_PSYCHOLOOG = "klinisch-psycholoog", _("Klinisch psycholoog")
    PSYCHOTHERAPEUT = "psychotherapeut", _("Psychotherapeut")
    ORTHOPEDAGOOG = "orthopedagoog", _("Orthopedagoog")
    HUISARTS = "huisarts", _("Huisarts")
    FYSIOTHERAPEUT = "fysiotherapeut", _("Fysiotherapeut")
    COMPLEMENTAIR_THERAPEUT = "complementair-therapeut", _("Complementair therapeut")
    OVERIG = "overig", _("Overig")


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
        _("beroep"), max_length=40, choices=Profession.choices, default=Profession.OVERIG
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
