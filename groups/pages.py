"""The groups' section of the dashboard (project/pages.py): invitations and declarations."""

from groups import selectors
from project.pages import extends


@extends("project.home")
def to_sign_section(request, context: dict) -> None:
    """Open invitations to the user's address, and declarations they have yet to sign."""
    context["invitations"] = selectors.invitations_for(request.user)
    context["declarations_to_sign"] = list(selectors.unsigned_memberships(request.user))
    context["sections"].append("groups/_home_to_sign.html")
