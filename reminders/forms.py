from django import forms

from reminders.models import Frequency, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of reminder: daily, weekly or off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, initial=Frequency.DAILY
            )
