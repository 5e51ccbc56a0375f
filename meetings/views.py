from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.permissions import get_group_for_user, require_chair
from meetings import services
from meetings.checking import HeldBack, not_ready
from meetings.forms import DeclineForm, FollowupStatusForm, MeetingForm, MinutesForm, TopicForm
from meetings.ics import meeting_ics
from meetings.models import Meeting
from meetings.permissions import can_chair_meeting, get_item_for_user, get_meeting_for_user
from meetings.selectors import agenda_items
from project.errors import NotFound
from project.forms import apply_validation_error


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _checked(request, service, **arguments):
    """Call a service whose texts pass the checker (meetings/checking.py) with the findings the
    author confirmed. Returns its result (None when the texts were held back or no checker was
    ready) and the page's checker state: the findings, what was confirmed, the refusal."""
    state = {"check": None, "accepted": set(request.POST.getlist("accepted")), "not_ready": ""}
    try:
        return service(accepted=state["accepted"], **arguments), state
    except HeldBack as held:
        state["check"] = held.check
    except ValidationError as error:
        if not not_ready(error):
            raise
        state["not_ready"] = " ".join(error.messages)
    return None, state


def _on_agenda(request, item, service, **kwargs):
    """Run an agenda service for the item; back to the meeting's agenda, a refusal as message."""
    try:
        service(actor=request.user, item=item, **kwargs)
    except ValidationError as error:
        _error_message(request, error)
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")


@login_required
def meeting_create(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    require_chair(request.user, group)
    form = MeetingForm(request.POST or None, group=group, initial={"chair": request.user})
    state = {}
    if request.method == "POST" and form.is_valid():
        try:
            meeting, state = _checked(
                request,
                services.meeting_schedule,
                actor=request.user,
                group=group,
                fields=form.cleaned_data,
                site_url=_site_url(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if meeting is not None:
                messages.success(
                    request, _("De bespreking is gepland; de leden krijgen een e-mail.")
                )
                return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "group": group, **state})


def _detail_context(request, meeting: Meeting, **extra) -> dict:
    chairs = can_chair_meeting(request.user, meeting)
    return {
        "meeting": meeting,
        "items": agenda_items(request.user, meeting),
        "can_chair": chairs,
        "is_scheduled": meeting.status == Meeting.Status.SCHEDULED,
        "topic_form": TopicForm() if chairs else None,
        **extra,
    }


@login_required
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.status == Meeting.Status.LIVE:
        try:
            return redirect(reverse("meetings:live", kwargs={"pk": meeting.pk}))
        except NoReverseMatch:
            pass
    context = _detail_context(request, meeting)
    if context["can_chair"]:
        # Preparing the meeting: overdue measures of earlier meetings come on as follow-ups
        # (before the agenda is read).
        services.followups_propose(meeting=meeting)
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk, role="chair")
    form = MeetingForm(request.POST or None, instance=meeting, group=meeting.group)
    if meeting.status != Meeting.Status.SCHEDULED:
        messages.error(request, _("Alleen een geplande bespreking kan worden gewijzigd."))
        return redirect("meetings:detail", pk=meeting.pk)
    state = {}
    if request.method == "POST" and form.is_valid():
        try:
            changed, state = _checked(
                request,
                services.meeting_update,
                actor=request.user,
                meeting=Meeting.objects.get(pk=meeting.pk),
                fields=form.cleaned_data,
                site_url=_site_url(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if changed is not None:
                messages.success(
                    request, _("De bespreking is gewijzigd; de leden krijgen bericht.")
                )
                return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "group": meeting.group, "meeting": meeting, **state},
    )


@login_required
def meeting_cancel(request, pk):
    meeting = get_meeting_for_user(request.user, pk, role="chair")
    if request.method == "POST":
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, site_url=_site_url(request)
            )
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("De bespreking is geannuleerd; de leden krijgen bericht."))
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_cancel.html", {"meeting": meeting})


@login_required
def meeting_calendar(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    url = request.build_absolute_uri(reverse("meetings:detail", args=[meeting.pk]))
    response = HttpResponse(meeting_ics(meeting, url=url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="bespreking-{meeting.pk}.ics"'
    return response


@login_required
@require_POST
def topic_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk, role="chair")
    form = TopicForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een onderwerp in (en eventueel 1 tot 240 minuten)."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")
    try:
        item, state = _checked(
            request,
            services.agenda_topic_add,
            actor=request.user,
            meeting=meeting,
            **form.cleaned_data,
        )
    except ValidationError as error:
        _error_message(request, error)
    else:
        if item is None:
            # Held back: the page again, with the findings and what the chair typed.
            context = _detail_context(request, meeting, **state)
            context["topic_form"] = form
            return render(request, "meetings/meeting_detail.html", context)
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


@login_required
@require_POST
def item_accept(request, pk):
    item = get_item_for_user(request.user, pk, role="chair")
    return _on_agenda(request, item, services.agenda_item_accept)


@login_required
@require_POST
def item_decline(request, pk):
    item = get_item_for_user(request.user, pk, role="chair")
    form = DeclineForm(request.POST)
    if not form.is_valid():
        _error_message(request, ValidationError(form.errors["reason"]))
        return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")
    return _on_agenda(
        request, item, services.agenda_item_decline, reason=form.cleaned_data["reason"]
    )


@login_required
@require_POST
def item_move(request, pk):
    item = get_item_for_user(request.user, pk, role="chair")
    return _on_agenda(
        request, item, services.agenda_item_move, direction=request.POST.get("direction")
    )


@login_required
@require_POST
def item_minutes(request, pk):
    item = get_item_for_user(request.user, pk, role="chair")
    form = MinutesForm(request.POST)
    if not form.is_valid():
        _error_message(request, ValidationError(_("Kies tussen 1 en 240 minuten.")))
        return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")
    return _on_agenda(
        request,
        item,
        services.agenda_item_set_minutes,
        minutes=form.cleaned_data["expected_minutes"],
    )


@login_required
@require_POST
def item_withdraw(request, pk):
    item = get_item_for_user(request.user, pk)
    return _on_agenda(request, item, services.agenda_item_withdraw)


@login_required
def followup_status(request, pk):
    """The owner of a follow-up gives its one-line status, checked like any group text: held
    back with its findings highlighted until each is removed or confirmed."""
    item = get_item_for_user(request.user, pk)
    if not item.is_followup or item.owner_id != request.user.pk:
        raise NotFound
    form = FollowupStatusForm(request.POST or None, initial={"status": item.followup_status})
    state = {}
    if request.method == "POST" and form.is_valid():
        try:
            stored, state = _checked(
                request,
                services.followup_status_set,
                actor=request.user,
                item=item,
                status=form.cleaned_data["status"],
                done=form.cleaned_data["done"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if stored is not None:
                messages.success(request, _("De stand van zaken staat bij het agendapunt."))
                return redirect(
                    reverse("meetings:detail", args=[item.meeting_id]) + f"#item-{item.pk}"
                )
    return render(request, "meetings/followup_status.html", {"item": item, "form": form, **state})
