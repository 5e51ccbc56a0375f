"""The live meeting's services: one function per use case, and the event writer they share.

Every service locks the meeting row, re-checks the actor's right (signed member; chair for chair
actions), refuses anything once the meeting is not live, applies the change, and records one
MeetingEvent numbered by the meeting's `last_seq` in the same transaction. The event is
serialised (and its partial template rendered) once, and broadcast to `meeting.<pk>` only after
commit. A message carrying a client id that was already applied returns the original event.
"""

import json
from collections.abc import Callable
from datetime import date
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Membership
from meetings.models import (
    AgendaItem,
    AgreedMeasure,
    Attendance,
    HandRaise,
    Meeting,
    MeetingEvent,
    Message,
)
from meetings.permissions import require_chair_meeting, require_view_meeting
from meetings.sanitize import text_to_html
from project.errors import NotFound
from project.models import User
from project.tasks import enqueue_on_commit

MAX_CLIENT_ID = 64
MAX_TEXT = 8000


def meeting_group_name(meeting_pk: int) -> str:
    return f"meeting.{meeting_pk}"


def user_group_name(user_pk: int) -> str:
    return f"user.{user_pk}"


def event_payload(event: MeetingEvent) -> str:
    """The envelope clients receive, for broadcast and catch-up alike."""
    return json.dumps(
        {
            "type": "event",
            "seq": event.seq,
            "event": event.type,
            "client_id": event.client_id,
            "data": event.data,
        },
        separators=(",", ":"),
    )


def events_since(meeting_pk: int, last_seq: int, *, limit: int = 500) -> list[tuple[int, str]]:
    """Up to `limit` events after last_seq, in order, as (seq, payload)."""
    events = MeetingEvent.objects.filter(meeting_id=meeting_pk, seq__gt=last_seq).order_by("seq")
    return [(event.seq, event_payload(event)) for event in events[:limit]]


def _broadcast(meeting_pk: int, seq: int, payload: str) -> None:
    async_to_sync(get_channel_layer().group_send)(
        meeting_group_name(meeting_pk), {"type": "event.broadcast", "seq": seq, "text": payload}
    )


def _record_event(
    *, meeting: Meeting, type: str, data: dict, actor: User | None, client_id: str = ""
) -> MeetingEvent:
    """Number and write one event; broadcast it after commit, serialised once for everyone.

    The caller holds the meeting's row lock (`_lock`), so sequence numbers are gap-free and
    commit in order.
    """
    meeting.last_seq += 1
    Meeting.objects.filter(pk=meeting.pk).update(last_seq=meeting.last_seq)
    event = MeetingEvent.objects.create(
        meeting=meeting,
        seq=meeting.last_seq,
        type=type,
        data=data,
        actor=actor,
        client_id=client_id,
    )
    transaction.on_commit(partial(_broadcast, meeting.pk, event.seq, event_payload(event)))
    return event


def _lock(meeting: Meeting | int) -> Meeting:
    """The meeting, re-read under a row lock held until commit.

    A write first (not SELECT FOR UPDATE alone): on SQLite it takes the write lock at once, so
    two deferred transactions never both read and then fail to write.
    """
    pk = meeting if isinstance(meeting, int) else meeting.pk
    if not Meeting.objects.filter(pk=pk).update(updated_at=timezone.now()):
        raise NotFound
    return Meeting.objects.select_related("group").get(pk=pk)


def _begin(
    *,
    actor: User,
    meeting: Meeting | int,
    client_id: str,
    chair: bool = False,
    statuses: tuple = (Meeting.Status.LIVE,),
) -> tuple[Meeting, MeetingEvent | None]:
    """Lock, check the actor's right and the meeting's status; the earlier event on a resend."""
    meeting = _lock(meeting)
    if chair:
        require_chair_meeting(actor, meeting)
    else:
        require_view_meeting(actor, meeting)
    if client_id:
        earlier = MeetingEvent.objects.filter(
            meeting=meeting, actor=actor, client_id=client_id
        ).first()
        if earlier is not None:
            return meeting, earlier
    if meeting.status not in statuses:
        if meeting.status == Meeting.Status.CLOSED:
            raise ValidationError(_("De bespreking is afgesloten; er kan niets meer bij."))
        raise ValidationError(_("De bespreking is niet bezig."))
    return meeting, None


