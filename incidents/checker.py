"""Where the de-identification checker runs, and how a web process asks it.

Deduce costs ~1.1 GB per process and makes every full garbage collection of that process take
seconds, so web processes never load it. With a task broker (DEIDENTIFY_IN_WORKER, on when
REDIS_URL is set) a check is a task round trip on the dedicated `checker` queue: a worker started
with `celery -A project worker --queues checker --pool threads` loads the checker once at start,
freezes it out of the garbage collector (`gc.freeze()`), then announces itself ready in the
cache every few seconds. Without a broker (`make run`, the tests) the checker loads in the one
process, in a background thread, and the same task runs inline.

Callers go through the checking seam (project/checking.py), which this module fills from
IncidentsConfig.ready: the scanner (`scan`), and the known-identifier provider "incident"
(`incident_known`: the incident's patient names, birth dates, involved staff and number).

* ``scan(text, source=("agenda_item", 7))`` → a list of :class:`deidentify.Finding`; raises
  ``deidentify.CheckerNotReady`` while no checker is ready (the seam raises its own
  ``CheckerNotReady``: show "controle wordt voorbereid"). Only the text and the source's kind and
  id cross to the worker, never names: the worker resolves the known identifiers itself, through
  the seam's providers (``checking.known_for``).
* ``is_ready()``: a checker (worker, or this process when inline) can answer now.
* ``start_loading()``: inline only, start loading in the background; a no-op with a worker.

Inline, a check made before the checker has loaded waits up to DEIDENTIFY_INLINE_WAIT seconds
for it (0 by default: the caller says "wordt voorbereid" at once; the tests wait).

The task's result is kept only until the web process has read it (then forgotten; expires
after CELERY_RESULT_EXPIRES at most), and a check nobody picked up within CHECK_TIMEOUT seconds
is dropped.
"""

import gc
import logging
import socket
import threading
import time

from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.core.cache import cache

from incidents import deidentify
from incidents.models import Incident
from incidents.selectors import known_identifiers
from project import checking
from project.tasks import engine_task, task

logger = logging.getLogger(__name__)

TASK = "incidents.deidentify_check"
QUEUE = "checker"
READY_KEY = "deidentify-checker-ready"
# A worker renews its ready mark this often; the mark outlives three missed renewals.
HEARTBEAT_SECONDS = 10
READY_TTL = 3 * HEARTBEAT_SECONDS + 5
CHECK_TIMEOUT = 20

_heartbeat_stop = threading.Event()


def runs_in_worker() -> bool:
    return bool(getattr(settings, "DEIDENTIFY_IN_WORKER", False))


def is_ready() -> bool:
    """Whether a check can be answered now (a ready checker worker, or this process inline)."""
    if runs_in_worker():
        try:
            return cache.get(READY_KEY) is not None
        except Exception:  # a cache that is down means no worker can be reached either
            return False
    return deidentify.loaded_here()


def start_loading() -> None:
    """Inline: start loading the checker in this process, in the background. Else nothing."""
    if not runs_in_worker():
        deidentify.start_loading_in_background()


def _wait_inline() -> bool:
    """Inline, give a checker that is still loading DEIDENTIFY_INLINE_WAIT seconds."""
    wait = float(getattr(settings, "DEIDENTIFY_INLINE_WAIT", 0) or 0)
    return not runs_in_worker() and wait > 0 and deidentify.wait_until_ready(timeout=wait)


