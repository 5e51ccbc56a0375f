from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    name = "project"
    verbose_name = _("VIM-kring")

    def ready(self):
        from project.auth import connect_signals

        connect_signals()
