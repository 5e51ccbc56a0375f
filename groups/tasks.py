"""Background work of incident groups: the invitation e-mail."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groups.models import Invitation
from project.tasks import task


@task("groups.invitation_send")
def invitation_send(invitation_id: int, token: str, site_url: str) -> None:
    """E-mail the invitation's single-use link; nothing when it was revoked, used or expired.

    The raw token travels as an argument because only its hash is stored; it is a link secret,
    not personal data, and is useless once the invitation is used or revoked.
    """
    invitation = (
        Invitation.objects.select_related("group", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.used_at or invitation.revoked_at:
        return
    if invitation.expires_at <= timezone.now():
        return
    with translation.override("nl"):
        link = site_url.rstrip("/") + reverse("groups:invitation", args=[token])
        context = {
            "invitation": invitation,
            "group": invitation.group,
            "actor": invitation.invited_by,
            "link": link,
        }
        subject = _("Uitnodiging voor de incidentgroep %(group)s") % {
            "group": invitation.group.name
        }
        body = render_to_string("groups/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
