"""Reads of meetings and agendas, filtered by what the user may see, with their prefetching."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import IncidentGroup, Membership
from groups.selectors import signed_groups
from meetings.models import (
    AgendaItem,
    AgreedMeasure,
    Attendance,
    HandRaise,
    Meeting,
    MeetingEvent,
    Message,
)
from meetings.permissions import VISIBLE_ITEM_STATUSES
from project.errors import NotFound
from project.models import User

OPEN_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.LIVE)


def group_meetings(group: IncidentGroup) -> dict[str, list[Meeting]]:
    """The group's upcoming (scheduled or live) and past meetings, for its page."""
    meetings = list(
        Meeting.objects.filter(group=group).select_related("chair").order_by("starts_at", "pk")
    )
    upcoming = [m for m in meetings if m.status in OPEN_STATUSES]
    past = [m for m in reversed(meetings) if m.status not in OPEN_STATUSES]
    return {"upcoming": upcoming, "past": past}


def upcoming_meetings_for(user) -> QuerySet[Meeting]:
    """Scheduled meetings still to come in the groups whose content user may see."""
    return (
        Meeting.objects.filter(
            group__in=signed_groups(user),
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .select_related("group")
        .order_by("starts_at", "pk")
    )


def _with_item_count(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Each meeting with `item_count`: its proposed and accepted agenda items."""
    return meetings.annotate(
        item_count=Count("items", filter=Q(items__status__in=VISIBLE_ITEM_STATUSES))
    )


def next_meetings_for(user, limit: int = 5) -> list[Meeting]:
    """The live and next scheduled meetings of the groups whose content `user` may see, live ones
    first, each with `item_count` (one query)."""
    meetings = Meeting.objects.filter(group__in=signed_groups(user)).filter(
        Q(status=Meeting.Status.LIVE)
        | Q(status=Meeting.Status.SCHEDULED, starts_at__gt=timezone.now())
    )
    return list(
        _with_item_count(meetings)
        .select_related("group")
        .order_by(F("started_at").desc(nulls_last=True), "starts_at", "pk")[:limit]
    )


def meetings_on(day: datetime.date) -> list[Meeting]:
    """The scheduled meetings starting on `day` (local time), each with `item_count` and
    `attendee_ids`: the active members who signed the group's current declaration."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    meetings = list(
        _with_item_count(
            Meeting.objects.filter(
                status=Meeting.Status.SCHEDULED,
                starts_at__gte=start,
                starts_at__lt=start + datetime.timedelta(days=1),
            )
        ).order_by("starts_at", "pk")
    )
    signed = Membership.objects.filter(
        group__in={meeting.group_id for meeting in meetings},
        signed_declaration=F("group__current_declaration"),
        user__is_active=True,
    ).values_list("group_id", "user_id")
    members: dict[int, list[int]] = {}
    for group_id, user_id in signed:
        members.setdefault(group_id, []).append(user_id)
    for meeting in meetings:
        meeting.attendee_ids = members.get(meeting.group_id, [])
    return meetings


def agenda_items(user, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda as user sees it: proposed and accepted items, plus user's own items whatever
    their status (a declined or withdrawn item disappears for everyone else); a follow-up with
    the measure it follows up."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .filter(Q(status__in=VISIBLE_ITEM_STATUSES) | Q(owner=user))
        .select_related("owner", "followed_measure")
        .order_by("position", "created_at", "pk")
    )


# Follow-ups ("opvolging"): agreed measures of earlier meetings whose due date passed.


def is_next_meeting(meeting: Meeting) -> bool:
    """`meeting` is its group's next scheduled meeting still to come (one query)."""
    first = (
        Meeting.objects.filter(
            group_id=meeting.group_id,
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return first == meeting.pk


def followup_candidates(meeting: Meeting, *, today: datetime.date) -> QuerySet[AgreedMeasure]:
    """The agreed measures of the group's earlier, closed meetings that are overdue (due before
    `today`, not reported done) and not yet followed up: neither on `meeting` (whatever became
    of that follow-up) nor on a meeting still to come or going on now. With the earlier item,
    for the follow-up's title, in the order they were agreed."""
    already = AgendaItem.objects.filter(followed_measure=OuterRef("pk")).filter(
        Q(meeting=meeting)
        | Q(meeting__status=Meeting.Status.LIVE)
        | Q(meeting__status=Meeting.Status.SCHEDULED, meeting__starts_at__gt=timezone.now())
    )
    return (
        AgreedMeasure.objects.filter(
            item__meeting__group_id=meeting.group_id,
            item__meeting__status=Meeting.Status.CLOSED,
            item__meeting__starts_at__lt=meeting.starts_at,
            status=AgreedMeasure.Status.AGREED,
            done_on__isnull=True,
            due_on__lt=today,
        )
        .exclude(Exists(already))
        .select_related("item", "owner")
        .order_by("due_on", "created_at", "pk")
    )


def next_meetings_of_groups() -> list[Meeting]:
    """Each active group's next scheduled meeting still to come (one query), where follow-ups
    go."""
    meetings = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
        group__archived_at__isnull=True,
    ).order_by("group_id", "starts_at", "pk")
    found: dict[int, Meeting] = {}
    for meeting in meetings.select_related("group"):
        found.setdefault(meeting.group_id, meeting)
    return list(found.values())


def followups_awaiting_status() -> QuerySet[AgendaItem]:
    """Follow-ups on meetings still to come whose owner has not yet given a status, while the
    owner is a signed member of the group (for the reminder that asks them)."""
    signed = Membership.objects.filter(
        group_id=OuterRef("meeting__group_id"),
        user_id=OuterRef("owner_id"),
        signed_declaration=F("group__current_declaration"),
        user__is_active=True,
    )
    return (
        AgendaItem.objects.filter(
            followed_measure__isnull=False,
            followup_status="",
            status__in=VISIBLE_ITEM_STATUSES,
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__starts_at__gt=timezone.now(),
            meeting__group__archived_at__isnull=True,
        )
        .filter(Exists(signed))
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )


# The live meeting's reads, shared by the page, the HTTP fallback and the events' partials.


def live_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The live agenda: the accepted items, in agenda order."""
    return (
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItem.Status.ACCEPTED)
        .select_related("owner")
        .order_by("position", "created_at", "pk")
    )


def live_item(meeting: Meeting, item_id: int | None) -> AgendaItem:
    """An accepted item of this meeting; the current item when item_id is None."""
    if item_id is None:
        item_id = meeting.current_item_id
        if item_id is None:
            raise ValidationError(_("Er is nog geen agendapunt geopend."))
    item = live_items(meeting).filter(pk=item_id).first()
    if item is None:
        raise NotFound
    return item


def undiscussed_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The live agenda's items nobody marked discussed or skipped: what closing would leave."""
    return live_items(meeting).filter(discussion=AgendaItem.Discussion.PENDING)


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The group's next scheduled meeting still to come, where undiscussed items can go."""
    return (
        Meeting.objects.filter(
            group_id=meeting.group_id,
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .exclude(pk=meeting.pk)
        .order_by("starts_at", "pk")
        .first()
    )


def attendees(meeting: Meeting) -> QuerySet[User]:
    """Who took part: everyone who joined the live session or acted in it, by name."""
    return User.objects.filter(
        pk__in=MeetingEvent.objects.filter(meeting=meeting).values("actor_id")
    ).order_by("full_name", "pk")


def current_item_context(item: AgendaItem | None, *, opened_at=None) -> dict:
    """The current item with its thread and measures, as its partial renders them, and when it
    was opened (for the time spent on it). The thread is not called `messages`: that name
    belongs to the page's flash messages."""
    if item is None:
        return {"item": None}
    return {
        "item": item,
        "opened_at": opened_at,
        "thread": item.messages.select_related("author").order_by("created_at", "pk"),
        "measures": item.measures.select_related("owner").order_by("created_at", "pk"),
    }


def current_item_opened_at(meeting: Meeting) -> datetime.datetime | None:
    """When the meeting's current item was last opened: the time of the event that opened it."""
    if meeting.current_item_id is None:
        return None
    return (
        MeetingEvent.objects.filter(
            meeting=meeting, type="item.opened", data__current_item_id=meeting.current_item_id
        )
        .order_by("-seq")
        .values_list("created_at", flat=True)
        .first()
    )


def _of_meeting(queryset: QuerySet, meeting: Meeting, pk: int):
    """The row pk of queryset whose item belongs to meeting; NotFound otherwise."""
    row = queryset.filter(pk=pk, item__meeting=meeting).first()
    if row is None:
        raise NotFound
    return row


def meeting_message(meeting: Meeting, message_id: int) -> Message:
    """A thread message of this meeting; NotFound otherwise."""
    return _of_meeting(Message.objects.select_related("item", "author"), meeting, message_id)


def message_posted_event(message: Message) -> MeetingEvent | None:
    """The event that brought message to the open screens (and replays it in catch-up)."""
    return MeetingEvent.objects.filter(
        meeting_id=message.item.meeting_id,
        type="message.posted",
        data__target=f"message-{message.pk}",
    ).first()


def thread_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The live agenda with each item's thread as `item.thread`, for the page after the meeting."""
    thread = Message.objects.select_related("author").order_by("created_at", "pk")
    return live_items(meeting).prefetch_related(Prefetch("messages", thread, to_attr="thread"))


def meeting_measure(meeting: Meeting, measure_id: int) -> AgreedMeasure:
    """A measure proposed in this meeting; NotFound otherwise."""
    return _of_meeting(AgreedMeasure.objects.select_related("item", "owner"), meeting, measure_id)


def agreed_measures(queryset=None) -> QuerySet[AgreedMeasure]:
    """The agreed measures (not the merely proposed ones) of queryset, in the order agreed."""
    queryset = queryset if queryset is not None else AgreedMeasure.objects.all()
    return (
        queryset.filter(status=AgreedMeasure.Status.AGREED)
        .select_related("owner")
        .order_by("created_at", "pk")
    )


def agreed_measures_prefetch() -> Prefetch:
    """Each item's agreed measures as `item.agreed_measures`."""
    return Prefetch("measures", queryset=agreed_measures(), to_attr="agreed_measures")


def minutes_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The minutes' items: the live agenda with each item's agreed measures."""
    return live_items(meeting).prefetch_related(agreed_measures_prefetch())


def open_hands(meeting: Meeting) -> QuerySet[HandRaise]:
    """The raised hands not yet cleared, in the order they went up."""
    return (
        HandRaise.objects.filter(meeting=meeting, cleared_at__isnull=True)
        .select_related("user")
        .order_by("raised_at", "pk")
    )


def open_hand(meeting: Meeting, *, hand_id: int | None, user=None) -> HandRaise:
    """The open hand with hand_id, or user's own open hand when hand_id is None."""
    hands = open_hands(meeting)
    hand = (hands.filter(user=user) if hand_id is None else hands.filter(pk=hand_id)).first()
    if hand is None:
        raise NotFound
    return hand


def present_members(meeting: Meeting) -> list:
    """The members with at least one open connection, by name."""
    present = {
        attendance.user_id: attendance.user
        for attendance in Attendance.objects.filter(meeting=meeting).select_related("user")
    }
    return sorted(present.values(), key=lambda user: user.full_name)
