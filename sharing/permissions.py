"""Who may do what across the boundary: only an item's owner ever reaches its outcome.

The incident side is decided by incidents.permissions (get_incident_for_user, role="owner" to
share), the meeting side by meetings.permissions; this module adds the owner's own items.
"""

from meetings.models import AgendaItem
from project.errors import NotFound


def get_own_item(user, pk, *, lock: bool = False) -> AgendaItem:
    """An agenda item user brought in (locked until commit with lock=True); NotFound otherwise.

    Someone else's item is a 404 whatever its meeting: an outcome is its owner's alone.
    """
    if user is None or not user.is_authenticated:
        raise NotFound
    items = AgendaItem.objects.select_related("meeting__group")
    if lock:
        items = items.select_for_update(of=("self",))
    try:
        return items.get(pk=pk, owner_id=user.pk)
    except (AgendaItem.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
