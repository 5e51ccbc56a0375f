"""Thin views over the register: look up what the user may see (404 otherwise), call a service."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from incidents import (
    icps,
    importing,
    permissions,
    procedure,
    selectors,
    services,
    visitation,
)
from incidents.forms import (
    CalamityAssessmentForm,
    DiscussionSkipForm,
    GrantForm,
    IgjReportForm,
    ImportMappingForm,
    ImportUploadForm,
    IncidentForm,
    MeasureForm,
    MemberForm,
    RegisterFilterForm,
    SuccessorForm,
    VisitationForm,
    WithdrawForm,
)
from incidents.models import Register
from incidents.retention import keep_until, may_be_deleted
from project import access_log, pages
from project.forms import reported

PAGE_SIZE = 25


def _calamity_rules() -> dict:
    return {
        "weeks": settings.CALAMITY_ASSESSMENT_WEEKS,
        "days": settings.CALAMITY_REPORT_WORKING_DAYS,
    }


def _account(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()


# --- Register ---------------------------------------------------------------------------------


@login_required
def register(request):
    own = get_object_or_404(Register, owner=request.user)
    return _register_page(request, own)


@login_required
def register_detail(request, register_pk):
    return _register_page(request, permissions.get_register_for_user(request.user, register_pk))


def _filters(request, register):
    form = RegisterFilterForm(
        request.GET or None,
        years=selectors.register_years(request.user, register),
        owner=permissions.is_owner(request.user, register),
    )
    # cleaned_data keeps the valid fields: an invalid value (a year without incidents, say)
    # drops only its own filter.
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return form, selectors.RegisterFilter(
        year=data.get("year"),
        category=data.get("category", ""),
        step=data.get("step", ""),
        calamity=data.get("calamity", False),
        withdrawn=data.get("withdrawn", False),
        q=data.get("q", ""),
    )


def _register_page(request, register):
    form, filters = _filters(request, register)
    incidents = selectors.register_incidents(request.user, register, filters)
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    access_log.record(
        actor=request.user, action="register.viewed", register=register, request=request
    )
    return render(
        request,
        "incidents/register.html",
        pages.extend(
            "incidents.register",
            request,
            {
                "register": register,
                "is_owner": permissions.is_owner(request.user, register),
                "whole_register": permissions.sees_whole_register(request.user, register),
                "other_registers": [
                    r for r in permissions.registers_of(request.user) if r.pk != register.pk
                ],
                "filter_form": form,
                "page": page,
                "query": query.urlencode(),
                "dashboard": selectors.register_dashboard(
                    selectors.register_incidents(request.user, register)
                ),
                "calamity_rules": _calamity_rules(),
            },
        ),
    )


@login_required
def register_csv(request, register_pk):
    register = permissions.get_register_for_user(request.user, register_pk)
    _form, filters = _filters(request, register)
    incidents = selectors.register_incidents(request.user, register, filters)
    access_log.record(
        actor=request.user, action="register.exported", register=register, request=request
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"vim-register-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read it as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Nummer"),
            _("Datum melding"),
            _("Datum gebeurtenis"),
            _("Plaats"),
            _("Type melding"),
            _("WHO-ICPS incidenttype"),
            _("Gevolgen"),
            _("Calamiteit"),
            _("Gemeld bij de IGJ op"),
            _("Stap"),
            _("Open maatregelen"),
            _("Verlopen maatregelen"),
        ]
    )
    for incident in incidents:
        writer.writerow(
            [
                incident.number,
                incident.reported_on.isoformat(),
                incident.occurred_on.isoformat(),
                _csv_safe(incident.place),
                _csv_safe(incident.category_display),
                icps.icps_name(incident.category),
                incident.get_severity_display(),
                incident.calamity_status or _("nee"),
                incident.igj_reported_on.isoformat() if incident.igj_reported_on else "",
                incident.step.label,
                incident.measures_open,
                incident.measures_overdue,
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@login_required
def register_print(request, register_pk):
    register = permissions.get_register_for_user(request.user, register_pk)
    _form, filters = _filters(request, register)
    incidents = selectors.register_incidents(request.user, register, filters).prefetch_related(
        "measures"
    )
    access_log.record(
        actor=request.user, action="register.printed", register=register, request=request
    )
    return render(
        request,
        "incidents/register_print.html",
        {"register": register, "incidents": incidents, "printed_at": timezone.now()},
    )


def _procedure(request, register):
    # The owner's incident groups come from the sharing app (project/pages.py).
    context = pages.extend("incidents.procedure", request, {"register": register})
    return procedure.procedure_for(
        register, today=timezone.localdate(), groups=context.get("discussion_places", [])
    )


@login_required
def register_procedure(request, register_pk):
    """The practice's written VIM procedure, for the owner and the register's members."""
    register = permissions.get_register_for_user(request.user, register_pk)
    return render(
        request,
        "incidents/procedure.html",
        {"register": register, "procedure": _procedure(request, register)},
    )


@login_required
def register_procedure_pdf(request, register_pk):
    register = permissions.get_register_for_user(request.user, register_pk)
    pdf = procedure.procedure_pdf(_procedure(request, register))
    access_log.record(
        actor=request.user,
        action="register.procedure_downloaded",
        register=register,
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="vim-procedure.pdf"'
    return response


def _access_log_page(request, *, register, incident=None):
    """The owner reads who saw what; reading the log is itself logged."""
    action = "incident.log_viewed" if incident else "register.log_viewed"
    target = {"incident": incident} if incident else {"register": register}
    access_log.record(actor=request.user, action=action, request=request, **target)
    entries = (
        access_log.entries_for_incident(incident)
        if incident
        else access_log.entries_for_register(register)
    )
    page = Paginator(entries, 100).get_page(request.GET.get("pagina"))
    return render(
        request,
        "incidents/access_log.html",
        {"register": register, "page": page, "incident": incident},
    )


@login_required
def register_visitation(request, register_pk):
    """The visitation report (PDF) for a period; the form asks for the period first."""
    register = permissions.get_register_for_user(request.user, register_pk, role="owner")
    today = timezone.localdate()
    form = VisitationForm(
        request.GET or None,
        initial={"start": today.replace(year=today.year - 1, day=1), "end": today},
    )
    if not form.is_valid():
        return render(request, "incidents/visitation.html", {"register": register, "form": form})
    period = visitation.Period(form.cleaned_data["start"], form.cleaned_data["end"])
    pdf = visitation.visitation_pdf(
        visitation.visitation_report(register, period=period, today=today),
        _procedure(request, register),
    )
    access_log.record(
        actor=request.user,
        action="register.visitation_generated",
        register=register,
        request=request,
        detail=f"{period.start.isoformat()}/{period.end.isoformat()}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="vim-visitatie-{period.start:%Y%m%d}-{period.end:%Y%m%d}.pdf"'
    )
    return response


def _import_key(register) -> str:
    return f"incident_import:{register.pk}"


@login_required
def register_import(request, register_pk):
    """Bringing a register in, step 1: the file, read and kept encrypted in the session."""
    register = permissions.get_register_for_user(request.user, register_pk, role="owner")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            table = importing.read_upload(form.cleaned_data["file"])
        except importing.UnreadableFile as error:
            form.add_error("file", error)
        else:
            request.session[_import_key(register)] = importing.seal(table)
            return redirect("incidents:register_import_map", register.pk)
    context = {
        "register": register,
        "form": form,
        "max_mb": settings.INCIDENT_IMPORT_MAX_BYTES // (1024 * 1024),
        "max_rows": settings.INCIDENT_IMPORT_MAX_ROWS,
    }
    return render(request, "incidents/import_upload.html", context)


@login_required
def register_import_map(request, register_pk):
    """Step 2: map the columns and preview every row with its errors; step 3: import them all."""
    register = permissions.get_register_for_user(request.user, register_pk, role="owner")
    table = importing.unseal(request.session.get(_import_key(register), ""))
    if table is None:
        return redirect("incidents:register_import", register.pk)
    form = ImportMappingForm(
        request.POST or None,
        header=table.header,
        fields=importing.IMPORT_FIELDS,
        required=importing.REQUIRED_FIELDS,
        initial=importing.guess_mapping(table.header),
    )
    results = None
    if request.method == "POST" and form.is_valid():
        results = importing.check_rows(table, form.mapping())
        if "import" in request.POST and not any(r.errors for r in results):
            try:
                imported = services.incident_import(
                    actor=request.user,
                    register=register,
                    rows=[r.fields for r in results],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                del request.session[_import_key(register)]
                count = len(imported)
                messages.success(
                    request,
                    ngettext("%(n)s melding geïmporteerd.", "%(n)s meldingen geïmporteerd.", count)
                    % {"n": count},
                )
                return redirect(register)
    context = {
        "register": register,
        "form": form,
        "results": results,
        "has_errors": results is not None and any(r.errors for r in results),
    }
    return render(request, "incidents/import_map.html", context)


@login_required
def register_log(request, register_pk):
    register = permissions.get_register_for_user(request.user, register_pk, role="owner")
    return _access_log_page(request, register=register)


@login_required
def register_members(request, register_pk):
    register = permissions.get_register_for_user(request.user, register_pk, role="owner")
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _account(form.cleaned_data["email"])
        if user is None:
            form.add_error("email", _("Er is geen actief account met dit e-mailadres."))
        else:
            try:
                services.register_member_add(
                    actor=request.user,
                    register=register,
                    user=user,
                    role=form.cleaned_data["role"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("%(name)s is toegevoegd.") % {"name": user})
                return redirect("incidents:register_members", register.pk)
    return render(
        request,
        "incidents/members.html",
        {
            "register": register,
            "form": form,
            "members": selectors.register_members(register),
            "successor_form": SuccessorForm(
                initial={"email": register.successor.email if register.successor else ""}
            ),
        },
    )


@login_required
@require_POST
def register_successor(request, register_pk):
    register = permissions.get_register_for_user(request.user, register_pk, role="owner")
    form = SuccessorForm(request.POST)
    email = form.cleaned_data["email"] if form.is_valid() else None
    user = _account(email) if email else None
    if email is None or (email and user is None):
        messages.error(request, _("Er is geen actief account met dit e-mailadres."))
        return redirect("incidents:register_members", register.pk)
    with reported(request, _("De opvolger is vastgelegd.")):
        services.register_successor_set(
            actor=request.user, register=register, user=user, request=request
        )
    return redirect("incidents:register_members", register.pk)


@login_required
@require_POST
def register_member_remove(request, register_pk, user_pk):
    register = permissions.get_register_for_user(request.user, register_pk, role="owner")
    user = get_object_or_404(get_user_model(), pk=user_pk)
    services.register_member_remove(
        actor=request.user, register=register, user=user, request=request
    )
    messages.success(request, _("%(name)s is geen lid meer van uw register.") % {"name": user})
    return redirect("incidents:register_members", register.pk)


# --- Incidents --------------------------------------------------------------------------------


@login_required
def incident_create(request, register_pk):
    register = permissions.get_register_for_user(request.user, register_pk)
    form = IncidentForm(
        request.POST or None,
        initial={
            "reporter_name": request.user.full_name,
            "reporter_role": request.user.get_profession_display(),
            "reported_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(
                actor=request.user, register=register, fields=form.model_fields(), request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Melding %(number)s is geregistreerd.") % {"number": incident.number}
            )
            return redirect(incident)
    return render(request, "incidents/incident_form.html", {"form": form, "register": register})


@login_required
def incident_detail(request, pk):
    incident = permissions.get_incident_for_user(request.user, pk)
    access_log.record(
        actor=request.user, action="incident.viewed", incident=incident, request=request
    )
    owner = permissions.is_owner(request.user, incident.register)
    return render(
        request,
        "incidents/incident_detail.html",
        pages.extend(
            "incidents.incident_detail",
            request,
            {
                "incident": incident,
                "measures": list(incident.measures.all()),
                "is_owner": owner,
                "measure_form": MeasureForm(),
                "calamity_form": CalamityAssessmentForm(prefix="calamiteit"),
                "igj_form": IgjReportForm(),
                "skip_form": DiscussionSkipForm(prefix="bespreking"),
                "withdraw_form": WithdrawForm(prefix="intrekken"),
                "grantees": selectors.incident_grantees(incident) if owner else [],
                "grant_form": GrantForm(),
                "keep_until": keep_until(incident),
                "may_delete": may_be_deleted(incident),
                "calamity_rules": _calamity_rules(),
            },
        ),
    )


@login_required
def incident_edit(request, pk):
    incident = permissions.get_incident_for_user(request.user, pk)
    form = IncidentForm(request.POST or None, instance=incident)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_update(
                actor=request.user,
                incident=incident,
                fields=form.model_fields(),
                expected_version=form.cleaned_data["version"] or 0,
                request=request,
            )
        except services.StaleEdit as error:
            stale = error.current
            form.add_error(None, error)
            # The next save is a deliberate overwrite of the version the user has now seen.
            form.data = form.data.copy()
            form.data["version"] = stale.version
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(incident)
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "register": incident.register, "incident": incident, "stale": stale},
    )


@login_required
def incident_print(request, pk):
    incident = permissions.get_incident_for_user(request.user, pk)
    access_log.record(
        actor=request.user, action="incident.printed", incident=incident, request=request
    )
    return render(
        request,
        "incidents/incident_print.html",
        {
            "incident": incident,
            "measures": list(incident.measures.all()),
            "printed_at": timezone.now(),
        },
    )


def _owner_action(form_class, prefix, call, success):
    """A view for one small owner-only form on the incident page: run the service, say how it
    went, back to the incident."""

    @login_required
    @require_POST
    def view(request, pk):
        incident = permissions.get_incident_for_user(request.user, pk, role="owner")
        form = form_class(request.POST, prefix=prefix)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(incident)
        with reported(request, success):
            call(actor=request.user, incident=incident, request=request, **form.cleaned_data)
        return redirect(incident)

    return view


incident_calamity = _owner_action(
    CalamityAssessmentForm,
    "calamiteit",
    services.incident_calamity_assess,
    gettext_lazy("De beoordeling van de calamiteit is vastgelegd."),
)
incident_igj_report = _owner_action(
    IgjReportForm,
    None,
    services.incident_igj_report_record,
    gettext_lazy("De melding bij de IGJ is vastgelegd."),
)
incident_discussion_skip = _owner_action(
    DiscussionSkipForm,
    "bespreking",
    services.incident_discussion_skip,
    gettext_lazy("De bespreking is als niet van toepassing vastgelegd."),
)
incident_withdraw = _owner_action(
    WithdrawForm,
    "intrekken",
    services.incident_withdraw,
    gettext_lazy("De melding is ingetrokken. Ze blijft bewaard, maar telt nergens meer mee."),
)


@login_required
def incident_log(request, pk):
    incident = permissions.get_incident_for_user(request.user, pk, role="owner")
    return _access_log_page(request, register=incident.register, incident=incident)


@login_required
def incident_delete(request, pk):
    incident = permissions.get_incident_for_user(request.user, pk, role="owner")
    if request.method == "POST":
        try:
            services.incident_delete(actor=request.user, incident=incident, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(incident)
        messages.success(request, _("De melding is verwijderd."))
        return redirect("incidents:register")
    return render(
        request,
        "incidents/incident_delete.html",
        {
            "incident": incident,
            "may_delete": may_be_deleted(incident),
            "keep_until": keep_until(incident),
        },
    )


@login_required
@require_POST
def incident_grant(request, pk):
    incident = permissions.get_incident_for_user(request.user, pk, role="owner")
    form = GrantForm(request.POST)
    user = _account(form.cleaned_data["email"]) if form.is_valid() else None
    if user is None:
        messages.error(request, _("Er is geen actief account met dit e-mailadres."))
        return redirect(incident)
    with reported(request, _("%(name)s heeft nu toegang tot deze melding.") % {"name": user}):
        services.incident_access_grant(
            actor=request.user, incident=incident, user=user, request=request
        )
    return redirect(incident)


@login_required
@require_POST
def incident_revoke(request, pk, user_pk):
    incident = permissions.get_incident_for_user(request.user, pk, role="owner")
    user = get_object_or_404(get_user_model(), pk=user_pk)
    services.incident_access_revoke(
        actor=request.user, incident=incident, user=user, request=request
    )
    messages.success(request, _("De toegang van %(name)s is ingetrokken.") % {"name": user})
    return redirect(incident)


# --- Measures ---------------------------------------------------------------------------------


@login_required
def measure_add(request, pk):
    incident = permissions.get_incident_for_user(request.user, pk)
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.measure_add(
            actor=request.user, incident=incident, request=request, **form.cleaned_data
        )
        messages.success(request, _("De maatregel is toegevoegd."))
        return redirect(incident)
    return render(request, "incidents/measure_form.html", {"form": form, "incident": incident})


@login_required
def measure_update(request, pk):
    measure = permissions.get_measure_for_user(request.user, pk)
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        services.measure_update(
            actor=request.user, measure=measure, fields=form.cleaned_data, request=request
        )
        messages.success(request, _("De maatregel is opgeslagen."))
        return redirect(measure.incident)
    return render(
        request,
        "incidents/measure_form.html",
        {"form": form, "incident": measure.incident, "measure": measure},
    )


@login_required
@require_POST
def measure_complete(request, pk):
    measure = permissions.get_measure_for_user(request.user, pk)
    services.measure_complete(
        actor=request.user, measure=measure, done_on=timezone.localdate(), request=request
    )
    messages.success(request, _("De maatregel is afgerond."))
    return redirect(measure.incident)
