from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.selectors import signed_members
from meetings.models import Meeting
from project.forms import PlainTextMixin


class MeetingForm(PlainTextMixin, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"],
    )
    video_url = forms.URLField(label=_("Videolink"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["starts_at", "duration_minutes", "location", "video_url", "notes", "chair"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "chair": _("Elk lid dat de verklaring heeft getekend kan deze bespreking voorzitten."),
            "notes": _(
                "Zichtbaar voor de leden en in de agenda-uitnodiging. Geen patiëntgegevens."
            ),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        members = signed_members(group)
        self.fields["chair"].queryset = self.fields["chair"].queryset.filter(
            pk__in=members.values("user_id")
        )
        self.fields["chair"].label_from_instance = lambda user: user.full_name or user.email

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("Kies een moment in de toekomst."))
        return starts_at

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("location") and not cleaned.get("video_url"):
            raise forms.ValidationError(_("Vul een plaats of een videolink in."))
        return cleaned


class TopicForm(PlainTextMixin, forms.Form):
    title = forms.CharField(label=_("Onderwerp"), max_length=200)
    summary = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Geen patiëntgegevens."),
    )
    expected_minutes = forms.IntegerField(
        label=_("Verwachte tijd (minuten)"), required=False, min_value=1, max_value=240
    )


class MinutesForm(forms.Form):
    expected_minutes = forms.IntegerField(
        label=_("Verwachte tijd (minuten)"), required=False, min_value=1, max_value=240
    )


class DeclineForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden (optioneel, alleen zichtbaar voor de inbrenger)"),
        max_length=500,
        required=False,
    )


class FollowupStatusForm(PlainTextMixin, forms.Form):
    """The owner's one-line status of a measure followed up on the agenda."""

    status = forms.CharField(
        label=_("Stand van zaken (één regel)"),
        max_length=200,
        help_text=_("De groep leest dit. Geen namen of andere patiëntgegevens."),
    )
    done = forms.BooleanField(label=_("De maatregel is uitgevoerd"), required=False)
