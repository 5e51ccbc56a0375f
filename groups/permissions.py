"""Who may do what with an incident group. Plain sync functions of (user, group), so views and
websocket consumers (through database_sync_to_async) share them.

Being a member is not enough to see anything: only a member who signed the current secrecy
declaration holds VIEW_CONTENT. A chair who has not signed the current version acts as nobody.
Superusers get no bypass here: the declaration gates everyone.
"""

from guardian.shortcuts import get_user_perms

from groups.models import IncidentGroup
from project.errors import NotFound

VIEW_CONTENT = "view_group_content"
CHAIR = "chair_group"
VIEW_CONTENT_PERM = f"groups.{VIEW_CONTENT}"
CHAIR_PERM = f"groups.{CHAIR}"


def _codenames(user, group: IncidentGroup) -> set[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(get_user_perms(user, group))


def is_signed_member(user, group: IncidentGroup) -> bool:
    """A member who signed the group's current declaration (one query)."""
    return VIEW_CONTENT in _codenames(user, group)


def is_chair(user, group: IncidentGroup) -> bool:
    """A chair who signed the group's current declaration (one query)."""
    return {VIEW_CONTENT, CHAIR} <= _codenames(user, group)


def require_signed_member(user, group: IncidentGroup) -> None:
    if not is_signed_member(user, group):
        raise NotFound


def require_chair(user, group: IncidentGroup) -> None:
    if not is_chair(user, group):
        raise NotFound
