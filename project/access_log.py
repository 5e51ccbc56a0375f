"""The append-only access log: every read, change, export and grant of an incident.

Any app records an action with `record(actor=..., action=..., incident=... or register=...)`;
action codes are `entity.past_tense` (`incident.viewed`, `outcome.imported`, …). Never pass
patient data in `detail`.
"""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from project.models import AccessLogEntry

ACTION_LABELS = {
    "register.viewed": _("Register bekeken"),
    "register.exported": _("Register geëxporteerd (CSV)"),
    "register.printed": _("Register afgedrukt"),
    "register.log_viewed": _("Logboek van het register bekeken"),
    "register.procedure_downloaded": _("VIM-procedure gedownload (PDF)"),
    "member.added": _("Lid toegevoegd"),
    "member.removed": _("Lid verwijderd"),
    "incident.created": _("Melding geregistreerd"),
    "incident.viewed": _("Melding bekeken"),
    "incident.changed": _("Melding gewijzigd"),
    "incident.printed": _("Melding afgedrukt"),
    "incident.log_viewed": _("Logboek van de melding bekeken"),
    "incident.igj_reported": _("Melding bij de IGJ vastgelegd"),
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


# --- How an entry reads on the log page: Dutch words, not field names and codes ---------------

ORIGIN_LABELS = {
    "web": _("de website"),
    "import": _("import van een bespreking"),
    "command": _("beheertaak op de server"),
    "task": _("achtergrondtaak"),
}
ROLE_LABELS = {"reporter": _("melder"), "investigator": _("onderzoeker")}
_ROLE = re.compile(r"\((" + "|".join(ROLE_LABELS) + r")\)$")
_VERSION = re.compile(r"\(v(\d+)\)$")


def origin_label(entry: AccessLogEntry) -> str:
    """Where the action came from, e.g. "de website (IP-adres 192.0.2.1)"."""
    where = str(ORIGIN_LABELS.get(entry.origin, entry.origin))
    if entry.ip_address:
        return _("%(where)s (IP-adres %(ip)s)") % {"where": where, "ip": entry.ip_address}
    return where


def _field_label(name: str) -> str:
    incident_model = apps.get_model("incidents", "Incident")
    try:
        return str(incident_model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def detail_label(entry: AccessLogEntry) -> str:
    """The entry's detail in words: changed fields by their labels, roles and versions in Dutch."""
    detail = entry.detail
    if entry.action == "incident.changed" and detail:
        return ", ".join(_field_label(name.strip()) for name in detail.split(","))
    detail = _ROLE.sub(lambda m: f"({ROLE_LABELS[m.group(1)]})", detail)
    return _VERSION.sub(lambda m: str(_("(versie %(n)s)") % {"n": m.group(1)}), detail)
