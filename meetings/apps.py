from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


def _meeting_deleted(sender, instance, **kwargs):
    # Deleting has no service to call the doorbell from (the admin, a group's cascade, a shell),
    # so the one signal here: whatever deletes a meeting, its open sockets close after commit.
    from project.sockets import access_changed

    access_changed(meeting_pks=[instance.pk])


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Besprekingen")

    def ready(self):
        # The meetings sections of the group pages (project/pages.py).
        # and this app's tasks registered by name (project/tasks.py).
        from meetings import pages, tasks  # noqa: F401
        from meetings.models import Meeting

        post_delete.connect(_meeting_deleted, sender=Meeting, dispatch_uid="meetings.deleted")
