"""Who may do what with a meeting. Plain sync functions, shared by views, the consumer and the
live use cases.

Seeing a meeting requires being a signed member of its group (groups.permissions). Chairing it
(the chair controls of the live meeting, scheduling changes, agenda decisions) belongs to the
member appointed as the meeting's chair and to the group's chairs, and only while they are
signed members.
"""

from enum import StrEnum

from groups.models import Membership
from groups.permissions import is_chair, is_signed_member
from meetings.models import AgendaItem, Meeting
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
