"""The live meeting's client actions: which `type`s exist, the form that validates each one's
`data`, and the use case it calls. The websocket consumer and the plain-HTTP fallback both go
through the same three steps (`perform` runs them in a row), so an action is accepted or refused
the same way whichever way it arrives:

1. `validate`: the form, then the use case's refusals read without the lock (role, status), and
   the agenda item a text will land on;
2. `check`: an action whose text reaches the group (a `CheckedActionForm`) passes the checker
   (meetings/checking.py), outside any transaction and lock, as it may be a round trip to the
   checker worker; a text with findings is held back (HeldBack) and nothing is recorded;
3. `apply`: the use case, which locks the meeting, checks again and records the event.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings import checking, live, selectors
from meetings.models import AgendaItem, Meeting, MeetingEvent
from project.errors import NotFound
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


class CheckedActionForm(ActionForm):
    """An action whose text reaches the group: `checked` names its text fields (those stored as
    sanitised HTML in `as_html`); `accepted` carries the finding keys the author confirmed."""

    checked: tuple[str, ...] = ()
    as_html: tuple[str, ...] = ()
    accepted = checking.AcceptedField(required=False)

    def texts(self) -> dict[str, str]:
        """Each checked text as the group will read it."""
        return {
            name: checking.as_stored(self.cleaned_data[name])
            if name in self.as_html
            else self.cleaned_data[name]
            for name in self.checked
        }

    def land(self, meeting: Meeting) -> int:
        """The id of the agenda item the text lands on (its source for the check), fixed in the
        data so the use case records it there: the item named, or the current one."""
        item = selectors.live_item(meeting, self.cleaned_data.get("item_id"))
        self.cleaned_data["item_id"] = item.pk
        return item.pk


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
class ResultRecordForm(CheckedActionForm):
    checked = ("result",)
    result = TextField(empty_message=gettext_lazy("Vul het resultaat in."))
    item_id = IdField(required=False)


class MeasureForm(CheckedActionForm):
    """What is to be done, by whom (the item's owner when left out) and by when."""

    checked = ("description",)
    description = TextField(empty_message=gettext_lazy("Beschrijf de maatregel."))
    owner_id = IdField(required=False)
    due_on = DateField(required=False, error_messages={"invalid": gettext_lazy("Ongeldige datum.")})


@action("measure.propose", live.measure_propose)
class MeasureProposeForm(MeasureForm):
    item_id = IdField(required=False)


@action("measure.edit", live.measure_update)
class MeasureEditForm(MeasureForm):
    field_order = ["measure_id"]
    measure_id = IdField()

    def land(self, meeting: Meeting) -> int:
        return selectors.meeting_measure(meeting, self.cleaned_data["measure_id"]).item_id


@action("measure.confirm", live.measure_confirm)
class MeasureConfirmForm(ActionForm):
    measure_id = IdField()


@action("message.post", live.message_post)
class MessagePostForm(CheckedActionForm):
    """A message in the current item's thread (item_id: the item the author sees, if sent)."""

    checked = as_html = ("body",)
    body = TextField(empty_message=gettext_lazy("Typ eerst een bericht."))
    item_id = IdField(required=False)


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


@dataclass
class Action:
    """One validated client action, between its check and its use case."""

    form: ActionForm
    actor: User
    meeting: Meeting | int
    client_id: str
    item_id: int | None = None
    applied_before: bool = False

    @property
    def needs_check(self) -> bool:
        return isinstance(self.form, CheckedActionForm) and not self.applied_before

    @property
    def arguments(self) -> dict:
        return {key: value for key, value in self.form.cleaned_data.items() if key != "accepted"}


def validate(
    *, actor: User, meeting: Meeting | int, type: str, data, client_id: str = ""
) -> Action:
    """The form, the use case's refusals read without its lock, and where a text lands.
    NotFound or ValidationError when refused."""
    if type not in ACTIONS:
        raise ValidationError(_("Onbekend berichttype."))
    if not isinstance(client_id, str) or len(client_id) > MAX_CLIENT_ID:
        raise ValidationError(_("Ongeldige client-id."))
    form = ACTIONS[type](data)
    if not form.is_valid():
        raise ValidationError(form.error_list())
    action = Action(form=form, actor=actor, meeting=meeting, client_id=client_id)
    if isinstance(form, CheckedActionForm):
        # Refuse before the check what the use case would refuse after it.
        if not isinstance(meeting, Meeting):
            meeting = Meeting.objects.select_related("group").filter(pk=meeting).first()
            if meeting is None:
                raise NotFound
            action.meeting = meeting
        earlier = form.use_case.preflight(
            actor=actor, meeting=meeting, client_id=client_id, **action.arguments
        )
        action.applied_before = earlier is not None
        if not action.applied_before:
            action.item_id = form.land(meeting)
    return action


def check(action: Action) -> None:
    """Hold back a text with findings (checking.HeldBack), or refuse while no checker is ready.
    No database work in a web process whose checker is a worker; never inside a transaction."""
    if action.needs_check:
        checking.vet(
            action.form.texts(),
            item_id=action.item_id,
            accepted=action.form.cleaned_data.get("accepted") or (),
        )


def apply(action: Action) -> MeetingEvent:
    """The use case: under the meeting's lock, checked again, recorded and broadcast."""
    return action.form.use_case(
        actor=action.actor, meeting=action.meeting, client_id=action.client_id, **action.arguments
    )


def perform(*, actor: User, meeting, type: str, data, client_id: str = "") -> MeetingEvent:
    """Validate one client action, check its text and apply it; NotFound or ValidationError
    (checking.HeldBack among them) when refused."""
    action = validate(actor=actor, meeting=meeting, type=type, data=data, client_id=client_id)
    check(action)
    return apply(action)
