from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from incidents.services import register_create_for


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="incidents.register_per_user")
def create_register_for_new_user(sender, instance, created, raw=False, **kwargs):
    """Every practitioner has a personal VIM register from the moment the account exists."""
    if created and not raw:
        register_create_for(owner=instance)
