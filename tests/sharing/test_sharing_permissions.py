"""The permission grid of every sharing URL, cell by cell (pretix style).

bram owns the incident and the agenda item shared from it; anna chairs the group; carla is a
signed member; erik joined but has not signed; dirk is an outsider. Only the owner reaches
anything here; everyone else gets 404, never 403.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.sharing.outcome_world import make_item

PERSONAS = ("anna", "bram", "carla", "erik", "dirk")
OWNER = {"anna": 404, "bram": 200, "carla": 404, "erik": 404, "dirk": 404}
OWNER_POST = {"anna": 404, "bram": 302, "carla": 404, "erik": 404, "dirk": 404}
# Closing one's own account: every logged-in user reaches their own page; an empty form
# re-renders. It has no object, so nobody can reach anyone else's.
OWN_ACCOUNT = dict.fromkeys(PERSONAS, 200)

# (url name, what its pk is, method, POST data, expected status per persona)
GRID = [
    ("sharing:share", "incident", "get", None, OWNER),
    ("sharing:share", "incident", "post", {}, OWNER),  # an invalid form re-renders: 200
    ("sharing:summary_edit", "item", "get", None, OWNER),
    ("sharing:summary_edit", "item", "post", {}, OWNER),  # an invalid form re-renders: 200
    ("sharing:outcome_import", "item", "post", {}, OWNER_POST),
    ("sharing:account_close", None, "get", None, OWN_ACCOUNT),
    ("sharing:account_close", None, "post", {}, OWN_ACCOUNT),
]

CELLS = [
    pytest.param(
        name, target, method, data, persona, expected[persona], id=f"{name}-{method}-{persona}"
    )
    for name, target, method, data, expected in GRID
    for persona in PERSONAS
]


@pytest.fixture
def targets(meeting_world, bram_incident):
    w = meeting_world
    item = make_item(w.meeting, w.bram, status="accepted", source_incident=bram_incident)
    return {"incident": [bram_incident.pk], "item": [item.pk], None: []}


@pytest.mark.parametrize(("name", "target", "method", "data", "persona", "status"), CELLS)
def test_permission_grid(
    name, target, method, data, persona, status, meeting_world, targets, client_for
):
    url = reverse(name, args=targets[target])
    client = client_for(meeting_world.persona(persona))
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == status


@pytest.mark.parametrize(("name", "target", "method", "data"), [g[:4] for g in GRID])
def test_anonymous_visitors_are_sent_to_log_in(name, target, method, data, targets):
    url = reverse(name, args=targets[target])
    client = Client()
    response = client.get(url) if method == "get" else client.post(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_every_sharing_url_is_in_the_grid():
    from sharing import urls

    assert {f"sharing:{p.name}" for p in urls.urlpatterns} == {name for name, *_rest in GRID}
