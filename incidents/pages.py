"""The incidents app's sections of lower pages (project/pages.py): the dashboard's measures and
calamity deadlines in the incidents the user sees, and /healthz's checker state."""

from django.utils import timezone

from incidents import checker, selectors
from project.pages import extends


@extends("project.home")
def register_section(request, context: dict) -> None:
    """Open measures due within a week or overdue, and the open calamity deadlines."""
    today = timezone.localdate()
    context["today"] = today
    context["measures_due"] = selectors.measures_due_for(request.user, today)
    context["calamities_open"] = list(selectors.open_calamities(request.user))
    context["sections"].append("incidents/_home_register.html")


@extends("project.healthz")
def checker_status(request, context: dict) -> None:
    """/healthz says whether a de-identification checker is ready to answer."""
    context["checker_ready"] = checker.is_ready()
