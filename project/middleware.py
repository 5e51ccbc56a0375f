from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from project.auth import is_fully_authenticated

# Paths a logged-in user without a second factor may still reach: enrolment, logout, health.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class RequireSecondFactorMiddleware:
    """With REQUIRE_2FA on, send a user without a second factor to enrol before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not is_fully_authenticated(user, request.session)
        ):
            return redirect(reverse("mfa_index"))
        return self.get_response(request)
