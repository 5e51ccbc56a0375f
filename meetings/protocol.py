"""The live meeting's client actions: which `type`s exist, the form that validates each one's
`data`, and the use case it calls. The websocket consumer and the plain-HTTP fallback both go
through `perform`, so an action is accepted or refused the same way whichever way it arrives.
"""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings import live
from meetings.models import AgendaItem, MeetingEvent
from project.models import User

MAX_CLIENT_ID = 64
MAX_TEXT = 8000
MAX_ID = 2**63 - 1  # a BigAutoField; a larger number is no id at all


MISSING = gettext_lazy("Er ontbreekt een gegeven: %(key)s.")
INVALID = gettext_lazy("Ongeldig gegeven: %(key)s.")
TOO_LONG = gettext_lazy("De tekst is te lang.")


class IdField(forms.IntegerField):
    """The id of a row the action refers to; the use case checks it belongs to the meeting."""

    keyed_error_messages = {
        "required": MISSING,
        "invalid": INVALID,
        "min_value": INVALID,
        "max_value": INVALID,
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class TextField(forms.CharField):
    """Text a member typed: a string, not blank once stripped, of a sensible length."""

    keyed_error_messages = {"invalid": INVALID}

    def __init__(self, *, empty_message, **kwargs):
        super().__init__(
            max_length=MAX_TEXT,
            error_messages={"required": empty_message, "max_length": TOO_LONG},
            **kwargs,
        )

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ActionForm(forms.Form):
    """An action's data. A missing or malformed value is named by its key, as the client sent it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, field in self.fields.items():
            for code, message in getattr(field, "keyed_error_messages", {}).items():
                field.error_messages[code] = message % {"key": key}

    def error_list(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]


def _due_on_field() -> forms.DateField:
    return forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("Ongeldige datum.")}
    )


def _description_field() -> TextField:
    return TextField(empty_message=gettext_lazy("Beschrijf de maatregel."))


class NoDataForm(ActionForm):
    """meeting.start, hand.raise, meeting.close: the action is the whole message."""


class ItemOpenForm(ActionForm):
    item_id = IdField()


class ItemMoveForm(ActionForm):
    direction = forms.ChoiceField(
        choices=[("next", "next"), ("previous", "previous")],
        error_messages={
            "required": gettext_lazy("Onbekende richting."),
            "invalid_choice": gettext_lazy("Onbekende richting."),
        },
    )


class ItemMarkForm(ActionForm):
    discussion = forms.ChoiceField(
        choices=[
            (AgendaItem.Discussion.DISCUSSED, AgendaItem.Discussion.DISCUSSED.label),
            (AgendaItem.Discussion.SKIPPED, AgendaItem.Discussion.SKIPPED.label),
        ],
        error_messages={
            "required": gettext_lazy("Kies besproken of overgeslagen."),
            "invalid_choice": gettext_lazy("Kies besproken of overgeslagen."),
        },
    )
    item_id = IdField(required=False)


class ResultRecordForm(ActionForm):
    result = TextField(empty_message=gettext_lazy("Vul het resultaat in."))
    item_id = IdField(required=False)


class MeasureProposeForm(ActionForm):
    description = _description_field()
    owner_id = IdField(required=False)
    due_on = _due_on_field()
    item_id = IdField(required=False)


class MeasureEditForm(ActionForm):
    measure_id = IdField()
    description = _description_field()
    owner_id = IdField(required=False)
    due_on = _due_on_field()


class MeasureConfirmForm(ActionForm):
    measure_id = IdField()


class MessagePostForm(ActionForm):
    body = TextField(empty_message=gettext_lazy("Typ eerst een bericht."))


class HandGiveForm(ActionForm):
    hand_id = IdField()


class HandClearForm(ActionForm):
    hand_id = IdField(required=False)


ACTIONS: dict[str, tuple[type[ActionForm], Callable[..., MeetingEvent]]] = {
    "meeting.start": (NoDataForm, live.meeting_start),
    "item.open": (ItemOpenForm, live.item_open),
    "item.move": (ItemMoveForm, live.item_move),
    "item.mark": (ItemMarkForm, live.item_mark),
    "result.record": (ResultRecordForm, live.result_record),
    "measure.propose": (MeasureProposeForm, live.measure_propose),
    "measure.edit": (MeasureEditForm, live.measure_edit),
    "measure.confirm": (MeasureConfirmForm, live.measure_confirm),
    "message.post": (MessagePostForm, live.message_post),
    "hand.raise": (NoDataForm, live.hand_raise),
    "hand.give": (HandGiveForm, live.hand_give),
    "hand.clear": (HandClearForm, live.hand_clear),
    "meeting.close": (NoDataForm, live.meeting_close),
}


def perform(*, actor: User, meeting, type: str, data, client_id: str = "") -> MeetingEvent:
    """Validate one client action and apply it; NotFound or ValidationError when refused."""
    if type not in ACTIONS:
        raise ValidationError(_("Onbekend berichttype."))
    if not isinstance(client_id, str) or len(client_id) > MAX_CLIENT_ID:
        raise ValidationError(_("Ongeldige client-id."))
    form_class, use_case = ACTIONS[type]
    form = form_class(data)
    if not form.is_valid():
        raise ValidationError(form.error_list())
    return use_case(actor=actor, meeting=meeting, client_id=client_id, **form.cleaned_data)
