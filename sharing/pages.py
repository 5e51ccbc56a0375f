"""The sharing app's sections of the register and incident pages (project/pages.py).

Only the viewing user's own items are read: the link from an item to its incident is never
shown to anyone else.
"""

from groups.selectors import group_names_of
from project.pages import extends
from sharing import selectors


@extends("incidents.register")
def pending_outcomes_section(request, context: dict) -> None:
    """On the owner's register page: the outcomes waiting for import."""
    if not context.get("is_owner"):
        return
    context["pending_outcomes"] = selectors.pending_outcomes_list(request.user)
    context["outcome_no_access"] = selectors.NO_ACCESS
    context["sections"].append("sharing/_pending_outcomes.html")


@extends("incidents.incident_detail")
def discussions_section(request, context: dict) -> None:
    """On an incident page: the viewer's outcomes to import into it, and its discussions."""
    context["outcome"] = selectors.incident_outcomes(request.user, context["incident"])
    context["outcome_no_access"] = selectors.NO_ACCESS
    context["sections"].append("sharing/_outcomes.html")


@extends("incidents.procedure")
def discussion_places_section(request, context: dict) -> None:
    """In the register's written procedure: the incident groups its owner discusses in."""
    context["discussion_places"] = group_names_of(context["register"].owner)


@extends("project.home")
def outcomes_section(request, context: dict) -> None:
    """The dashboard: the user's outcomes waiting for import (no titles, no incident data)."""
    context["outcomes_waiting"] = selectors.pending_outcomes_list(request.user)
    context["sections"].append("sharing/_home_outcomes.html")
