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
# for bram builds on the group and the upcoming meeting.
DEMO_MODULES = ["incidents.demo", "groups.demo", "meetings.demo", "sharing.demo"]


def persona_email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


class Command(BaseCommand):
    help = "Create the demo practitioners and their data (idempotent; DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it prints demo passwords.")
        with transaction.atomic():
            users = {key: self._persona(key, name, prof, pw) for key, name, prof, pw in PERSONAS}
            for path in DEMO_MODULES:
                label, name = path.split(".")
                if module_has_submodule(apps.get_app_config(label).module, name):
                    import_module(path).seed(users, self.stdout)
        self.stdout.write("Demo-inloggegevens (alleen voor de lokale demo):")
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
