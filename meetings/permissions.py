"""Who may do what with a meeting. Plain sync functions, shared by views, the consumer and the
live use cases.

Seeing a meeting requires being a signed member of its group (groups.permissions). Chairing it
(the chair controls of the live meeting, scheduling changes, agenda decisions) belongs to the
member appointed as the meeting's chair and to the group's chairs, and only while they are
signed members.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from groups.models import Membership
from groups.permissions import is_chair, is_signed_member
from meetings.models import AgendaItem, Meeting
from project.auth import live_session
from project.errors import NotFound

# The items everyone in the meeting sees; a declined or withdrawn one only its owner does.
VISIBLE_ITEM_STATUSES = (AgendaItem.Status.PROPOSED, AgendaItem.Status.ACCEPTED)


class Role(StrEnum):
    """What an action on a meeting asks of the user."""

    MEMBER = "member"
    CHAIR = "chair"


def can_view_meeting(user, meeting: Meeting) -> bool:
    return is_signed_member(user, meeting.group)


def can_chair_meeting(user, meeting: Meeting) -> bool:
    if not is_signed_member(user, meeting.group):
        return False
    return meeting.chair_id == user.pk or is_chair(user, meeting.group)


def can_view_thread(user, meeting: Meeting) -> bool:
    """A meeting's thread is for the members who could follow it live: once the meeting has
    closed, only those whose membership began before it closed see it (until it is purged);
    members who joined later see the minutes only."""
    if not can_view_meeting(user, meeting):
        return False
    if meeting.status != Meeting.Status.CLOSED:
        return True
    if meeting.thread_purged:
        return False
    return Membership.objects.filter(
        group_id=meeting.group_id, user_id=user.pk, joined_at__lte=meeting.closed_at
    ).exists()


def has_meeting_role(user, meeting: Meeting, role: Role) -> bool:
    if role == Role.CHAIR:
        return can_chair_meeting(user, meeting)
    return can_view_meeting(user, meeting)


def require_meeting_role(user, meeting: Meeting, role: Role = Role.MEMBER) -> None:
    """NotFound (404) unless user has role in meeting: a refusal reveals nothing."""
    if not has_meeting_role(user, meeting, role):
        raise NotFound


def require_view_meeting(user, meeting: Meeting) -> None:
    require_meeting_role(user, meeting, Role.MEMBER)


def require_chair_meeting(user, meeting: Meeting) -> None:
    require_meeting_role(user, meeting, Role.CHAIR)


def get_meeting_for_user(user, pk: int, *, role: Role = Role.MEMBER) -> Meeting:
    """The meeting if user has role in it (a signed member; the chair for Role.CHAIR);
    NotFound (404) otherwise."""
    if user is None or not user.is_authenticated:
        raise NotFound
    meeting = Meeting.objects.select_related("group", "chair", "current_item").filter(pk=pk).first()
    if meeting is None:
        raise NotFound
    require_meeting_role(user, meeting, role)
    return meeting


def get_item_for_user(user, pk: int, *, role: Role = Role.MEMBER) -> AgendaItem:
    """An agenda item user may see (signed member of the meeting's group, item visible to them;
    with role="chair", chairing its meeting); NotFound (404) otherwise."""
    if user is None or not user.is_authenticated:
        raise NotFound
    item = AgendaItem.objects.select_related("meeting__group", "owner").filter(pk=pk).first()
    if item is None or not can_view_meeting(user, item.meeting):
        raise NotFound
    if item.status not in VISIBLE_ITEM_STATUSES and item.owner_id != user.pk:
        raise NotFound
    require_meeting_role(user, item.meeting, role)
    return item


# Live access: may this socket still see this meeting? One rule for connecting, every message,
# `sync`, every broadcast delivery and the periodic re-check (meetings/consumers.py).


class Closed(IntEnum):
    """Websocket close codes a live socket ends with; static/js/meeting-live.js explains each
    and does not reconnect. A refused connection gets only SESSION_ENDED or FORBIDDEN: a
    refusal reveals nothing about a meeting one may not see."""

    SESSION_ENDED = 4401  # logged out, idle past the timeout, or no second factor
    FORBIDDEN = 4403  # refused on connect
    MEETING_GONE = 4404  # the meeting or its group was deleted
    CANCELLED = 4409  # the meeting was cancelled
    NOT_MEMBER = 4410  # left or removed from the group
    UNSIGNED = 4412  # a new secrecy declaration not yet signed
    TOO_MANY_CONNECTIONS = 4429  # more than LIVE_MAX_CONNECTIONS open on this meeting


LIVE_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.LIVE, Meeting.Status.CLOSED)


@dataclass(frozen=True)
class LiveAccess:
    """The rule's answer: `closed` is None while access holds, else the code to close with."""

    closed: Closed | None
    session_expires_at: datetime | None = None
    group_id: int | None = None
    read_only: bool = False


def live_access(
    *, user_pk: int, session_key: str | None, meeting_pk: int, keep_alive: bool = False
) -> LiveAccess:
    """A live session (logged in, not expired or flushed, second factor passed) + signed
    membership of the current declaration + a meeting (and group) that exists and is not
    cancelled. keep_alive counts the check as the user's activity (a message they sent)."""
    session = live_session(user_pk, session_key, keep_alive=keep_alive)
    if session is None:
        return LiveAccess(Closed.SESSION_ENDED)
    user, expires_at = session
    meeting = Meeting.objects.select_related("group").filter(pk=meeting_pk).first()
    if meeting is None:
        return LiveAccess(Closed.MEETING_GONE)
    if not can_view_meeting(user, meeting):
        if Membership.objects.filter(group_id=meeting.group_id, user_id=user_pk).exists():
            return LiveAccess(Closed.UNSIGNED)
        return LiveAccess(Closed.NOT_MEMBER)
    if meeting.status not in LIVE_STATUSES:
        return LiveAccess(Closed.CANCELLED)
    # A closed meeting's record replays its thread: only for those who could follow it live.
    if meeting.status == Meeting.Status.CLOSED and not can_view_thread(user, meeting):
        return LiveAccess(Closed.FORBIDDEN)
    return LiveAccess(
        None,
        session_expires_at=expires_at,
        group_id=meeting.group_id,
        read_only=meeting.status == Meeting.Status.CLOSED,
    )
