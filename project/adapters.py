from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

# Set by the groups app when someone opens a valid invitation link before signing up.
INVITATION_SESSION_KEY = "pending_invitation"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        if settings.ACCOUNT_SIGNUP_OPEN:
            return True
        return bool(request.session.get(INVITATION_SESSION_KEY))
