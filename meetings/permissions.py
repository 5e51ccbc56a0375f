"""Who may do what with a meeting. Plain sync functions, shared by views and the consumer.

Seeing a meeting requires being a signed member of its group (groups.permissions). Chairing it
(the chair controls of the live meeting, scheduling changes, agenda decisions) belongs to the
member appointed as the meeting's chair and to the group's chairs, and only while they are
signed members.
"""

from groups.permissions import is_chair, is_signed_member
from meetings.models import AgendaItem, Meeting
from project.errors import NotFound

# The items everyone in the meeting sees; a declined or withdrawn one only its owner does.
VISIBLE_ITEM_STATUSES = (AgendaItem.Status.PROPOSED, AgendaItem.Status.ACCEPTED)


def can_view_meeting(user, meeting: Meeting) -> bool:
    return is_signed_member(user, meeting.group)


def can_chair_meeting(user, meeting: Meeting) -> bool:
    if not is_signed_member(user, meeting.group):
        return False
    return meeting.chair_id == user.pk or is_chair(user, meeting.group)


def require_view_meeting(user, meeting: Meeting) -> None:
    if not can_view_meeting(user, meeting):
        raise NotFound


def require_chair_meeting(user, meeting: Meeting) -> None:
    if not can_chair_meeting(user, meeting):
        raise NotFound


def get_meeting_for_user(user, pk: int, *, role: str = "member") -> Meeting:
    """The meeting if user is a signed member of its group (and, with role="chair", chairs it);
    NotFound (404) otherwise."""
    if user is None or not user.is_authenticated:
        raise NotFound
    meeting = Meeting.objects.select_related("group", "chair", "current_item").filter(pk=pk).first()
    if meeting is None:
        raise NotFound
    if role == "chair":
        require_chair_meeting(user, meeting)
    else:
        require_view_meeting(user, meeting)
    return meeting


def get_item_for_user(user, pk: int, *, role: str = "member") -> AgendaItem:
    """An agenda item user may see (signed member of the meeting's group, item visible to them;
    with role="chair", chairing its meeting); NotFound (404) otherwise."""
    if user is None or not user.is_authenticated:
        raise NotFound
    item = AgendaItem.objects.select_related("meeting__group", "owner").filter(pk=pk).first()
    if item is None or not can_view_meeting(user, item.meeting):
        raise NotFound
    if item.status not in VISIBLE_ITEM_STATUSES and item.owner_id != user.pk:
        raise NotFound
    if role == "chair":
        require_chair_meeting(user, item.meeting)
    return item
