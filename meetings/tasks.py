"""Background work of meetings, run by name through project/tasks.py.

E-mails say only that something happened and link to the app: no title, no summary, no reason
(those are shown in the app, behind the login and the declaration). Arguments are ids only.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from groups.permissions import is_signed_member
from meetings import retention, services
from meetings.ics import meeting_ics
from meetings.models import AgendaItem, Meeting
from project.tasks import task


def _subject(kind: str, group_name: str) -> str:
    subjects = {
        "scheduled": _("Nieuwe bespreking van %(group)s"),
        "changed": _("Bespreking van %(group)s gewijzigd"),
        "cancelled": _("Bespreking van %(group)s geannuleerd"),
    }
    return subjects[kind] % {"group": group_name}


@task("meetings.notice_send")
def notice_send(meeting_id: int, kind: str, user_id: int, site_url: str) -> None:
    """E-mail one signed member that a meeting was scheduled, changed or cancelled, with its .ics.

    One task per member, so a retry never mails the others twice. Nothing is sent to someone
    who is no longer a signed member of the group.
    """
    meeting = Meeting.objects.select_related("group").filter(pk=meeting_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if meeting is None or user is None or not user.email:
        return
    if not is_signed_member(user, meeting.group):
        return
    with translation.override("nl"):
        url = site_url.rstrip("/") + reverse("meetings:detail", args=[meeting.pk])
        body = render_to_string(
            "meetings/email/meeting.txt", {"meeting": meeting, "kind": kind, "url": url}
        )
        message = EmailMessage(
            subject=_subject(kind, meeting.group.name), body=body, to=[user.email]
        )
        message.attach("bespreking.ics", meeting_ics(meeting, url=url), "text/calendar")
    message.send()


def _meeting_link(meeting_id: int) -> str:
    # Outside a request there is no host to build a link from: SITE_URL names it.
    return settings.SITE_URL.rstrip("/") + reverse("meetings:detail", args=[meeting_id])


def _tell_owners(item_ids, *, subject: str, template: str) -> None:
    items = AgendaItem.objects.filter(pk__in=item_ids).select_related("owner", "meeting__group")
    for item in items:
        if not item.owner.email:
            continue
        body = render_to_string(
            template, {"group": item.meeting.group, "url": _meeting_link(item.meeting_id)}
        )
        send_mail(subject, body, None, [item.owner.email])


@task("meetings.items_moved_send")
def items_moved_send(*item_ids: int) -> None:
    """Tell the owners of items moved to the next meeting when a meeting closed."""
    _tell_owners(
        item_ids,
        subject=_("Uw agendapunt is verplaatst naar de volgende bespreking"),
        template="meetings/email/item_moved.txt",
    )


@task("meetings.item_declined_send")
def item_declined_send(item_id: int) -> None:
    """Tell the owner that the chair declined their item (the reason is in the app only)."""
    _tell_owners(
        [item_id],
        subject=_("Uw agendapunt is niet op de agenda gezet"),
        template="meetings/email/item_declined.txt",
    )


@task("meetings.member_items_withdraw")
def member_items_withdraw(group_id: int, user_id: int) -> int:
    """A member left or was removed (groups enqueues this by name): the items they brought
    into the group's meetings still to come are withdrawn. Returns how many."""
    return AgendaItem.objects.filter(
        meeting__group_id=group_id,
        meeting__status=Meeting.Status.SCHEDULED,
        owner_id=user_id,
        status__in=(AgendaItem.Status.PROPOSED, AgendaItem.Status.ACCEPTED),
        confirmed_deidentified_at__isnull=False,
    ).update(status=AgendaItem.Status.WITHDRAWN)


@task("meetings.followups_propose_due")
def followups_propose_due() -> int:
    """Scheduled daily: each active group's next meeting gets a proposed follow-up for every
    agreed measure whose due date passed since (meetings.services.followups_propose)."""
    return services.followups_propose_due()


@task("meetings.purge_closed_threads")
def purge_closed_threads() -> int:
    """Scheduled: purge the threads and event payloads of meetings closed longer ago than
    MEETING_THREAD_RETENTION_DAYS (meetings/retention.py); safe to run as often as wanted."""
    return retention.closed_threads_purge()