def scan(text: str, *, source: checking.Source | None = None) -> list[deidentify.Finding]:
    """The findings in `text`, with the known identifiers of `source` (kind, id) if given."""
    if not isinstance(text, str) or not text:
        return []
    if not is_ready() and not _wait_inline():
        start_loading()
        raise deidentify.CheckerNotReady("no de-identification checker is ready")
    kind, source_id = source if source is not None else (None, None)
    result = engine_task(TASK).apply_async(args=(text, kind, source_id), expires=CHECK_TIMEOUT)
    try:
        answer = result.get(timeout=CHECK_TIMEOUT, propagate=False)
    except Exception as error:  # a timeout or a lost broker: the user sees "wordt voorbereid"
        raise deidentify.CheckerNotReady(
            f"the checker did not answer ({type(error).__name__})"
        ) from None
    finally:
        if runs_in_worker():
            result.forget()
    if not isinstance(answer, dict) or not answer.get("ready"):
        raise deidentify.CheckerNotReady("the de-identification checker is not ready")
    return [
        deidentify.Finding(kind, start, end, text[start:end])
        for kind, start, end in answer["findings"]
    ]


def incident_known(incident: Incident) -> list[str]:
    """What the checker must always find in text about `incident`: its patient names and birth
    dates, involved staff, the reporter (unless the owner) and the incident's number."""
    return [*known_identifiers(incident), incident.number]


@checking.provides("incident")
def _known_of_incident(incident_id: int) -> list[str]:
    incident = Incident.objects.select_related("register__owner").filter(pk=incident_id).first()
    return incident_known(incident) if incident is not None else []


# --- The seam's scanner (registered by IncidentsConfig.ready) ------------------------------------


def _seam_scan(text: str, source: checking.Source | None) -> list[checking.Finding]:
    try:
        findings = scan(text, source=source)
    except deidentify.CheckerNotReady as error:
        raise checking.CheckerNotReady(str(error)) from None
    return [checking.Finding(f.kind, f.start, f.end, f.text) for f in findings]


def _seam_is_ready() -> bool:
    ready = is_ready()
    if not ready:
        start_loading()
    return ready


def register() -> None:
    """Make this module the checking seam's scanner (project/checking.py)."""
    checking.register_scanner(scan=_seam_scan, is_ready=_seam_is_ready, label=deidentify.label_for)


@task(
    TASK,
    queue=QUEUE,
    max_retries=0,
    autoretry_for=(),
    ignore_result=False,
    acks_late=False,
    once=False,
)
def check(text: str, source_kind: str | None = None, source_id: int | None = None) -> dict:
    """The checker worker's side: {"ready": bool, "findings": [[kind, start, end], ...]}. The
    known identifiers of the source are read here, never sent."""
    if not deidentify.wait_until_ready(timeout=CHECK_TIMEOUT):
        return {"ready": False, "findings": []}
    known = checking.known_for((source_kind, source_id)) if source_kind else []
    findings = deidentify.scan(text, known)
    return {"ready": True, "findings": [[f.kind, f.start, f.end] for f in findings]}


# --- The checker worker: load once, freeze, announce ---------------------------------------------


def _consumes_checker_queue(worker) -> bool:
    try:
        return QUEUE in worker.app.amqp.queues.consume_from
    except (AttributeError, TypeError):
        return False


def _heartbeat(hostname: str) -> None:
    while not _heartbeat_stop.is_set():
        try:
            cache.set(READY_KEY, hostname, READY_TTL)
        except Exception:  # Redis away for a moment: try again at the next beat
            logger.warning("The checker worker could not renew its ready mark")
        _heartbeat_stop.wait(HEARTBEAT_SECONDS)


@worker_ready.connect
def _load_in_checker_worker(sender=None, **kwargs) -> None:
    """A worker that consumes the checker queue loads Deduce now, then tells the web it is ready."""
    if not _consumes_checker_queue(sender):
        return
    started = time.monotonic()
    deidentify.load_in_this_process()
    if not deidentify.loaded_here():
        logger.error("The checker worker could not load the checker; it will not announce itself")
        return
    logger.info(
        "Checker worker ready in %.1f s (%d objects frozen)",
        time.monotonic() - started,
        gc.get_freeze_count(),
    )
    hostname = getattr(sender, "hostname", None) or socket.gethostname()
    threading.Thread(target=_heartbeat, args=(hostname,), name="checker-ready", daemon=True).start()


@worker_shutdown.connect
def _stop_heartbeat(**kwargs) -> None:
    _heartbeat_stop.set()
