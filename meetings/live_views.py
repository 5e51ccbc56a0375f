"""The live meeting page, its plain-HTTP fallback for every action, and the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from meetings import live
from meetings.models import AgreedMeasure, Attendance, HandRaise, Meeting
from meetings.permissions import can_chair_meeting, get_meeting_for_user
from project.errors import NotFound

PAGE_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.LIVE, Meeting.Status.CLOSED)


@login_required
def live_page(request, pk):
    # Read the sequence number before the state: replaying later events over a newer state
    # converges, missing one would not.
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.status not in PAGE_STATUSES:
        raise NotFound
    items = list(live.live_items(meeting))
    current = next((item for item in items if item.pk == meeting.current_item_id), None)
    present = {
        attendance.user_id: attendance.user
        for attendance in Attendance.objects.filter(meeting=meeting).select_related("user")
    }
    context = {
        "meeting": meeting,
        "items": items,
        "is_chair": can_chair_meeting(request.user, meeting),
        "present": sorted(present.values(), key=lambda user: user.full_name),
        "hands": HandRaise.objects.filter(meeting=meeting, cleared_at__isnull=True)
        .select_related("user")
        .order_by("raised_at", "pk"),
        "members": meeting.group.memberships.select_related("user").order_by("user__full_name"),
        **live.current_item_context(current),
    }
    return render(request, "meetings/live/page.html", context)


@login_required
@require_POST
def action(request, pk):
    """Any live action as a plain form post, for when the websocket cannot be established."""
    meeting = get_meeting_for_user(request.user, pk)
    data = {key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    try:
        live.perform(
            actor=request.user,
            meeting=meeting,
            type=data.pop("type", ""),
            data=data,
            client_id=data.pop("client_id", "") or "",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:live", pk=meeting.pk)


@login_required
def minutes(request, pk):
    """The minutes (notulen) of a closed meeting: per item its title, summary, result and agreed
    measures. No thread messages, no source incident: de-identified by construction."""
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.status != Meeting.Status.CLOSED:
        raise NotFound
    agreed = Prefetch(
        "measures",
        queryset=AgreedMeasure.objects.filter(status=AgreedMeasure.Status.AGREED)
        .select_related("owner")
        .order_by("created_at", "pk"),
        to_attr="agreed_measures",
    )
    items = live.live_items(meeting).prefetch_related(agreed)
    return render(request, "meetings/live/minutes.html", {"meeting": meeting, "items": items})
