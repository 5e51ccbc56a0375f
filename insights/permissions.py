"""Who may see which trends: everyone logged in sees the all-registers figures; a group's figures
only its members who signed the current declaration. Anyone else gets a 404, an unsigned member
too (the figures are the group's, not a page that leads to the declaration)."""

from groups.models import IncidentGroup
from groups.permissions import SignatureRequired, get_group_for_user
from project.errors import NotFound


def get_group_for_trends(user, pk) -> IncidentGroup:
    try:
        return get_group_for_user(user, pk, role="signed")
    except SignatureRequired:
        raise NotFound from None
