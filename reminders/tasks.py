"""The daily reminders, run by the scheduler under the name "reminders.send_due"."""

from django.utils import timezone

from project.tasks import task
from reminders import services


@task("reminders.send_due")
def send_due() -> None:
    services.reminders_send_due(today=timezone.localdate())
