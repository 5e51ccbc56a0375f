from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("VIM-register")

    def ready(self):
        # Connects the receivers, adds this app's sections to lower pages (dashboard, healthz),
        # and makes the checker the checking seam's scanner (project/checking.py).
        from incidents import checker, pages, signals  # noqa: F401

        checker.register()
