"""Background work of the register: the scheduled retention purge."""

import logging

from django.conf import settings

from incidents import checker  # noqa: F401  (registers incidents.deidentify_check)
from incidents.selectors import incidents_past_retention
from incidents.services import incident_purge
from project.tasks import task

logger = logging.getLogger(__name__)


@task("incidents.purge_expired")
def purge_expired() -> dict[str, int]:
    """The nightly purge (celery beat): a dry run that only counts, unless PURGE_APPLY is set.

    Idempotent: a purged incident is gone, so a second run finds nothing more. Logs counts only.
    """
    expired = list(incidents_past_retention().order_by("created_at"))
    deleted = 0
    if settings.PURGE_APPLY:
        for incident in expired:
            incident_purge(actor=None, incident=incident, origin="schedule")
            deleted += 1
    logger.info(
        "Retention purge: %d incident(s) past retention, %d deleted%s",
        len(expired),
        deleted,
        "" if settings.PURGE_APPLY else " (dry run; set PURGE_APPLY=1 to delete)",
    )
    return {"expired": len(expired), "deleted": deleted}
