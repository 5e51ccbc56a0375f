"""The group and meeting worlds, for the cross-cutting tests of this folder."""

from tests.groups.conftest import create_group  # noqa: F401  (fixtures used by name)
from tests.meetings.conftest import meeting_world  # noqa: F401
