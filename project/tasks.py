"""Background work: the one way app code hands work to the task engine.

App code declares a task with `@task("app.verb")` in its own `tasks.py` and enqueues it by name
with `enqueue_on_commit("app.verb", *ids)`. Enqueuing by name lets a lower app (meetings) start
work that a higher app (sharing) owns without importing it, so the dependency direction holds.
Arguments are ids (and other short, non-personal values), never patient data. The work is handed
to the engine once the surrounding transaction commits.

The engine is Celery (project/celery.py) with Redis as its broker. Every task is retried with
exponential back-off (jittered, capped) when it raises, and is acknowledged only after it ran,
so a worker that dies mid-task hands it to another. A task that still fails after its retries
is logged at ERROR by name, id and error type (never its arguments' content). A finished task
leaves a marker under its task id, so a redelivered copy does nothing (idempotent delivery).
With no REDIS_URL (`make run`, the tests) the settings make tasks run inline (eagerly) after
commit, retries included, and a failure never reaches the request that enqueued it.
"""

import logging
from collections.abc import Callable
from importlib import import_module

from celery import Task
from django.apps import apps
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from project.celery import app

logger = logging.getLogger(__name__)

_registry: dict[str, Callable] = {}
_engine_tasks: dict[str, Task] = {}
_queues: dict[str, str] = {}

# How long a "done" marker is kept: longer than any broker redelivery.
_DONE_TTL = 7 * 24 * 3600


class TaskFailed(Exception):
    """A task raised; the message is the original error's type only."""


class AppTask(Task):
    """Retried with back-off; acknowledged late; a final failure is logged, never lost."""

    acks_late = True
    reject_on_worker_lost = True
    retry_backoff = 2
    retry_backoff_max = 600
    retry_jitter = True
    autoretry_for = (Exception,)

    # Leave a "done" marker so a redelivered copy does nothing (off for read-only tasks).
    once = True

    def before_start(self, task_id, args, kwargs):
        self.request.done_already = (
            self.once and bool(task_id) and cache.get(_done_key(task_id)) is not None
        )

    def on_success(self, retval, task_id, args, kwargs):
        if self.once and task_id:
            cache.set(_done_key(task_id), 1, _DONE_TTL)

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        logger.warning(
            "Task %s (%s) failed with %s; retry %d of %d",
            self.name,
            task_id,
            _error_name(exc),
            self.request.retries + 1,
            self.max_retries,
        )

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error(
            "Task %s (%s) failed after %d retries with %s; it was not done",
            self.name,
            task_id,
            self.request.retries,
            _error_name(exc),
        )


def _error_name(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, TaskFailed) else type(exc).__name__


def _done_key(task_id: str) -> str:
    return f"task-done:{task_id}"


def task(
    name: str, *, queue: str | None = None, max_retries: int = 5, **options
) -> Callable[[Callable], Callable]:
    """Register `func` under `name` on the engine; the function itself stays callable as before.

    `queue` routes it to a dedicated worker (default: the "celery" queue); `options` are Celery
    task options (for instance `expires`, `time_limit`).
    """

    def register(func: Callable) -> Callable:
        def run_once(self, *args):
            if getattr(self.request, "done_already", False):
                return None
            try:
                return func(*args)
            except Exception as error:
                # Some errors carry personal data in their message (an SMTP refusal names the
                # recipient): only the error's type travels on to the engine's logs.
                raise TaskFailed(type(error).__name__) from None

        run_once.__name__ = func.__name__
        run_once.__doc__ = func.__doc__
        _registry[name] = func
        if queue:
            _queues[name] = queue
        _engine_tasks[name] = app.task(
            run_once,
            name=name,
            base=AppTask,
            bind=True,
            max_retries=max_retries,
            **options,
        )
        return func

    return register


def route_task(name, args, kwargs, options, task=None, **extra) -> dict | None:
    """Celery router (CELERY_TASK_ROUTES): a task declared with a queue goes to that queue."""
    if name in _queues:
        return {"queue": _queues[name]}
    return None


def autodiscover() -> None:
    """Import every installed app's `tasks` module, so each task is registered by name."""
    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise


def engine_task(name: str) -> Task:
    if name not in _engine_tasks:
        autodiscover()
    return _engine_tasks[name]


def run(name: str, *args) -> None:
    """Run task `name` now, in this process (management commands, tests)."""
    if name not in _registry:
        autodiscover()
    _registry[name](*args)


def enqueue(name: str, *args: int | str) -> None:
    """Hand task `name` to the engine now (inline when no broker is configured)."""
    engine_task(name).apply_async(args=args)


def enqueue_on_commit(name: str, *args: int | str) -> None:
    """Run task `name` with `args` (ids only) once the current transaction has committed."""
    engine_task(name)  # an unknown name fails here, in the caller, not after commit
    transaction.on_commit(lambda: enqueue(name, *args))


@task("project.mail_send")
def mail_send(subject: str, body: str, from_email: str, to: list, alternatives: list) -> None:
    """Send one rendered e-mail (allauth's account mails; see project/adapters.py)."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    message.send()