def _item(meeting: Meeting, item_id: int | None) -> AgendaItem:
    """An accepted item of this meeting; the current item when item_id is None."""
    if item_id is None:
        item_id = meeting.current_item_id
        if item_id is None:
            raise ValidationError(_("Er is nog geen agendapunt geopend."))
    item = (
        AgendaItem.objects.select_related("owner")
        .filter(pk=item_id, meeting=meeting, status=AgendaItem.Status.ACCEPTED)
        .first()
    )
    if item is None:
        raise NotFound
    return item


def live_items(meeting: Meeting):
    return (
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItem.Status.ACCEPTED)
        .select_related("owner")
        .order_by("position", "created_at", "pk")
    )


def _render(template: str, **context) -> str:
    return render_to_string(f"meetings/live/{template}", context)


def _fragment(target: str, html: str, *, container: str = "", announce: str = "", **extra):
    data = {"target": target, "html": html, "announce": announce, **extra}
    if container:
        data["container"] = container
    return data


def _status_data(meeting: Meeting, announce: str) -> dict:
    return _fragment(
        "live-status",
        _render("_status.html", meeting=meeting),
        announce=announce,
        status=meeting.status,
    )


def current_item_context(item: AgendaItem | None) -> dict:
    if item is None:
        return {"item": None}
    return {
        "item": item,
        "messages": item.messages.select_related("author").order_by("created_at", "pk"),
        "measures": item.measures.select_related("owner").order_by("created_at", "pk"),
    }


def _agenda_entry(item: AgendaItem, **extra) -> dict:
    return _fragment(f"agenda-item-{item.pk}", _render("_agenda_entry.html", entry=item), **extra)


def _hands_data(meeting: Meeting, announce: str) -> dict:
    hands = (
        HandRaise.objects.filter(meeting=meeting, cleared_at__isnull=True)
        .select_related("user")
        .order_by("raised_at", "pk")
    )
    return _fragment("live-hands", _render("_hands.html", hands=hands), announce=announce)


def _measure_data(measure: AgreedMeasure, announce: str) -> dict:
    return _fragment(
        f"measure-{measure.pk}",
        _render("_measure.html", measure=measure),
        container=f"measures-{measure.item_id}",
        announce=announce,
    )


def _bump_outcome(item: AgendaItem) -> None:
    """A changed outcome after the result was recorded shows to the owner as a new version."""
    if item.result_recorded_at is not None:
        item.outcome_version += 1
        item.save(update_fields=["outcome_version", "updated_at"])


# The use cases.


@transaction.atomic
def meeting_start(*, actor: User, meeting: Meeting | int, client_id: str = "") -> MeetingEvent:
    """The chair starts a scheduled meeting; members can then join the live session."""
    meeting, earlier = _begin(
        actor=actor,
        meeting=meeting,
        client_id=client_id,
        chair=True,
        statuses=(Meeting.Status.SCHEDULED,),
    )
    if earlier:
        return earlier
    meeting.status = Meeting.Status.LIVE
    meeting.started_at = timezone.now()
    meeting.save(update_fields=["status", "started_at", "updated_at"])
    return _record_event(
        meeting=meeting,
        type="meeting.started",
        data=_status_data(meeting, _("De bespreking is gestart.")),
        actor=actor,
        client_id=client_id,
    )


