"""The live meeting's record: lock the meeting, number and store one MeetingEvent, broadcast it
after commit, and read it back for a client catching up.

The database is the record and the channel layer only the doorbell: every event is stored with
the meeting's next sequence number in the transaction that made the change, serialised (and its
partial template rendered) once, and sent to `meeting.<pk>` only after commit. `records` is the
skeleton every live use case (meetings/live.py) runs in.
"""

import json
import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial, wraps

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import selectors
from meetings.models import AgendaItem, AgreedMeasure, Meeting, MeetingEvent, Message
from meetings.permissions import Role, require_meeting_role
from project.errors import NotFound
from project.models import User
from project.sockets import meeting_group_name

logger = logging.getLogger(__name__)

CATCH_UP_BATCH = 500


def lock(meeting: Meeting | int) -> Meeting:
    """The meeting, re-read under a row lock held until commit.

    On PostgreSQL one statement (SELECT … FOR UPDATE of the meeting's row). SQLite has no row
    locks: a write first takes its database write lock at once, so two deferred transactions
    never both read and then fail to write.
    """
    pk = meeting if isinstance(meeting, int) else meeting.pk
    meetings = Meeting.objects.select_related("group")
    if connection.features.has_select_for_update_of:
        found = meetings.select_for_update(of=("self",)).filter(pk=pk).first()
        if found is None:
            raise NotFound
        return found
    if not Meeting.objects.filter(pk=pk).update(updated_at=timezone.now()):
        raise NotFound
    return meetings.get(pk=pk)


def earlier_event(meeting: Meeting, actor: User, client_id: str) -> MeetingEvent | None:
    """The event a message with this client id already produced, if it was applied before."""
    if not client_id:
        return None
    return MeetingEvent.objects.filter(meeting=meeting, actor=actor, client_id=client_id).first()


def record(
    *, meeting: Meeting, type: str, data: dict, actor: User | None, client_id: str = ""
) -> MeetingEvent:
    """Number and write one event; broadcast it after commit, serialised once for everyone.

    The caller holds the meeting's row lock (`lock`), so sequence numbers are gap-free and
    commit in order.
    """
    meeting.last_seq += 1
    meeting.updated_at = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        last_seq=meeting.last_seq, updated_at=meeting.updated_at
    )
    event = MeetingEvent.objects.create(
        meeting=meeting,
        seq=meeting.last_seq,
        type=type,
        data=data,
        actor=actor,
        client_id=client_id,
    )
    transaction.on_commit(partial(_broadcast, meeting.pk, event.seq, payload(event)))
    return event


_collecting = threading.local()


@contextmanager
def collected_broadcasts():
    """Keep the broadcasts made inside (on this thread) instead of sending them: the live
    consumer sends them from its event loop (`send_broadcasts`) once the database work is done,
    so a database thread never waits for Redis."""
    kept: list[tuple[str, dict]] = []
    outer = getattr(_collecting, "kept", None)
    _collecting.kept = kept
    try:
        yield kept
    finally:
        _collecting.kept = outer


def _broadcast(meeting_pk: int, seq: int, text: str) -> None:
    group = meeting_group_name(meeting_pk)
    message = {"type": "event.broadcast", "seq": seq, "text": text}
    kept = getattr(_collecting, "kept", None)
    if kept is not None:
        kept.append((group, message))
        return
    try:
        async_to_sync(get_channel_layer().group_send)(group, message)
    except Exception:
        # The event is recorded; a socket that misses the doorbell catches up by sequence.
        logger.warning("Broadcast of meeting event %s#%s failed", meeting_pk, seq, exc_info=True)


async def send_broadcasts(broadcasts: list[tuple[str, dict]]) -> None:
    """Send kept broadcasts, in order, from the caller's event loop."""
    if not broadcasts:
        return
    layer = get_channel_layer()
    for group, message in broadcasts:
        try:
            await layer.group_send(group, message)
        except Exception:
            logger.warning("Broadcast to %s failed", group, exc_info=True)


def payload(event: MeetingEvent, *, replay: bool = False) -> str:
    """The envelope clients receive, for broadcast and catch-up alike; a catch-up's is marked
    `replay`, so a page applies it without announcing the past as news."""
    envelope = {
        "type": "event",
        "seq": event.seq,
        "event": event.type,
        "client_id": event.client_id,
        "data": event.data,
    }
    if replay:
        envelope["replay"] = True
    return json.dumps(envelope, separators=(",", ":"))


