"""The live meeting page, its plain-HTTP fallback for every action, the minutes, and the thread
after the meeting (until it is purged)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings import checking, live, protocol, selectors
from meetings.models import Meeting
from meetings.permissions import can_chair_meeting, can_view_thread, get_meeting_for_user
from meetings.retention import thread_purge_due
from project.errors import NotFound

PAGE_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.LIVE)


@login_required
def live_page(request, pk):
    # Read the sequence number before the state: replaying later events over a newer state
    # converges, missing one would not.
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.status == Meeting.Status.CLOSED:
        # What the group keeps of a closed meeting is its minutes, not a replay of the thread.
        return redirect("meetings:minutes", pk=meeting.pk)
    if meeting.status not in PAGE_STATUSES:
        raise NotFound
    items = list(selectors.live_items(meeting))
    current = next((item for item in items if item.pk == meeting.current_item_id), None)
    context = {
        "meeting": meeting,
        "items": items,
        "is_chair": can_chair_meeting(request.user, meeting),
        "present": selectors.present_members(meeting),
        "hands": selectors.open_hands(meeting),
        "members": meeting.group.memberships.select_related("user").order_by("user__full_name"),
        "max_message_bytes": settings.LIVE_MAX_MESSAGE_BYTES,
        "starts_early": meeting.starts_at - timezone.now() > live.EARLY_START,
        **selectors.current_item_context(current),
    }
    return render(request, "meetings/live/page.html", context)


@login_required
@require_POST
def action(request, pk):
    """Any live action as a plain form post, for when the websocket cannot be established."""
    meeting = get_meeting_for_user(request.user, pk)
    try:
        protocol.perform(
            actor=request.user,
            meeting=meeting,
            type=request.POST.get("type", ""),
            data=request.POST,
            client_id=request.POST.get("client_id", ""),
        )
    except checking.HeldBack as held:
        return _held(request, meeting, check=held.check)
    except ValidationError as error:
        if checking.not_ready(error):
            return _held(request, meeting, not_ready=" ".join(error.messages))
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:live", pk=meeting.pk)


def _held(request, meeting: Meeting, *, check=None, not_ready: str = ""):
    """A text the checker held back, over plain HTTP: the findings highlighted, and the same
    action again with what the author typed, to edit or to confirm finding by finding."""
    form_class = protocol.ACTIONS[request.POST["type"]]
    texts = form_class.checked
    kept = {"csrfmiddlewaretoken", "client_id", "accepted", *texts}
    context = {
        "meeting": meeting,
        "check": check,
        "not_ready": not_ready,
        "accepted": set(request.POST.getlist("accepted")),
        "texts": [
            {"name": name, "label": checking.LABELS[name], "value": request.POST.get(name, "")}
            for name in texts
        ],
        "hidden": [
            (key, value)
            for key in request.POST
            if key not in kept
            for value in request.POST.getlist(key)
        ],
    }
    return render(request, "meetings/live/held.html", context)


@login_required
def close(request, pk):
    """The chair's confirmation before closing: the undiscussed items, which can go to the
    group's next meeting in the same step (posted to `action` as meeting.close)."""
    meeting = get_meeting_for_user(request.user, pk, role="chair")
    if meeting.status != Meeting.Status.LIVE:
        return redirect("meetings:live", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "undiscussed": selectors.undiscussed_items(meeting),
        "next_meeting": selectors.next_meeting(meeting),
    }
    return render(request, "meetings/live/close.html", context)


@login_required
def minutes(request, pk):
    """The minutes (notulen) of a closed meeting: per item its title, summary, result and agreed
    measures. No thread messages, no source incident: de-identified by construction."""
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.status != Meeting.Status.CLOSED:
        raise NotFound
    context = {
        "meeting": meeting,
        "items": selectors.minutes_items(meeting),
        "attendees": selectors.attendees(meeting),
        "is_chair": can_chair_meeting(request.user, meeting),
        "thread_visible": can_view_thread(request.user, meeting),
        "purge_due": thread_purge_due(meeting),
    }
    return render(request, "meetings/live/minutes.html", context)


@login_required
def thread(request, pk):
    """A closed meeting's thread, for the members who could follow it live, until it is purged:
    the chair draws up the minutes from it, and the chair or an author can still remove a
    message."""
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.status != Meeting.Status.CLOSED or not can_view_thread(request.user, meeting):
        raise NotFound
    context = {
        "meeting": meeting,
        "items": selectors.thread_items(meeting),
        "is_chair": can_chair_meeting(request.user, meeting),
        "purge_due": thread_purge_due(meeting),
    }
    return render(request, "meetings/live/thread.html", context)


@login_required
@require_POST
def message_redact(request, pk, message_pk):
    """The chair removes a message, or its author their own, during or after the meeting."""
    meeting = get_meeting_for_user(request.user, pk)
    try:
        live.message_redact(actor=request.user, meeting=meeting, message_id=message_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if meeting.status == Meeting.Status.CLOSED:
        return redirect("meetings:thread", pk=meeting.pk)
    return redirect("meetings:live", pk=meeting.pk)
