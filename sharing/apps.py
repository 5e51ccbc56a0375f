from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Delen en uitkomsten")

    def ready(self):
        # Registers the outcome-notice task by name, this app's sections of the register and
        # incident pages (see project/pages.py), and the checking seam's "agenda_item" source
        # (project/checking.py).
        from sharing import pages, summary, tasks  # noqa: F401
