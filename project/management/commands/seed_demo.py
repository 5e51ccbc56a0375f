from importlib import import_module

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from project.models import Profession, User

# (key, full name, profession, demo password). Passwords are for the local demo only.
PERSONAS = [
    ("anna", "Anna de Vries", Profession.HEALTHCARE_PSYCHOLOGIST, "Veilig-anna-2026"),
    ("bram", "Bram Jansen", Profession.PSYCHOTHERAPIST, "Veilig-bram-2026"),
    ("carla", "Carla Bakker", Profession.HEALTHCARE_PSYCHOLOGIST, "Veilig-carla-2026"),
    ("dirk", "Dirk Visser", Profession.GENERAL_PRACTITIONER, "Veilig-dirk-2026"),
]
DEMO_DOMAIN = "demo.vim-kring.nl"
# Demo modules with `seed(users, stdout)`, run in this order: the closed meeting with an outcome
# for bram builds on the group and the upcoming meeting. Each may also have `summary(users)`:
# lines of counts read, after all seeding, through the selectors the pages use, so what the
# command prints is what the demo users see (tests/project/test_demo_counts.py holds it to that).
DEMO_MODULES = ["incidents.demo", "groups.demo", "meetings.demo", "sharing.demo"]


def persona_email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


def counted(count: int, one: str, many: str) -> str:
    """`1 melding`, `3 meldingen`: a count for the demo's summary."""
    return f"{count} {one if count == 1 else many}"


class Command(BaseCommand):
    help = "Create the demo practitioners and their data (idempotent; DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it prints demo passwords.")
        with transaction.atomic():
            users = {key: self._persona(key, name, prof, pw) for key, name, prof, pw in PERSONAS}
            modules = [
                import_module(path)
                for path in DEMO_MODULES
                if module_has_submodule(
                    apps.get_app_config(path.split(".")[0]).module, path.split(".")[1]
                )
            ]
            for module in modules:
                module.seed(users, self.stdout)
        self.stdout.write("Demo-overzicht (wat de demogebruikers in de app zien):")
        for module in modules:
            for line in getattr(module, "summary", lambda users: [])(users):
                self.stdout.write(f"  {line}")
        self.stdout.write(
            f"Demo-inloggegevens ({counted(len(PERSONAS), 'gebruiker', 'gebruikers')}, "
            "alleen voor de lokale demo):"
        )
        for key, name, _prof, password in PERSONAS:
            self.stdout.write(f"  {name:<15} {persona_email(key):<28} {password}")

    def _persona(self, key, full_name, profession, password) -> User:
        email = persona_email(key)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name, profession=profession
            )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
