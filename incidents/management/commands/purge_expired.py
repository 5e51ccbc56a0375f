from django.core.management.base import BaseCommand

from incidents.retention import keep_until
from incidents.selectors import incidents_past_retention
from incidents.services import incident_purge


class Command(BaseCommand):
    help = (
        "List incidents past the retention period (RETENTION_YEARS after registration); "
        "delete them only with --apply. Each deletion is written to the access log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Delete them (default: only list them)."
        )

    def handle(self, *args, apply=False, **options):
        expired = list(incidents_past_retention().order_by("created_at"))
        for incident in expired:
            self.stdout.write(
                f"{incident.register.owner.email}\t{incident.number}\t"
                f"registered {incident.created_at:%Y-%m-%d}\tkeep until {keep_until(incident)}"
            )
            if apply:
                incident_purge(actor=None, incident=incident)
        verb = "Deleted" if apply else "Would delete (dry run; add --apply to delete)"
        self.stdout.write(f"{verb}: {len(expired)} incident(s) past retention.")