def events_since(
    meeting_pk: int, last_seq: int, *, limit: int = CATCH_UP_BATCH
) -> list[tuple[int, str]]:
    """Up to `limit` events after last_seq, in order, as (seq, payload marked `replay`)."""
    events = MeetingEvent.objects.filter(meeting_id=meeting_pk, seq__gt=last_seq).order_by("seq")
    return [(event.seq, payload(event, replay=True)) for event in events[:limit]]


# An event's data: the partial the page renders too, the element it replaces (`target`) or is
# appended to (`container`), and a sentence for screen readers (`announce`).


def fragment(
    target: str, template: str, context: dict, *, container: str = "", announce: str = "", **extra
) -> dict:
    data = {
        "target": target,
        "html": render_to_string(f"meetings/live/{template}", context),
        "announce": announce,
        **extra,
    }
    if container:
        data["container"] = container
    return data


def status_fragment(meeting: Meeting, announce: str) -> dict:
    return fragment(
        "live-status",
        "_status.html",
        {"meeting": meeting},
        announce=announce,
        status=meeting.status,
    )


def current_item_fragment(item: AgendaItem, announce: str, *, opened_at=None) -> dict:
    return fragment(
        "current-item",
        "_current_item.html",
        selectors.current_item_context(item, opened_at=opened_at),
        announce=announce,
        current_item_id=item.pk,
    )


def agenda_entry_fragment(item: AgendaItem, announce: str) -> dict:
    return fragment(
        f"agenda-item-{item.pk}", "_agenda_entry.html", {"entry": item}, announce=announce
    )


def hands_fragment(meeting: Meeting, announce: str) -> dict:
    return fragment(
        "live-hands",
        "_hands.html",
        {"hands": selectors.open_hands(meeting)},
        announce=announce,
    )


def measure_fragment(measure: AgreedMeasure, announce: str) -> dict:
    return fragment(
        f"measure-{measure.pk}",
        "_measure.html",
        {"measure": measure},
        container=f"measures-{measure.item_id}",
        announce=announce,
    )


def message_fragment(message: Message, announce: str, *, in_thread: bool = True) -> dict:
    """A thread message; in_thread lets a client that lacks it append it to its item's thread."""
    return fragment(
        f"message-{message.pk}",
        "_message.html",
        {"message": message},
        container=f"thread-{message.item_id}" if in_thread else "",
        announce=announce,
    )


# The skeleton every live use case shares.

UseCase = Callable[..., dict | None]


def records(
    event: str,
    *,
    role: Role | Callable[..., Role] = Role.MEMBER,
    statuses: tuple = (Meeting.Status.LIVE,),
) -> Callable[[UseCase], Callable[..., MeetingEvent | None]]:
    """Make a use case a recorded live action, called as `(actor=, meeting=, client_id=, ...)`.

    In one transaction: lock the meeting, require the actor's role (a role function gets the
    use case's arguments), answer a resent client id with the event it produced the first time,
    refuse a meeting not in `statuses`, run the use case on the locked meeting, and record what
    it returns as the event's data (nothing when it returns None).
    """

    def decorate(use_case: UseCase) -> Callable[..., MeetingEvent | None]:
        @wraps(use_case)
        @transaction.atomic
        def action(
            *, actor: User, meeting: Meeting | int, client_id: str = "", **arguments
        ) -> MeetingEvent | None:
            meeting = lock(meeting)
            require_meeting_role(actor, meeting, role(**arguments) if callable(role) else role)
            earlier = earlier_event(meeting, actor, client_id)
            if earlier is not None:
                return earlier
            require_status(meeting, statuses)
            data = use_case(actor=actor, meeting=meeting, **arguments)
            if data is None:
                return None
            return record(meeting=meeting, type=event, data=data, actor=actor, client_id=client_id)

        def preflight(
            *, actor: User, meeting: Meeting, client_id: str = "", **arguments
        ) -> MeetingEvent | None:
            """The same refusals, read without the lock, before slow work that must not hold
            it (the check of a text): the role, and the status unless the client id was applied
            before (its earlier event is returned). The action itself checks again."""
            require_meeting_role(actor, meeting, role(**arguments) if callable(role) else role)
            earlier = earlier_event(meeting, actor, client_id)
            if earlier is None:
                require_status(meeting, statuses)
            return earlier

        action.preflight = preflight
        return action

    return decorate


def require_status(meeting: Meeting, statuses: tuple) -> None:
    if meeting.status in statuses:
        return
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(_("De bespreking is afgesloten; er kan niets meer bij."))
    raise ValidationError(_("De bespreking is niet bezig."))
