from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from groups.models import IncidentGroup
from project.admin import MetadataOnlyAdmin


@admin.register(IncidentGroup)
class IncidentGroupAdmin(MetadataOnlyAdmin):
    """Ids, dates and counts only: not even the group's name (DESIGN.md, the admin)."""

    metadata = ("id", "created_at", "member_count", "meeting_count")
    counts = {
        "member_count": ("memberships", _("leden")),
        "meeting_count": ("meetings", _("besprekingen")),
    }
