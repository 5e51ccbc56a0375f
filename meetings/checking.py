"""The one checking step for every text a member or chair writes into the group: thread
messages, free topics (title and summary), results, agreed measures and their edits, meeting
notes.

`vet` hands the texts, exactly as they will be stored, to the checking seam
(project/checking.py); for text that lands on an agenda item the item is named as the source,
so the checker worker also finds the known identifiers of the incident it was shared from
(patient names, birth dates, the incident's number), whoever writes. Those identifiers never
come here: a finding is only a span of the author's own text. A known identifier always holds
the text back; any other finding holds it back until the author confirms it, by its key, as not
identifying (the keys of the share form).

The check may be a round trip to the checker worker, so callers run it before they open a
transaction or take the meeting's row lock: check first, then record. While no checker is ready
the author reads a calm refusal and keeps what they typed.
"""

from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.sanitize import html_to_text, text_to_html
from project import checking

SOURCE = "agenda_item"
MAX_ACCEPTED = 100
MAX_KEY = 300

NOT_READY = _(
    "De controle wordt voorbereid… Er is nog niets verstuurd en uw tekst staat nog klaar. "
    "Probeer het over een halve minuut opnieuw."
)
HELD = _(
    "Nog niet verstuurd: de controle vond gegevens die tot een persoon te herleiden kunnen zijn."
)
KNOWN = _(
    "Gemarkeerd staan gegevens die bij dit agendapunt als herleidbaar bekend zijn, zoals een "
    "naam of geboortedatum. Haal ze weg; ze kunnen niet worden goedgekeurd."
)

LABELS = {
    "body": _("Uw bericht"),
    "title": _("Onderwerp"),
    "summary": _("Toelichting"),
    "question": _("Hulpvraag"),
    "result": _("Besproken / resultaat"),
    "description": _("Maatregel"),
    "notes": _("Toelichting"),
    "status": _("Stand van zaken"),
}


class HeldBack(ValidationError):
    """The texts hold identifying data: nothing was recorded; `check` says where."""

    def __init__(self, check: checking.TextCheck):
        self.check = check
        super().__init__(HELD, code="held_back")


def as_stored(html_text: str) -> str:
    """Text stored as sanitised HTML (a message, a topic's summary) as the group will read it:
    what the checker must see (markup cannot split a name from it)."""
    return html_to_text(text_to_html(html_text))


def vet(
    texts: Mapping[str, str], *, item_id: int | None = None, accepted: Iterable[str] = ()
) -> checking.TextCheck:
    """Check texts about to reach the group; `item_id` names the agenda item they land on.

    Returns the check when nothing holds them back. Raises HeldBack with the findings, or a
    ValidationError (code "checker_not_ready") while no checker is ready. Call it outside any
    transaction and without the meeting's lock: it may be a round trip to the checker worker.
    """
    try:
        check = checking.check_texts(
            texts,
            source=(SOURCE, item_id) if item_id is not None else None,
            accepted=accepted,
            labels=LABELS,
        )
    except checking.CheckerNotReady:
        raise ValidationError(NOT_READY, code="checker_not_ready") from None
    if check.blocked:
        raise HeldBack(check)
    return check


def not_ready(error: ValidationError) -> bool:
    return getattr(error, "code", None) == "checker_not_ready"


def held_reply(check: checking.TextCheck) -> dict:
    """What the author's own page gets back (and no one else): each checked text of theirs,
    with its findings as spans of it (code-point offsets), labels and keys. Nothing else: the
    known identifiers that matched stay on the checker's side."""
    return {
        "message": str(HELD),
        "known_text": str(KNOWN) if check.known else "",
        "fields": [
            {
                "name": field.name,
                "label": str(field.label),
                "text": field.text,
                "findings": [
                    {
                        "start": finding.start,
                        "end": finding.end,
                        "text": finding.text,
                        "kind": finding.kind,
                        "label": str(finding.label),
                        "key": finding.key,
                        "known": finding.known,
                    }
                    for finding in field.findings
                ],
            }
            for field in check.fields
            if field.findings
        ],
    }


def accepted_keys(values) -> set[str]:
    """The finding keys an author confirmed, from a form post (a list) or a JSON list."""
    if values in (None, ""):
        return set()
    values = values if isinstance(values, list | tuple) else [values]
    if len(values) > MAX_ACCEPTED or not all(
        isinstance(value, str) and len(value) <= MAX_KEY for value in values
    ):
        raise ValidationError(_("Ongeldige bevestiging."), code="invalid")
    return set(values)


class AcceptedField(forms.Field):
    """The finding keys the author confirmed as not identifying (repeated in a form post)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> set[str]:
        return accepted_keys(value)
