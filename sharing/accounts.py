"""Closing an account, composed from one service per app.

Each app keeps its own part: groups ends the memberships, incidents seals the register (the
successor keeps access), project removes the practitioner's own data. This view only calls
them, in one transaction. It touches both sides of the privacy wall, so it lives at the
boundary (sharing), the one place that may import both; the apps themselves keep the dependency
direction.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groups import services as group_services
from incidents import selectors as incident_selectors
from incidents import services as incident_services
from project import accounts
from project.forms import AccountCloseForm


@login_required
def account_close(request):
    form = AccountCloseForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                group_services.memberships_end_for_closing(actor=request.user)
                incident_services.register_seal_for_closing(owner=request.user, request=request)
                accounts.account_anonymise(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Uw account is opgezegd."))
            return redirect("home")
    return render(
        request,
        "account/close.html",
        {"form": form, "summary": incident_selectors.closing_summary(request.user)},
    )
