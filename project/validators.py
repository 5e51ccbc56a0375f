from django.contrib.auth.password_validation import MinimumLengthValidator as _DjangoMinimumLength
from django.utils.translation import gettext


class MinimumLengthValidator(_DjangoMinimumLength):
    """Django's validator, with a Dutch error message (its nl catalogue lacks the 5.2 wording)."""

    def get_error_message(self):
        return gettext("Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.") % {
            "min_length": self.min_length
        }
