"""The trends pages: figures from the aggregate table, and the owner's opt-in."""

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.models import Register
from insights import charts, selectors, services
from insights.forms import TrendsFilterForm
from insights.models import Dimension, TrendParticipation


def _filters(request) -> TrendsFilterForm:
    return TrendsFilterForm(
        request.GET or None,
        professions=selectors.professions(),
        quarters=selectors.quarters(),
    )


@login_required
def trends(request):
    form = _filters(request)
    figures = selectors.figures(**form.filters())
    register = Register.objects.filter(owner=request.user).first()
    context = {
        "form": form,
        "figures": figures,
        "sections": [(Dimension(d).label, d, rows) for d, rows in figures.dimensions.items()],
        "query": request.GET.urlencode(),
        "min_cell": settings.TRENDS_MIN_CELL,
        "participating": TrendParticipation.objects.filter(register=register).exists(),
    }
    return render(request, "insights/trends.html", context)


# The SVG is drawn by pygal with its own inline <style>; it holds no script and no user text.
@csp_replace(
    {"style-src": ["'unsafe-inline'"], "default-src": ["'none'"], "script-src": ["'none'"]}
)
@login_required
def trends_chart(request, dimension):
    if dimension not in selectors.LABELS:
        raise Http404
    rows = selectors.figures(**_filters(request).filters()).dimensions[dimension]
    svg = charts.bar_chart(str(Dimension(dimension).label), rows)
    return HttpResponse(svg, content_type="image/svg+xml")


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
