"""The summary check: what the de-identification checker finds in texts about to cross.

Only what the owner wrote and confirmed crosses into a group: a title, the category code, the
sanitised summary and the hulpvraag. The incident's number, patient fields, birth dates and
reporter never do. Every text that crosses is scanned by the checker with the incident's known
identifiers; a known identifier cannot be waved through, every other finding must be confirmed
one by one as not identifying (sharing.services.agenda_item_share enforces it).

It also provides the checking seam's "agenda_item" source (project/checking.py): whoever writes
in a shared item's thread, result or measures, the checker worker finds the source incident's
known identifiers there, without any of them leaving this side of the wall.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.checker import incident_known
from incidents.models import Incident
from incidents.selectors import known_identifiers
from project import checking
from sharing.models import SharedItem

LABELS = {
    "title": gettext_lazy("Titel"),
    "summary": gettext_lazy("Samenvatting"),
    "question": gettext_lazy("Hulpvraag"),
}


def share_draft(*, actor, incident: Incident) -> dict:
    """The prefill of the share form (incident: one of actor's own): edit rather than retype."""
    return {
        "title": "",
        "category": incident.category,
        "category_label": incident.get_category_display(),
        "summary": incident.description,
        "question": "",
        "known": known_identifiers(incident, actor=actor),
    }


class ShareBlocked(ValidationError):
    """The texts still hold identifying data; `check` says where."""

    def __init__(self, check: checking.TextCheck):
        self.check = check
        super().__init__(
            _("De samenvatting bevat nog gegevens die tot een persoon te herleiden kunnen zijn."),
            code="identifying",
        )


def share_check(
    *, actor, incident: Incident, texts: dict[str, str], accepted: set[str] = frozenset()
) -> checking.TextCheck:
    """Scan the texts that would cross; raises checking.CheckerNotReady while none is ready.

    Through the checking seam: only the texts and the incident's id go to the checker; the
    known identifiers (and the incident's number) are read on that side.
    """
    return checking.check_texts(
        texts, source=("incident", incident.pk), accepted=accepted, labels=LABELS
    )


@checking.provides("agenda_item")
def _known_of_item(item_id: int) -> list[str]:
    """The known identifiers of the incident an agenda item was shared from; none for a free
    topic. Read on the checker's side only: text in the item's thread, its result and its
    measures is checked against them whoever writes it."""
    shared = (
        SharedItem.objects.select_related("incident__register__owner")
        .filter(item_id=item_id)
        .first()
    )
    if shared is None or shared.incident is None:
        return []
    return incident_known(shared.incident)
