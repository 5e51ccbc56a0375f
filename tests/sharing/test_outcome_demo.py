"""seed_demo leaves one closed meeting with an outcome ready for bram to import."""

import io

import pytest

from groups import demo as groups_demo
from incidents import demo as incidents_demo
from meetings.models import Meeting
from sharing import demo as outcome_demo
from sharing.selectors import pending_outcomes_for
from sharing.services import import_outcome

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_one_outcome_ready_for_bram_and_is_idempotent(anna, bram, carla, dirk):
    users = {"anna": anna, "bram": bram, "carla": carla, "dirk": dirk}
    out = io.StringIO()
    incidents_demo.seed(users, out)
    groups_demo.seed(users, out)

    outcome_demo.seed(users, out)
    outcome_demo.seed(users, out)

    [meeting] = Meeting.objects.filter(group__name="Intervisiegroep Utrecht")
    assert meeting.status == Meeting.Status.CLOSED
    [item] = pending_outcomes_for(bram)
    assert item.meeting == meeting and item.incident_visible
    assert import_outcome(actor=bram, item=item).created
    assert item.shared.incident.measures.count() == len(outcome_demo.MEASURES)
