"""The reminders app's sections of the home and account pages (project/pages.py)."""

from project.pages import extends
from reminders import selectors
from reminders.forms import PreferencesForm


@extends("project.home")
def notices_section(request, context: dict) -> None:
    """On the dashboard: the reminders of the last week, as in-app notices."""
    context["reminder_notices"] = selectors.recent_notices(request.user)
    context["sections"].append("reminders/_home_notices.html")


@extends("project.account")
def preferences_section(request, context: dict) -> None:
    """On the account page: how often each kind of reminder comes."""
    context["reminder_form"] = PreferencesForm(initial=selectors.frequencies_of(request.user))
    context["sections"].append("reminders/_preferences.html")
