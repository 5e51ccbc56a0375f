"""Check the access log's hash chain: report the first changed or missing entry (exit code 1)."""

from django.core.management.base import BaseCommand, CommandError

from project import access_log


class Command(BaseCommand):
    help = "Controleer de hashketen van het toegangslog (NEN 7513)."

    def handle(self, *args, **options):
        checked, problem = access_log.verify()
        if problem is not None:
            raise CommandError(
                f"{problem.message} ({checked} logregels daarvoor zijn in orde.)",
                returncode=1,
            )
        self.stdout.write(f"Toegangslog in orde: {checked} logregels gecontroleerd.")
