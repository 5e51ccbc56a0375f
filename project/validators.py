import unicodedata

from django.contrib.auth.password_validation import MinimumLengthValidator as _DjangoMinimumLength
from django.core.exceptions import ValidationError
from django.utils.translation import gettext


class MinimumLengthValidator(_DjangoMinimumLength):
    """Django's validator, with a Dutch error message (its nl catalogue lacks the 5.2 wording)."""

    def get_error_message(self):
        return gettext("Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.") % {
            "min_length": self.min_length
        }


# Line breaks Python's str.splitlines() and e-mail headers honour besides CR and LF.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Invisible controls that reorder or hide text (bidi embeddings, overrides and isolates).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _control_characters(value: str, *, allow: frozenset[str]) -> bool:
    return any(
        char not in allow
        and (unicodedata.category(char) == "Cc" or char in _LINE_BREAKS or char in _BIDI_CONTROLS)
        for char in value
    )


def validate_single_line(value: str) -> None:
    """One-line text (names, titles, places): it may end up in an e-mail subject or header."""
    if isinstance(value, str) and _control_characters(value, allow=frozenset()):
        raise ValidationError(
            gettext(
                "Dit veld moet één regel tekst zijn, zonder regeleinden, tabs of andere "
                "onzichtbare stuurtekens."
            ),
            code="control_characters",
        )


def validate_text(value: str) -> None:
    """Multi-line text: line breaks and tabs are fine, other control characters are not."""
    if isinstance(value, str) and _control_characters(value, allow=frozenset("\n\r\t")):
        raise ValidationError(
            gettext("Deze tekst bevat onzichtbare stuurtekens. Verwijder die en probeer opnieuw."),
            code="control_characters",
        )
