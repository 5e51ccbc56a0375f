"""Closing an account (SCAG: "bij opzeggen geanonimiseerd"): the practitioner's own data.

The closing flow is composed in project/account_views.py from one service per app: groups
ends the memberships, incidents seals the register, and this module removes what identifies the
practitioner. The user row itself stays (incidents under retention, minutes and the access log
point to it) but carries no name, e-mail address, profession or second factor any more.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils.translation import gettext as _

from project.models import Profession, User


def former_member_name() -> str:
    """What every page shows instead of a closed account's name."""
    return _("voormalig lid")


def closed_email(user: User) -> str:
    """The address that replaces a closed account's e-mail (unique, undeliverable)."""
    return f"opgezegd-{user.pk}@vim-kring.invalid"


@transaction.atomic
def account_anonymise(*, user: User) -> User:
    """Remove name, e-mail, profession, registration number and every way to log in.

    Everything that shows the practitioner (thread messages, minutes, members lists) then reads
    "voormalig lid".
    """
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.full_name = former_member_name()
    user.email = closed_email(user)
    user.profession = Profession.OTHER
    user.registration_number = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    return user
