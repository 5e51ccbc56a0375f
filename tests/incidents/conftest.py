"""Helpers for the register tests: a valid VIM form, and incidents filed through the service."""

import datetime

import pytest
from django.utils import timezone

from incidents import services


def vim_fields(**overrides) -> dict:
    """A complete, valid set of incident fields (a near miss, nothing that needs informing)."""
    today = timezone.localdate()
    fields = {
        "reported_on": today,
        "occurred_on": today - datetime.timedelta(days=2),
        "place": "Praktijk Utrecht",
        "reporter_name": "Anna de Vries",
        "reporter_role": "GZ-psycholoog",
        "patient_names": "",
        "patient_birth_dates": "",
        "client_informed": "",
        "client_informed_on": None,
        "client_informed_by": "",
        "client_informed_how": "",
        "client_not_informed_reason": "",
        "client_informed_noted": "",
        "involved_staff": "",
        "category": "overdracht",
        "category_other": "",
        "description": "Verwijsbrief naar de verkeerde huisarts gestuurd; op tijd ontdekt.",
        "action_warned_others": "",
        "action_taken": "Brief teruggevraagd.",
        "action_none_because": "",
        "action_other": "",
        "severity": "bijna-incident",
        "future_consequences": "",
        "consequences": "",
        "analysis": "",
        "contributing_factors": [],
        "analysis_notes": "",
        "discussed": "",
        "discussed_on": None,
        "discussed_in": "",
        "discussion_result": "",
        "prevention": "",
    }
    fields.update(overrides)
    return fields


def form_data(incident=None, **overrides) -> dict:
    """The POST body of the VIM form (dates as ISO strings, empty values as '')."""
    data = {}
    for name, value in vim_fields(**overrides).items():
        if isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    if incident is not None:
        data["version"] = incident.version
    return data


@pytest.fixture
def file_incident():
    """file_incident(actor, register=None, **fields) → an incident filed through the service."""

    def make(actor, register=None, **overrides):
        return services.incident_create(
            actor=actor, register=register or actor.register, fields=vim_fields(**overrides)
        )

    return make
