"""Every write with rules in the private register: one function per use case.

Keyword-only, actor first, transactional: check (NotFound when the actor may not see the object,
ValidationError with a Dutch message when a rule refuses), do, then write the access log.
The sharing app's outcome import calls `measure_add` and `incident_discussion_record`, and
reaches incidents through `incidents.permissions.get_incident_for_user`.
"""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from incidents.models import (
    CalamityAssessment,
    Incident,
    IncidentUserObjectPermission,
    Measure,
    Register,
    RegisterUserObjectPermission,
    YesNo,
)
from incidents.permissions import (
    INVESTIGATE_INCIDENT,
    ROLE_PERMS,
    incidents_visible_to,
    may_file_in,
    require_owner,
)
from incidents.retention import keep_until, may_be_deleted
from incidents.selectors import incidents_past_retention
from project import access_log
from project.errors import NotFound


class StaleEdit(ValidationError):
    """The incident changed since the editor loaded it; `current` is what is stored now."""

    def __init__(self, current: Incident):
        self.current = current
        when = formats.date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        who = current.updated_by or _("iemand anders")
        super().__init__(
            _(
                "Deze melding is intussen gewijzigd door %(who)s (%(when)s). Uw wijzigingen zijn "
                "niet opgeslagen, maar staan nog in het formulier: vergelijk ze met de huidige "
                "versie en sla opnieuw op."
            )
            % {"who": who, "when": when},
            code="stale",
        )


def _require_visible(actor, incident: Incident) -> None:
    if not incidents_visible_to(actor).filter(pk=incident.pk).exists():
        raise NotFound


# --- Registers and members --------------------------------------------------------------------


@transaction.atomic
def register_create_for(*, owner) -> Register:
    """The personal register of a new practitioner (idempotent)."""
    register, _created = Register.objects.get_or_create(owner=owner)
    return register


@transaction.atomic
def register_member_add(*, actor, register: Register, user, role: str, request=None) -> None:
    """The owner makes an existing practitioner a reporter or an investigator of the register."""
    require_owner(actor, register)
    if role not in ROLE_PERMS:
        raise ValidationError(_("Onbekende rol."))
    if user.pk == register.owner_id:
        raise ValidationError(_("U bent zelf al eigenaar van dit register."))
    for other_role, codename in ROLE_PERMS.items():
        if other_role != role:
            remove_perm(codename, user, register)
    assign_perm(ROLE_PERMS[role], user, register)
    access_log.record(
        actor=actor,
        action="member.added",
        register=register,
        request=request,
        detail=f"{user.email} ({role})",
    )


@transaction.atomic
def register_member_remove(*, actor, register: Register, user, request=None) -> None:
    """The owner takes away a member's role; their own reports stay in the register."""
    require_owner(actor, register)
    for codename in ROLE_PERMS.values():
        remove_perm(codename, user, register)
    access_log.record(
        actor=actor, action="member.removed", register=register, request=request, detail=user.email
    )


@transaction.atomic
def register_successor_set(*, actor, register: Register, user, request=None) -> Register:
    """The owner names (or, with None, clears) the colleague who takes over the register when
    the owner closes the account (a practice takeover)."""
    require_owner(actor, register)
    if user is not None and user.pk == register.owner_id:
        raise ValidationError(_("U kunt uzelf niet als opvolger aanwijzen."))
    if user is not None and not user.is_active:
        raise ValidationError(_("Er is geen actief account met dit e-mailadres."))
    register.successor = user
    register.save(update_fields=["successor"])
    access_log.record(
        actor=actor,
        action="register.successor_set",
        register=register,
        request=request,
        detail=user.email if user else "",
    )
    return register


