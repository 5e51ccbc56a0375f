"""Reads of meetings and agendas, filtered by what the user may see, with their prefetching."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from groups.models import IncidentGroup
from groups.selectors import signed_groups
from meetings.models import AgendaItem, Meeting
from meetings.permissions import VISIBLE_ITEM_STATUSES

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


def agenda_items(user, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda as user sees it: proposed and accepted items, plus user's own items whatever
    their status (a declined or withdrawn item disappears for everyone else)."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .filter(Q(status__in=VISIBLE_ITEM_STATUSES) | Q(owner=user))
        .select_related("owner")
        .order_by("position", "created_at", "pk")
    )
