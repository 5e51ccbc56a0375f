"""The reminders tests build on the meeting and outcome worlds and file incidents through the
service."""

from tests.incidents.conftest import file_incident  # noqa: F401  (fixture)
from tests.meetings.conftest import (  # noqa: F401  (fixtures)
    bram_incident,
    checker,
    create_group,
    meeting,
    meeting_world,
)
from tests.sharing.outcome_world import outcome_world  # noqa: F401  (fixture)
