from django.contrib import admin

from meetings.models import AgendaItem, Meeting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    # The source incident stays out of the admin too (DESIGN.md, privacy boundary).
    fields = ["position", "title", "owner", "status", "expected_minutes", "discussion"]
    readonly_fields = ["title", "owner"]
    extra = 0
    can_delete = False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "starts_at", "status", "chair"]
    list_filter = ["status"]
    list_select_related = ["group", "chair"]
    fields = [
        "group",
        "starts_at",
        "duration_minutes",
        "location",
        "video_url",
        "notes",
        "chair",
        "status",
        "started_at",
        "closed_at",
    ]
    readonly_fields = ["group", "started_at", "closed_at"]
    raw_id_fields = ["chair"]
    inlines = [AgendaItemInline]

    def has_add_permission(self, request):
        return False
