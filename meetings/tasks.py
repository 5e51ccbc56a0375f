"""Background work of the meetings app (thin: load, re-check, call the rule)."""

from meetings import retention
from project.tasks import task


@task("meetings.purge_closed_threads")
def purge_closed_threads() -> int:
    """Scheduled: purge the threads and event payloads of meetings closed longer ago than
    MEETING_THREAD_RETENTION_DAYS (meetings/retention.py); safe to run as often as wanted."""
    return retention.closed_threads_purge()