@transaction.atomic
def item_open(
    *, actor: User, meeting: Meeting | int, item_id: int, client_id: str = ""
) -> MeetingEvent:
    """The chair opens an agenda item: it becomes the current item for everyone."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id, chair=True)
    if earlier:
        return earlier
    return _open(meeting=meeting, item=_item(meeting, item_id), actor=actor, client_id=client_id)


def _open(*, meeting: Meeting, item: AgendaItem, actor: User, client_id: str) -> MeetingEvent:
    meeting.current_item = item
    meeting.save(update_fields=["current_item", "updated_at"])
    data = _fragment(
        "current-item",
        _render("_current_item.html", **current_item_context(item)),
        announce=_("Nu aan de orde: %(title)s") % {"title": item.title},
        current_item_id=item.pk,
    )
    return _record_event(
        meeting=meeting, type="item.opened", data=data, actor=actor, client_id=client_id
    )


@transaction.atomic
def item_move(
    *, actor: User, meeting: Meeting | int, direction: str, client_id: str = ""
) -> MeetingEvent:
    """The chair moves to the next or previous agenda item."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id, chair=True)
    if earlier:
        return earlier
    if direction not in ("next", "previous"):
        raise ValidationError(_("Onbekende richting."))
    items = list(live_items(meeting))
    if not items:
        raise ValidationError(_("De agenda is leeg."))
    ids = [item.pk for item in items]
    if meeting.current_item_id in ids:
        index = ids.index(meeting.current_item_id) + (1 if direction == "next" else -1)
    else:
        index = 0
    if not 0 <= index < len(items):
        raise ValidationError(_("Er is geen volgend of vorig agendapunt."))
    return _open(meeting=meeting, item=items[index], actor=actor, client_id=client_id)


@transaction.atomic
def item_mark(
    *,
    actor: User,
    meeting: Meeting | int,
    discussion: str,
    item_id: int | None = None,
    client_id: str = "",
) -> MeetingEvent:
    """The chair marks an item discussed or skipped."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id, chair=True)
    if earlier:
        return earlier
    if discussion not in (AgendaItem.Discussion.DISCUSSED, AgendaItem.Discussion.SKIPPED):
        raise ValidationError(_("Kies besproken of overgeslagen."))
    item = _item(meeting, item_id)
    item.discussion = discussion
    item.save(update_fields=["discussion", "updated_at"])
    announce = _("%(title)s: %(state)s") % {
        "title": item.title,
        "state": item.get_discussion_display(),
    }
    return _record_event(
        meeting=meeting,
        type="item.marked",
        data=_agenda_entry(item, announce=announce),
        actor=actor,
        client_id=client_id,
    )


@transaction.atomic
def result_record(
    *,
    actor: User,
    meeting: Meeting | int,
    result: str,
    item_id: int | None = None,
    client_id: str = "",
) -> MeetingEvent:
    """The chair records an item's result ("besproken / resultaat"); a later change bumps the
    outcome version."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id, chair=True)
    if earlier:
        return earlier
    item = _item(meeting, item_id)
    result = _text(result, _("Vul het resultaat in."))
    if item.result_recorded_at is not None and item.result != result:
        item.outcome_version += 1
    item.result = result
    item.result_recorded_at = timezone.now()
    item.save(update_fields=["result", "result_recorded_at", "outcome_version", "updated_at"])
    data = _fragment(
        f"result-{item.pk}",
        _render("_result.html", item=item),
        announce=_("Resultaat vastgelegd bij %(title)s.") % {"title": item.title},
    )
    return _record_event(
        meeting=meeting, type="result.recorded", data=data, actor=actor, client_id=client_id
    )


