"""Background work of meetings: the members' notices (with the .ics) and, later, reminders."""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from groups.permissions import is_signed_member
from meetings.ics import meeting_ics
from meetings.models import Meeting
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
