"""Tell item owners that an outcome is ready, once the meeting is closed.

meetings.live.meeting_close enqueues "sharing.outcome_notices_send" by name (meetings does not
import sharing). Each owner of an item that came from an incident and has a recorded result gets
one `OutcomeNotice` per outcome version (so running again, or closing again without a change,
tells no one twice) and, after commit, an e-mail that says only that an outcome is ready, with a
link: nothing of the discussion travels by e-mail.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, Meeting
from project.tasks import enqueue_on_commit, task
from sharing.models import OutcomeNotice


def _register_url() -> str:
    # Outside a request there is no host to build a link from: SITE_URL names it.
    return settings.SITE_URL.rstrip("/") + reverse("incidents:register")


@task("sharing.outcome_notices_send")
@transaction.atomic
def outcome_notices_send(meeting_id: int) -> None:
    """Record the notices of a closed meeting's outcomes not announced before, and e-mail each
    in its own task, so a failing mail is retried on its own and never lost with the notice."""
    items = (
        AgendaItem.objects.filter(
            meeting_id=meeting_id,
            meeting__status=Meeting.Status.CLOSED,
            result_recorded_at__isnull=False,
            shared__incident__isnull=False,
        )
        .exclude(result="")
        .select_related("owner")
    )
    for item in items:
        notice, created = OutcomeNotice.objects.get_or_create(
            item=item, outcome_version=item.outcome_version
        )
        if created and item.owner.email:
            enqueue_on_commit("sharing.outcome_notice_mail", notice.pk)


@task("sharing.outcome_notice_mail")
def outcome_notice_mail(notice_id: int) -> None:
    """The e-mail of one notice: only that an outcome is ready, with a link to the register."""
    notice = OutcomeNotice.objects.select_related("item__owner").filter(pk=notice_id).first()
    if notice is None or not notice.item.owner.email:
        return
    subject = _("Uitkomst van een bespreking klaar om te importeren")
    body = render_to_string("sharing/email/outcome_ready.txt", {"url": _register_url()})
    send_mail(subject, body, None, [notice.item.owner.email])
