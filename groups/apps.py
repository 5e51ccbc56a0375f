from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Incidentgroepen")

    def ready(self):
        from groups.selectors import group_names_of
        from project.discussion import provide_discussion_places

        provide_discussion_places(group_names_of)
