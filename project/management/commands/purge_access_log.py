"""Remove access log entries older than the retention period: the one documented purge path.

Dry run by default; `--apply` removes them and records a `log.purged` entry (count, first entry
kept, the hash the chain continues from), so `verify_access_log` still passes afterwards.
"""

from datetime import UTC, datetime, time

from django.core.management.base import BaseCommand

from project import access_log
from project.models import AccessLogEntry


class Command(BaseCommand):
    help = "Verwijder logregels ouder dan de bewaartermijn (standaard: alleen tellen)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--before",
            type=lambda value: datetime.combine(
                datetime.strptime(value, "%Y-%m-%d").date(), time.min, tzinfo=UTC
            ),
            required=True,
            help="Verwijder logregels van vóór deze datum (JJJJ-MM-DD, UTC).",
        )
        parser.add_argument("--apply", action="store_true", help="Echt verwijderen.")

    def handle(self, *args, before, apply=False, **options):
        if not apply:
            count = AccessLogEntry.objects.filter(at__lt=before).count()
            self.stdout.write(
                f"{count} logregels van vóór {before:%Y-%m-%d} (proefdraai; --apply verwijdert)."
            )
            return
        entry = access_log.purge(before=before)
        count = 0 if entry is None else entry.detail.split(";")[0].removeprefix("count=")
        self.stdout.write(f"{count} logregels van vóór {before:%Y-%m-%d} verwijderd.")