@transaction.atomic
def register_seal_for_closing(*, owner, request=None) -> Register:
    """The owner closes the account: the register is sealed.

    Incidents past retention are purged now; those under retention are kept (nothing is deleted
    early) but nobody can read them any more, except the successor, who gets the investigator
    role on the register. The owner's own roles and grants in other registers end.
    """
    register = (
        Register.objects.select_for_update(of=("self",))
        .select_related("successor")
        .get(owner=owner)
    )
    for incident in incidents_past_retention().filter(register=register):
        incident_purge(actor=owner, incident=incident, origin="account_closed")
    RegisterUserObjectPermission.objects.filter(Q(content_object=register) | Q(user=owner)).delete()
    IncidentUserObjectPermission.objects.filter(
        Q(content_object__register=register) | Q(user=owner)
    ).delete()
    successor = register.successor if register.successor and register.successor.is_active else None
    if successor is not None:
        assign_perm(ROLE_PERMS["investigator"], successor, register)
    register.sealed_at = timezone.now()
    register.save(update_fields=["sealed_at"])
    access_log.record(
        actor=owner,
        action="register.sealed",
        register=register,
        request=request,
        origin="account_closed",
        detail=successor.email if successor else "",
    )
    return register


# --- Incidents --------------------------------------------------------------------------------


def _next_number(register: Register) -> tuple[int, int]:
    # The register row is the lock: concurrent creations queue here, so each gets its own
    # number; the unique constraints are the backstop.
    locked = Register.objects.select_for_update().get(pk=register.pk)
    year = timezone.localdate().year
    if locked.number_year != year:
        locked.number_year, locked.number_last = year, 0
    locked.number_last += 1
    locked.save(update_fields=["number_year", "number_last"])
    return year, locked.number_last


@transaction.atomic
def incident_create(
    *, actor, register: Register, fields: dict, request=None, action: str = "incident.created"
) -> Incident:
    """File an incident in a register the actor may file in; it gets the next YYYY-NNN number."""
    if not may_file_in(actor, register):
        raise NotFound
    year, seq = _next_number(register)
    incident = Incident(
        register=register,
        number=f"{year}-{seq:03d}",
        number_year=year,
        number_seq=seq,
        created_by=actor,
        updated_by=actor,
        **fields,
    )
    incident.full_clean()
    incident.save()
    access_log.record(actor=actor, action=action, incident=incident, request=request)
    return incident


@transaction.atomic
def incident_import(*, actor, register: Register, rows: list[dict], request=None) -> list[Incident]:
    """Bring an existing register in (owner only): every row or none, each numbered, its patient
    fields encrypted and its entry in the access log marked as imported."""
    require_owner(actor, register)
    return [
        incident_create(
            actor=actor,
            register=register,
            fields=fields,
            request=request,
            action="incident.imported",
        )
        for fields in rows
    ]


@transaction.atomic
def incident_update(
    *, actor, incident: Incident, fields: dict, expected_version: int, request=None
) -> Incident:
    """Save an edit, unless someone saved since the editor loaded `expected_version`."""
    _require_visible(actor, incident)
    current = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=incident.pk)
    )
    if current.version != expected_version:
        raise StaleEdit(current)
    if current.is_withdrawn:
        raise ValidationError(_("Een ingetrokken melding kan niet meer worden gewijzigd."))
    changed = sorted(name for name, value in fields.items() if getattr(current, name) != value)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.version += 1
    current.updated_by = actor
    current.save()
    access_log.record(
        actor=actor,
        action="incident.changed",
        incident=current,
        request=request,
        detail=", ".join(changed),
    )
    return current


def _clean_changed(incident: Incident, changed) -> None:
    """Validate the incident, refusing only on the rules of what this change touches: a gap
    elsewhere (an incident filed before a rule was added) must not block, say, an IGJ report."""
    try:
        incident.full_clean()
    except ValidationError as error:
        relevant = {
            name: messages
            for name, messages in error.message_dict.items()
            if name in changed or name == NON_FIELD_ERRORS
        }
        if relevant:
            raise ValidationError(relevant) from None


def _save_owner_change(*, actor, incident: Incident, fields: dict, action: str, request) -> None:
    """Apply an owner-only change (calamity, discussion waiver, withdrawal) with the rules."""
    for name, value in fields.items():
        setattr(incident, name, value)
    _clean_changed(incident, fields)
    incident.version += 1
    incident.updated_by = actor
    incident.save(update_fields=[*fields, "version", "updated_by", "updated_at"])
    access_log.record(
        actor=actor, action=action, incident=incident, request=request, detail=", ".join(fields)
    )


