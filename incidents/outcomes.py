"""Closing the loop: the owner imports a meeting's outcome into the private incident.

`import_outcome` is the only way a meeting outcome enters an incident. Only the agenda item's
owner may import, only while they can still see the source incident, only once the meeting is
closed with a result recorded. The import fills "geanonimiseerd besproken met collega's", adds
the result to what was there and turns each agreed measure into a `Measure` that points back
to the meeting. One `OutcomeImport` per (item, outcome_version) makes a second import a no-op,
while an outcome the chair changed later is a new one to import. Re-exported from
incidents.services.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Incident, Measure, OutcomeImport
from incidents.selectors import get_incident_for_user, incidents_visible_to
from meetings.models import AgendaItem, AgreedMeasure, Meeting
from project import access_log
from project.errors import NotFound

# A measure agreed without a date still needs one in the register; the owner can change it.
DEFAULT_DUE_AFTER = timedelta(weeks=4)
SOURCE_REF_PREFIX = "agendaitem:"
NO_ACCESS = gettext_lazy(
    "Deze uitkomst kan niet worden geïmporteerd: u heeft geen toegang meer tot de melding "
    "waaruit u dit agendapunt heeft ingebracht (bijvoorbeeld omdat u niet meer meldt in dat "
    "register). Vraag de eigenaar van dat register om de uitkomst zelf vast te leggen."
)


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


def _agreed(queryset=None):
    queryset = queryset if queryset is not None else AgreedMeasure.objects.all()
    return queryset.filter(status=AgreedMeasure.Status.AGREED).select_related("owner")


def agreed_prefetch() -> Prefetch:
    return Prefetch("measures", queryset=_agreed(), to_attr="agreed_measures")


@dataclass(frozen=True)
class ImportResult:
    record: OutcomeImport
    created: bool


def _source_incident(actor, item: AgendaItem) -> Incident:
    if item.source_incident_id is None:
        raise ValidationError(
            _("Dit agendapunt hoort niet bij een melding: er is niets te importeren."),
            code="free_topic",
        )
    try:
        return get_incident_for_user(actor, item.source_incident_id)
    except NotFound:
        raise ValidationError(NO_ACCESS, code="no_access") from None


def _require_ready(item: AgendaItem) -> None:
    if item.meeting.status != Meeting.Status.CLOSED:
        raise ValidationError(
            _("De bespreking is nog niet afgesloten: de uitkomst kan nog veranderen."),
            code="not_closed",
        )
    if item.result_recorded_at is None or not item.result.strip():
        raise ValidationError(
            _("Voor dit agendapunt is (nog) geen resultaat vastgelegd."), code="no_result"
        )


def measure_ref(item: AgendaItem, agreed: AgreedMeasure) -> str:
    return f"{SOURCE_REF_PREFIX}{item.pk}/maatregel:{agreed.pk}"


def _new_measures(
    item: AgendaItem, incident: Incident, previous: OutcomeImport | None
) -> list[AgreedMeasure]:
    """The agreed measures not yet in the register as they are now: a changed outcome adds the
    new and the changed ones, never a second copy of one imported before (nor a silent
    overwrite of the owner's edits of it)."""
    imported_refs = set(
        Measure.objects.filter(
            incident=incident, source_ref__startswith=f"{SOURCE_REF_PREFIX}{item.pk}/"
        ).values_list("source_ref", flat=True)
    )
    return [
        agreed
        for agreed in _agreed(item.measures.all())
        if measure_ref(item, agreed) not in imported_refs
        or (previous is not None and agreed.updated_at > previous.imported_at)
    ]


def _appended(existing: str, addition: str) -> str:
    existing = existing.rstrip()
    return f"{existing}\n\n{addition}" if existing else addition


@transaction.atomic
def import_outcome(*, actor, item: AgendaItem, request=None) -> ImportResult:
    """The item's owner copies the outcome of a closed meeting into the source incident, once
    per outcome version; the result is added to what was there, never overwrites it."""
    # Circular by design: incidents.services re-exports this module at its end.
    from incidents import services

    try:
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting__group")
            .get(pk=item.pk, owner_id=actor.pk)
        )
    except AgendaItem.DoesNotExist:
        raise NotFound from None
    incident = _source_incident(actor, item)
    _require_ready(item)
    existing = OutcomeImport.objects.filter(item=item, outcome_version=item.outcome_version).first()
    if existing is not None:
        return ImportResult(existing, created=False)

    previous = OutcomeImport.objects.filter(item=item).order_by("-imported_at").first()
    label = outcome_label(item)
    heading = label if previous is None else _("%(label)s (gewijzigde uitkomst)") % {"label": label}
    incident = services.incident_discussion_record(
        actor=actor,
        incident=Incident.objects.select_for_update().get(pk=incident.pk),
        discussed_on=meeting_date(item.meeting),
        discussed_in=item.meeting.group.name[:200],
        result=_appended(incident.discussion_result, f"{heading}:\n{item.result.strip()}"),
        request=request,
        origin="import",
    )
    for agreed in _new_measures(item, incident, previous):
        owner = agreed.owner or actor
        services.measure_add(
            actor=actor,
            incident=incident,
            description=agreed.description,
            owner_name=(owner.full_name or owner.email)[:150],
            due_on=agreed.due_on or meeting_date(item.meeting) + DEFAULT_DUE_AFTER,
            source_label=label[:200],
            source_ref=measure_ref(item, agreed),
            request=request,
            origin="import",
        )
    try:
        with transaction.atomic():
            record = OutcomeImport.objects.create(
                item=item,
                outcome_version=item.outcome_version,
                incident=incident,
                imported_by=actor,
            )
    except IntegrityError:
        # The item row lock makes this unreachable on PostgreSQL; the constraint is the backstop.
        raise ValidationError(_("Deze uitkomst is al geïmporteerd."), code="imported") from None
    access_log.record(
        actor=actor,
        action="outcome.imported",
        incident=incident,
        request=request,
        origin="import",
        detail=f"{label} (v{item.outcome_version})",
    )
    return ImportResult(record, created=True)


