"""The private VIM register: registers, incidents (the VIM form of seed 000, Bijlage 2), measures.

Who may see what is decided in `incidents/permissions.py`; every write with rules goes through
`incidents/services.py`.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from incidents.fields import EncryptedTextField


class Register(models.Model):
    """One practitioner's VIM register; created with the account (see incidents/signals.py)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="register",
        verbose_name=_("eigenaar"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # The numbering counter: locked (select_for_update) while a number is handed out, so two
    # incidents created at the same moment never get the same number, and purged numbers are
    # never reused.
    number_year = models.PositiveIntegerField(default=0, editable=False)
    number_last = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("VIM-register")
        verbose_name_plural = _("VIM-registers")
        default_permissions = ()
        permissions = [
            ("report_register", _("Mag melden en ziet de eigen meldingen")),
            ("investigate_register", _("Ziet en bewerkt alle meldingen van het register")),
        ]

    def __str__(self):
        return str(_("VIM-register van %(name)s") % {"name": self.owner})

    def get_absolute_url(self):
        return reverse("incidents:register_detail", args=[self.pk])


class Category(models.TextChoices):
    """Stable codes: they make registers comparable across practitioners of one profession."""

    REFERRAL = "verwijzing", _("Verwijzing")
    HANDOVER = "overdracht", _("Overdracht")
    MEDICATION = "medicatie", _("Medicatie")
    THREAT_AGGRESSION = "bedreiging-agressie", _("Bedreiging/agressie")
    SUICIDALITY = "suicidaliteit", _("Suïcidaliteit")
    BOUNDARY_VIOLATION = "grensoverschrijdend-gedrag", _("Grensoverschrijdend gedrag")
    PRIVACY_DATA_BREACH = "privacy-datalek", _("Privacy/datalek")
    COMMUNICATION = "communicatie", _("Communicatie")
    DIAGNOSIS_TREATMENT = "diagnostiek-behandeling", _("Diagnostiek/behandeling")
    RECORD_KEEPING = "dossiervoering", _("Dossiervoering")
    PRACTICE_ORGANISATION = "praktijkorganisatie", _("Praktijkorganisatie")
    OTHER = "anders", _("Anders")


class Severity(models.TextChoices):
    NEAR_MISS = "bijna-incident", _("Geen gevolgen (bijna-incident)")
    NONE_NOTICEABLE = "geen-merkbare-gevolgen", _("Geen merkbare gevolgen")
    NOTICEABLE = "merkbare-gevolgen", _("Merkbare gevolgen")
    SERIOUS = "ernstige-gevolgen", _("Ernstige gevolgen")
    DEATH = "overlijden", _("Overlijden")


# Wkkgz: death or serious harm makes an incident a calamity, to be reported to the IGJ.
CALAMITY_SEVERITIES = (Severity.SERIOUS, Severity.DEATH)
# Art. 10: from noticeable consequences on, the client must be informed and it must be noted.
INFORM_SEVERITIES = (Severity.NOTICEABLE, Severity.SERIOUS, Severity.DEATH)


class Informed(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nee", _("Nee")
    NOT_APPLICABLE = "nvt", _("N.v.t.")


class InformedHow(models.TextChoices):
    ORAL = "mondeling", _("Mondeling")
    WRITTEN = "schriftelijk", _("Schriftelijk")


class YesNo(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nee", _("Nee")


class Factor(models.TextChoices):
    HUMAN = "menselijk", _("Menselijk")
    ORGANISATIONAL = "organisatorisch", _("Organisatorisch")
    TECHNICAL = "technisch", _("Technisch")
    CLIENT = "client", _("Cliëntgebonden")
    OTHER = "overig", _("Overig")


class Step(models.TextChoices):
    """The four steps of Bijlage 1, then done. Derived from what has been filled in."""

    REGISTRATION = "registratie", _("Registratie")
    ANALYSIS = "analyse", _("Analyse")
    DISCUSSION = "bespreking", _("Bespreking")
    MEASURE = "maatregel", _("Maatregel")
    DONE = "afgerond", _("Afgerond")


STEP_ORDER = list(Step)


class IncidentQuerySet(models.QuerySet):
    def with_progress(self, today: date | None = None):
        """Annotate measure counts and the derived step, in the same single query."""
        today = today or timezone.localdate()
        open_measures = Measure.objects.filter(incident=OuterRef("pk"), done_on__isnull=True)
        return self.annotate(
            measures_open=_count(open_measures),
            measures_overdue=_count(open_measures.filter(due_on__lt=today)),
            step_code=step_expression(),
        )

    def calamities(self):
        return self.filter(severity__in=CALAMITY_SEVERITIES)


def _count(queryset):
    counted = queryset.order_by().values("incident").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def step_expression():
    """The SQL twin of Incident.step (for filtering the register); tests keep them in step."""
    measures = Measure.objects.filter(incident=OuterRef("pk"))
    return Case(
        When(
            Exists(measures) & ~Exists(measures.filter(done_on__isnull=True)),
            then=Value(Step.DONE.value),
        ),
        When(Q(Exists(measures)) | ~Q(prevention=""), then=Value(Step.MEASURE.value)),
        When(discussed=YesNo.YES, then=Value(Step.DISCUSSION.value)),
        When(~Q(analysis=""), then=Value(Step.ANALYSIS.value)),
        default=Value(Step.REGISTRATION.value),
        output_field=models.CharField(),
    )


class Incident(models.Model):
    """One (bijna-)incident: every field of the VIM form, with the form's wording as labels."""

    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("register")
    )
    number = models.CharField(_("nummer"), max_length=12, editable=False)
    number_year = models.PositiveIntegerField(editable=False)
    number_seq = models.PositiveIntegerField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("geregistreerd op"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    # Optimistic concurrency: an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    reported_on = models.DateField(_("Datum melding"), default=timezone.localdate)
    occurred_on = models.DateField(_("Datum gebeurtenis"))
    place = models.CharField(
        _("Plaats"), max_length=200, help_text=_("Waar gebeurde het? Bijvoorbeeld: praktijk.")
    )

    reporter_name = models.CharField(_("Naam van de melder"), max_length=150)
    reporter_role = models.CharField(_("Functie van de melder"), max_length=150, blank=True)

    patient_names = EncryptedTextField(
        _("Naam/namen van betrokken patiënt(en)"),
        blank=True,
        help_text=_(
            "Optioneel. Registreer bij voorkeur zonder naam: het register staat los van het "
            "patiëntdossier. Wordt versleuteld opgeslagen."
        ),
    )
    patient_birth_dates = EncryptedTextField(
        _("Geboortedatum/-data"),
        blank=True,
        help_text=_("Optioneel, bij voorkeur leeg laten. Wordt versleuteld opgeslagen."),
    )

    client_informed = models.CharField(
        _("Ingelicht over incident"),
        max_length=3,
        choices=Informed.choices,
        blank=True,
        help_text=_("Nodig als het incident voor de patiënt consequenties heeft."),
    )
    client_informed_by = models.CharField(_("Zo ja, door wie"), max_length=150, blank=True)
    client_informed_how = models.CharField(
        _("Hoe"), max_length=12, choices=InformedHow.choices, blank=True
    )
    client_informed_noted = models.CharField(
        _("Vastgelegd in het cliëntdossier"), max_length=3, choices=YesNo.choices, blank=True
    )

    involved_staff = models.TextField(
        _("Betrokken medewerkers"),
        blank=True,
        help_text=_("Namen van andere betrokken medewerkers, één per regel."),
    )

    category = models.CharField(
        _("Type melding"), max_length=40, choices=Category.choices, db_index=True
    )
    category_other = models.CharField(_("Anders, namelijk"), max_length=200, blank=True)

    description = models.TextField(_("Beschrijving van het (bijna-)incident"))

    action_warned_others = models.TextField(
        _("Anderen gewaarschuwd, namelijk, met de volgende maatregelen"), blank=True
    )
    action_taken = models.TextField(
        _("Zelf actie ondernomen met de volgende maatregelen"), blank=True
    )
    action_none_because = models.TextField(_("Geen actie ondernomen, omdat"), blank=True)
    action_other = models.TextField(_("Anders, namelijk"), blank=True)

    severity = models.CharField(
        _("(Mogelijke) gevolgen van de gebeurtenis"), max_length=30, choices=Severity.choices
    )
    consequences = models.TextField(_("Beschrijf de toestand van de patiënt"), blank=True)
    igj_reported_on = models.DateField(_("Gemeld bij de IGJ op"), null=True, blank=True)

    analysis = models.TextField(
        _("Analyse: wat is er gebeurd en hoe kon het gebeuren?"),
        blank=True,
        help_text=_("Het doel is uitdrukkelijk niet om na te gaan wie schuld heeft."),
    )
    contributing_factors = models.JSONField(_("Bijdragende factoren"), default=list, blank=True)
    analysis_notes = models.TextField(_("Toelichting op de factoren"), blank=True)

    discussed = models.CharField(
        _("Heeft u het (bijna-)incident geanonimiseerd met collega's besproken?"),
        max_length=3,
        choices=YesNo.choices,
        blank=True,
    )
    discussed_on = models.DateField(_("Besproken op"), null=True, blank=True)
    discussed_in = models.CharField(
        _("Besproken in"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: intervisiegroep, incidentgroep, ketenoverleg."),
    )
    discussion_result = models.TextField(_("Wat is het resultaat?"), blank=True)

    prevention = models.TextField(
        _("Wat gaat u doen om vergelijkbare situaties in de toekomst te voorkomen?"),
        blank=True,
        help_text=_(
            "Leg de concrete acties hieronder vast als maatregelen, met een uiterste datum."
        ),
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-number_year", "-number_seq"]
        default_permissions = ()
        permissions = [("investigate_incident", _("Betrokken bij het onderzoek"))]
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="incident_number_unique"),
            models.UniqueConstraint(
                fields=["register", "number_year", "number_seq"], name="incident_seq_unique"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("incidents:incident_detail", args=[self.pk])

    @property
    def is_near_miss(self) -> bool:
        return self.severity == Severity.NEAR_MISS

    @property
    def is_calamity(self) -> bool:
        return self.severity in CALAMITY_SEVERITIES

    @property
    def igj_report_overdue(self) -> bool:
        return self.is_calamity and self.igj_reported_on is None

    @property
    def requires_informing(self) -> bool:
        return self.severity in INFORM_SEVERITIES

    @property
    def category_display(self) -> str:
        if self.category == Category.OTHER and self.category_other:
            return f"{self.get_category_display()}: {self.category_other}"
        return self.get_category_display()

    @property
    def factor_labels(self) -> list[str]:
        labels = dict(Factor.choices)
        return [str(labels[code]) for code in self.contributing_factors if code in labels]

    @property
    def step(self) -> Step:
        """Registratie → Analyse → Bespreking → Maatregel → Afgerond, from what is filled in."""
        annotated = getattr(self, "step_code", None)
        if annotated is not None:
            return Step(annotated)
        measures = list(self.measures.all())
        if measures and all(m.done_on for m in measures):
            return Step.DONE
        if measures or self.prevention:
            return Step.MEASURE
        if self.discussed == YesNo.YES:
            return Step.DISCUSSION
        if self.analysis:
            return Step.ANALYSIS
        return Step.REGISTRATION

    def steps(self) -> list[dict]:
        """The step indicator: each step with whether it is done or the current one."""
        current = STEP_ORDER.index(self.step)
        return [
            {"label": step.label, "done": i < current, "current": i == current}
            for i, step in enumerate(STEP_ORDER)
        ]

    def clean(self):
        errors = {}
        if self.category == Category.OTHER and not self.category_other.strip():
            errors["category_other"] = _("Beschrijf het type melding als u 'Anders' kiest.")
        today = timezone.localdate()
        if self.occurred_on and self.occurred_on > today:
            errors["occurred_on"] = _("De datum van de gebeurtenis ligt in de toekomst.")
        if self.occurred_on and self.reported_on and self.occurred_on > self.reported_on:
            errors["occurred_on"] = _("De gebeurtenis kan niet na de melding plaatsvinden.")
        if self.igj_reported_on and self.igj_reported_on > today:
            errors["igj_reported_on"] = _("De meldingsdatum bij de IGJ ligt in de toekomst.")
        if self.requires_informing:
            errors.update(self._informing_errors())
        elif self.client_informed == Informed.YES:
            errors.update(self._informing_details_errors())
        if self.discussed == YesNo.YES and not self.discussion_result.strip():
            errors["discussion_result"] = _(
                "Vul het resultaat van de bespreking in, of kies 'Nee'."
            )
        if errors:
            raise ValidationError(errors)

    def _informing_errors(self) -> dict:
        # Wkkgz art. 10: noticeable consequences oblige the provider to inform the client.
        if not self.client_informed:
            return {
                "client_informed": _(
                    "Bij merkbare of ernstiger gevolgen is verplicht om vast te leggen of de "
                    "patiënt is ingelicht (Wkkgz art. 10)."
                )
            }
        if self.client_informed == Informed.NOT_APPLICABLE:
            return {
                "client_informed": _(
                    "Bij merkbare of ernstiger gevolgen is 'n.v.t.' niet mogelijk: kies 'ja' of "
                    "'nee' (Wkkgz art. 10)."
                )
            }
        return self._informing_details_errors()

    def _informing_details_errors(self) -> dict:
        errors = {}
        if self.client_informed != Informed.YES:
            return errors
        if not self.client_informed_by.strip():
            errors["client_informed_by"] = _("Vul in door wie de patiënt is ingelicht.")
        if not self.client_informed_how:
            errors["client_informed_how"] = _("Kies hoe de patiënt is ingelicht.")
        if not self.client_informed_noted:
            errors["client_informed_noted"] = _(
                "Geef aan of het inlichten in het cliëntdossier is vastgelegd."
            )
        return errors


class Measure(models.Model):
    """A measure (maatregel) to prevent recurrence: what, who, by when, done when."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="measures", verbose_name=_("melding")
    )
    description = models.TextField(_("Maatregel"))
    owner_name = models.CharField(
        _("Wie voert het uit"), max_length=150, help_text=_("Naam of functie.")
    )
    due_on = models.DateField(_("Uiterste datum"))
    done_on = models.DateField(_("Uitgevoerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Where a measure came from, e.g. a meeting of an incident group (the outcome import).
    source_label = models.CharField(_("Herkomst"), max_length=200, blank=True, editable=False)
    source_ref = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["due_on", "pk"]
        default_permissions = ()

    def __str__(self):
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()

    def clean(self):
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("De uitvoeringsdatum ligt in de toekomst.")})


class RegisterUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian table: lets the visibility filter join instead of casting ids."""

    content_object = models.ForeignKey(Register, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class IncidentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Incident, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