def _text(value, empty_message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError(empty_message)
    if len(text) > MAX_TEXT:
        raise ValidationError(_("De tekst is te lang."))
    return text


def _measure_owner(item: AgendaItem, owner_id: int | None) -> User | None:
    if owner_id is None:
        return item.owner
    membership = (
        Membership.objects.select_related("user")
        .filter(group_id=item.meeting.group_id, user_id=owner_id)
        .first()
    )
    if membership is None:
        raise ValidationError(_("De uitvoerder moet lid van de groep zijn."))
    return membership.user


@transaction.atomic
def measure_propose(
    *,
    actor: User,
    meeting: Meeting | int,
    description: str,
    owner_id: int | None = None,
    due_on: date | None = None,
    item_id: int | None = None,
    client_id: str = "",
) -> MeetingEvent:
    """A member proposes a measure for an item; by default its owner carries it out."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id)
    if earlier:
        return earlier
    item = _item(meeting, item_id)
    measure = AgreedMeasure.objects.create(
        item=item,
        description=_text(description, _("Beschrijf de maatregel.")),
        owner=_measure_owner(item, owner_id),
        due_on=due_on,
        proposed_by=actor,
    )
    return _record_event(
        meeting=meeting,
        type="measure.proposed",
        data=_measure_data(measure, _("Nieuwe maatregel voorgesteld.")),
        actor=actor,
        client_id=client_id,
    )


def _measure(meeting: Meeting, measure_id: int) -> AgreedMeasure:
    measure = (
        AgreedMeasure.objects.select_related("item", "owner")
        .filter(pk=measure_id, item__meeting=meeting)
        .first()
    )
    if measure is None:
        raise NotFound
    return measure


@transaction.atomic
def measure_edit(
    *,
    actor: User,
    meeting: Meeting | int,
    measure_id: int,
    description: str,
    owner_id: int | None = None,
    due_on: date | None = None,
    client_id: str = "",
) -> MeetingEvent:
    """The chair edits a measure: what, who, by when."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id, chair=True)
    if earlier:
        return earlier
    measure = _measure(meeting, measure_id)
    measure.description = _text(description, _("Beschrijf de maatregel."))
    measure.owner = _measure_owner(measure.item, owner_id)
    measure.due_on = due_on
    measure.save(update_fields=["description", "owner", "due_on", "updated_at"])
    if measure.status == AgreedMeasure.Status.AGREED:
        _bump_outcome(measure.item)
    return _record_event(
        meeting=meeting,
        type="measure.edited",
        data=_measure_data(measure, _("Maatregel aangepast.")),
        actor=actor,
        client_id=client_id,
    )


@transaction.atomic
def measure_confirm(
    *, actor: User, meeting: Meeting | int, measure_id: int, client_id: str = ""
) -> MeetingEvent:
    """The chair confirms a proposed measure: it becomes an agreed measure."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id, chair=True)
    if earlier:
        return earlier
    measure = _measure(meeting, measure_id)
    if measure.status != AgreedMeasure.Status.AGREED:
        measure.status = AgreedMeasure.Status.AGREED
        measure.save(update_fields=["status", "updated_at"])
        _bump_outcome(measure.item)
    return _record_event(
        meeting=meeting,
        type="measure.agreed",
        data=_measure_data(measure, _("Maatregel afgesproken.")),
        actor=actor,
        client_id=client_id,
    )


@transaction.atomic
def message_post(
    *, actor: User, meeting: Meeting | int, body: str, client_id: str = ""
) -> MeetingEvent:
    """A member posts in the current item's thread (light formatting, sanitised)."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id)
    if earlier:
        return earlier
    item = _item(meeting, None)
    html = text_to_html(_text(body, _("Typ eerst een bericht.")))
    if not html:
        raise ValidationError(_("Typ eerst een bericht."))
    message = Message.objects.create(item=item, author=actor, body=html)
    data = _fragment(
        f"message-{message.pk}",
        _render("_message.html", message=message),
        container=f"thread-{item.pk}",
        announce=_("Bericht van %(name)s.") % {"name": actor.full_name or actor.email},
    )
    return _record_event(
        meeting=meeting, type="message.posted", data=data, actor=actor, client_id=client_id
    )


@transaction.atomic
def hand_raise(*, actor: User, meeting: Meeting | int, client_id: str = "") -> MeetingEvent:
    """A member raises a hand to ask for the floor; one open hand per member."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id)
    if earlier:
        return earlier
    if HandRaise.objects.filter(meeting=meeting, user=actor, cleared_at__isnull=True).exists():
        raise ValidationError(_("U heeft uw hand al opgestoken."))
    HandRaise.objects.create(meeting=meeting, user=actor)
    name = actor.full_name or actor.email
    return _record_event(
        meeting=meeting,
        type="hand.raised",
        data=_hands_data(meeting, _("%(name)s vraagt het woord.") % {"name": name}),
        actor=actor,
        client_id=client_id,
    )


def _open_hand(meeting: Meeting, *, hand_id: int | None, user: User | None) -> HandRaise:
    hands = HandRaise.objects.select_related("user").filter(
        meeting=meeting, cleared_at__isnull=True
    )
    hand = (
        hands.filter(pk=hand_id).first() if hand_id is not None else hands.filter(user=user).first()
    )
    if hand is None:
        raise NotFound
    return hand


@transaction.atomic
def hand_give(
    *, actor: User, meeting: Meeting | int, hand_id: int, client_id: str = ""
) -> MeetingEvent:
    """The chair gives the floor to a raised hand."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id, chair=True)
    if earlier:
        return earlier
    hand = _open_hand(meeting, hand_id=hand_id, user=None)
    hand.given_at = timezone.now()
    hand.save(update_fields=["given_at"])
    name = hand.user.full_name or hand.user.email
    return _record_event(
        meeting=meeting,
        type="hand.given",
        data=_hands_data(meeting, _("%(name)s heeft het woord.") % {"name": name}),
        actor=actor,
        client_id=client_id,
    )


@transaction.atomic
def hand_clear(
    *, actor: User, meeting: Meeting | int, hand_id: int | None = None, client_id: str = ""
) -> MeetingEvent:
    """The chair clears a hand, or a member lowers their own (hand_id None)."""
    meeting, earlier = _begin(
        actor=actor, meeting=meeting, client_id=client_id, chair=hand_id is not None
    )
    if earlier:
        return earlier
    hand = _open_hand(meeting, hand_id=hand_id, user=actor)
    hand.cleared_at = timezone.now()
    hand.save(update_fields=["cleared_at"])
    return _record_event(
        meeting=meeting,
        type="hand.cleared",
        data=_hands_data(meeting, _("Een hand is gezakt.")),
        actor=actor,
        client_id=client_id,
    )


@transaction.atomic
def meeting_close(*, actor: User, meeting: Meeting | int, client_id: str = "") -> MeetingEvent:
    """The chair closes the meeting: minutes become available and nothing can change anymore."""
    meeting, earlier = _begin(actor=actor, meeting=meeting, client_id=client_id, chair=True)
    if earlier:
        return earlier
    meeting.status = Meeting.Status.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["status", "closed_at", "updated_at"])
    HandRaise.objects.filter(meeting=meeting, cleared_at__isnull=True).update(
        cleared_at=meeting.closed_at
    )
    enqueue_on_commit("sharing.outcome_notices_send", meeting.pk)
    data = _status_data(meeting, _("De bespreking is afgesloten. De notulen staan klaar."))
    data["minutes_url"] = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    return _record_event(
        meeting=meeting, type="meeting.closed", data=data, actor=actor, client_id=client_id
    )


