from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import IncidentGroup, Invitation, Role
from project.forms import PlainTextMixin


class GroupForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = IncidentGroup
        fields = ["name", "description", "region", "profession"]
        help_texts = {
            "description": _("Bijvoorbeeld: wie deelnemen en hoe vaak de groep bijeenkomt."),
            "region": _("Optioneel."),
            "profession": _("Optioneel: als de groep uit één beroepsgroep bestaat."),
        }


class InvitationForm(PlainTextMixin, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "De uitnodiging is %(days)s dagen geldig en kan één keer worden gebruikt."
        ) % {"days": Invitation.VALID_DAYS}


class SignatureForm(PlainTextMixin, forms.Form):
    typed_name = forms.CharField(
        label=_("Uw volledige naam"),
        max_length=150,
        help_text=_("Typ uw naam zoals die in uw account staat."),
    )
    agreed = forms.BooleanField(
        label=_("Ik heb de geheimhoudingsverklaring gelezen en ga ermee akkoord."),
        required=True,
    )


class DeclarationForm(PlainTextMixin, forms.Form):
    text = forms.CharField(
        label=_("Tekst van de geheimhoudingsverklaring"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Na het opslaan moet ieder lid, ook u, de nieuwe versie opnieuw tekenen voordat hij "
            "of zij weer iets van de groep kan zien."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
