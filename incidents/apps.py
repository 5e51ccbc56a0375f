from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("VIM-register")

    def ready(self):
        # Connects the receivers, and adds this app's sections to lower pages (dashboard, healthz).
        from incidents import pages, signals  # noqa: F401
