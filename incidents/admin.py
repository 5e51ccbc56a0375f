from django.contrib import admin

from project.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only, in the admin too."""

    list_display = ["at", "actor_label", "action", "incident_number", "ip_address", "origin"]
    list_filter = ["action", "origin"]
    search_fields = ["actor_label", "incident_number", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
