"""Who may do what with a meeting. Plain sync functions, shared by views and the consumer.

Seeing a meeting requires being a signed member of its group (groups.permissions). Chairing it
(the chair controls of the live meeting, scheduling changes, agenda decisions) belongs to the
member appointed as the meeting's chair and to the group's chairs, and only while they are
signed members.
"""

from groups.permissions import is_chair, is_signed_member
from meetings.models import Meeting
from project.errors import NotFound


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


def get_meeting_for_user(user, pk: int) -> Meeting:
    """The meeting if user is a signed member of its group; NotFound (404) otherwise."""
    if user is None or not user.is_authenticated:
        raise NotFound
    meeting = Meeting.objects.select_related("group", "chair", "current_item").filter(pk=pk).first()
    if meeting is None:
        raise NotFound
    require_view_meeting(user, meeting)
    return meeting
