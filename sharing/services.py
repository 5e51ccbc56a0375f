"""Every write across the privacy boundary: sharing a summary onto an agenda, importing an outcome.

`agenda_item_share`: the owner proposes a de-identified summary of their incident for an
upcoming meeting; the texts are checked (sharing.summary) under the meeting's lock, the agenda's
own rules stay in meetings.services.agenda_item_propose.

`import_outcome` is the only way a meeting outcome enters an incident. Only the agenda item's
owner may import, only while they can still see the source incident, only once the meeting is
closed with a result recorded. The import fills "geanonimiseerd besproken met collega's", adds
the result to what was there and turns each agreed measure into a `Measure` that points back
to the meeting. One `OutcomeImport` per (item, outcome_version) makes a second import a no-op,
while an outcome the chair changed later is a new one to import.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incidents import services as incident_services
from incidents.models import Incident, Measure
from incidents.permissions import get_incident_for_user
from meetings import services as meeting_services
from meetings.models import AgendaItem, AgreedMeasure, Meeting
from meetings.selectors import agreed_measures
from project import access_log
from project.errors import NotFound
from sharing.models import OutcomeImport, SharedItem
from sharing.permissions import get_own_item
from sharing.selectors import NO_ACCESS, meeting_date, outcome_label
from sharing.summary import ShareBlocked, share_check

# A measure agreed without a date still needs one in the register; the owner can change it.
DEFAULT_DUE_AFTER = timedelta(weeks=4)
SOURCE_REF_PREFIX = "agendaitem:"


@transaction.atomic
def agenda_item_share(
    *,
    actor,
    incident: Incident,
    meeting: Meeting,
    title: str,
    summary: str,
    question: str,
    accepted: set[str] = frozenset(),
    confirmed: bool = False,
    request=None,
) -> AgendaItem:
    """The owner proposes a de-identified summary of their incident for an upcoming meeting.

    Re-checks everything itself: the texts exactly as they will be stored are scanned; known
    identifiers block, other findings block until confirmed, and the owner must confirm the
    whole as de-identified. Raises ShareBlocked, ValidationError or CheckerNotReady.
    """
    incident = get_incident_for_user(actor, incident.pk, role="owner")
    if incident.is_withdrawn:
        raise ValidationError(_("Een ingetrokken melding kan niet in een groep worden besproken."))
    item = meeting_services.agenda_item_propose(
        actor=actor,
        meeting=meeting,
        title=title,
        summary=summary,
        question=question,
        category=incident.category,
        vet=_vetter(actor, incident, accepted=accepted, confirmed=confirmed),
    )
    SharedItem.objects.create(item=item, incident=incident)
    _log_summary(actor, "summary.created", incident, item, request)
    return item


@transaction.atomic
def shared_summary_edit(
    *,
    actor,
    item: AgendaItem,
    title: str,
    summary: str,
    question: str,
    accepted: set[str] = frozenset(),
    confirmed: bool = False,
    request=None,
) -> AgendaItem:
    """The owner edits the summary they shared, until the meeting starts; the new texts are
    checked exactly as on sharing (meetings.services.agenda_item_revise holds the agenda's
    rules). Raises ShareBlocked, ValidationError or CheckerNotReady."""
    item = get_own_item(actor, item.pk)
    incident_id = SharedItem.objects.filter(item=item).values_list("incident_id", flat=True).first()
    if incident_id is None:
        raise NotFound
    incident = get_incident_for_user(actor, incident_id, role="owner")
    item = meeting_services.agenda_item_revise(
        actor=actor,
        item=item,
        title=title,
        summary=summary,
        question=question,
        vet=_vetter(actor, incident, accepted=accepted, confirmed=confirmed),
    )
    _log_summary(actor, "summary.edited", incident, item, request)
    return item


def _vetter(actor, incident: Incident, *, accepted: set[str], confirmed: bool):
    """The checker gate on texts about to cross: known identifiers block, other findings block
    until accepted one by one, and the owner must confirm the whole as de-identified."""

    def vet(texts: dict[str, str]) -> None:
        check = share_check(actor=actor, incident=incident, texts=texts, accepted=accepted)
        if check.blocked:
            raise ShareBlocked(check)
        if not confirmed:
            raise ValidationError(
                {
                    "confirmed": _(
                        "Bevestig dat u heeft gecontroleerd dat de samenvatting niet tot een "
                        "patiënt te herleiden is."
                    )
                }
            )

    return vet


def _log_summary(actor, action: str, incident: Incident, item: AgendaItem, request) -> None:
    access_log.record(
        actor=actor,
        action=action,
        incident=incident,
        request=request,
        detail=f"{item.meeting.group.name} · "
        f"{date_format(timezone.localtime(item.meeting.starts_at))}",
    )


@dataclass(frozen=True)
class ImportResult:
    record: OutcomeImport
    created: bool


def _source_incident(actor, item: AgendaItem) -> Incident:
    incident_id = SharedItem.objects.filter(item=item).values_list("incident_id", flat=True).first()
    if incident_id is None:
        raise ValidationError(
            _("Dit agendapunt hoort niet bij een melding: er is niets te importeren."),
            code="free_topic",
        )
    try:
        return get_incident_for_user(actor, incident_id)
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
        for agreed in agreed_measures(item.measures.all())
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
    item = get_own_item(actor, item.pk, lock=True)
    incident = _source_incident(actor, item)
    _require_ready(item)
    existing = OutcomeImport.objects.filter(item=item, outcome_version=item.outcome_version).first()
    if existing is not None:
        return ImportResult(existing, created=False)

    previous = OutcomeImport.objects.filter(item=item).order_by("-imported_at").first()
    label = outcome_label(item)
    heading = label if previous is None else _("%(label)s (gewijzigde uitkomst)") % {"label": label}
    incident = incident_services.incident_discussion_record(
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
        incident_services.measure_add(
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
