"""Reads across the boundary, for the owner only: outcomes waiting for import, the discussions
of an incident, and the labels that name where an outcome comes from.

The link from an item to its incident (`SharedItem`) is only ever read here, filtered on the
item's owner: it is never shown to anyone else (DESIGN.md, the privacy boundary).
"""

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Incident
from incidents.permissions import incidents_visible_to
from meetings.models import AgendaItem, Meeting
from meetings.selectors import agreed_measures_prefetch
from sharing.models import OutcomeImport

NO_ACCESS = gettext_lazy(
    "Deze uitkomst kan niet worden geïmporteerd: u heeft geen toegang meer tot de melding "
    "waaruit u dit agendapunt heeft ingebracht (bijvoorbeeld omdat u niet meer meldt in dat "
    "register). Vraag de eigenaar van dat register om de uitkomst zelf vast te leggen."
)
HIDDEN_ITEM_STATUSES = (AgendaItem.Status.DECLINED, AgendaItem.Status.WITHDRAWN)


def meeting_date(meeting: Meeting) -> date:
    return timezone.localdate(meeting.starts_at)


def _label_parts(item: AgendaItem) -> dict:
    return {
        "group": item.meeting.group.name,
        "date": formats.date_format(meeting_date(item.meeting), "j F Y"),
    }


def outcome_heading(item: AgendaItem) -> str:
    return _("Uitkomst van de bespreking in %(group)s op %(date)s") % _label_parts(item)


def outcome_label(item: AgendaItem) -> str:
    """'Bespreking in <group> op <date>': where a discussion and its measures come from."""
    return _("Bespreking in %(group)s op %(date)s") % _label_parts(item)


def _labelled(items: list[AgendaItem]) -> list[AgendaItem]:
    """Each item with its `heading` and `label`, so templates need no tag that computes them."""
    for item in items:
        item.heading = outcome_heading(item)
        item.label = outcome_label(item)
    return items


def _not_imported():
    return ~Exists(
        OutcomeImport.objects.filter(
            item=OuterRef("pk"), outcome_version=OuterRef("outcome_version")
        )
    )


def outcomes_waiting() -> QuerySet[AgendaItem]:
    """Every item of a closed meeting with a recorded result, shared from an incident, whose
    current outcome version has not been imported yet."""
    return AgendaItem.objects.filter(
        _not_imported(),
        meeting__status=Meeting.Status.CLOSED,
        result_recorded_at__isnull=False,
        shared__incident__isnull=False,
    ).exclude(result="")


def pending_outcomes_for(user) -> QuerySet[AgendaItem]:
    """The user's items of closed meetings with a recorded result whose current outcome version
    has not been imported, each annotated with whether the source incident is still visible
    (one query)."""
    if not user.is_authenticated:
        return AgendaItem.objects.none()
    return (
        outcomes_waiting()
        .filter(owner=user)
        .annotate(
            imported_before=Exists(OutcomeImport.objects.filter(item=OuterRef("pk"))),
            incident_visible=Exists(
                incidents_visible_to(user).filter(pk=OuterRef("shared__incident_id"))
            ),
        )
        .select_related("meeting__group", "shared__incident")
        .order_by("-meeting__starts_at", "position")
    )


def pending_outcomes_list(user) -> list[AgendaItem]:
    """The register page's outcomes waiting for import, with their agreed measures (two
    queries); the source incident's patient fields are not even read."""
    pending = pending_outcomes_for(user).defer(
        "shared__incident__patient_names", "shared__incident__patient_birth_dates"
    )
    return _labelled(list(pending.prefetch_related(agreed_measures_prefetch())))


def pending_outcomes_for_incident(user, incident: Incident) -> list[AgendaItem]:
    """The outcomes waiting for import into one incident, with their agreed measures."""
    return _labelled(
        list(
            pending_outcomes_for(user)
            .filter(shared__incident=incident)
            .prefetch_related(agreed_measures_prefetch())
        )
    )


def discussion_history(incident: Incident, *, owner) -> list[AgendaItem]:
    """Each meeting where the incident was on the agenda, with its outcome, oldest first.

    Only the items `owner` brought in: the link from an item to its incident is never shown to
    anyone else (DESIGN.md, the privacy boundary). Each item carries `is_imported` (its current
    outcome version is in the register) and `agreed_measures`.
    """
    imported = OutcomeImport.objects.filter(
        item=OuterRef("pk"), outcome_version=OuterRef("outcome_version")
    )
    return _labelled(
        list(
            AgendaItem.objects.filter(shared__incident=incident, owner_id=owner.pk)
            .exclude(status__in=HIDDEN_ITEM_STATUSES)
            .annotate(is_imported=Exists(imported))
            .select_related("meeting__group")
            .prefetch_related(agreed_measures_prefetch())
            .order_by("meeting__starts_at", "pk")
        )
    )


def incident_outcomes(user, incident: Incident) -> dict:
    """What the viewing owner sees on an incident: outcomes to import and the discussions."""
    return {
        "pending": pending_outcomes_for_incident(user, incident),
        "history": discussion_history(incident, owner=user),
    }
