from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("VIM-register")

    def ready(self):
        from incidents import pages, signals  # noqa: F401 - connects receivers and extensions
