from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from groups.models import IncidentGroup
from project.admin import MetadataOnlyAdmin


@admin.register(IncidentGroup)
class IncidentGroupAdmin(MetadataOnlyAdmin):
    """Ids, dates and counts only: not even the group's name (DESIGN.md, the admin)."""

    metadata = ("id", "created_at", "member_count", "meeting_count")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                members=Count("memberships", distinct=True),
                meeting_total=Count("meetings", distinct=True),
            )
        )

    @admin.display(description=_("leden"), ordering="members")
    def member_count(self, group):
        return group.members

    @admin.display(description=_("besprekingen"), ordering="meeting_total")
    def meeting_count(self, group):
        return group.meeting_total
