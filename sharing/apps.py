from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Delen en uitkomsten")

    def ready(self):
        # Registers the outcome-notice task by name and this app's sections of the register
        # and incident pages (see project/pages.py).
        from sharing import pages, tasks  # noqa: F401
