"""The trends section on the owner's register page (project/pages.py): a way to the trends and
the opt-in, without a query of its own (the register page's query count stays flat)."""

from project.pages import extends


@extends("incidents.register")
def trends_section(request, context: dict) -> None:
    if context.get("is_owner"):
        context["sections"].append("insights/_register_section.html")
