"""The task engine: one Celery app, configured from Django's settings (CELERY_* names).

Started as `celery -A project worker` (a worker), `celery -A project worker -Q checker`
(the de-identification checker's worker) and `celery -A project beat` (the scheduler). With no
REDIS_URL the settings make every task run inline (eager), so `make run` needs no broker.
"""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

app = Celery("vimkring")
app.config_from_object("django.conf:settings", namespace="CELERY")


# Import every installed app's tasks module, so each `@task` is registered by name.
app.autodiscover_tasks()


@worker_process_init.connect
def _close_inherited_connections(**kwargs) -> None:
    # A forked pool process must not share the parent's database connections.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
