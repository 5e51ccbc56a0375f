"""Meetings in the admin: metadata only, read-only (project.admin.MetadataOnlyAdmin).

No titles, summaries, questions, notes, results, message bodies or measure texts; links to other
objects are shown as ids, since their str() would print group names and item titles.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, AgreedMeasure, Meeting, Message
from project.admin import MetadataOnlyAdmin


@admin.register(Meeting)
class MeetingAdmin(MetadataOnlyAdmin):
    metadata = (
        "id",
        "group_id",
        "starts_at",
        "duration_minutes",
        "status",
        "chair_id",
        "started_at",
        "closed_at",
        "item_count",
    )
    counts = {"item_count": ("items", _("agendapunten"))}
    list_filter = ["status"]


@admin.register(AgendaItem)
class AgendaItemAdmin(MetadataOnlyAdmin):
    metadata = (
        "id",
        "meeting_id",
        "owner_id",
        "status",
        "discussion",
        "position",
        "created_at",
        "confirmed_deidentified_at",
        "result_recorded_at",
        "message_count",
        "measure_count",
    )
    counts = {
        "message_count": ("messages", _("berichten")),
        "measure_count": ("measures", _("maatregelen")),
    }
    list_filter = ["status"]


@admin.register(Message)
class MessageAdmin(MetadataOnlyAdmin):
    metadata = ("id", "item_id", "author_id", "created_at")


@admin.register(AgreedMeasure)
class AgreedMeasureAdmin(MetadataOnlyAdmin):
    metadata = ("id", "item_id", "status", "owner_id", "due_on", "created_at", "updated_at")
    list_filter = ["status"]
