"""The one check of a session's second factor, shared by the HTTP middleware and the consumers."""

import time
from datetime import timedelta

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.dispatch import receiver
from django.utils import timezone

SECOND_FACTOR_METHOD = "mfa"


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user)


def session_owner_is(session, user) -> bool:
    return user is not None and session.get(SESSION_KEY) == str(user.pk)


def session_passed_second_factor(user, session) -> bool:
    """The session is user's (Django's login) and holds an "mfa" authentication record.

    The records are the session data allauth documents (allauth.account.authentication); a
    login as someone else flushes the session, records included.
    """
    if not session_owner_is(session, user):
        return False
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return isinstance(records, list) and any(
        isinstance(r, dict) and r.get("method") == SECOND_FACTOR_METHOD for r in records
    )


def is_fully_authenticated(user, session) -> bool:
    """True when this session may see data: logged in, active, and past the second step.

    A user with a second factor must have used it in this session (or set it up in it); a user
    without one passes only while REQUIRE_2FA is off. Websocket consumers call this on connect
    and for every incoming message.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if has_second_factor(user):
        return session_passed_second_factor(user, session)
    return not settings.REQUIRE_2FA


def _record_enrolment(sender, request, user, **kwargs):
    # Setting up a factor proves possession of it: count it as this session's second step.
    if request is not None and session_owner_is(request.session, user):
        records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
        records = records if isinstance(records, list) else []
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            *records,
            {"method": SECOND_FACTOR_METHOD, "at": time.time(), "enrolled": True},
        ]


def connect_signals():
    from allauth.mfa.signals import authenticator_added

    receiver(authenticator_added, dispatch_uid="project.auth.record_enrolment")(_record_enrolment)


def session_keep_alive(session) -> bool:
    """Count a websocket message as activity: extend the session's idle timeout.

    False when the session has ended (logged out, or idle past SESSION_COOKIE_AGE). Without
    this, a member who only talks over the websocket would be logged out in the middle of a
    meeting longer than the idle timeout, since no HTTP request extends the session.
    """
    from django.contrib.sessions.models import Session

    now = timezone.now()
    return bool(
        Session.objects.filter(session_key=session.session_key, expire_date__gt=now).update(
            expire_date=now + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        )
    )


def may_open_admin(user, session) -> bool:
    """Staff reach the admin only with a second factor, used in this very session.

    Whatever REQUIRE_2FA says: the admin is no back door around the app's login.
    """
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and has_second_factor(user)
        and session_passed_second_factor(user, session)
    )


def is_password_only_session(user, session) -> bool:
    """A user with a second factor whose session never used it (logged in some other way)."""
    return has_second_factor(user) and not session_passed_second_factor(user, session)
