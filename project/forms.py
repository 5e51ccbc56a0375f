from contextlib import contextmanager

from allauth.core import context
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from project.adapters import invited_email
from project.models import Profession, User
from project.validators import validate_single_line, validate_text


class PlainTextMixin:
    """Refuse control characters in every text field of the form, with a Dutch message.

    One-line fields (names, titles, places, addresses) may end up in an e-mail subject or
    header, where a line break would inject headers or crash the mailer: they take no line
    breaks at all. Text areas keep their line breaks and tabs. Passwords are left alone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue
            is_text_area = isinstance(field.widget, forms.Textarea)
            field.validators.append(validate_text if is_text_area else validate_single_line)


class SignupProfileForm(PlainTextMixin, forms.Form):
    """Extra sign-up fields; allauth calls signup() once the account exists."""

    full_name = forms.CharField(label=_("Volledige naam"), max_length=150)
    profession = forms.ChoiceField(label=_("Beroep"), choices=Profession.choices)
    registration_number = forms.CharField(
        label=_("BIG- of AGB-nummer"),
        max_length=20,
        required=False,
        help_text=_("Optioneel."),
    )

    field_order = ["full_name", "profession", "registration_number"]

    def clean(self):
        cleaned = super().clean()
        # Invitation-only sign-up: exactly the invited address, no other (allauth's form puts
        # the e-mail field on this form).
        invited = invited_email(context.request)
        email = cleaned.get("email")
        if not settings.ACCOUNT_SIGNUP_OPEN and email and email.casefold() != invited.casefold():
            self.add_error(
                "email",
                _(
                    "Aanmelden kan alleen op uitnodiging, met het e-mailadres waar de "
                    "uitnodiging naartoe is gestuurd (%(email)s)."
                )
                % {"email": invited},
            )
        return cleaned

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.profession = self.cleaned_data["profession"]
        user.registration_number = self.cleaned_data["registration_number"]
        user.save(update_fields=["full_name", "profession", "registration_number"])


class ProfileForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "profession", "registration_number"]
        labels = {
            "full_name": _("Volledige naam"),
            "profession": _("Beroep"),
            "registration_number": _("BIG- of AGB-nummer"),
        }


@contextmanager
def reported(request, success: str):
    """Run a service call for a view that answers with a redirect: a refusal (ValidationError)
    becomes an error message, a success the `success` message."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


def apply_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class AccountCloseForm(forms.Form):
    password = forms.CharField(
        label=_("Uw wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
    confirm = forms.BooleanField(
        label=_("Ik begrijp wat er gebeurt en wil mijn account opzeggen."),
        error_messages={"required": _("Vink aan dat u uw account wilt opzeggen.")},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Dit wachtwoord klopt niet."))
        return password
