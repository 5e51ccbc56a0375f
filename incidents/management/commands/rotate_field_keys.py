from django.core.management.base import BaseCommand

from incidents.services import patient_fields_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every patient field with the first key of FIELD_ENCRYPTION_KEYS. Put the new "
        "key first, keep the old ones after it, run this, then the old keys may be removed."
    )

    def handle(self, *args, **options):
        count = patient_fields_rotate()
        self.stdout.write(f"Re-encrypted the patient fields of {count} incident(s).")
