"""The owner imports a meeting's outcome into the private incident (incidents.outcomes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents import outcomes
from meetings.models import AgendaItem


@login_required
@require_POST
def outcome_import(request, item_pk):
    # Someone else's item is a 404: the service refuses anyone but the item's owner.
    item = get_object_or_404(AgendaItem, pk=item_pk, owner_id=request.user.pk)
    try:
        result = outcomes.import_outcome(actor=request.user, item=item, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("incidents:register")
    incident = result.record.incident
    if result.created:
        messages.success(
            request,
            _("De uitkomst is geïmporteerd in melding %(number)s.") % {"number": incident.number},
        )
    else:
        messages.info(request, _("Deze uitkomst was al geïmporteerd."))
    return redirect(reverse("incidents:incident_detail", args=[incident.pk]) + "#besprekingen")
