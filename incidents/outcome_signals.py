"""Tell item owners that an outcome is ready, decoupled from the live meeting's code.

When a meeting is saved as closed, each owner of an item that came from an incident and has a
recorded result gets one `OutcomeNotice` per outcome version (so saving again, or closing again
without a change, tells no one twice) and, after commit, an e-mail that says only that an outcome
is ready, with a link: nothing of the discussion travels by e-mail.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from incidents.models import OutcomeNotice
from meetings.models import AgendaItem, Meeting


def _register_url() -> str:
    # Outside a request there is no host to build a link from: SITE_URL names it.
    return settings.SITE_URL.rstrip("/") + reverse("incidents:register")


def _send_outcome_ready(emails: list[str]) -> None:
    subject = _("Uitkomst van een bespreking klaar om te importeren")
    body = render_to_string("incidents/email/outcome_ready.txt", {"url": _register_url()})
    for email in emails:
        send_mail(subject, body, None, [email])


@receiver(post_save, sender=Meeting, dispatch_uid="incidents.outcome_notice_on_close")
def notify_outcome_owners(sender, instance: Meeting, raw=False, **kwargs):
    if raw or instance.status != Meeting.Status.CLOSED:
        return
    items = (
        AgendaItem.objects.filter(
            meeting=instance, result_recorded_at__isnull=False, source_incident__isnull=False
        )
        .exclude(result="")
        .select_related("owner")
    )
    emails = set()
    for item in items:
        _notice, created = OutcomeNotice.objects.get_or_create(
            item=item, outcome_version=item.outcome_version
        )
        if created and item.owner.email:
            emails.add(item.owner.email)
    if emails:
        transaction.on_commit(lambda: _send_outcome_ready(sorted(emails)))
