"""The one check of a session's second factor, shared by the HTTP middleware and the consumers."""

import time
from datetime import timedelta

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
    user_logged_out,
)
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import constant_time_compare

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
    without one passes only while REQUIRE_2FA is off. Websocket consumers call it through
    live_session.
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
    receiver(user_logged_out, dispatch_uid="project.auth.notify_logout")(_notify_logout)


KEEP_ALIVE_STEP = timedelta(minutes=1)


def live_session(user_pk: int, session_key: str | None, *, keep_alive: bool = False):
    """(user, the session's expiry) while the session still lets user_pk see data, as the
    database has it now.

    None once the session has ended (logged out, flushed, idle past SESSION_COOKIE_AGE), belongs
    to someone else, no longer matches the user's password (Django's session hash), or lacks
    the second factor. With keep_alive (a message the user sent), the idle timeout restarts:
    without it a member who only talks over the websocket would be logged out mid-meeting, as
    no HTTP request extends the session. Listening is not activity.
    """
    from django.contrib.sessions.models import Session

    now = timezone.now()
    sessions = Session.objects.filter(session_key=session_key or "", expire_date__gt=now)
    row = sessions.first()
    if row is None:
        return None
    data = row.get_decoded()
    user = _session_user(data)
    if user is None or user.pk != user_pk or not is_fully_authenticated(user, data):
        return None
    renewed = now + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # A write per message was a row lock and a WAL record per chat line; the idle timeout only
    # needs minutes, so the expiry moves at most once per KEEP_ALIVE_STEP.
    if keep_alive and renewed - row.expire_date >= KEEP_ALIVE_STEP:
        row.expire_date = renewed
        sessions.update(expire_date=renewed)
    return user, row.expire_date


def _session_user(data: dict):
    """The user a session's data logs in, checked as django.contrib.auth.get_user does."""
    try:
        backend = load_backend(data[BACKEND_SESSION_KEY])
        user = backend.get_user(get_user_model()._meta.pk.to_python(data[SESSION_KEY]))
    except (KeyError, ImportError, ValidationError):
        return None
    if user is None or not hasattr(user, "get_session_auth_hash"):
        return user
    session_hash = data.get(HASH_SESSION_KEY) or ""
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    if any(constant_time_compare(session_hash, known) for known in hashes):
        return user
    return None


def _notify_logout(sender, request, user, **kwargs):
    # The session is flushed right after this signal: name it, so its sockets close at once.
    # The user's other sessions (other devices) re-check and stay while they still hold.
    if user is None or request is None:
        return
    from project.sockets import access_changed

    access_changed(user_pks=[user.pk], ended_session_key=request.session.session_key)


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
