from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from project.auth import is_fully_authenticated, is_password_only_session

# Paths a logged-in user without a second factor may still reach: enrolment, logout, health.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class RequireSecondFactorMiddleware:
    """With REQUIRE_2FA on, send a user without a second factor to enrol before anything else.

    Whatever REQUIRE_2FA says, a session of a user who has a second factor but never used it
    (a password-only login from elsewhere) is logged out at the second-factor pages: it must not
    read recovery codes and use one to pass as fully authenticated.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(reverse("mfa_index"))
            and is_password_only_session(user, request.session)
        ):
            logout(request)
            messages.error(request, _("Log opnieuw in, met uw tweede factor."))
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if (
            settings.REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not is_fully_authenticated(user, request.session)
        ):
            return redirect(reverse("mfa_index"))
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Tell browsers and proxies to keep no copy of any page shown to a logged-in user.

    Register data, group content, CSV exports and print pages must not survive in a shared
    computer's browser cache or an intermediate proxy after logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class DebugNotFoundPageMiddleware:
    """With DEBUG on (the demo), show the Dutch 404 page instead of Django's technical one.

    Django answers an unknown URL or an Http404 with its technical page whenever DEBUG is on; the
    demo is used by practitioners, who should see the page production shows. Without DEBUG
    Django's own handler404 renders templates/404.html and this middleware does nothing. It is the
    innermost middleware, so sessions, CSP headers and the trailing-slash redirect still apply.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request, Http404())
        return response
