from django import forms
from django.utils.translation import gettext_lazy as _


class TrendsFilterForm(forms.Form):
    beroep = forms.ChoiceField(label=_("Beroep"), required=False)
    kwartaal = forms.ChoiceField(label=_("Kwartaal"), required=False)

    def __init__(self, *args, professions, quarters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beroep"].choices = [("", _("Alle beroepen")), *professions]
        self.fields["kwartaal"].choices = [("", _("Alle kwartalen"))] + [(q, q) for q in quarters]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"profession": data.get("beroep", ""), "quarter": data.get("kwartaal", "")}
