"""Background work: the one way app code hands work to the task engine.

App code declares a task with `@task("app.verb")` in its own `tasks.py` and enqueues it by name
with `enqueue_on_commit("app.verb", *ids)`. Enqueuing by name lets a lower app (meetings) start
work that a higher app (sharing) owns without importing it, so the dependency direction holds.
Arguments are ids, never patient data. The work runs after the surrounding transaction commits.

This module is the seam for the task engine: today every task runs inline after commit.
"""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.db import transaction

_registry: dict[str, Callable] = {}


def task(name: str) -> Callable[[Callable], Callable]:
    """Register `func` under `name`; the function itself stays callable as before."""

    def register(func: Callable) -> Callable:
        _registry[name] = func
        return func

    return register


def autodiscover() -> None:
    """Import every installed app's `tasks` module, so each task is registered by name."""
    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise


def run(name: str, *args) -> None:
    if not _registry:
        autodiscover()
    _registry[name](*args)


def enqueue_on_commit(name: str, *args: int | str) -> None:
    """Run task `name` with `args` (ids only) once the current transaction has committed."""
    transaction.on_commit(lambda: run(name, *args))
