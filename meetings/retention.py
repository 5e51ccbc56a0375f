"""What a group keeps of a closed meeting: its minutes (agenda, results, agreed measures,
attendance). The thread and the live record's payloads go MEETING_THREAD_RETENTION_DAYS after
closing, long enough for the chair to draw up the minutes from them.

The purge deletes the thread's messages rather than blanking them: who wrote when is no part of
the minutes, and a message row without its body would keep just that. The event rows stay, each
under its sequence number with its type and the payload `{"purged": true}`, so a client
catching up still sees an unbroken sequence. The rows keep their type and actor: the minutes'
attendance is read from who took part.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from meetings import events
from meetings.models import HandRaise, Meeting, MeetingEvent, Message

PURGED = {"purged": True}


def retention() -> timedelta:
    return timedelta(days=settings.MEETING_THREAD_RETENTION_DAYS)


def thread_purge_due(meeting: Meeting) -> datetime | None:
    """When a closed meeting's thread goes; None while it is open or once it has gone."""
    if meeting.closed_at is None or meeting.thread_purged:
        return None
    return meeting.closed_at + retention()


@transaction.atomic
def thread_purge(meeting: Meeting | int, *, now: datetime | None = None) -> bool:
    """Purge one closed meeting's thread and event payloads if they are due; False when there
    was nothing to do (not closed, not yet due, or purged already), so running again is safe."""
    meeting = events.lock(meeting)
    now = now or timezone.now()
    due = thread_purge_due(meeting)
    if meeting.status != Meeting.Status.CLOSED or due is None or due > now:
        return False
    Message.objects.filter(item__meeting=meeting).delete()
    HandRaise.objects.filter(meeting=meeting).delete()
    MeetingEvent.objects.filter(meeting=meeting).update(data=PURGED, client_id="")
    meeting.purged_at = now
    meeting.save(update_fields=["purged_at", "updated_at"])
    return True


def closed_threads_purge(*, now: datetime | None = None) -> int:
    """Purge every closed meeting whose retention has run out; the number purged."""
    now = now or timezone.now()
    due = (
        Meeting.objects.filter(status=Meeting.Status.CLOSED, closed_at__lte=now - retention())
        .filter(Q(purged_at__isnull=True) | Q(purged_at__lt=F("closed_at")))
        .values_list("pk", flat=True)
    )
    return sum(thread_purge(pk, now=now) for pk in due)
