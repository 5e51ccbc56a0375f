from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Besprekingen")

    def ready(self):
        # The meetings sections of the group pages (project/pages.py).
        from meetings import pages  # noqa: F401