@transaction.atomic
def incident_calamity_assess(
    *,
    actor,
    incident: Incident,
    assessment: str,
    established_on: date | None = None,
    rejected_reason: str = "",
    request=None,
) -> Incident:
    """The owner records whether a possible calamity is one (Wkkgz art. 11).

    Either "vastgesteld als calamiteit op <established_on>" or "geen calamiteit, omdat
    <rejected_reason>" (required). Once the IGJ report is recorded, the assessment stands.
    """
    require_owner(actor, incident.register)
    if not incident.is_possible_calamity:
        raise ValidationError(
            _("Alleen een melding met ernstige gevolgen of overlijden is een mogelijke calamiteit.")
        )
    if incident.igj_reported_on:
        raise ValidationError(_("Deze calamiteit is al bij de IGJ gemeld."))
    if assessment not in CalamityAssessment.values:
        raise ValidationError(_("Kies of het wel of geen calamiteit is."))
    if assessment == CalamityAssessment.ESTABLISHED:
        fields = {
            "calamity_assessment": CalamityAssessment.ESTABLISHED,
            "calamity_established_on": established_on,
            "calamity_rejected_reason": "",
        }
    else:
        fields = {
            "calamity_assessment": CalamityAssessment.REJECTED,
            "calamity_established_on": None,
            "calamity_rejected_reason": rejected_reason.strip(),
        }
    _save_owner_change(
        actor=actor,
        incident=incident,
        fields=fields,
        action="incident.calamity_assessed",
        request=request,
    )
    return incident


@transaction.atomic
def incident_igj_report_record(
    *, actor, incident: Incident, reported_on: date, request=None
) -> Incident:
    """The owner records the date an established calamity was reported to the IGJ."""
    require_owner(actor, incident.register)
    if not incident.is_calamity:
        raise ValidationError(
            _(
                "Leg eerst vast dat het om een calamiteit gaat; alleen een vastgestelde "
                "calamiteit wordt bij de IGJ gemeld."
            )
        )
    _save_owner_change(
        actor=actor,
        incident=incident,
        fields={"igj_reported_on": reported_on},
        action="incident.igj_reported",
        request=request,
    )
    return incident


@transaction.atomic
def incident_discussion_skip(*, actor, incident: Incident, reason: str, request=None) -> Incident:
    """The owner marks the step Bespreking "niet van toepassing"; only with a reason."""
    require_owner(actor, incident.register)
    if not reason.strip():
        raise ValidationError(_("Leg vast waarom een bespreking niet van toepassing is."))
    _save_owner_change(
        actor=actor,
        incident=incident,
        fields={"discussion_skipped_reason": reason.strip()},
        action="incident.discussion_skipped",
        request=request,
    )
    return incident


@transaction.atomic
def incident_withdraw(*, actor, incident: Incident, reason: str, request=None) -> Incident:
    """The owner withdraws a duplicate or test incident: kept (retention), listed nowhere."""
    require_owner(actor, incident.register)
    if incident.is_withdrawn:
        raise ValidationError(_("Deze melding is al ingetrokken."))
    if not reason.strip():
        raise ValidationError(_("Vul de reden van intrekken in."))
    _save_owner_change(
        actor=actor,
        incident=incident,
        fields={"withdrawn_at": timezone.now(), "withdrawn_reason": reason.strip()},
        action="incident.withdrawn",
        request=request,
    )
    return incident


@transaction.atomic
def incident_discussion_record(
    *,
    actor,
    incident: Incident,
    discussed_on: date | None,
    discussed_in: str,
    result: str,
    request=None,
    origin: str = "web",
) -> Incident:
    """Fill 'besproken met collega's / resultaat' (sharing's outcome import calls this)."""
    _require_visible(actor, incident)
    incident.discussed = YesNo.YES
    incident.discussed_on = discussed_on
    incident.discussed_in = discussed_in
    incident.discussion_result = result
    incident.updated_by = actor
    incident.version += 1
    _clean_changed(incident, {"discussed", "discussed_on", "discussed_in", "discussion_result"})
    incident.save()
    access_log.record(
        actor=actor,
        action="incident.changed",
        incident=incident,
        request=request,
        origin=origin,
        detail="discussed, discussed_on, discussed_in, discussion_result",
    )
    return incident


