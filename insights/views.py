"""The trends pages: figures from the aggregate table, and the owner's opt-in."""

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.selectors import signed_groups
from incidents.models import Register
from insights import charts, selectors, services
from insights.forms import TrendsFilterForm
from insights.models import Dimension, TrendParticipation
from insights.permissions import get_group_for_trends


def _filters(request, group=None) -> TrendsFilterForm:
    return TrendsFilterForm(
        request.GET or None,
        professions=selectors.professions(group),
        quarters=selectors.quarters(group),
    )


def _trends_context(request, group=None) -> dict:
    form = _filters(request, group)
    figures = selectors.figures(group=group, **form.filters())
    return {
        "form": form,
        "figures": figures,
        "sections": [(Dimension(d).label, d, rows) for d, rows in figures.dimensions.items()],
        "query": request.GET.urlencode(),
        "min_cell": settings.TRENDS_MIN_CELL,
        "group": group,
    }


@login_required
def trends(request):
    register = Register.objects.filter(owner=request.user).first()
    context = _trends_context(request)
    context["participating"] = TrendParticipation.objects.filter(register=register).exists()
    context["groups"] = signed_groups(request.user).order_by("name", "pk")
    return render(request, "insights/trends.html", context)


@login_required
def group_trends(request, pk):
    group = get_group_for_trends(request.user, pk)
    return render(request, "insights/trends.html", _trends_context(request, group))


def _chart(request, dimension, group=None) -> HttpResponse:
    if dimension not in selectors.LABELS:
        raise Http404
    filters = _filters(request, group).filters()
    rows = selectors.figures(group=group, **filters).dimensions[dimension]
    svg = charts.bar_chart(str(Dimension(dimension).label), rows)
    return HttpResponse(svg, content_type="image/svg+xml")


# The SVG is drawn by pygal with its own inline <style>; it holds no script and no user text.
SVG_POLICY = csp_replace(
    {"style-src": ["'unsafe-inline'"], "default-src": ["'none'"], "script-src": ["'none'"]}
)


@SVG_POLICY
@login_required
def trends_chart(request, dimension):
    return _chart(request, dimension)


@SVG_POLICY
@login_required
def group_trends_chart(request, pk, dimension):
    return _chart(request, dimension, get_group_for_trends(request.user, pk))


@login_required
@require_POST
def participation(request):
    register = get_object_or_404(Register, owner=request.user)
    join = request.POST.get("deelnemen") == "ja"
    services.participation_set(actor=request.user, register=register, join=join, request=request)
    if join:
        messages.success(request, _("Uw register telt vanaf de volgende berekening mee."))
    else:
        messages.success(request, _("Uw register telt vanaf de volgende berekening niet meer mee."))
    return redirect("insights:trends")
