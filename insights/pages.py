"""The trends section on the register page (project/pages.py): whether the register takes part."""

from insights.models import TrendParticipation
from project.pages import extends


@extends("incidents.register")
def trends_section(request, context: dict) -> None:
    if context.get("is_owner"):
        context["trends_participating"] = TrendParticipation.objects.filter(
            register=context["register"]
        ).exists()
        context["sections"].append("insights/_register_section.html")
