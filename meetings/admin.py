"""Meetings in the admin: metadata only, read-only (project.admin.MetadataOnlyAdmin).

No titles, summaries, questions, notes, results, message bodies or measure texts; links to other
objects are shown as ids, since their str() would print group names and item titles.
"""

from django.contrib import admin
from django.db.models import Count
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
    list_filter = ["status"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(items_total=Count("items"))

    @admin.display(description=_("agendapunten"), ordering="items_total")
    def item_count(self, meeting):
        return meeting.items_total


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
    list_filter = ["status"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                messages_total=Count("messages", distinct=True),
                measures_total=Count("measures", distinct=True),
            )
        )

    @admin.display(description=_("berichten"), ordering="messages_total")
    def message_count(self, item):
        return item.messages_total

    @admin.display(description=_("maatregelen"), ordering="measures_total")
    def measure_count(self, item):
        return item.measures_total


@admin.register(Message)
class MessageAdmin(MetadataOnlyAdmin):
    metadata = ("id", "item_id", "author_id", "created_at")


@admin.register(AgreedMeasure)
class AgreedMeasureAdmin(MetadataOnlyAdmin):
    metadata = ("id", "item_id", "status", "owner_id", "due_on", "created_at", "updated_at")
    list_filter = ["status"]
