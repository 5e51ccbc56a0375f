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


class SignatureRequired(Exception):
    """A member who has not signed the group's current declaration asked for one of its pages:
    groups.middleware sends them to the declaration, the only page of the group they may see."""

    def __init__(self, group: IncidentGroup):
        super().__init__(group.pk)
        self.group = group


def get_group_for_user(user, pk, *, role: str = "member") -> IncidentGroup:
    """The group if user is a member of it; NotFound (404) otherwise.

    role="member": any member, signed or not (the declaration, leaving the group).
    role="signed": raises SignatureRequired for a member who has not signed the current
    declaration. role="chair": the same, and NotFound for a signed member who is no chair.
    """
    if user is None or not user.is_authenticated:
        raise NotFound
    try:
        group = (
            IncidentGroup.objects.filter(pk=pk, memberships__user=user)
            .select_related("current_declaration")
            .get()
        )
    except (IncidentGroup.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    if role in ("signed", "chair") and not is_signed_member(user, group):
        raise SignatureRequired(group)
    if role == "chair":
        require_chair(user, group)
    return group