# Presence: one Attendance row per open connection; an event when a member's first connection
# opens and when their last one closes.

_PRESENCE_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.LIVE)


@transaction.atomic
def attendance_join(*, actor: User, meeting: Meeting | int, channel_name: str) -> None:
    """A member's connection joins the live session (presence)."""
    meeting, _earlier = _begin(
        actor=actor, meeting=meeting, client_id="", statuses=_PRESENCE_STATUSES
    )
    first = not Attendance.objects.filter(meeting=meeting, user=actor).exists()
    Attendance.objects.create(meeting=meeting, user=actor, channel_name=channel_name)
    if first:
        data = _fragment(
            f"present-{actor.pk}",
            _render("_presence_entry.html", member=actor),
            container="live-presence",
            announce=_("%(name)s is aanwezig.") % {"name": actor.full_name or actor.email},
        )
        _record_event(meeting=meeting, type="member.joined", data=data, actor=actor)


@transaction.atomic
def attendance_leave(*, actor: User, meeting: Meeting | int, channel_name: str) -> None:
    """A connection closed; the member is gone when it was their last one. No permission check:
    leaving reveals nothing and must work for a member who was just removed."""
    meeting = _lock(meeting)
    if not Attendance.objects.filter(channel_name=channel_name).delete()[0]:
        return
    if (
        meeting.status in _PRESENCE_STATUSES
        and not Attendance.objects.filter(meeting=meeting, user=actor).exists()
    ):
        data = {
            "remove": f"present-{actor.pk}",
            "announce": _("%(name)s is vertrokken.") % {"name": actor.full_name or actor.email},
        }
        _record_event(meeting=meeting, type="member.left", data=data, actor=actor)