@transaction.atomic
def incident_delete(*, actor, incident: Incident, request=None) -> None:
    """The owner deletes an incident, but only once its retention period has passed."""
    require_owner(actor, incident.register)
    if not may_be_deleted(incident):
        raise ValidationError(
            _(
                "Deze melding kan nog niet worden verwijderd: een VIM-registratie moet ten minste "
                "5 jaar worden bewaard (Wkkgz). Verwijderen kan vanaf %(date)s."
            )
            % {"date": formats.date_format(keep_until(incident), "DATE_FORMAT")},
            code="retention",
        )
    access_log.record(actor=actor, action="incident.deleted", incident=incident, request=request)
    incident.delete()


@transaction.atomic
def incident_purge(*, actor, incident: Incident, origin: str = "command") -> None:
    """Delete an incident past retention (the purge_expired command); actor may be None."""
    if not may_be_deleted(incident):
        raise ValidationError(_("Deze melding valt nog binnen de bewaartermijn."))
    access_log.record(actor=actor, action="incident.purged", incident=incident, origin=origin)
    incident.delete()


@transaction.atomic
def incident_access_grant(*, actor, incident: Incident, user, request=None) -> None:
    """The owner lets one practitioner 'betrokken bij het onderzoek' see and edit one incident."""
    require_owner(actor, incident.register)
    if user.pk == incident.register.owner_id:
        raise ValidationError(_("U heeft als eigenaar al toegang."))
    assign_perm(INVESTIGATE_INCIDENT, user, incident)
    access_log.record(
        actor=actor, action="grant.added", incident=incident, request=request, detail=user.email
    )


@transaction.atomic
def incident_access_revoke(*, actor, incident: Incident, user, request=None) -> None:
    require_owner(actor, incident.register)
    remove_perm(INVESTIGATE_INCIDENT, user, incident)
    access_log.record(
        actor=actor, action="grant.revoked", incident=incident, request=request, detail=user.email
    )


# --- Measures ---------------------------------------------------------------------------------


@transaction.atomic
def measure_add(
    *,
    actor,
    incident: Incident,
    description: str,
    owner_name: str,
    due_on: date,
    done_on: date | None = None,
    source_label: str = "",
    source_ref: str = "",
    request=None,
    origin: str = "web",
) -> Measure:
    """Add a measure; `source_label`/`source_ref` link an imported one back to its origin."""
    _require_visible(actor, incident)
    measure = Measure(
        incident=incident,
        description=description,
        owner_name=owner_name,
        due_on=due_on,
        done_on=done_on,
        source_label=source_label,
        source_ref=source_ref,
    )
    measure.full_clean()
    measure.save()
    access_log.record(
        actor=actor, action="measure.added", incident=incident, request=request, origin=origin
    )
    return measure


@transaction.atomic
def measure_update(*, actor, measure: Measure, fields: dict, request=None) -> Measure:
    _require_visible(actor, measure.incident)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.full_clean()
    measure.save()
    access_log.record(
        actor=actor, action="measure.changed", incident=measure.incident, request=request
    )
    return measure


@transaction.atomic
def measure_complete(*, actor, measure: Measure, done_on: date, request=None) -> Measure:
    _require_visible(actor, measure.incident)
    measure.done_on = done_on
    measure.full_clean()
    measure.save(update_fields=["done_on"])
    access_log.record(
        actor=actor, action="measure.completed", incident=measure.incident, request=request
    )
    return measure


# --- Key rotation -----------------------------------------------------------------------------


@transaction.atomic
def patient_fields_rotate() -> int:
    """Re-encrypt every patient field with the newest key; returns how many incidents changed."""
    changed = 0
    with_patient_data = Incident.objects.exclude(patient_names="", patient_birth_dates="")
    for incident in with_patient_data.only("pk", "patient_names", "patient_birth_dates").iterator(
        chunk_size=500
    ):
        # Saving through the field encrypts with the first (newest) key.
        Incident.objects.filter(pk=incident.pk).update(
            patient_names=incident.patient_names,
            patient_birth_dates=incident.patient_birth_dates,
        )
        changed += 1
    return changed
