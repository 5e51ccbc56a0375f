"""The append-only access log: every read, change, export and grant of an incident.

Any app records an action with `record(actor=..., action=..., incident=... or register=...)`;
action codes are `entity.past_tense` (`incident.viewed`, `outcome.imported`, …). Never pass
patient data in `detail`.
"""

from django.utils.translation import gettext_lazy as _

from project.models import AccessLogEntry

ACTION_LABELS = {
    "register.viewed": _("Register bekeken"),
    "register.exported": _("Register geëxporteerd (CSV)"),
    "register.printed": _("Register afgedrukt"),
    "register.log_viewed": _("Logboek van het register bekeken"),
    "register.successor_set": _("Opvolger aangewezen"),
    "register.sealed": _("Register verzegeld (account opgezegd)"),
    "member.added": _("Lid toegevoegd"),
    "member.removed": _("Lid verwijderd"),
    "incident.created": _("Melding geregistreerd"),
    "incident.viewed": _("Melding bekeken"),
    "incident.changed": _("Melding gewijzigd"),
    "incident.printed": _("Melding afgedrukt"),
    "incident.log_viewed": _("Logboek van de melding bekeken"),
    "incident.calamity_assessed": _("Beoordeling calamiteit vastgelegd"),
    "incident.igj_reported": _("Melding bij de IGJ vastgelegd"),
    "incident.discussion_skipped": _("Bespreking niet van toepassing verklaard"),
    "incident.withdrawn": _("Melding ingetrokken"),
    "incident.delete_refused": _("Verwijderen geweigerd (bewaartermijn)"),
    "incident.deleted": _("Melding verwijderd"),
    "incident.purged": _("Melding verwijderd na de bewaartermijn"),
    "grant.added": _("Toegang verleend"),
    "grant.revoked": _("Toegang ingetrokken"),
    "measure.added": _("Maatregel toegevoegd"),
    "measure.changed": _("Maatregel gewijzigd"),
    "measure.completed": _("Maatregel afgerond"),
    "outcome.imported": _("Uitkomst van een bespreking geïmporteerd"),
    "summary.created": _("Samenvatting voor een groep gemaakt"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: behind a proxy the proxy must set it (X-Forwarded-For is forgeable).
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def record(
    *,
    actor,
    action: str,
    incident=None,
    register=None,
    request=None,
    origin: str = "web",
    detail: str = "",
) -> AccessLogEntry:
    """Append one entry. `register` defaults to the incident's register."""
    if register is None and incident is not None:
        register = incident.register
    return AccessLogEntry.objects.create(
        actor=actor,
        actor_label=(actor.email if actor is not None else ""),
        action=action,
        register=register,
        incident=incident,
        incident_number=(incident.number if incident is not None else ""),
        detail=detail[:255],
        ip_address=_client_ip(request),
        origin=origin,
    )


def entries_for_incident(incident):
    return AccessLogEntry.objects.filter(incident=incident).select_related("actor")


def entries_for_register(register):
    return AccessLogEntry.objects.filter(register=register).select_related("actor")
