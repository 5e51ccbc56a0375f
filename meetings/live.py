"""The live meeting's use cases, one function each.

`events.records` wraps every one in the same skeleton: lock the meeting, require the actor's
role, answer a resent client id with its earlier event, refuse a meeting that is not live, and
record what the use case returns as one numbered event, broadcast after commit. The data a
client sends is validated before it gets here (meetings/protocol.py).
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from groups.models import Membership
from groups.services import require_active
from meetings import events, selectors, services
from meetings.events import records
from meetings.models import AgendaItem, AgreedMeasure, Attendance, HandRaise, Meeting, Message
from meetings.permissions import Role, can_chair_meeting, can_view_thread
from meetings.sanitize import text_to_html
from project.errors import NotFound
from project.models import User
from project.tasks import enqueue_on_commit

PRESENCE_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.LIVE)
EARLY_START = timedelta(hours=1)


@records("meeting.started", role=Role.CHAIR, statuses=(Meeting.Status.SCHEDULED,))
def meeting_start(*, actor: User, meeting: Meeting, early: bool = False) -> dict:
    """The chair starts a scheduled meeting; members can then join the live session. More
    than an hour before the scheduled time the chair must confirm (`early`)."""
    require_active(meeting.group)
    if not early and meeting.starts_at - timezone.now() > EARLY_START:
        when = formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        raise ValidationError(
            _(
                "De bespreking staat gepland op %(when)s, meer dan een uur vanaf nu. Bevestig "
                "dat u nu al wilt starten."
            )
            % {"when": when},
            code="early",
        )
    meeting.status = Meeting.Status.LIVE
    meeting.started_at = timezone.now()
    meeting.save(update_fields=["status", "started_at", "updated_at"])
    return events.status_fragment(meeting, _("De bespreking is gestart."))


def _open(meeting: Meeting, item: AgendaItem) -> dict:
    meeting.current_item = item
    meeting.save(update_fields=["current_item", "updated_at"])
    announce = _("Nu aan de orde: %(title)s") % {"title": item.title}
    return events.current_item_fragment(item, announce)


@records("item.opened", role=Role.CHAIR)
def item_open(*, actor: User, meeting: Meeting, item_id: int) -> dict:
    """The chair opens an agenda item: it becomes the current item for everyone."""
    return _open(meeting, selectors.live_item(meeting, item_id))


@records("item.opened", role=Role.CHAIR)
def item_move(*, actor: User, meeting: Meeting, direction: str) -> dict:
    """The chair moves to the next ("next") or previous ("previous") agenda item."""
    items = list(selectors.live_items(meeting))
    if not items:
        raise ValidationError(_("De agenda is leeg."))
    ids = [item.pk for item in items]
    if meeting.current_item_id in ids:
        index = ids.index(meeting.current_item_id) + (1 if direction == "next" else -1)
    else:
        index = 0
    if not 0 <= index < len(items):
        raise ValidationError(_("Er is geen volgend of vorig agendapunt."))
    return _open(meeting, items[index])


@records("item.marked", role=Role.CHAIR)
def item_mark(
    *, actor: User, meeting: Meeting, discussion: str, item_id: int | None = None
) -> dict:
    """The chair marks an item (the current one by default) discussed or skipped."""
    item = selectors.live_item(meeting, item_id)
    item.discussion = discussion
    item.save(update_fields=["discussion", "updated_at"])
    announce = _("%(title)s: %(state)s") % {
        "title": item.title,
        "state": item.get_discussion_display(),
    }
    return events.agenda_entry_fragment(item, announce)


@records("result.recorded", role=Role.CHAIR)
def result_record(
    *, actor: User, meeting: Meeting, result: str, item_id: int | None = None
) -> dict:
    """The chair records an item's result ("besproken / resultaat"); a later change bumps the
    outcome version."""
    item = selectors.live_item(meeting, item_id)
    if item.result_recorded_at is not None and item.result != result:
        item.outcome_version += 1
    item.result = result
    item.result_recorded_at = timezone.now()
    item.save(update_fields=["result", "result_recorded_at", "outcome_version", "updated_at"])
    return events.fragment(
        f"result-{item.pk}",
        "_result.html",
        {"item": item},
        announce=_("Resultaat vastgelegd bij %(title)s.") % {"title": item.title},
    )


def _measure_owner(item: AgendaItem, owner_id: int | None) -> User | None:
    """The item's owner by default; otherwise a member of the meeting's group."""
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


def _bump_outcome(item: AgendaItem) -> None:
    """A changed outcome after the result was recorded shows to the owner as a new version."""
    if item.result_recorded_at is not None:
        item.outcome_version += 1
        item.save(update_fields=["outcome_version", "updated_at"])


@records("measure.proposed")
def measure_propose(
    *,
    actor: User,
    meeting: Meeting,
    description: str,
    owner_id: int | None = None,
    due_on: date | None = None,
    item_id: int | None = None,
) -> dict:
    """A member proposes a measure for an item; by default its owner carries it out."""
    item = selectors.live_item(meeting, item_id)
    measure = AgreedMeasure.objects.create(
        item=item,
        description=description,
        owner=_measure_owner(item, owner_id),
        due_on=due_on,
        proposed_by=actor,
    )
    return events.measure_fragment(measure, _("Nieuwe maatregel voorgesteld."))


@records("measure.edited", role=Role.CHAIR)
def measure_update(
    *,
    actor: User,
    meeting: Meeting,
    measure_id: int,
    description: str,
    owner_id: int | None = None,
    due_on: date | None = None,
) -> dict:
    """The chair edits a measure: what, who, by when."""
    measure = selectors.meeting_measure(meeting, measure_id)
    measure.description = description
    measure.owner = _measure_owner(measure.item, owner_id)
    measure.due_on = due_on
    measure.save(update_fields=["description", "owner", "due_on", "updated_at"])
    if measure.status == AgreedMeasure.Status.AGREED:
        _bump_outcome(measure.item)
    return events.measure_fragment(measure, _("Maatregel aangepast."))


@records("measure.agreed", role=Role.CHAIR)
def measure_confirm(*, actor: User, meeting: Meeting, measure_id: int) -> dict:
    """The chair confirms a proposed measure: it becomes an agreed measure."""
    measure = selectors.meeting_measure(meeting, measure_id)
    if measure.status != AgreedMeasure.Status.AGREED:
        measure.status = AgreedMeasure.Status.AGREED
        measure.save(update_fields=["status", "updated_at"])
        _bump_outcome(measure.item)
    return events.measure_fragment(measure, _("Maatregel afgesproken."))


@records("message.posted")
def message_post(*, actor: User, meeting: Meeting, body: str, item_id: int | None = None) -> dict:
    """A member posts in the current item's thread (light formatting, sanitised). With item_id
    (the item the message was written and checked for) it is refused if the chair has moved on
    to another item in the meantime."""
    item = selectors.live_item(meeting, None)
    if item_id is not None and item.pk != item_id:
        raise ValidationError(
            _(
                "Intussen is een ander agendapunt geopend: uw bericht is niet verstuurd. Verstuur "
                "het opnieuw als het ook hier past."
            ),
            code="moved_on",
        )
    html = text_to_html(body)
    if not html:
        raise ValidationError(_("Typ eerst een bericht."))
    message = Message.objects.create(item=item, author=actor, body=html)
    return events.message_fragment(message, _("Bericht van %(name)s.") % {"name": str(actor)})


@records("message.redacted", statuses=(Meeting.Status.LIVE, Meeting.Status.CLOSED))
def message_redact(*, actor: User, meeting: Meeting, message_id: int) -> dict:
    """The chair removes a message, or its author their own, during or after the meeting (until
    the thread is purged). The body is gone from the record, from every open screen and from
    the catch-up: the event that posted it now carries the removal notice, under its own seq."""
    message = selectors.meeting_message(meeting, message_id)
    if not can_view_thread(actor, meeting):
        raise NotFound
    if message.author_id == actor.pk:
        redacted_by = Message.Redaction.AUTHOR
    elif can_chair_meeting(actor, meeting):
        redacted_by = Message.Redaction.CHAIR
    else:
        raise NotFound
    if message.redacted_at is not None:
        raise ValidationError(_("Dit bericht is al verwijderd."))
    message.body = ""
    message.redacted_by = redacted_by
    message.redacted_at = timezone.now()
    message.save(update_fields=["body", "redacted_by", "redacted_at"])
    posted = selectors.message_posted_event(message)
    if posted is not None:
        posted.data = events.message_fragment(message, "")
        posted.save(update_fields=["data"])
    return events.message_fragment(
        message, message.get_redacted_by_display().capitalize() + ".", in_thread=False
    )


@records("hand.raised")
def hand_raise(*, actor: User, meeting: Meeting) -> dict:
    """A member raises a hand to ask for the floor; one open hand per member."""
    if selectors.open_hands(meeting).filter(user=actor).exists():
        raise ValidationError(_("U heeft uw hand al opgestoken."))
    HandRaise.objects.create(meeting=meeting, user=actor)
    return events.hands_fragment(meeting, _("%(name)s vraagt het woord.") % {"name": str(actor)})


@records("hand.given", role=Role.CHAIR)
def hand_give(*, actor: User, meeting: Meeting, hand_id: int) -> dict:
    """The chair gives the floor to a raised hand."""
    hand = selectors.open_hand(meeting, hand_id=hand_id)
    hand.given_at = timezone.now()
    hand.save(update_fields=["given_at"])
    return events.hands_fragment(meeting, _("%(name)s heeft het woord.") % {"name": str(hand.user)})


def _hand_clearer(*, hand_id: int | None = None) -> Role:
    """Clearing someone's hand is the chair's; lowering one's own (no hand_id) any member's."""
    return Role.MEMBER if hand_id is None else Role.CHAIR


@records("hand.cleared", role=_hand_clearer)
def hand_clear(*, actor: User, meeting: Meeting, hand_id: int | None = None) -> dict:
    """The chair clears a hand, or a member lowers their own (hand_id None)."""
    hand = selectors.open_hand(meeting, hand_id=hand_id, user=actor)
    hand.cleared_at = timezone.now()
    hand.save(update_fields=["cleared_at"])
    return events.hands_fragment(meeting, _("Een hand is gezakt."))


@records("meeting.closed", role=Role.CHAIR)
def meeting_close(
    *, actor: User, meeting: Meeting, confirmed: bool = False, move_item_ids=()
) -> dict:
    """The chair confirms closing the meeting: minutes become available and nothing can change
    anymore. Undiscussed items in `move_item_ids` go to the group's next meeting in the same
    step."""
    if not confirmed:
        raise ValidationError(_("Bevestig dat u de bespreking wilt afsluiten."), code="confirm")
    services.items_carry_over(meeting=meeting, item_ids=move_item_ids)
    meeting.status = Meeting.Status.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["status", "closed_at", "updated_at"])
    selectors.open_hands(meeting).update(cleared_at=meeting.closed_at)
    data = events.status_fragment(
        meeting, _("De bespreking is afgesloten. De notulen staan klaar.")
    )
    data["minutes_url"] = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    # Owners of shared items learn that an outcome is ready; sharing owns that work, and meetings
    # names it without importing it (the dependency direction, docs/architecture.md).
    enqueue_on_commit("sharing.outcome_notices_send", meeting.pk)
    return data


@records("meeting.reopened", role=Role.CHAIR, statuses=(Meeting.Status.CLOSED,))
def meeting_reopen(*, actor: User, meeting: Meeting) -> dict:
    """The chair reopens a closed meeting to correct it; closing it again tells the owners of
    a changed outcome, which shows to them as a new outcome to import."""
    require_active(meeting.group)
    meeting.status = Meeting.Status.LIVE
    meeting.closed_at = None
    meeting.save(update_fields=["status", "closed_at", "updated_at"])
    return events.status_fragment(meeting, _("De bespreking is heropend."))


# Presence: one Attendance row per open connection; an event when a member's first connection
# opens and when their last one closes.


@records("member.joined", statuses=PRESENCE_STATUSES)
def attendance_join(*, actor: User, meeting: Meeting, channel_name: str) -> dict | None:
    """A member's connection joins the live session (presence)."""
    first = not Attendance.objects.filter(meeting=meeting, user=actor).exists()
    Attendance.objects.create(meeting=meeting, user=actor, channel_name=channel_name)
    if not first:
        return None
    return events.fragment(
        f"present-{actor.pk}",
        "_presence_entry.html",
        {"member": actor},
        container="live-presence",
        announce=_("%(name)s is aanwezig.") % {"name": str(actor)},
    )


@transaction.atomic
def attendance_leave(*, actor: User, meeting: Meeting | int, channel_name: str) -> None:
    """A connection closed; the member is gone when it was their last one. Not a recorded
    action: leaving needs no right (it reveals nothing and must work for a member who was just
    removed) and is no refusal when the meeting has closed."""
    meeting = events.lock(meeting)
    if not Attendance.objects.filter(channel_name=channel_name).delete()[0]:
        return
    if (
        meeting.status in PRESENCE_STATUSES
        and not Attendance.objects.filter(meeting=meeting, user=actor).exists()
    ):
        announce = _("%(name)s is vertrokken.") % {"name": str(actor)}
        data = {"remove": f"present-{actor.pk}", "announce": announce}
        events.record(meeting=meeting, type="member.left", data=data, actor=actor)
