"""The append-only access log: every read, change, export and grant of an incident.

Any app records an action with `record(actor=..., action=..., incident=... or register=...)`;
action codes are `entity.past_tense` (`incident.viewed`, `outcome.imported`, …). Never pass
patient data in `detail`.

Integrity (NEN 7513): the database refuses UPDATE and DELETE on the table (access_log_db), and
the entries form a hash chain: entry n stores SHA-256(canonical JSON of its fields, including
entry n-1's hash). `verify()` (`manage.py verify_access_log`) walks the chain and reports the
first changed or missing entry. The only way to remove entries is `purge()`, which records a
`log.purged` entry saying how many it removed and the hash the chain continues from.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from project import access_log_db
from project.models import AccessLogEntry

GENESIS_HASH = "0" * 64
# pg_advisory_xact_lock key: one chain, so one writer at a time until its transaction ends.
_CHAIN_LOCK_KEY = 7513_0001
PURGE_ACTION = "log.purged"
_PURGE_DETAIL = "count={count};first_kept={first_kept};carried={carried}"
_PURGE_DETAIL_RE = re.compile(r"^count=(\d+);first_kept=(\d+);carried=([0-9a-f]{64})$")

ACTION_LABELS = {
    "register.viewed": _("Register bekeken"),
    "register.exported": _("Register geëxporteerd (CSV)"),
    "register.printed": _("Register afgedrukt"),
    "register.log_viewed": _("Logboek van het register bekeken"),
    "register.procedure_downloaded": _("VIM-procedure gedownload (PDF)"),
    "register.visitation_generated": _("Visitatierapport gemaakt (PDF)"),
    "register.trends_joined": _("Deelname aan de anonieme trends aangezet"),
    "register.trends_left": _("Deelname aan de anonieme trends uitgezet"),
    "register.successor_set": _("Opvolger aangewezen"),
    "register.sealed": _("Register verzegeld (account opgezegd)"),
    "member.added": _("Lid toegevoegd"),
    "member.removed": _("Lid verwijderd"),
    "incident.created": _("Melding geregistreerd"),
    "incident.imported": _("Melding geïmporteerd uit een bestand"),
    "incident.viewed": _("Melding bekeken"),
    "incident.changed": _("Melding gewijzigd"),
    "incident.printed": _("Melding afgedrukt"),
    "incident.log_viewed": _("Logboek van de melding bekeken"),
    "incident.calamity_assessed": _("Beoordeling calamiteit vastgelegd"),
    "incident.igj_reported": _("Melding bij de IGJ vastgelegd"),
    "incident.discussion_skipped": _("Bespreking niet van toepassing verklaard"),
    "incident.withdrawn": _("Melding ingetrokken"),
    "incident.deleted": _("Melding verwijderd"),
    "incident.purged": _("Melding verwijderd na de bewaartermijn"),
    "grant.added": _("Toegang verleend"),
    "grant.revoked": _("Toegang ingetrokken"),
    "measure.added": _("Maatregel toegevoegd"),
    "measure.changed": _("Maatregel gewijzigd"),
    "measure.completed": _("Maatregel afgerond"),
    "outcome.imported": _("Uitkomst van een bespreking geïmporteerd"),
    "summary.created": _("Samenvatting voor een groep gemaakt"),
    "summary.edited": _("Samenvatting voor een groep gewijzigd"),
    PURGE_ACTION: _("Oude logregels verwijderd na de bewaartermijn"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: behind a proxy the proxy must set it (X-Forwarded-For is forgeable).
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def entry_digest(entry) -> str:
    """SHA-256 over the entry's canonical serialisation, the previous hash included.

    Canonical: a JSON object with sorted keys, no whitespace, the time in UTC with
    microseconds, ids as numbers (or null). Any change to any field changes the digest.
    """
    payload = {
        "seq": entry.seq,
        "prev_hash": entry.prev_hash,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "register_id": entry.register_id,
        "incident_id": entry.incident_id,
        "incident_number": entry.incident_number,
        "detail": entry.detail,
        "ip_address": entry.ip_address,
        "origin": entry.origin,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_chain() -> None:
    # PostgreSQL: a transaction-scoped advisory lock serialises the writers of the chain across
    # processes. SQLite: transactions begin IMMEDIATE (settings), which serialises writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _append(**fields) -> AccessLogEntry:
    """Append an entry at the end of the chain (the caller holds the chain lock)."""
    last = AccessLogEntry.objects.order_by("-seq").values("seq", "entry_hash").first()
    entry = AccessLogEntry(
        seq=(last["seq"] + 1) if last else 1,
        prev_hash=last["entry_hash"] if last else GENESIS_HASH,
        at=timezone.now(),
        **fields,
    )
    # Hash the values as the database will store them.
    entry.ip_address = AccessLogEntry._meta.get_field("ip_address").get_prep_value(entry.ip_address)
    entry.entry_hash = entry_digest(entry)
    entry.save(force_insert=True)
    return entry


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
    # No savepoint: the entry belongs to the caller's transaction, and it costs two queries.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        return _append(
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


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


def _chain_start() -> tuple[int, str]:
    """Where the chain must begin: entry 1 on the genesis hash, or where the last purge left it."""
    purge = AccessLogEntry.objects.filter(action=PURGE_ACTION).order_by("-seq").first()
    match = _PURGE_DETAIL_RE.match(purge.detail) if purge is not None else None
    if match is None:
        return 1, GENESIS_HASH
    return int(match[2]), match[3]


def verify() -> tuple[int, ChainProblem | None]:
    """Walk the chain in order: (entries checked, the first problem or None)."""
    expected_seq, expected_prev = _chain_start()
    checked = 0
    for entry in AccessLogEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return checked, ChainProblem(
                expected_seq,
                gettext("Logregel %(seq)d ontbreekt (de volgende aanwezige is %(found)d).")
                % {"seq": expected_seq, "found": entry.seq},
            )
        if entry.prev_hash != expected_prev:
            return checked, ChainProblem(
                entry.seq,
                gettext("Logregel %(seq)d sluit niet aan op de vorige: de keten is verbroken.")
                % {"seq": entry.seq},
            )
        if entry_digest(entry) != entry.entry_hash:
            return checked, ChainProblem(
                entry.seq,
                gettext("Logregel %(seq)d is gewijzigd: de hash klopt niet.") % {"seq": entry.seq},
            )
        checked += 1
        expected_seq, expected_prev = entry.seq + 1, entry.entry_hash
    return checked, None


def purge(*, before) -> AccessLogEntry | None:
    """The one way to remove log entries: those older than `before`, at the start of the chain.

    Removes every entry up to the last one recorded before `before` (by sequence, so the chain
    stays one piece), and appends a `log.purged` entry with the count, the first sequence number
    kept and the hash of the last entry removed, from which `verify()` continues the chain.
    Returns that entry, or None when there was nothing to purge.
    """
    with transaction.atomic():
        _lock_chain()
        last_purged = (
            AccessLogEntry.objects.filter(at__lt=before).order_by("-seq").values("seq").first()
        )
        if last_purged is None:
            return None
        carried = AccessLogEntry.objects.get(seq=last_purged["seq"]).entry_hash
        with access_log_db.unlocked(connection), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {access_log_db.TABLE} WHERE seq <= %s",  # noqa: S608 (constant)
                [last_purged["seq"]],
            )
            count = cursor.rowcount
        return _append(
            actor=None,
            actor_label="",
            action=PURGE_ACTION,
            detail=_PURGE_DETAIL.format(
                count=count, first_kept=last_purged["seq"] + 1, carried=carried
            ),
            origin="retention",
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
