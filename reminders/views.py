from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reminders import services
from reminders.forms import PreferencesForm


@login_required
@require_POST
def preferences(request):
    form = PreferencesForm(request.POST)
    if form.is_valid():
        services.preferences_save(actor=request.user, frequencies=form.cleaned_data)
        messages.success(request, _("Uw keuze voor herinneringen is opgeslagen."))
    else:
        messages.error(request, _("Kies bij elke soort herinnering dagelijks, wekelijks of uit."))
    return redirect("account")
