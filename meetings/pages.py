"""The meetings app's part of the group pages (project/pages.py): groups does not import it."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from meetings.models import Meeting
from meetings.selectors import group_meetings, next_meetings_for
from project.pages import extends


@extends("groups.list")
def next_meeting(request, context: dict) -> None:
    """ "Mijn groepen": each group's next scheduled meeting, in the same one query (the
    template shows it to signed members only)."""
    context["groups"] = context["groups"].annotate(
        next_meeting_at=Subquery(
            Meeting.objects.filter(
                group=OuterRef("pk"),
                status=Meeting.Status.SCHEDULED,
                starts_at__gte=timezone.now(),
            )
            .order_by("starts_at")
            .values("starts_at")[:1]
        )
    )


@extends("groups.detail")
def meetings_section(request, context: dict) -> None:
    """The group page (signed members only): the group's upcoming and past meetings."""
    context["meetings"] = group_meetings(context["group"])
    context["sections"].append("meetings/_group_meetings.html")


@extends("project.home")
def next_meetings_section(request, context: dict) -> None:
    """The dashboard: the live and next meetings of the user's groups, with their item counts."""
    context["next_meetings"] = next_meetings_for(request.user)
    context["sections"].append("meetings/_home_meetings.html")
