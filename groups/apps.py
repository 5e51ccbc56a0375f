from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Incidentgroepen")

    def ready(self):
        # This app's section of the dashboard (project/pages.py).
        from groups import pages  # noqa: F401
