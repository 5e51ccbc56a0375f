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
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from incidents import calamity
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
    # A practice takeover: the colleague who gets access to the register when the owner closes
    # the account. Without one, a closed account's register stays sealed until retention ends.
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opvolger"),
    )
    sealed_at = models.DateTimeField(_("verzegeld op"), null=True, blank=True, editable=False)

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


# Wkkgz art. 11: death or serious harm makes an incident a *possible* calamity; the provider
# establishes whether it is one (see incidents/calamity.py for the IGJ's deadlines).
CALAMITY_SEVERITIES = (Severity.SERIOUS, Severity.DEATH)
# Art. 10: from noticeable consequences on (or when they may follow in future), the client must
# be informed and it must be noted in the client's file.
INFORM_SEVERITIES = (Severity.NOTICEABLE, Severity.SERIOUS, Severity.DEATH)


class CalamityAssessment(models.TextChoices):
    ESTABLISHED = "vastgesteld", _("Vastgesteld als calamiteit")
    REJECTED = "geen", _("Geen calamiteit")


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
    """The four steps of Bijlage 1, then done. The current step is the first one still open."""

    REGISTRATION = "registratie", _("Registratie")
    ANALYSIS = "analyse", _("Analyse")
    DISCUSSION = "bespreking", _("Bespreking")
    MEASURE = "maatregel", _("Maatregel")
    DONE = "afgerond", _("Afgerond")


class StepState(models.TextChoices):
    DONE = "done", _("gedaan")
    OPEN = "open", _("open")
    NOT_APPLICABLE = "nvt", _("niet van toepassing")


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

    def active(self):
        """Everything but withdrawn incidents: those are kept, but listed and counted nowhere."""
        return self.filter(withdrawn_at__isnull=True)


def _count(queryset):
    counted = queryset.order_by().values("incident").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _open_steps_q() -> dict[Step, Q]:
    """Per step, the condition under which it is still open (the SQL side of Incident.steps)."""
    measures = Measure.objects.filter(incident=OuterRef("pk"))
    return {
        # A possible calamity not yet assessed, or established and not yet reported to the IGJ.
        Step.REGISTRATION: Q(severity__in=CALAMITY_SEVERITIES)
        & (
            Q(calamity_assessment="")
            | Q(calamity_assessment=CalamityAssessment.ESTABLISHED, igj_reported_on__isnull=True)
        ),
        Step.ANALYSIS: Q(analysis=""),
        Step.DISCUSSION: ~Q(discussed=YesNo.YES) & Q(discussion_skipped_reason=""),
        Step.MEASURE: ~Q(Exists(measures)) | Q(Exists(measures.filter(done_on__isnull=True))),
    }


