"""The permission grid of every meeting and agenda URL, cell by cell (pretix style).

anna chairs the group; bram is a signed member and owns the agenda item;
carla is a signed member; erik joined but has not signed; dirk is an outsider.
Anything a persona may not see answers 404, never 403.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.meetings.conftest import make_followup, make_item

PERSONAS = ("anna", "bram", "carla", "erik", "dirk")

CHAIR_ONLY = {"anna": 200, "bram": 404, "carla": 404, "erik": 404, "dirk": 404}
CHAIR_POST = {"anna": 302, "bram": 404, "carla": 404, "erik": 404, "dirk": 404}
MEMBERS = {"anna": 200, "bram": 200, "carla": 200, "erik": 404, "dirk": 404}
OWNER_POST = {"anna": 404, "bram": 302, "carla": 404, "erik": 404, "dirk": 404}
OWNER_GET = {"anna": 404, "bram": 200, "carla": 404, "erik": 404, "dirk": 404}

# (url name, what its pk is, method, POST data, expected status per persona)
GRID = [
    ("meetings:create", "group", "get", None, CHAIR_ONLY),
    ("meetings:create", "group", "post", {}, CHAIR_ONLY),  # an invalid form re-renders: 200
    ("meetings:detail", "meeting", "get", None, MEMBERS),
    ("meetings:ics", "meeting", "get", None, MEMBERS),
    ("meetings:edit", "meeting", "get", None, CHAIR_ONLY),
    ("meetings:edit", "meeting", "post", {}, CHAIR_ONLY),
    ("meetings:cancel", "meeting", "get", None, CHAIR_ONLY),
    ("meetings:cancel", "meeting", "post", {}, CHAIR_POST),
    ("meetings:topic_add", "meeting", "post", {"title": "Vrij onderwerp"}, CHAIR_POST),
    ("meetings:item_accept", "item", "post", {}, CHAIR_POST),
    ("meetings:item_decline", "item", "post", {}, CHAIR_POST),
    ("meetings:item_move", "item", "post", {"direction": "down"}, CHAIR_POST),
    ("meetings:item_minutes", "item", "post", {"expected_minutes": "15"}, CHAIR_POST),
    ("meetings:item_withdraw", "item", "post", {}, OWNER_POST),
    ("meetings:followup_status", "followup", "get", None, OWNER_GET),
    ("meetings:followup_status", "followup", "post", {"status": "Loopt volgens plan."}, OWNER_POST),
]

CELLS = [
    pytest.param(
        name, target, method, data, persona, expected[persona], id=f"{name}-{method}-{persona}"
    )
    for name, target, method, data, expected in GRID
    for persona in PERSONAS
]


@pytest.fixture
def targets(meeting_world):
    w = meeting_world
    return {
        "group": w.group.pk,
        "meeting": w.meeting.pk,
        "item": make_item(w.meeting, w.bram).pk,
        "followup": make_followup(w).pk,
    }


@pytest.mark.parametrize(("name", "target", "method", "data", "persona", "status"), CELLS)
def test_permission_grid(
    name, target, method, data, persona, status, meeting_world, targets, client_for
):
    url = reverse(name, args=[targets[target]])
    client = client_for(meeting_world.persona(persona))
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == status


@pytest.mark.parametrize(("name", "target", "method", "data"), [g[:4] for g in GRID])
def test_anonymous_visitors_are_sent_to_log_in(name, target, method, data, targets):
    url = reverse(name, args=[targets[target]])
    client = Client()
    response = client.get(url) if method == "get" else client.post(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_every_meetings_url_is_in_the_grid():
    from meetings import urls

    mine = {f"meetings:{p.name}" for p in urls.urlpatterns} - {
        f"meetings:{p.name}" for p in urls.live_urls.urlpatterns
    }
    assert mine == {name for name, *_rest in GRID}


def test_chair_actions_on_a_missing_item_answer_404(meeting_world, client_for):
    response = client_for(meeting_world.anna).post(reverse("meetings:item_accept", args=[99999]))
    assert response.status_code == 404
