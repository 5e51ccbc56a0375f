"""Reminders from the sharing app: an outcome waiting to be imported into the register."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from reminders.due import Due
from reminders.models import Kind
from sharing.selectors import outcomes_waiting


def due_on(today: datetime.date) -> list[Due]:
    """To the item's owner, per outcome version, until it is imported."""
    url = reverse("incidents:register")
    line = _("Een uitkomst van een bespreking staat klaar om te importeren in uw register.")
    return [
        Due(
            kind=Kind.OUTCOME,
            user_id=owner_id,
            key=f"outcome:{item_id}:{version}",
            line=line,
            url=url,
        )
        for item_id, version, owner_id in outcomes_waiting()
        .order_by("pk")
        .values_list("pk", "outcome_version", "owner_id")
    ]
