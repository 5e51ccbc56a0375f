from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting


class SummaryForm(forms.Form):
    """The texts that cross into a group: what the owner writes, checked before it goes."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=AgendaItem._meta.get_field("title").max_length,
        help_text=_("Kort en zonder namen, bijvoorbeeld: Verwisselde verwijsbrief."),
    )
    summary = forms.CharField(
        label=_("Geanonimiseerde samenvatting"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Begint met uw beschrijving van de melding: haal alles weg wat naar een persoon "
            "leidt (namen, data, adressen, nummers, leeftijden boven 89). Een lege regel begint "
            "een nieuwe alinea."
        ),
    )
    question = forms.CharField(
        label=_("Hulpvraag"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat vraagt u de groep?"),
    )
    confirmed = forms.BooleanField(
        label=_("Ik heb gecontroleerd dat deze samenvatting niet tot een patiënt te herleiden is"),
        required=False,
    )


class ShareForm(SummaryForm):
    meeting = forms.ModelChoiceField(
        label=_("Groep en bespreking"), queryset=Meeting.objects.none(), empty_label=None
    )
    field_order = ["meeting"]

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.group.name} · "
            f"{formats.date_format(timezone.localtime(meeting.starts_at), 'DATETIME_FORMAT')}"
        )