def step_expression():
    """The SQL twin of Incident.step (for filtering the register); tests keep them in step."""
    return Case(
        *(When(condition, then=Value(step.value)) for step, condition in _open_steps_q().items()),
        default=Value(Step.DONE.value),
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
        help_text=_(
            "Verplicht als het incident merkbare gevolgen voor de patiënt heeft of in de "
            "toekomst kan hebben (Wkkgz art. 10)."
        ),
    )
    client_informed_on = models.DateField(_("Zo ja, wanneer"), null=True, blank=True)
    client_informed_by = models.CharField(_("Zo ja, door wie"), max_length=150, blank=True)
    client_informed_how = models.CharField(
        _("Hoe"), max_length=12, choices=InformedHow.choices, blank=True
    )
    client_not_informed_reason = models.TextField(
        _("Zo nee, waarom niet"),
        blank=True,
        help_text=_(
            "De wet verwacht dat u de patiënt inlicht over een incident met (mogelijk) merkbare "
            "gevolgen (Wkkgz art. 10). Leg vast waarom dat niet is gebeurd."
        ),
    )
    client_informed_noted = models.CharField(
        _("Vastgelegd in het cliëntendossier"), max_length=3, choices=YesNo.choices, blank=True
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
    future_consequences = models.CharField(
        _("Kan het incident in de toekomst merkbare gevolgen hebben voor de patiënt?"),
        max_length=3,
        choices=YesNo.choices,
        blank=True,
        help_text=_("Zo ja, dan moet u de patiënt inlichten (Wkkgz art. 10)."),
    )
    consequences = models.TextField(_("Beschrijf de toestand van de patiënt"), blank=True)
    # Wkkgz art. 11: recorded by the owner on the incident page (services.incident_calamity_assess).
    calamity_assessment = models.CharField(
        _("Beoordeling calamiteit"), max_length=12, choices=CalamityAssessment.choices, blank=True
    )
    calamity_established_on = models.DateField(
        _("Vastgesteld als calamiteit op"), null=True, blank=True
    )
    calamity_rejected_reason = models.TextField(_("Geen calamiteit, omdat"), blank=True)
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
    # Set by the owner only (services.incident_discussion_skip): the step Bespreking then counts
    # as not applicable.
    discussion_skipped_reason = models.TextField(
        _("Bespreking niet van toepassing, omdat"), blank=True
    )

    prevention = models.TextField(
        _("Wat gaat u doen om vergelijkbare situaties in de toekomst te voorkomen?"),
        blank=True,
        help_text=_(
            "Leg de concrete acties hieronder vast als maatregelen, met een uiterste datum."
        ),
    )

    # A duplicate or test incident is withdrawn instead of deleted (retention): kept, hidden
    # from lists, counted nowhere.
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(_("Reden van intrekken"), blank=True, editable=False)

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
    def is_possible_calamity(self) -> bool:
        return self.severity in CALAMITY_SEVERITIES

    @property
    def is_calamity(self) -> bool:
        """Established as a calamity by the provider (not merely serious harm or death)."""
        return (
            self.is_possible_calamity and self.calamity_assessment == CalamityAssessment.ESTABLISHED
        )

    @property
    def calamity_unassessed(self) -> bool:
        return self.is_possible_calamity and not self.calamity_assessment

    @property
    def igj_report_missing(self) -> bool:
        return self.is_calamity and self.igj_reported_on is None

    @property
    def calamity_assessment_deadline(self) -> calamity.Deadline | None:
        """Establishing whether it is a calamity: at most 6 weeks after Datum melding."""
        if not self.is_possible_calamity:
            return None
        return calamity.deadline(
            calamity.assessment_due(self.reported_on), open=self.calamity_unassessed
        )

    @property
    def igj_report_deadline(self) -> calamity.Deadline | None:
        """Reporting an established calamity: at the latest 3 working days after establishing."""
        if not self.is_calamity or not self.calamity_established_on:
            return None
        return calamity.deadline(
            calamity.report_due(self.calamity_established_on), open=self.igj_report_missing
        )

    @property
    def calamity_overdue(self) -> bool:
        return any(
            d is not None and d.overdue
            for d in (self.calamity_assessment_deadline, self.igj_report_deadline)
        )

    @property
    def calamity_status(self) -> str:
        """One line for exports and prints: where the calamity assessment stands."""
        if not self.is_possible_calamity:
            return ""
        if self.calamity_unassessed:
            return str(_("mogelijke calamiteit, nog niet beoordeeld"))
        if not self.is_calamity:
            return str(_("geen calamiteit"))
        established = formats.date_format(self.calamity_established_on, "DATE_FORMAT")
        if self.igj_reported_on:
            reported = formats.date_format(self.igj_reported_on, "DATE_FORMAT")
            return str(
                _("calamiteit, vastgesteld op %(established)s, gemeld bij de IGJ op %(reported)s")
                % {"established": established, "reported": reported}
            )
        return str(
            _("calamiteit, vastgesteld op %(established)s, nog niet gemeld bij de IGJ")
            % {"established": established}
        )

    @property
    def requires_informing(self) -> bool:
        return self.severity in INFORM_SEVERITIES or self.future_consequences == YesNo.YES

    @property
    def not_informed_although_required(self) -> bool:
        return self.requires_informing and self.client_informed == Informed.NO

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def category_display(self) -> str:
        if self.category == Category.OTHER and self.category_other:
            return f"{self.get_category_display()}: {self.category_other}"
        return self.get_category_display()

    @property
    def factor_labels(self) -> list[str]:
        labels = dict(Factor.choices)
        return [str(labels[code]) for code in self.contributing_factors if code in labels]

    def step_states(self) -> dict[Step, StepState]:
        """Each of the four steps with its own state; the Python side of step_expression()."""
        measures = list(self.measures.all())
        registration_open = self.calamity_unassessed or self.igj_report_missing
        if self.discussed == YesNo.YES:
            discussion = StepState.DONE
        elif self.discussion_skipped_reason:
            discussion = StepState.NOT_APPLICABLE
        else:
            discussion = StepState.OPEN
        return {
            Step.REGISTRATION: StepState.OPEN if registration_open else StepState.DONE,
            Step.ANALYSIS: StepState.DONE if self.analysis else StepState.OPEN,
            Step.DISCUSSION: discussion,
            Step.MEASURE: (
                StepState.DONE if measures and all(m.done_on for m in measures) else StepState.OPEN
            ),
        }

    @property
    def step(self) -> Step:
        """The current step: the first one still open; Afgerond when none is."""
        annotated = getattr(self, "step_code", None)
        if annotated is not None:
            return Step(annotated)
        return self._current_step(self.step_states())

    @staticmethod
    def _current_step(states: dict[Step, StepState]) -> Step:
        return next((s for s, state in states.items() if state == StepState.OPEN), Step.DONE)

    def steps(self) -> list[dict]:
        """The step indicator: each step with its own state, and which one is current."""
        states = self.step_states()
        current = self._current_step(states)
        states[Step.DONE] = StepState.DONE if current == Step.DONE else StepState.OPEN
        return [
            {
                "label": step.label,
                "state": state.value,
                "state_label": state.label,
                "current": step == current,
            }
            for step, state in states.items()
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
        errors.update(self._calamity_errors(today))
        if self.requires_informing:
            errors.update(self._informing_errors())
        elif self.client_informed == Informed.YES:
            errors.update(self._informed_details_errors())
        if self.client_informed_on:
            errors.update(self._date_errors("client_informed_on", self.client_informed_on, today))
        if self.discussed == YesNo.YES and not self.discussion_result.strip():
            errors["discussion_result"] = _(
                "Vul het resultaat van de bespreking in, of kies 'Nee'."
            )
        if errors:
            raise ValidationError(errors)

    def _date_errors(self, name: str, day: date, today: date) -> dict:
        """A date that must lie between the event and today."""
        if day > today:
            return {name: _("Deze datum ligt in de toekomst.")}
        if self.occurred_on and day < self.occurred_on:
            return {name: _("Deze datum ligt vóór de datum van de gebeurtenis.")}
        return {}

    def _calamity_errors(self, today: date) -> dict:
        errors = {}
        established = self.calamity_assessment == CalamityAssessment.ESTABLISHED
        if established and not self.calamity_established_on:
            errors["calamity_established_on"] = _("Vul in op welke datum u dit heeft vastgesteld.")
        elif established:
            errors.update(
                self._date_errors("calamity_established_on", self.calamity_established_on, today)
            )
        if (
            self.calamity_assessment == CalamityAssessment.REJECTED
            and not self.calamity_rejected_reason.strip()
        ):
            errors["calamity_rejected_reason"] = _(
                "Leg vast waarom het geen calamiteit is: deze afweging moet u kunnen uitleggen."
            )
        if self.igj_reported_on:
            if not self.is_calamity:
                errors["igj_reported_on"] = _(
                    "Een melding bij de IGJ kan pas worden vastgelegd als u heeft vastgesteld dat "
                    "het om een calamiteit gaat."
                )
            elif self.calamity_established_on and (
                self.igj_reported_on < self.calamity_established_on
            ):
                errors["igj_reported_on"] = _(
                    "De melding bij de IGJ kan niet vóór het vaststellen liggen."
                )
            else:
                errors.update(self._date_errors("igj_reported_on", self.igj_reported_on, today))
        return errors

    def _informing_errors(self) -> dict:
        # Wkkgz art. 10: consequences that are noticeable now or may be in future oblige the
        # provider to inform the client and to note that in the client's file.
        if not self.client_informed:
            return {
                "client_informed": _(
                    "Bij (mogelijk) merkbare gevolgen moet u vastleggen of de patiënt is "
                    "ingelicht (Wkkgz art. 10)."
                )
            }
        if self.client_informed == Informed.NOT_APPLICABLE:
            return {
                "client_informed": _(
                    "Bij (mogelijk) merkbare gevolgen is 'n.v.t.' niet mogelijk: kies 'ja' of "
                    "'nee' (Wkkgz art. 10)."
                )
            }
        errors = {}
        if self.client_informed == Informed.YES:
            errors.update(self._informed_details_errors())
        elif not self.client_not_informed_reason.strip():
            errors["client_not_informed_reason"] = _(
                "De wet verwacht dat u de patiënt inlicht (Wkkgz art. 10): leg vast waarom dat "
                "niet is gebeurd."
            )
        if not self.client_informed_noted:
            errors["client_informed_noted"] = _(
                "Geef aan of dit in het cliëntendossier is vastgelegd."
            )
        return errors

    def _informed_details_errors(self) -> dict:
        errors = {}
        if not self.client_informed_on:
            errors["client_informed_on"] = _("Vul in wanneer de patiënt is ingelicht.")
        if not self.client_informed_by.strip():
            errors["client_informed_by"] = _("Vul in door wie de patiënt is ingelicht.")
        if not self.client_informed_how:
            errors["client_informed_how"] = _("Kies hoe de patiënt is ingelicht.")
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
