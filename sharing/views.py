"""Thin views at the boundary: the owner shares a summary of their incident, and imports an
outcome back into it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.permissions import get_incident_for_user
from meetings.models import AgendaItem
from meetings.sanitize import html_to_text
from meetings.selectors import upcoming_meetings_for
from project import checking
from project.forms import apply_validation_error
from sharing import services
from sharing.forms import ShareForm, SummaryForm
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
    form = ShareForm(
        request.POST or None,
        meetings=meetings,
        initial={
            "meeting": request.GET.get("bespreking"),
            "title": draft["title"],
            "summary": draft["summary"],
        },
    )
    item, state = _checked_submit(request, form, services.agenda_item_share, incident=incident)
    if item is not None:
        messages.success(
            request, _("Uw agendapunt is ingebracht; de voorzitter zet het op de agenda.")
        )
        return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")
    return render(
        request,
        "sharing/share.html",
        {
            "incident": incident,
            "category_label": draft["category_label"],
            "form": form,
            "has_meetings": meetings.exists(),
            **state,
        },
    )


@login_required
def summary_edit(request, item_pk):
    """The owner edits the summary they shared until the meeting starts, checked as on sharing."""
    item = get_own_item(request.user, item_pk)
    form = SummaryForm(
        request.POST or None,
        initial={
            "title": item.title,
            "summary": html_to_text(item.summary),
            "question": item.question,
        },
    )
    edited, state = _checked_submit(request, form, services.shared_summary_edit, item=item)
    if edited is not None:
        messages.success(request, _("Uw agendapunt is gewijzigd."))
        return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")
    return render(request, "sharing/summary_edit.html", {"item": item, "form": form, **state})


def _checked_submit(request, form, service, **arguments) -> tuple[AgendaItem | None, dict]:
    """On a valid POST, send the form's texts across the checker through `service`. Returns the
    item it made or changed (None when refused or not posted) and the page's checker state:
    the findings that blocked it, the findings accepted, whether the checker is ready. A
    refusal lands on the form."""
    ready = checking.is_ready()  # asking starts loading an inline checker
    state = {"check": None, "accepted": set(request.POST.getlist("accepted")), "ready": ready}
    if request.method != "POST" or not form.is_valid():
        return None, state
    try:
        item = service(
            actor=request.user,
            accepted=state["accepted"],
            request=request,
            **arguments,
            **form.cleaned_data,
        )
    except checking.CheckerNotReady:
        state["ready"] = False
    except ShareBlocked as blocked:
        state["check"] = blocked.check
    except ValidationError as error:
        apply_validation_error(form, error)
    else:
        return item, state
    return None, state


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
