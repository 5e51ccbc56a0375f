from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from incidents.models import CalamityAssessment, Category, Factor, Incident, Measure, Step

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The VIM form's sections (Bijlage 2), in its order: (legend, fields).
SECTIONS = [
    (_("Melding"), ["reported_on", "occurred_on", "place"]),
    (_("Gegevens van de melder"), ["reporter_name", "reporter_role"]),
    (
        _("Gegevens over (eventuele) betrokken patiënt(en)"),
        [
            "patient_names",
            "patient_birth_dates",
            "client_informed",
            "client_informed_on",
            "client_informed_by",
            "client_informed_how",
            "client_not_informed_reason",
            "client_informed_noted",
        ],
    ),
    (_("Betrokken medewerkers"), ["involved_staff"]),
    (_("Omschrijving type melding"), ["category", "category_other"]),
    (_("Beschrijving van het (bijna-)incident"), ["description"]),
    (
        _("Handelen na de gebeurtenis"),
        ["action_warned_others", "action_taken", "action_none_because", "action_other"],
    ),
    (
        _("(Mogelijke) gevolgen van de gebeurtenis"),
        ["severity", "future_consequences", "consequences"],
    ),
    (_("Analyse"), ["analysis", "contributing_factors", "analysis_notes"]),
    (
        _("Bespreking met collega's"),
        ["discussed", "discussed_on", "discussed_in", "discussion_result"],
    ),
    (_("Maatregelen"), ["prevention"]),
]
INCIDENT_FIELDS = [name for _legend, names in SECTIONS for name in names]
# The form's own guidance under a section's heading (Bijlage 2), by the section's first field.
SECTION_HELP = {
    "involved_staff": _(
        "Melding bij voorkeur door de direct betrokken medewerker(s). Andere betrokken "
        "medewerkers kunnen ook melden als zij vinden dat de direct betrokkene ten onrechte niet "
        "zelf meldt, maar alleen met medeweten van de direct betrokkene."
    ),
    "action_warned_others": _(
        "Licht uw antwoord toe: vul in wat van toepassing is, met de maatregelen of de reden."
    ),
}


class IncidentForm(forms.ModelForm):
    """The complete VIM form; `version` carries the optimistic-concurrency token."""

    contributing_factors = forms.MultipleChoiceField(
        label=_("Bijdragende factoren"),
        choices=Factor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Incident
        fields = INCIDENT_FIELDS
        widgets = {
            "reported_on": DATE,
            "occurred_on": DATE,
            "client_informed_on": DATE,
            "discussed_on": DATE,
            "patient_names": forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
            "patient_birth_dates": forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
            "involved_staff": forms.Textarea(attrs={"rows": 3}),
            "client_informed": forms.RadioSelect,
            "client_informed_how": forms.RadioSelect,
            "client_informed_noted": forms.RadioSelect,
            "client_not_informed_reason": forms.Textarea(attrs={"rows": 2}),
            "severity": forms.RadioSelect,
            "future_consequences": forms.RadioSelect,
            "discussed": forms.RadioSelect,
            "action_warned_others": forms.Textarea(attrs={"rows": 2}),
            "action_taken": forms.Textarea(attrs={"rows": 2}),
            "action_none_because": forms.Textarea(attrs={"rows": 2}),
            "action_other": forms.Textarea(attrs={"rows": 2}),
            "consequences": forms.Textarea(attrs={"rows": 3}),
            "analysis_notes": forms.Textarea(attrs={"rows": 3}),
            "discussion_result": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "severity": _(
                "Bij ernstige gevolgen of overlijden is het een mogelijke calamiteit: u stelt "
                "daarna op de pagina van de melding vast of het een calamiteit is (Wkkgz art. 11)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio groups for optional choices: no empty "---------" radio.
        for name in (
            "client_informed",
            "client_informed_how",
            "client_informed_noted",
            "future_consequences",
            "discussed",
        ):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]
        self.fields["severity"].choices = [c for c in self.fields["severity"].choices if c[0]]
        self.fields["category"].choices = [("", _("Kies een type")), *Category.choices]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.sections = [
            (legend, SECTION_HELP.get(names[0], ""), [self[name] for name in names])
            for legend, names in SECTIONS
        ]

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in INCIDENT_FIELDS}

    def add_error(self, field, error):
        # A rule on a field recorded elsewhere (the calamity assessment on the incident page) can
        # still refuse an edit, e.g. an event date after the date of establishing: show it above
        # the form instead of failing on a field the form does not have.
        if field is None and hasattr(error, "error_dict"):
            errors = {}
            for name, messages in error.error_dict.items():
                name = name if name in self.fields else NON_FIELD_ERRORS
                errors.setdefault(name, []).extend(messages)
            error = ValidationError(errors)
        super().add_error(field, error)


class CalamityAssessmentForm(forms.Form):
    """The owner's answer to "is this possible calamity a calamity?" (Wkkgz art. 11)."""

    assessment = forms.ChoiceField(
        label=_("Is dit een calamiteit?"),
        choices=CalamityAssessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of het wel of geen calamiteit is.")},
    )
    established_on = forms.DateField(
        label=_("Vastgesteld als calamiteit op"), widget=DATE, required=False
    )
    rejected_reason = forms.CharField(
        label=_("Geen calamiteit, omdat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Bijvoorbeeld: de gevolgen zijn een bekende complicatie van de behandeling."),
    )


class IgjReportForm(forms.Form):
    # Never prefilled: a date that is already there is one click from recording a report that
    # may never have been made.
    reported_on = forms.DateField(
        label=_("Gemeld bij de IGJ op"),
        widget=DATE,
        error_messages={
            "required": _("Vul de datum in waarop u de calamiteit bij de IGJ heeft gemeld."),
            "invalid": _("Vul een geldige datum in."),
        },
    )


class DiscussionSkipForm(forms.Form):
    reason = forms.CharField(
        label=_("Bespreking niet van toepassing, omdat"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Leg vast waarom een bespreking niet van toepassing is.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van intrekken"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: dubbele melding van 2026-004, of een testmelding."),
        error_messages={"required": _("Vul de reden van intrekken in.")},
    )


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["description", "owner_name", "due_on", "done_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_on": DATE,
            "done_on": DATE,
        }


class MemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de collega"),
        help_text=_("De collega moet al een account hebben bij VIM-kring."),
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[
            ("reporter", _("Melder: meldt en ziet alleen de eigen meldingen")),
            ("investigator", _("Onderzoeker: ziet en bewerkt alle meldingen")),
        ],
        widget=forms.RadioSelect,
        initial="reporter",
    )


class SuccessorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van uw opvolger"),
        required=False,
        help_text=_(
            "Bij een praktijkovername: deze collega krijgt toegang tot uw register als u uw "
            "account opzegt. Laat leeg om geen opvolger aan te wijzen."
        ),
    )


class GrantForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de collega die betrokken is bij het onderzoek"),
        help_text=_("De collega moet al een account hebben. Alleen deze melding wordt gedeeld."),
    )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False)
    year = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle types")), *Category.choices]
    )
    step = forms.ChoiceField(
        label=_("Stap"), required=False, choices=[("", _("Alle stappen")), *Step.choices]
    )
    calamity = forms.BooleanField(label=_("Alleen (mogelijke) calamiteiten"), required=False)
    withdrawn = forms.BooleanField(label=_("Ingetrokken meldingen"), required=False)

    def __init__(self, *args, years=(), owner=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alle jaren"))] + [(y, y) for y in years]
        if not owner:
            # Withdrawn incidents are the owner's to see.
            del self.fields["withdrawn"]


class VisitationForm(forms.Form):
    start = forms.DateField(
        label=_("Van"), widget=DATE, error_messages={"invalid": _("Vul een geldige datum in.")}
    )
    end = forms.DateField(
        label=_("Tot en met"),
        widget=DATE,
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("De begindatum ligt na de einddatum."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (Excel .xlsx of CSV)"),
        help_text=_(
            "De eerste regel bevat de kolomnamen. Bestanden met macro's worden geweigerd; "
            "formules worden gelezen als hun uitkomst."
        ),
        error_messages={"required": _("Kies een bestand.")},
    )


class ImportMappingForm(forms.Form):
    """Per field of the VIM form, the column of the file that fills it."""

    def __init__(self, *args, header: list[str], fields: tuple[str, ...], required, **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", _("— niet in het bestand —"))] + [
            (str(index), heading or _("kolom %(n)s") % {"n": index + 1})
            for index, heading in enumerate(header)
        ]
        for name in fields:
            self.fields[name] = forms.TypedChoiceField(
                label=Incident._meta.get_field(name).verbose_name,
                choices=columns,
                coerce=int,
                empty_value=None,
                required=name in required,
                error_messages={"required": _("Kies de kolom voor dit verplichte veld.")},
            )

    def clean(self):
        data = super().clean()
        used = [index for index in data.values() if index is not None]
        if len(used) != len(set(used)):
            raise ValidationError(_("Elke kolom kan maar voor één veld worden gebruikt."))
        return data

    def mapping(self) -> dict[str, int]:
        return {name: index for name, index in self.cleaned_data.items() if index is not None}
