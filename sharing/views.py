"""Thin views at the boundary: the owner shares a summary of their incident, and imports an
outcome back into it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents import checker, deidentify
from incidents.permissions import get_incident_for_user
from meetings.selectors import upcoming_meetings_for
from project.forms import apply_validation_error
from sharing import services
from sharing.forms import ShareForm
from sharing.permissions import get_own_item
from sharing.summary import ShareBlocked, share_draft


@login_required
def share(request, incident_pk):
    """The owner's side: from their own incident to a de-identified agenda item."""
    incident = get_incident_for_user(request.user, incident_pk, role="owner")
    if incident.is_withdrawn:
        messages.error(
            request, _("Een ingetrokken melding kan niet in een groep worden besproken.")
        )
        return redirect(incident)
    draft = share_draft(actor=request.user, incident=incident)
    meetings = upcoming_meetings_for(request.user)
    ready = checker.is_ready()
    if not ready:
        checker.start_loading()
    form = ShareForm(
        request.POST or None,
        meetings=meetings,
        initial={
            "meeting": request.GET.get("bespreking"),
            "title": draft["title"],
            "summary": draft["summary"],
        },
    )
    check = None
    accepted = set(request.POST.getlist("accepted"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.agenda_item_share(
                actor=request.user,
                incident=incident,
                meeting=data["meeting"],
                title=data["title"],
                summary=data["summary"],
                question=data["question"],
                accepted=accepted,
                confirmed=data["confirmed"],
                request=request,
            )
        except deidentify.CheckerNotReady:
            ready = False
        except ShareBlocked as blocked:
            check = blocked.check
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Uw agendapunt is ingebracht; de voorzitter zet het op de agenda."),
            )
            return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")
    return render(
        request,
        "sharing/share.html",
        {
            "incident": incident,
            "category_label": draft["category_label"],
            "form": form,
            "check": check,
            "accepted": accepted,
            "ready": ready,
            "has_meetings": meetings.exists(),
        },
    )


@login_required
@require_POST
def outcome_import(request, item_pk):
    # Someone else's item is a 404: only the item's owner may import its outcome.
    item = get_own_item(request.user, item_pk)
    try:
        result = services.import_outcome(actor=request.user, item=item, request=request)
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
