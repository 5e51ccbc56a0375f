from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Trends")

    def ready(self):
        # Registers the aggregate task by name and the trends section of the register page.
        from insights import pages, tasks  # noqa: F401
