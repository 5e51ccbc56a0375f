from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

# Set by the groups app when someone opens a valid invitation link before signing up.
INVITATION_SESSION_KEY = "pending_invitation"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        if settings.ACCOUNT_SIGNUP_OPEN:
            return True
        return bool(request.session.get(INVITATION_SESSION_KEY))

    def get_login_redirect_url(self, request):
        # An invitee who signed up logs in after confirming the e-mail, by which time allauth
        # has lost the invitation's `next`: the pending invitation in the session brings them
        # back to it.
        token = request.session.get(INVITATION_SESSION_KEY)
        if token:
            return reverse("groups:invitation", args=[token])
        return super().get_login_redirect_url(request)
