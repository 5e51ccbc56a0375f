"""The sharing tests build on the meetings world and file incidents through the service."""

from tests.incidents.conftest import file_incident  # noqa: F401  (fixture)
from tests.meetings.conftest import (  # noqa: F401  (fixtures)
    bram_incident,
    checker,
    create_group,
    meeting,
    meeting_world,
)
