"""Where the de-identification checker runs, and how a web process asks it.

Deduce costs ~1.1 GB per process and makes every full garbage collection of that process take
seconds, so web processes never load it. With a task broker (DEIDENTIFY_IN_WORKER, on when
REDIS_URL is set) a check is a task round trip on the dedicated `checker` queue: a worker started
with `celery -A project worker --queues checker --pool threads` loads the checker once at start,
freezes it out of the garbage collector (`gc.freeze()`), then announces itself ready in the
cache every few seconds. Without a broker (`make run`, the tests) the checker loads in the one
process, in a background thread, and the same task runs inline.

The callers' API (sharing):

* ``scan(text, incident_id=...)`` → a list of :class:`deidentify.Finding`; raises
  ``deidentify.CheckerNotReady`` while no checker is ready (show "controle wordt voorbereid").
  Only the text and the incident's id cross to the worker, never names: the worker reads the
  incident's known identifiers (patient names, birth dates, involved staff) itself.
* ``is_ready()``: a checker (worker, or this process when inline) can answer now.
* ``start_loading()``: inline only, start loading in the background; a no-op with a worker.

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


def scan(text: str, *, incident_id: int) -> list[deidentify.Finding]:
    """The findings in `text`, with the known identifiers of incident `incident_id`."""
    if not isinstance(text, str) or not text:
        return []
    if not is_ready():
        start_loading()
        raise deidentify.CheckerNotReady("no de-identification checker is ready")
    result = engine_task(TASK).apply_async(args=(text, incident_id), expires=CHECK_TIMEOUT)
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


def _known_identifiers(incident_id: int) -> list[str]:
    incident = Incident.objects.select_related("register__owner").filter(pk=incident_id).first()
    return known_identifiers(incident) if incident is not None else []


@task(
    TASK,
    queue=QUEUE,
    max_retries=0,
    autoretry_for=(),
    ignore_result=False,
    acks_late=False,
    once=False,
)
def check(text: str, incident_id: int) -> dict:
    """The checker worker's side: {"ready": bool, "findings": [[kind, start, end], ...]}."""
    if not deidentify.wait_until_ready(timeout=CHECK_TIMEOUT):
        return {"ready": False, "findings": []}
    findings = deidentify.scan(text, _known_identifiers(incident_id))
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
