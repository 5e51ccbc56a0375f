"""The .ics calendar file of a meeting (RFC 5545), for the e-mails and the meeting page.

One UID per meeting, so calendars update the event on a change and remove it on a
cancellation; SEQUENCE grows with every change.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from meetings.models import Meeting


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@vim-kring"


def meeting_sequence(meeting: Meeting) -> int:
    # Seconds between creation and the last change: grows with every change, without a field.
    return max(0, int((meeting.updated_at - meeting.created_at).total_seconds()))


def meeting_ics(meeting: Meeting, *, url: str = "") -> bytes:
    """The meeting as a one-event calendar; a cancelled meeting as a cancellation."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//VIM-kring//Besprekingen//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", _("Bespreking %(group)s") % {"group": meeting.group.name})
    event.add("sequence", meeting_sequence(meeting))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.location:
        event.add("location", meeting.location)
    description = [meeting.notes] if meeting.notes else []
    if meeting.video_url:
        description.append(_("Videolink: %(url)s") % {"url": meeting.video_url})
    if url:
        description.append(_("Agenda: %(url)s") % {"url": url})
        event.add("url", url)
    if description:
        event.add("description", "\n\n".join(description))
    calendar.add_component(event)
    return calendar.to_ical()
