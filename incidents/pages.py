"""The register's sections of the dashboard (project/pages.py): measures and calamity deadlines
in the incidents the user sees."""

from django.utils import timezone

from incidents import selectors
from project.pages import extends


@extends("project.home")
def register_section(request, context: dict) -> None:
    """Open measures due within a week or overdue, and the open calamity deadlines."""
    today = timezone.localdate()
    context["today"] = today
    context["measures_due"] = selectors.measures_due_for(request.user, today)
    context["calamities_open"] = list(selectors.open_calamities(request.user))
    context["sections"].append("incidents/_home_register.html")
