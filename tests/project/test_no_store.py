"""No private page may be kept by a browser or proxy cache: every response to a logged-in user
carries `Cache-Control: no-store`, over every URL of the app (register, groups, meetings, CSV,
print pages), whatever its status."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incidents.models import Measure
from tests.meetings.conftest import make_incident, make_item

_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _routes(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern.name or "", route


def _app_routes():
    """Every route of our own apps (the admin and allauth have their own tests)."""
    return [
        (namespace, name, route)
        for namespace, name, route in _routes(get_resolver().url_patterns)
        if not route.startswith(("beheer/", "accounts/", "^")) and "(?P" not in route
    ]


@pytest.fixture
def objects(meeting_world):
    bram = meeting_world.bram
    incident = make_incident(bram)
    measure = Measure.objects.create(
        incident=incident,
        description="Dubbel controleren.",
        owner_name="Bram",
        due_on=incident.occurred_on,
    )
    item = make_item(meeting_world.meeting, bram)
    return {
        "register_pk": bram.register.pk,
        "incident_pk": incident.pk,
        "item_pk": item.pk,
        "group_pk": meeting_world.group.pk,
        "user_pk": meeting_world.carla.pk,
        "invitation_pk": 1,
        "membership_pk": 1,
        "message_pk": 1,
        "token": "geen-geldige-uitnodiging",
        "dimension": "category",
        ("incidents", "melding"): incident.pk,
        ("incidents", "maatregel"): measure.pk,
        ("meetings", "agendapunt"): item.pk,
        ("meetings", ""): meeting_world.meeting.pk,
        ("groups", ""): meeting_world.group.pk,
        ("", ""): 1,
    }


def _url(namespace, route, objects):
    def value(match):
        name = match["name"]
        if name != "pk":
            return str(objects[name])
        section = route.split("/")[1] if route.count("/") > 1 else ""
        key = (namespace, section) if (namespace, section) in objects else (namespace, "")
        return str(objects.get(key, objects[("", "")]))

    return "/" + _PARAM.sub(value, route)


def test_the_walk_finds_every_kind_of_private_page():
    names = {f"{namespace}:{name}".lstrip(":") for namespace, name, _route in _app_routes()}
    for expected in (
        "incidents:register_csv",
        "incidents:register_print",
        "incidents:incident_print",
        "groups:detail",
        "meetings:minutes",
        "meetings:ics",
        "account",
    ):
        assert expected in names


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_response_to_a_logged_in_user_is_no_store(client_for, meeting_world, objects, method):
    client = client_for(meeting_world.bram)
    for namespace, name, route in _app_routes():
        url = _url(namespace, route, objects)
        response = getattr(client, method)(url)
        assert "no-store" in response.headers.get("Cache-Control", ""), (name, url, method)


@pytest.mark.parametrize(
    "name",
    ["incidents:register_detail", "incidents:register_csv", "incidents:register_print"],
)
def test_register_pages_and_exports_are_shown_and_not_stored(client_for, bram, name):
    response = client_for(bram).get(reverse(name, args=[bram.register.pk]))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_group_and_meeting_pages_are_shown_and_not_stored(client_for, meeting_world):
    client = client_for(meeting_world.bram)
    for url in (
        reverse("groups:detail", args=[meeting_world.group.pk]),
        reverse("meetings:detail", args=[meeting_world.meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]


def test_a_public_page_for_an_anonymous_visitor_may_be_cached(client, db):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