# --- Reads ------------------------------------------------------------------------------------


def _not_imported():
    return ~Exists(
        OutcomeImport.objects.filter(
            item=OuterRef("pk"), outcome_version=OuterRef("outcome_version")
        )
    )


def pending_outcomes_for(user) -> QuerySet[AgendaItem]:
    """The user's items of closed meetings with a recorded result whose current outcome version
    has not been imported, each annotated with whether the source incident is still visible
    (one query)."""
    if not user.is_authenticated:
        return AgendaItem.objects.none()
    return (
        AgendaItem.objects.filter(
            _not_imported(),
            owner=user,
            meeting__status=Meeting.Status.CLOSED,
            result_recorded_at__isnull=False,
            source_incident__isnull=False,
        )
        .exclude(result="")
        .annotate(
            imported_before=Exists(OutcomeImport.objects.filter(item=OuterRef("pk"))),
            incident_visible=Exists(
                incidents_visible_to(user).filter(pk=OuterRef("source_incident_id"))
            ),
        )
        .select_related("meeting__group", "source_incident")
        .order_by("-meeting__starts_at", "position")
    )


def pending_outcomes_for_incident(user, incident: Incident) -> list[AgendaItem]:
    """The outcomes waiting for import into one incident, with their agreed measures."""
    return list(
        pending_outcomes_for(user)
        .filter(source_incident=incident)
        .prefetch_related(agreed_prefetch())
    )


HIDDEN_ITEM_STATUSES = (AgendaItem.Status.DECLINED, AgendaItem.Status.WITHDRAWN)


def discussion_history(incident: Incident, *, owner) -> list[AgendaItem]:
    """Each meeting where the incident was on the agenda, with its outcome, oldest first.

    Only the items `owner` brought in: the link from an item to its incident is never shown to
    anyone else (DESIGN.md, the privacy boundary). Each item carries `is_imported` (its current
    outcome version is in the register) and `agreed_measures`.
    """
    imported = OutcomeImport.objects.filter(
        item=OuterRef("pk"), outcome_version=OuterRef("outcome_version")
    )
    return list(
        AgendaItem.objects.filter(source_incident=incident, owner_id=owner.pk)
        .exclude(status__in=HIDDEN_ITEM_STATUSES)
        .annotate(is_imported=Exists(imported))
        .select_related("meeting__group")
        .prefetch_related(agreed_prefetch())
        .order_by("meeting__starts_at", "pk")
    )
