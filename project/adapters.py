from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from django.conf import settings
from django.urls import reverse

from project.tasks import enqueue

# Set by the groups app when someone opens a valid invitation link before signing up: the raw
# token (to come back to the invitation) and the address the invitation was sent to.
INVITATION_SESSION_KEY = "pending_invitation"
INVITATION_EMAIL_SESSION_KEY = "pending_invitation_email"


def remember_invitation(request, *, token: str, email: str) -> None:
    """Keep an opened invitation for the sign-up or login that follows.

    The link was e-mailed to `email`, so following it proves that address: allauth then creates
    the account with the address verified (its `is_email_verified`) and prefills the form.
    """
    request.session[INVITATION_SESSION_KEY] = token
    request.session[INVITATION_EMAIL_SESSION_KEY] = email
    get_adapter(request).stash_verified_email(request, email)


def forget_invitation(request) -> None:
    for key in (INVITATION_SESSION_KEY, INVITATION_EMAIL_SESSION_KEY):
        request.session.pop(key, None)
    if request.session.get("account_verified_email"):
        get_adapter(request).unstash_verified_email(request)


def invited_email(request) -> str:
    """The address of the invitation opened in this session ("" if none)."""
    return request.session.get(INVITATION_EMAIL_SESSION_KEY, "") if request is not None else ""


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        if settings.ACCOUNT_SIGNUP_OPEN:
            return True
        # Invitation-only: open for the invited address alone (SignupProfileForm checks it).
        return bool(invited_email(request))

    def get_login_redirect_url(self, request):
        # An invitee who signed up logs in after confirming the e-mail, by which time allauth
        # has lost the invitation's `next`: the pending invitation in the session brings them
        # back to it.
        return _pending_invitation_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return _pending_invitation_url(request) or super().get_signup_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (confirmation, password reset, …) go out by task like every other
        e-mail: rendered here, sent and retried by the engine, so a mail server that fails
        never fails the request. Their content is a link for the account holder, no patient
        data."""
        message = self.render_mail(template_prefix, email, context)
        alternatives = [list(alternative) for alternative in getattr(message, "alternatives", [])]
        enqueue(
            "project.mail_send",
            message.subject,
            message.body,
            message.from_email,
            list(message.to),
            alternatives,
        )


def _pending_invitation_url(request) -> str:
    token = request.session.get(INVITATION_SESSION_KEY)
    return reverse("groups:invitation", args=[token]) if token else ""
