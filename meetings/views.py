from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.permissions import require_chair
from groups.selectors import get_group_for_user
from incidents import services as incident_services
from meetings import services
from meetings.forms import MeetingForm, MinutesForm, ShareForm, TopicForm
from meetings.ics import meeting_ics
from meetings.models import Meeting
from meetings.permissions import can_chair_meeting, get_meeting_for_user, require_chair_meeting
from meetings.selectors import agenda_items, get_item_for_user, upcoming_meetings_for
from project.forms import apply_validation_error


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def chair_meeting_page(view):
    """Load the meeting for one of its chairs; 404 for everyone else."""

    @wraps(view)
    @login_required
    def wrapper(request, pk, *args, **kwargs):
        meeting = get_meeting_for_user(request.user, pk)
        require_chair_meeting(request.user, meeting)
        return view(request, meeting, *args, **kwargs)

    return wrapper


def item_action(*, chair: bool):
    """A POST on an agenda item the user may see (and chair, with chair=True); 404 otherwise.
    The view returns nothing; the member goes back to the meeting's agenda."""

    def decorator(view):
        @wraps(view)
        @login_required
        @require_POST
        def wrapper(request, pk):
            item = get_item_for_user(request.user, pk)
            if chair:
                require_chair_meeting(request.user, item.meeting)
            try:
                view(request, item)
            except ValidationError as error:
                _error_message(request, error)
            return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")

        return wrapper

    return decorator


@login_required
def meeting_create(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    require_chair(request.user, group)
    form = MeetingForm(request.POST or None, group=group, initial={"chair": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                group=group,
                fields=form.cleaned_data,
                site_url=_site_url(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De bespreking is gepland; de leden krijgen een e-mail."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "group": group})


@login_required
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.status == Meeting.Status.LIVE:
        try:
            return redirect(reverse("meetings:live", kwargs={"pk": meeting.pk}))
        except NoReverseMatch:
            pass
    chairs = can_chair_meeting(request.user, meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": agenda_items(request.user, meeting),
            "can_chair": chairs,
            "is_scheduled": meeting.status == Meeting.Status.SCHEDULED,
            "topic_form": TopicForm() if chairs else None,
        },
    )


@chair_meeting_page
def meeting_edit(request, meeting):
    form = MeetingForm(request.POST or None, instance=meeting, group=meeting.group)
    if meeting.status != Meeting.Status.SCHEDULED:
        messages.error(request, _("Alleen een geplande bespreking kan worden gewijzigd."))
        return redirect("meetings:detail", pk=meeting.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,
                meeting=Meeting.objects.get(pk=meeting.pk),
                fields=form.cleaned_data,
                site_url=_site_url(request),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De bespreking is gewijzigd; de leden krijgen bericht."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "group": meeting.group, "meeting": meeting},
    )


@chair_meeting_page
def meeting_cancel(request, meeting):
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


@chair_meeting_page
@require_POST
def topic_add(request, meeting):
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_topic_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _error_message(request, error)
    else:
        messages.error(request, _("Vul een onderwerp in (en eventueel 1 tot 240 minuten)."))
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


@item_action(chair=True)
def item_accept(request, item):
    services.agenda_item_accept(actor=request.user, item=item)


@item_action(chair=True)
def item_decline(request, item):
    services.agenda_item_decline(actor=request.user, item=item)


@item_action(chair=True)
def item_move(request, item):
    services.agenda_item_move(
        actor=request.user, item=item, direction=request.POST.get("direction")
    )


@item_action(chair=True)
def item_minutes(request, item):
    form = MinutesForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Kies tussen 1 en 240 minuten."))
    services.agenda_item_set_minutes(
        actor=request.user, item=item, minutes=form.cleaned_data["expected_minutes"]
    )


@item_action(chair=False)
def item_withdraw(request, item):
    services.agenda_item_withdraw(actor=request.user, item=item)


@login_required
def share(request, incident_pk):
    """The owner's side: from their own incident to a de-identified agenda item."""
    incident = incident_services.shareable_incident(actor=request.user, pk=incident_pk)
    draft = incident_services.share_draft(actor=request.user, incident=incident)
    meetings = upcoming_meetings_for(request.user)
    ready = incident_services.checker_is_ready()
    if not ready:
        incident_services.checker_start_loading()
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
            item = incident_services.agenda_item_share(
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
        except incident_services.CheckerNotReady:
            ready = False
        except incident_services.ShareBlocked as blocked:
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
        "meetings/share.html",
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
