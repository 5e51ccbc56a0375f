"""The channel-layer groups live connections listen on, and the doorbell every path that takes
access away rings after commit.

A socket listens on `user.<pk>` (its user) and `meeting.<pk>` (its meeting). A service that
ends someone's right to see a meeting (logout, leaving, removal, a new declaration, cancelling,
deleting) calls `access_changed` inside its transaction; after commit each affected socket
re-checks the one rule (meetings.permissions.live_access) and closes when it fails. The message
carries no reason: the rule, read from the database, is the only judge.
"""

import hashlib
import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

ACCESS_CHANGED = "access.changed"


def meeting_group_name(meeting_pk: int) -> str:
    return f"meeting.{meeting_pk}"


def user_group_name(user_pk: int) -> str:
    return f"user.{user_pk}"


def session_fingerprint(session_key: str | None) -> str:
    """Names a session in a channel message without putting the key itself on the wire."""
    return hashlib.sha256((session_key or "").encode()).hexdigest()


def access_changed(*, user_pks=(), meeting_pks=(), ended_session_key: str | None = None) -> None:
    """After commit, tell the sockets of these users and meetings to re-check their access.

    `ended_session_key` names a session that is ending right now (a logout, whose session is
    flushed only after the signal): sockets on it close without asking the database.
    """
    groups = [user_group_name(pk) for pk in user_pks] + [
        meeting_group_name(pk) for pk in meeting_pks
    ]
    message = {"type": ACCESS_CHANGED}
    if ended_session_key:
        message["ended_session"] = session_fingerprint(ended_session_key)
    transaction.on_commit(partial(_send, groups, message))


def _send(groups: list[str], message: dict) -> None:
    layer = get_channel_layer()
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            # The change stands. A socket that missed the doorbell is one whose layer lost Redis:
            # it closes itself (project/channel_layer.py) and the rule is read again on reconnect.
            logger.warning("Access-changed notice to %s failed", group, exc_info=True)
