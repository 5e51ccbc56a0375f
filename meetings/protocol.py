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


class StringOnly:
    """Refuses a JSON value that is not a string (a list, an object, a number) as invalid,
    before a field's parser meets a type it was not written for."""

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class TextField(StringOnly, forms.CharField):
    """Text a member typed: a string, not blank once stripped, of a sensible length."""

    keyed_error_messages = {"invalid": INVALID}

    def __init__(self, *, empty_message, **kwargs):
        super().__init__(
            max_length=MAX_TEXT,
            error_messages={"required": empty_message, "max_length": TOO_LONG},
            **kwargs,
        )


class DateField(StringOnly, forms.DateField):
    """A date the client sent as text."""


class ActionForm(forms.Form):
    """An action's data. A missing or malformed value is named by its key, as the client sent it."""

    use_case: Callable[..., MeetingEvent]  # set by @action

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, field in self.fields.items():
            for code, message in getattr(field, "keyed_error_messages", {}).items():
                field.error_messages[code] = message % {"key": key}

    def error_list(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]


ACTIONS: dict[str, type[ActionForm]] = {}


def action(kind: str, use_case: Callable[..., MeetingEvent]):
    """Register a form as the validator of the action type `kind`, applied by `use_case`."""

    def register(form_class: type[ActionForm]) -> type[ActionForm]:
        form_class.use_case = staticmethod(use_case)
        ACTIONS[kind] = form_class
        return form_class

    return register


@action("meeting.start", live.meeting_start)
class MeetingStartForm(ActionForm):
    """The chair starts the meeting; `early` confirms a start more than an hour ahead."""

    early = forms.BooleanField(required=False)


@action("item.open", live.item_open)
class ItemOpenForm(ActionForm):
    item_id = IdField()


@action("item.move", live.item_move)
class ItemMoveForm(ActionForm):
    direction = forms.ChoiceField(
        choices=[("next", "next"), ("previous", "previous")],
        error_messages={
            "required": gettext_lazy("Onbekende richting."),
            "invalid_choice": gettext_lazy("Onbekende richting."),
        },
    )


@action("item.mark", live.item_mark)
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


@action("result.record", live.result_record)
class ResultRecordForm(ActionForm):
    result = TextField(empty_message=gettext_lazy("Vul het resultaat in."))
    item_id = IdField(required=False)


class MeasureForm(ActionForm):
    """What is to be done, by whom (the item's owner when left out) and by when."""

    description = TextField(empty_message=gettext_lazy("Beschrijf de maatregel."))
    owner_id = IdField(required=False)
    due_on = DateField(required=False, error_messages={"invalid": gettext_lazy("Ongeldige datum.")})


@action("measure.propose", live.measure_propose)
class MeasureProposeForm(MeasureForm):
    item_id = IdField(required=False)
    agree = forms.BooleanField(required=False)  # the chair's: agreed at once


@action("measure.edit", live.measure_update)
class MeasureEditForm(MeasureForm):
    field_order = ["measure_id"]
    measure_id = IdField()


@action("measure.confirm", live.measure_confirm)
class MeasureConfirmForm(ActionForm):
    measure_id = IdField()


@action("message.post", live.message_post)
class MessagePostForm(ActionForm):
    body = TextField(empty_message=gettext_lazy("Typ eerst een bericht."))


@action("message.redact", live.message_redact)
class MessageRedactForm(ActionForm):
    """The chair removes any message, its author their own."""

    message_id = IdField()


@action("hand.raise", live.hand_raise)
class HandRaiseForm(ActionForm):
    """A member asks for the floor: no data."""


@action("hand.clear", live.hand_clear)
class HandClearForm(ActionForm):
    """The chair clears hand_id; a member leaves it out to lower their own hand."""

    hand_id = IdField(required=False)


@action("hand.give", live.hand_give)
class HandGiveForm(ActionForm):
    hand_id = IdField()


class IdListField(forms.Field):
    """Ids of rows the action refers to, as a list (a form post repeats the key)."""

    widget = forms.MultipleHiddenInput
    keyed_error_messages = {"invalid": INVALID}

    def to_python(self, value):
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return [IdField().clean(one) for one in values]
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


@action("meeting.close", live.meeting_close)
class MeetingCloseForm(ActionForm):
    """The chair confirms closing, moving the undiscussed items chosen to the next meeting."""

    confirmed = forms.BooleanField(required=False)
    move_item_ids = IdListField(required=False)


@action("meeting.reopen", live.meeting_reopen)
class MeetingReopenForm(ActionForm):
    """The chair reopens a closed meeting: no data."""


def perform(*, actor: User, meeting, type: str, data, client_id: str = "") -> MeetingEvent:
    """Validate one client action and apply it; NotFound or ValidationError when refused."""
    if type not in ACTIONS:
        raise ValidationError(_("Onbekend berichttype."))
    if not isinstance(client_id, str) or len(client_id) > MAX_CLIENT_ID:
        raise ValidationError(_("Ongeldige client-id."))
    form = ACTIONS[type](data)
    if not form.is_valid():
        raise ValidationError(form.error_list())
    return form.use_case(actor=actor, meeting=meeting, client_id=client_id, **form.cleaned_data)