# The envelope's action types and how their data maps onto the services, shared by the consumer
# and the plain-HTTP fallback.


def _int(data: dict, key: str, *, required: bool = True) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        if required:
            raise ValidationError(_("Er ontbreekt een gegeven: %(key)s.") % {"key": key})
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Ongeldig gegeven: %(key)s.") % {"key": key}) from None


def _date(data: dict, key: str) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("Ongeldige datum.")) from None


def _str(data: dict, key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ValidationError(_("Ongeldig gegeven: %(key)s.") % {"key": key})
    return value


ACTIONS: dict[str, Callable[..., MeetingEvent]] = {
    "meeting.start": lambda d, **kw: meeting_start(**kw),
    "item.open": lambda d, **kw: item_open(item_id=_int(d, "item_id"), **kw),
    "item.move": lambda d, **kw: item_move(direction=_str(d, "direction"), **kw),
    "item.mark": lambda d, **kw: item_mark(
        discussion=_str(d, "discussion"), item_id=_int(d, "item_id", required=False), **kw
    ),
    "result.record": lambda d, **kw: result_record(
        result=_str(d, "result"), item_id=_int(d, "item_id", required=False), **kw
    ),
    "measure.propose": lambda d, **kw: measure_propose(
        description=_str(d, "description"),
        owner_id=_int(d, "owner_id", required=False),
        due_on=_date(d, "due_on"),
        item_id=_int(d, "item_id", required=False),
        **kw,
    ),
    "measure.edit": lambda d, **kw: measure_edit(
        measure_id=_int(d, "measure_id"),
        description=_str(d, "description"),
        owner_id=_int(d, "owner_id", required=False),
        due_on=_date(d, "due_on"),
        **kw,
    ),
    "measure.confirm": lambda d, **kw: measure_confirm(measure_id=_int(d, "measure_id"), **kw),
    "message.post": lambda d, **kw: message_post(body=_str(d, "body"), **kw),
    "hand.raise": lambda d, **kw: hand_raise(**kw),
    "hand.give": lambda d, **kw: hand_give(hand_id=_int(d, "hand_id"), **kw),
    "hand.clear": lambda d, **kw: hand_clear(hand_id=_int(d, "hand_id", required=False), **kw),
    "meeting.close": lambda d, **kw: meeting_close(**kw),
}


def perform(
    *, actor: User, meeting: Meeting | int, type: str, data: dict, client_id: str = ""
) -> MeetingEvent:
    """Apply one client action; NotFound or ValidationError when refused."""
    action = ACTIONS.get(type)
    if action is None:
        raise ValidationError(_("Onbekend berichttype."))
    if not isinstance(client_id, str) or len(client_id) > MAX_CLIENT_ID:
        raise ValidationError(_("Ongeldige client-id."))
    return action(data, actor=actor, meeting=meeting, client_id=client_id)
