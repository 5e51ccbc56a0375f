from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Herinneringen")

    def ready(self):
        # Registers "reminders.send_due" by name and this app's sections of the home and
        # account pages (project/pages.py).
        from reminders import pages, tasks  # noqa: F401
