from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    default = True
    name = "project"
    verbose_name = _("VIM-kring")

    def ready(self):
        from project.auth import connect_signals

        connect_signals()


class VimAdminConfig(admin_apps.AdminConfig):
    """The admin, on a site that only the app's login (with a second factor) opens."""

    default = False
    default_site = "project.admin.VimAdminSite"
